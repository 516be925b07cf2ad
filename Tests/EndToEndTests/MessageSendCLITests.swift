import Foundation
import LoopbackHTTPServer
import RetomaCore
import RetomaStore
import Testing

/// `retoma message send`: the agent's message goes out through the configured channel (the loopback Cloud API
/// emulator, the sandbox), outside the 24-hour window free text is refused with exit status 4 and nothing is
/// written, and a running engine in another process sends it while the command waits.
@Suite("retoma message send", .serialized)
struct MessageSendCLITests {
    static let appSecret = "send-app-secret-0123456789"

    func cloudEnv(_ world: EngineWorld, _ meta: CloudAPIEmulator) -> [String: String] {
        world.env([
            "RETOMA_CHANNEL": "cloud", "RETOMA_CLOUD_BASE_URL": meta.baseURL, "RETOMA_CLOUD_API_VERSION": "v23.0",
            "RETOMA_CLOUD_PHONE_NUMBER_ID": "106540352242922", "RETOMA_CLOUD_TOKEN": "EAAG-send-token",
            "RETOMA_CLOUD_APP_SECRET": Self.appSecret, "RETOMA_CLOUD_VERIFY_TOKEN": "send-verify",
            "RETOMA_CLOUD_TEMPLATE": "followup_1:pt_BR,resposta_1:pt_BR",
        ])
    }

    func messages(_ world: EngineWorld, _ deal: Int64) throws -> [[String: Any]] {
        let show = try run(["deal", "show", String(deal), "--json"], env: world.env())
        return try #require(json(show.stdout)?["messages"] as? [[String: Any]], "\(show)")
    }

    @Test func insideTheWindowFreeTextGoesOutAndJSONPrintsTheStoredMessage() throws {
        let world = try EngineWorld()
        let deal = try world.deal("Maria", phone: "(31) 98765-4321", lastAgentAt: Date().addingTimeInterval(-7200),
                                  customerLast: true)
        let meta = try CloudAPIEmulator(token: "EAAG-send-token", appSecret: Self.appSecret)
        defer { meta.stop() }
        let result = try run(["message", "send", "--deal", String(deal), "--text", "Oi Maria, te mando hoje.", "--json"],
                             env: cloudEnv(world, meta))
        #expect(result.status == 0, "\(result)")
        #expect(meta.sent.map(\.type) == ["text"] && meta.sent.first?.text == "Oi Maria, te mando hoje.")
        let document = try #require(json(result.stdout), "\(result)")
        #expect(document["author"] as? String == "agent" && document["origin"] as? String == "retoma")
        #expect(document["channelMessageId"] as? String == meta.sent.first?.id)
        #expect(document["deliveryStatus"] as? String == "sent" && document["sendState"] as? String == "sent")
        #expect(document["id"] is Int && document["at"] is String)
        #expect(!result.stdout.contains("EAAG-send-token") && !result.stderr.contains("EAAG-send-token"))
        #expect(try messages(world, deal).last?["id"] as? Int == document["id"] as? Int)
    }

    @Test func outsideTheWindowFreeTextExits4AndATemplateGoesOut() throws {
        let world = try EngineWorld()
        let deal = try world.deal("Maria", phone: "(31) 98765-4321", lastAgentAt: Date().addingTimeInterval(-3 * 86_400),
                                  customerLast: true)
        let meta = try CloudAPIEmulator(token: "EAAG-send-token", appSecret: Self.appSecret)
        defer { meta.stop() }
        let env = cloudEnv(world, meta)
        let before = try messages(world, deal).count
        let refused = try run(["message", "send", "--deal", String(deal), "--text", "Oi Maria!", "--lang", "en"], env: env)
        #expect(refused.status == 4, "\(refused)")
        #expect(refused.stderr.split(separator: "\n").count == 1 && refused.stderr.contains("24-hour window"), "\(refused)")
        #expect(refused.stderr.contains("followup_1:pt_BR, resposta_1:pt_BR"))
        #expect(try meta.requests.isEmpty && messages(world, deal).count == before, "nothing left, nothing written")

        let unknown = try run(["message", "send", "--deal", String(deal), "--text", "Oi", "--template", "outro:pt_BR"], env: env)
        #expect(unknown.status == 1 && unknown.stderr.contains("outro:pt_BR"), "\(unknown)")

        let sent = try run(["message", "send", "--deal", String(deal), "--text", "Maria, podemos retomar?",
                            "--template", "resposta_1:pt_BR", "--json"], env: env)
        #expect(sent.status == 0, "\(sent)")
        #expect(meta.sent.map(\.templateName) == ["resposta_1"] && meta.sent.first?.text == "Maria, podemos retomar?")
        #expect(json(sent.stdout)?["sendState"] as? String == "sent")
    }

    @Test func addSaysItRecordsWithoutSending() throws {
        let help = try run(["message", "add", "--help"])
        #expect(help.stdout.contains("without sending"), "\(help)")
    }

    @Test func aRunningEngineInAnotherProcessSendsItWhileTheCommandWaits() throws {
        let world = try EngineWorld()
        let deal = try world.deal("Ana", phone: "11987654321", column: world.offColumnID, lastAgentAt: Date().addingTimeInterval(-60))
        let engine = try BackgroundProcess(["engine", "--lang", "en"], env: world.env())
        #expect(engine.waitFor(timeout: 20) { $0.contains("lease_acquired") }, "\(engine.stdout)")
        let result = try run(["message", "send", "--deal", String(deal), "--text", "Oi Ana!", "--json"], env: world.env())
        #expect(result.status == 0, "\(result)")
        #expect(json(result.stdout)?["sendState"] as? String == "sent", "\(result)\n\(engine.stdout)\n\(engine.stderr)")
        #expect(world.delivered().map { $0["text"] as? String } == ["Oi Ana!"])
        #expect(engine.waitFor(timeout: 5) { $0.contains("agent_sent") }, "the engine's process sent it: \(engine.stdout)")
        engine.signal(SIGTERM)
        #expect(engine.waitForExit(timeout: 20) == 0)
    }
}
