import Foundation
import RetomaCore
import RetomaStore
import Testing

/// `retoma followup set --review`, `retoma draft list|approve|skip|edit` through the real binary, with the
/// engine sending only what a person approved.
@Suite("retoma draft", .serialized)
struct DraftCLITests {
    func reviewing(_ world: EngineWorld) throws {
        let set = try run(["followup", "set", "--column", String(world.columnID), "--review", "true", "--json"], env: world.env())
        #expect(set.status == 0, "\(set)")
        #expect(json(set.stdout)?["review"] as? Bool == true && json(set.stdout)?["reviewSetting"] as? Bool == true)
    }

    func drafts(_ world: EngineWorld) throws -> [[String: Any]] {
        let list = try run(["draft", "list", "--json"], env: world.env())
        #expect(list.status == 0, "\(list)")
        return try #require(json(list.stdout)?["drafts"] as? [[String: Any]], "\(list.stdout)")
    }

    @Test func reviewIsAColumnSettingShownByFollowUpShowAndForcedForTheLocalModelOnCloud() throws {
        let world = try EngineWorld()
        let before = try run(["followup", "show", "--column", String(world.columnID), "--json"], env: world.env())
        #expect(json(before.stdout)?["review"] as? Bool == false && json(before.stdout)?["reviewForced"] as? Bool == false)
        try reviewing(world)
        let human = try run(["followup", "show", "--column", String(world.columnID)], env: world.env())
        #expect(human.stdout.contains("Revisar antes de enviar: sim"), "\(human.stdout)")
        let off = try run(["followup", "set", "--column", String(world.columnID), "--review", "false", "--json"], env: world.env())
        #expect(json(off.stdout)?["review"] as? Bool == false)
        let bad = try run(["followup", "set", "--column", String(world.columnID), "--review", "talvez"], env: world.env())
        #expect(bad.status != 0 && bad.stdout.isEmpty)

        // The local demo model (no provider configured) writing for the Cloud API: review on, whatever the box says.
        var cloud = world.env(["RETOMA_CHANNEL": "cloud", "RETOMA_CLOUD_BASE_URL": "http://127.0.0.1:9",
                               "RETOMA_CLOUD_PHONE_NUMBER_ID": "1", "RETOMA_CLOUD_TOKEN": "EAAG-t",
                               "RETOMA_CLOUD_APP_SECRET": "s", "RETOMA_CLOUD_VERIFY_TOKEN": "v"])
        cloud.removeValue(forKey: "RETOMA_AI_BASE_URL")
        cloud.removeValue(forKey: "RETOMA_AI_MODEL")
        let forced = try run(["followup", "show", "--column", String(world.columnID), "--json"], env: cloud)
        #expect(forced.status == 0, "\(forced)")
        #expect(json(forced.stdout)?["review"] as? Bool == true && json(forced.stdout)?["reviewSetting"] as? Bool == false
                && json(forced.stdout)?["reviewForced"] as? Bool == true)
        let words = try run(["followup", "show", "--column", String(world.columnID)], env: cloud)
        #expect(words.stdout.contains("modelo local de demonstração: revisão obrigatória para envios reais"), "\(words.stdout)")
    }

    @Test func aDraftWaitsUntilApprovedAndIsSentOnce() throws {
        let world = try EngineWorld()
        try reviewing(world)
        let deal = try world.deal("Ana", phone: "11987654321", lastAgentAt: Date().addingTimeInterval(-2 * 86_400))
        let once = try run(["engine", "--once", "--json"], env: world.env())
        #expect(once.status == 0, "\(once)")
        #expect(world.delivered().isEmpty, "nothing reaches the channel before a person approves")
        let list = try drafts(world)
        #expect(list.count == 1 && list.first?["dealId"] as? Int64 == deal && list.first?["waiting"] as? Bool == true)
        let id = try #require(list.first?["id"] as? Int64)
        let text = try #require(list.first?["text"] as? String)
        let human = try run(["draft", "list"], env: world.env())
        #expect(human.stdout.contains("aguardando") && human.stdout.contains("Ana"), "\(human.stdout)")

        let approve = try run(["draft", "approve", String(id)], env: world.env())
        #expect(approve.status == 0 && approve.stdout.contains("aprovado"), "\(approve)")
        let twice = try run(["draft", "approve", String(id)], env: world.env())
        #expect(twice.status == 1 && twice.stderr.contains("não está aguardando revisão"), "\(twice)")
        let unknown = try run(["draft", "approve", "999", "--lang", "en"], env: world.env())
        #expect(unknown.status == 1 && unknown.stderr.contains("999") && unknown.stdout.isEmpty, "\(unknown)")

        _ = try run(["engine", "--once", "--json"], env: world.env())
        #expect(world.delivered().map { $0["text"] as? String } == [text])
        _ = try run(["engine", "--once", "--json"], env: world.env())
        #expect(world.delivered().count == 1)
    }

    @Test func editSendsThePersonsTextAndStaleDraftsSayWhy() throws {
        let world = try EngineWorld()
        try reviewing(world)
        _ = try world.deal("Ana", phone: "11987654321", lastAgentAt: Date().addingTimeInterval(-2 * 86_400))
        let replied = try world.deal("Bia", phone: "11987654322", lastAgentAt: Date().addingTimeInterval(-2 * 86_400))
        _ = try run(["engine", "--once", "--json"], env: world.env())
        let list = try drafts(world)
        let ana = try #require(list.first { $0["contactName"] as? String == "Ana" }?["id"] as? Int64)
        let bia = try #require(list.first { $0["contactName"] as? String == "Bia" }?["id"] as? Int64)

        let empty = try run(["draft", "edit", String(ana), "--text", "  "], env: world.env())
        #expect(empty.status == 1 && empty.stderr.contains("texto recusado"), "\(empty)")
        let text = "Oi Ana! Conseguiu ver o orçamento? Posso ajustar alguma coisa?"
        let edit = try run(["draft", "edit", String(ana), "--text", text], env: world.env())
        #expect(edit.status == 0, "\(edit)")

        let reply = try run(["message", "add", "--deal", String(replied), "--from", "customer", "--text", "Vou ver e te falo"],
                            env: world.env())
        #expect(reply.status == 0, "\(reply)")
        let stale = try #require(try drafts(world).first { $0["id"] as? Int64 == bia })
        #expect(stale["waiting"] as? Bool == false && stale["reason"] as? String == "customer_replied_last")
        let approve = try run(["draft", "approve", String(bia), "--lang", "en"], env: world.env())
        #expect(approve.status == 1 && approve.stderr.contains("went stale: the customer replied last"), "\(approve)")

        _ = try run(["engine", "--once", "--json"], env: world.env())
        #expect(world.delivered().map { $0["text"] as? String } == [text])
    }

    @Test func skipSendsNothing() throws {
        let world = try EngineWorld()
        try reviewing(world)
        _ = try world.deal("Ana", phone: "11987654321", lastAgentAt: Date().addingTimeInterval(-2 * 86_400))
        _ = try run(["engine", "--once", "--json"], env: world.env())
        let id = try #require(try drafts(world).first?["id"] as? Int64)
        let skip = try run(["draft", "skip", String(id)], env: world.env())
        #expect(skip.status == 0 && skip.stdout.contains("pulado"), "\(skip)")
        _ = try run(["engine", "--once", "--json"], env: world.env())
        #expect(world.delivered().isEmpty)
        #expect(try drafts(world).isEmpty, "a skipped draft is not listed, and none is written again at once")
    }

    @Test func anApprovalFromAnotherProcessReachesARunningEngine() throws {
        let world = try EngineWorld()
        try reviewing(world)
        _ = try world.deal("Ana", phone: "11987654321", lastAgentAt: Date().addingTimeInterval(-2 * 86_400))
        let engine = try BackgroundProcess(["engine", "--lang", "en"], env: world.env())
        #expect(engine.waitFor(timeout: 30) { $0.contains("waiting for review") }, "stdout: \(engine.stdout)\nstderr: \(engine.stderr)")
        let id = try #require(try drafts(world).first?["id"] as? Int64)
        #expect(world.delivered().isEmpty)
        let approve = try run(["draft", "approve", String(id)], env: world.env())
        #expect(approve.status == 0, "\(approve)")
        #expect(engine.waitFor(timeout: 20) { $0.contains(" sent ") }, "stdout: \(engine.stdout)")
        #expect(world.delivered().count == 1)
    }
}
