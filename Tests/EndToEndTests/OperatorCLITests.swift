import Foundation
import Testing

/// Operators through the real `retoma`: `deal assign`, `column history`, the operator stored with what each
/// command does, and a `RETOMA_OPERATOR` that is no name.
@Suite("retoma operators")
struct OperatorCLITests: DatabaseCommands {
    let folder: TemporaryFolder
    let db: String

    init() throws {
        folder = try TemporaryFolder()
        db = folder.path("retoma.db")
    }

    /// Runs as `name`; expects success with nothing on stderr.
    @discardableResult
    func by(_ name: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try ok(arguments, env: ["RETOMA_OPERATOR": name], sourceLocation: sourceLocation)
    }

    /// A board with columns A and B and one deal in A; returns (deal, A, B).
    func seeded() throws -> (deal: Int64, a: Int64, b: Int64) {
        let board = try #require(json(try ok(["board", "add", "--name", "Funil", "--json"]))?["id"] as? Int)
        let a = try #require(json(try ok(["column", "add", "--board", String(board), "--name", "A", "--json"]))?["id"] as? Int)
        let b = try #require(json(try ok(["column", "add", "--board", String(board), "--name", "B", "--json"]))?["id"] as? Int)
        let deal = try #require(json(try ok(["deal", "add", "--column", String(a), "--title", "Site", "--contact-name", "Ana",
                                             "--phone", "11987654321", "--json"]))?["deal"] as? [String: Any])
        return (Int64(try #require(deal["id"] as? Int)), Int64(a), Int64(b))
    }

    @Test func dealAssignSetsYourselfAnotherOrNoneAndShowIncludesTheOwnerAndHistory() throws {
        let (deal, _, b) = try seeded()
        let id = String(deal)
        #expect((json(try by("ana", ["deal", "assign", id, "--me", "--json"]))?["deal"] as? [String: Any])?["owner"] as? String == "ana")
        #expect(try by("ana", ["deal", "assign", id, "--to", " Bia Lima ", "--lang", "en"]) == "Deal \(id): owner Bia Lima.\n")
        try by("bia", ["deal", "move", id, "--column", String(b)])
        try by("bia", ["deal", "close", id])
        try by("bia", ["message", "add", "--deal", id, "--from", "agent", "--text", "Segue o orçamento."])
        try by("carla", ["deal", "assign", id, "--none"])
        let shown = try #require(json(try ok(["deal", "show", id, "--json"])))
        #expect((shown["deal"] as? [String: Any])?["owner"] is NSNull)
        let history = try #require(shown["history"] as? [[String: Any]])
        #expect(history.map { $0["kind"] as? String } == ["owner", "owner", "moved", "closed", "owner"])
        #expect(history.map { $0["operator"] as? String } == ["ana", "ana", "bia", "bia", "carla"])
        #expect(history[1]["owner"] as? String == "Bia Lima" && history[2]["fromColumn"] as? String == "A"
                && history[2]["toColumn"] as? String == "B")
        let messages = try #require(shown["messages"] as? [[String: Any]])
        #expect(messages.map { $0["operator"] as? String } == ["bia"])
        // Exactly one of --to, --me, --none; a name that is none is one line, nothing changed.
        for arguments in [["deal", "assign", id], ["deal", "assign", id, "--me", "--none"]] {
            let result = try run(arguments + ["--db", db])
            #expect(result.status != 0 && result.stdout.isEmpty && result.stderr.contains("--to NAME, --me or --none"), "\(result)")
        }
        let bad = try run(["deal", "assign", id, "--to", String(repeating: "x", count: 41), "--db", db, "--lang", "en"])
        #expect(bad.status == 1 && bad.stderr.split(separator: "\n").count == 1
                && bad.stderr.contains("the owner must be 1 to 40 printable characters"), "\(bad)")
        #expect((json(try ok(["deal", "show", id, "--json"]))?["history"] as? [Any])?.count == 5)
    }

    @Test func columnHistoryListsEverySavedConfigurationNewestFirstWithWhoWhenAndWhatChanged() throws {
        let (_, a, b) = try seeded()
        let column = String(a)
        try by("ana", ["followup", "set", "--column", column, "--enabled", "true", "--every", "2h", "--yes"])
        try by("bia", ["followup", "set", "--column", column, "--instructions", "Seja breve.", "--on-max", "move:\(b)", "--yes"])
        try by("bia", ["followup", "set", "--column", column, "--instructions", "Seja breve.", "--yes"])   // no change
        let doc = try #require(json(try ok(["column", "history", column, "--json"])))
        #expect(doc["columnName"] as? String == "A")
        let versions = try #require(doc["versions"] as? [[String: Any]])
        #expect(versions.map { $0["revision"] as? Int } == [3, 2, 1])
        let who = versions.map { $0["operator"] as? String }
        #expect(who[0] == "bia" && who[1] == "ana" && who[2] != nil)
        let changes = versions.map { ($0["changes"] as? [[String: String]]) ?? [] }
        #expect(changes[0] == [["field": "instructions", "old": "", "new": "Seja breve."],
                               ["field": "onMax", "old": "none", "new": "move:\(b)"]])
        #expect(changes[1] == [["field": "enabled", "old": "false", "new": "true"], ["field": "every", "old": "1d", "new": "2h"]])
        #expect(changes[2].isEmpty && (versions[0]["config"] as? [String: String])?["every"] == "2h")
        let text = try ok(["column", "history", column, "--lang", "pt"])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "Configurações de follow-up da coluna \(column) \"A\":")
        #expect(lines[1].hasPrefix("#3 · salvo por bia em ") && lines[2] == "  instructions: \"\" → \"Seja breve.\""
                && lines[3] == "  onMax: none → move:\(b)", "\(text)")
        #expect(lines.contains("  every: 1d → 2h"))
        let english = try ok(["column", "history", column, "--lang", "en"])
        #expect(english.contains("#2 · saved by ana on ") && english.contains("  first version"))
        let missing = try run(["column", "history", "999", "--db", db, "--lang", "en"])
        #expect(missing.status == 1 && missing.stderr == "retoma: there is no column with id 999\n", "\(missing)")
    }

    /// A name that is no name: one line naming the variable, in either language, nothing written, no crash.
    @Test(arguments: [String(repeating: "a", count: 41), "ana\u{1B}]0;x\u{07}", "bia\u{202E}", "\u{7F}"])
    func aBadOperatorIsOneLineNamingTheVariable(value: String) throws {
        let (deal, _, _) = try seeded()
        for (lang, words) in [("pt", "deve ter de 1 a 40 caracteres imprimíveis"), ("en", "must be 1 to 40 printable characters")] {
            let result = try run(["deal", "close", String(deal), "--db", db, "--lang", lang], env: ["RETOMA_OPERATOR": value])
            #expect(!result.signaled && result.status == 1 && result.stdout.isEmpty, "\(result)")
            let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 2 && lines[0].hasPrefix("retoma: RETOMA_OPERATOR ") && lines[0].contains(words)
                    && !lines[0].contains("\u{1B}"), "\(result)")
        }
        #expect((json(try ok(["deal", "show", String(deal), "--json"]))?["deal"] as? [String: Any])?["ticketClosed"] as? Bool == false)
        // Spaces around a good name are trimmed; an empty one is the login name.
        try by("  ana  ", ["deal", "close", String(deal)])
        try by("   ", ["deal", "reopen", String(deal)])
        let history = try #require(json(try ok(["deal", "show", String(deal), "--json"]))?["history"] as? [[String: Any]])
        #expect(history.first?["operator"] as? String == "ana" && (history.last?["operator"] as? String).map { !$0.isEmpty } == true)
    }
}
