import Foundation
import Testing

/// The embedded default end to end: the real local model (no AI configured) writes a follow-up for a seeded
/// deal; the engine sends it through the sandbox channel and records it once in the conversation, or holds it
/// when no draft passes the quality gate.
@Suite("local model through the engine", .serialized)
struct LocalModelFollowUpTests {
    struct Deal: Decodable { var deal: Inner; struct Inner: Decodable { var id: Int64 }; var messages: [Msg]
        struct Msg: Decodable { var author: String; var text: String; var model: String? } }
    struct Boards: Decodable { var boards: [B]; struct B: Decodable { var columns: [C] }; struct C: Decodable { var id: Int64; var name: String } }

    /// The same set-up the README's commands run; a no-op when the model is already installed.
    func ensureLocalModel() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let r = try Subprocess.run("/bin/bash", [root.appendingPathComponent("scripts/setup-model.sh").path],
                                   environment: ProcessInfo.processInfo.environment, timeout: .seconds(1800))
        #expect(r.status == 0, "setup-model.sh failed: \(r)")
    }

    @Test func aSeededDealGetsOneFollowUpWrittenByTheLocalModel() throws {
        try ensureLocalModel()
        let folder = try TemporaryFolder()
        let db = folder.path("local.db")
        #expect(try run(["demo", "--db", db]).status == 0)
        let columns = try JSONDecoder().decode(Boards.self, from: Data(try run(["board", "list", "--json", "--db", db]).stdout.utf8)).boards[0].columns
        let done = try #require(columns.last)     // "Concluído": its demo deals have closed tickets (kept out with --after-close false), so only ours is due
        let add = try run(["deal", "add", "--column", "\(done.id)", "--title", "Renovação do plano anual", "--contact-name", "Joana Ribeiro",
                           "--phone", "(21) 98877-6655", "--value", "2.400,00", "--json", "--db", db])
        #expect(add.status == 0, "\(add)")
        let id = try JSONDecoder().decode(Deal.self, from: Data(add.stdout.utf8)).deal.id
        for (from, text, at) in [("agent", "Oi Joana! Segue a proposta de renovação do plano anual.", isoNow(offset: -7 * 86_400)),
                                 ("customer", "Obrigada, vou olhar com calma.", isoNow(offset: -7 * 86_400 + 1800)),
                                 ("agent", "Combinado! Qualquer dúvida estou à disposição.", isoNow(offset: -7 * 86_400 + 2100))] {
            #expect(try run(["message", "add", "--deal", "\(id)", "--from", from, "--text", text, "--at", at, "--db", db]).status == 0)
        }
        #expect(try run(["followup", "set", "--column", "\(done.id)", "--enabled", "true", "--every", "3d",
                         "--business-hours", "false", "--after-close", "false", "--db", db]).status == 0)
        let env = ["XDG_STATE_HOME": folder.path("state"), "RETOMA_SANDBOX_OUTBOX": folder.path("outbox.jsonl")]
        let once = try run(["engine", "--once", "--json", "--db", db], env: env,
                           timeout: .seconds(600))
        #expect(once.status == 0, "\(once)")
        let again = try run(["engine", "--once", "--json", "--db", db], env: env,
                            timeout: .seconds(600))
        #expect(again.status == 0, "\(again)")

        let deal = try JSONDecoder().decode(Deal.self, from: Data(try run(["deal", "show", "\(id)", "--json", "--db", db]).stdout.utf8))
        let followUps = deal.messages.filter { $0.author == "followup" }
        let outbox = (try? String(contentsOfFile: folder.path("outbox.jsonl"), encoding: .utf8)) ?? ""
        let log = try #require(json(try run(["log", "--json", "--db", db]).stdout)?["attempts"] as? [[String: Any]])
        let attempts = log.filter { $0["dealId"] as? Int64 == id }
        #expect(attempts.count == 1, "one attempt, even after a second pass at the same instant: \(attempts)")
        // A 270M model's drafts mostly fail the quality gate (bench/drafts.sh): the engine either sends one that
        // passed or holds the follow-up with the gate's reasons. Both are the real path; anything else is a failure.
        if attempts.first?["state"] as? String == "failed" {
            #expect(attempts.first?["reason"] as? String == "low_quality", "\(attempts)")
            #expect((attempts.first?["error"] as? String)?.contains("no draft passed the quality check") == true, "\(attempts)")
            #expect(followUps.isEmpty && outbox.isEmpty, "a held follow-up sends nothing")
        } else {
            #expect(attempts.first?["state"] as? String == "sent", "\(attempts)")
            #expect(followUps.count == 1, "exactly one follow-up, even after a second pass at the same instant")
            #expect(!(followUps.first?.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true))
            #expect(followUps.first?.model?.isEmpty == false, "the model that wrote it is recorded")
            #expect(outbox.split(separator: "\n").count == 1, "the sandbox channel received one message")
        }
    }
}
