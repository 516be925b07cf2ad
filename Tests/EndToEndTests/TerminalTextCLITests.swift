import Foundation
import RetomaCore
import RetomaStore
import Testing

/// Names, titles, messages and provider errors are other people's text: the human output must not let
/// them drive the operator's terminal, and the JSON must keep them exact.
@Suite("Other people's text through the CLI")
struct TerminalTextCLITests {
    static let attack = "\u{1B}]0;pwned\u{07}\u{1B}[2J\r"
    /// Another payload: a tab, an OSC 8 link, a C1 CSI, backspaces and a BiDi override.
    static let link = "veja\t\u{1B}]8;;http://evil.example\u{07}aqui\u{1B}]8;;\u{07} \u{9B}31m\u{08}\u{08}\u{202E}gpj.exe"

    /// No byte or character that a terminal would act on.
    static func isClean(_ text: String) -> Bool {
        !text.unicodeScalars.contains { s in
            (s.value < 0x20 && s != "\n" && s != "\t") || (0x7F...0x9F).contains(s.value) || s.properties.isBidiControl
        }
    }

    @Test func storedAndProviderTextIsPrintedWithoutItsControlCharacters() throws {
        let world = try EngineWorld()
        let dealID = try world.deal("Ana" + Self.attack + "Silva", phone: "11987654321", lastAgentAt: Date().addingTimeInterval(-4 * 86_400))
        let store = try Store(path: world.db)
        try store.addMessage(dealID: dealID, author: .customer, text: "Oi " + Self.attack + " tudo bem?\n" + Self.link,
                             at: Date().addingTimeInterval(-3 * 86_400))
        try store.addMessage(dealID: dealID, author: .agent, text: "Segue " + Self.link, at: Date().addingTimeInterval(-2 * 86_400))
        // A failed attempt whose text and provider error carry escapes, and a pause whose detail does.
        _ = try store.acquireLease(holderID: "test", pid: 1, host: "test", at: Date(), ttl: 600)
        guard case .planned(let attempt) = try store.planAttempt(dealID: dealID, holderID: "test", at: Date(), number: SendingNumber(sender: "s", governor: .standard, window: .unrestricted)) else {
            Issue.record("the deal was not due"); return
        }
        _ = try store.markGenerating(attemptID: attempt.id, at: Date())
        _ = try store.markReady(attemptID: attempt.id, text: "Oi!" + Self.attack, model: "m", at: Date())
        try store.recordFailure(attemptID: attempt.id, reason: "provider_refused", error: "Graph: " + Self.link, at: Date())
        try store.pauseSending(reason: .channel, detail: "131031 " + Self.attack, at: Date())
        try store.close()

        let env = world.env()
        let texts: [[String]] = [["deal", "show", String(dealID)], ["deal", "list"], ["log"], ["engine", "status"],
                                 ["board", "list"], ["deal", "why", String(dealID)], ["followup", "show", "--column", String(world.columnID)]]
        for arguments in texts {
            for lang in ["pt", "en"] {
                let result = try run(arguments + ["--lang", lang], env: env)
                #expect(result.status == 0 && result.stderr.isEmpty, "\(arguments): \(result)")
                #expect(Self.isClean(result.stdout), "\(arguments) \(lang): \(result.stdout.debugDescription)")
            }
        }
        let show = try run(["deal", "show", String(dealID), "--lang", "en"], env: env).stdout
        #expect(show.contains("]0;pwned") && show.contains("gpj.exe") && show.contains(" ⏎ "), "the text itself is kept: \(show)")
        // Stored text cannot add columns: the error and the text are each one field, the last two.
        let log = try run(["log", "--lang", "en"], env: env).stdout
        let fields = try #require(log.split(separator: "\n").first).split(separator: "\t", omittingEmptySubsequences: false)
        #expect(fields.count >= 2 && fields[fields.count - 2].hasPrefix("provider_refused: Graph: veja")
                && fields[fields.count - 2].hasSuffix("gpj.exe") && fields[fields.count - 1].hasPrefix("Oi!"), "\(log.debugDescription)")

        // JSON stays exact: the encoder escapes what a terminal would act on, and a script gets the text back whole.
        struct Doc: Decodable { struct M: Decodable { var text: String }; struct C: Decodable { var name: String }
                                var messages: [M]; var contact: C }
        let doc = try JSONDecoder().decode(Doc.self, from: Data(try run(["deal", "show", String(dealID), "--json"], env: env).stdout.utf8))
        #expect(doc.contact.name == "Ana" + Self.attack + "Silva")
        #expect(doc.messages.map(\.text).contains("Oi " + Self.attack + " tudo bem?\n" + Self.link))
        struct Log: Decodable { struct A: Decodable { var text: String?; var error: String? }; var attempts: [A] }
        let ledger = try JSONDecoder().decode(Log.self, from: Data(try run(["log", "--json"], env: env).stdout.utf8))
        #expect(ledger.attempts.first?.text == "Oi!" + Self.attack && ledger.attempts.first?.error == "Graph: " + Self.link)
    }

    @Test func anErrorQuotingTextIsOneCleanLine() throws {
        let world = try EngineWorld()
        let dealID = try world.deal("Ana", phone: "11987654321", lastAgentAt: nil)
        let result = try run(["message", "add", "--deal", String(dealID), "--from", "customer", "--text", "oi",
                              "--at", "ontem" + Self.attack], env: world.env())
        #expect(result.status == 1 && result.stderr.hasPrefix("retoma: ") && result.stderr.contains("ontem"), "\(result)")
        #expect(Self.isClean(result.stderr) && result.stderr.split(separator: "\n").count == 1, "\(result.stderr.debugDescription)")
    }
}
