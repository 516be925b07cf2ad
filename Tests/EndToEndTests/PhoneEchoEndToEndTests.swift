import Foundation
import LoopbackHTTPServer
import RetomaHTTP
import Testing

/// `retoma engine` with a real channel and its webhook: what the business sends from its phone comes back
/// through the provider's emulator as an echo (Cloud `smb_message_echoes`, Evolution `fromMe`), lands in the
/// right deal as our message from the phone and restarts the interval clock; the echo of a follow-up Retoma
/// sent is not stored twice; only the customer's own message stops the sequence.
@Suite("Phone echoes end to end", .serialized)
struct PhoneEchoEndToEndTests {
    static let appSecret = "e2e-app-secret-0123456789"
    static let evolutionKey = "evo-e2e-key-0123456789"
    static let evolutionSecret = "evo-e2e-webhook-secret-0123"

    static func freePort() throws -> UInt16 {
        let probe = try LoopbackHTTPServer()
        defer { probe.stop() }
        return probe.port
    }

    /// "2026-03-10T09:00:00-03:00", as the commands write times.
    static func date(_ value: Any?) -> Date? {
        guard let text = value as? String else { return nil }
        return ISO8601DateFormatter().date(from: text)
    }

    func why(_ deal: Int64, _ env: [String: String], at: String? = nil) throws -> [String: Any] {
        let result = try run(["deal", "why", String(deal), "--json"] + (at.map { ["--at", $0] } ?? []), env: env)
        #expect(result.status == 0, "\(result)")
        return try #require(json(result.stdout), "\(result)")
    }

    func messages(_ deal: Int64, _ env: [String: String]) throws -> [[String: Any]] {
        let show = try run(["deal", "show", String(deal), "--json"], env: env)
        return try #require(json(show.stdout)?["messages"] as? [[String: Any]], "\(show)")
    }

    @Test func cloudEchoesRestartTheClockAndOurOwnFollowUpIsNotStoredTwice() throws {
        let world = try EngineWorld()
        // Maria answered us two days ago: nothing is due until our side speaks again.
        let maria = try world.deal("Maria", phone: "(31) 98765-4321", lastAgentAt: Date().addingTimeInterval(-2 * 86_400),
                                   customerLast: true)
        // Ana last heard from us two days ago: due now.
        let ana = try world.deal("Ana", phone: "(11) 98888-7777", lastAgentAt: Date().addingTimeInterval(-2 * 86_400))
        let meta = try CloudAPIEmulator(token: "EAAG-e2e-token", appSecret: Self.appSecret)
        defer { meta.stop() }
        let port = try Self.freePort()
        let env = world.env([
            "RETOMA_CHANNEL": "cloud", "RETOMA_CLOUD_BASE_URL": meta.baseURL, "RETOMA_CLOUD_API_VERSION": meta.apiVersion,
            "RETOMA_CLOUD_PHONE_NUMBER_ID": meta.phoneNumberID, "RETOMA_CLOUD_TOKEN": "EAAG-e2e-token",
            "RETOMA_CLOUD_APP_SECRET": Self.appSecret, "RETOMA_CLOUD_VERIFY_TOKEN": "e2e-verify",
            "RETOMA_CLOUD_TEMPLATE": "followup_1:pt_BR", "RETOMA_WEBHOOK_LISTEN": "127.0.0.1:\(port)",
        ])
        #expect(try why(maria, env)["reason"] as? String == "customer_replied_last")
        let engine = try BackgroundProcess(["engine", "--lang", "en"], env: env)
        #expect(engine.waitFor(timeout: 30) { $0.contains(" sent ") && $0.contains("webhook listening") },
                "stdout: \(engine.stdout)\nstderr: \(engine.stderr)")
        #expect(meta.sent.map(\.to) == ["5511988887777"], "only Ana was due")
        let anaFollowUp = try #require(meta.sent.first)
        let url = "http://127.0.0.1:\(port)/webhooks/whatsapp"

        // The agent answers Maria from the WhatsApp Business app; Meta also echoes Ana's follow-up.
        let typed = Int(Date().timeIntervalSince1970) - 1
        let delivered = try meta.deliver([
            meta.echo(to: "553187654321", id: "wamid.PHONE-E2E", text: "Maria, fechamos em 10x sem juros?", timestamp: typed),
            meta.echo(to: "5511988887777", id: anaFollowUp.id, text: anaFollowUp.text ?? "", timestamp: typed),
        ], to: url)
        #expect(delivered.status == 200, "\(delivered) \(engine.stdout)")
        #expect(engine.waitFor(timeout: 10) { $0.contains("1 echo(es) of ours") && $0.contains("1 duplicate(s)") }, "\(engine.stdout)")

        // Maria: the echo is our message from the phone, and the next follow-up is one interval after it.
        let mariaMessages = try messages(maria, env)
        #expect(mariaMessages.map { $0["author"] as? String } == ["agent", "customer", "agent"])
        #expect(mariaMessages.map { $0["origin"] as? String } == ["retoma", "retoma", "phone"])
        #expect(Self.date(mariaMessages.last?["at"]) == Date(timeIntervalSince1970: TimeInterval(typed)))
        let waiting = try why(maria, env)
        #expect(waiting["action"] as? String == "wait" && waiting["reason"] as? String != "customer_replied_last", "\(waiting)")
        #expect(Self.date(waiting["due_at"]) == Date(timeIntervalSince1970: TimeInterval(typed + 86_400)), "\(waiting) \(engine.stdout)")
        // Ana: her follow-up once, and the echo did not stop her sequence.
        let anaMessages = try messages(ana, env)
        #expect(anaMessages.map { $0["author"] as? String } == ["agent", "followup"])
        #expect(anaMessages.map { $0["origin"] as? String } == ["retoma", "retoma"])

        engine.signal(SIGTERM)
        #expect(engine.waitForExit(timeout: 20) == 0, "\(engine.stdout)\n\(engine.stderr)")
        #expect(!engine.stdout.contains("EAAG-e2e-token") && !engine.stdout.contains(Self.appSecret))

        // A day after the echo Maria is due again: the echo never counted as her reply.
        let later = isoNow(offset: 86_400 + 120)
        let once = try run(["engine", "--once", "--at", later, "--dry-run", "--json"], env: env)
        let decisions = json(once.stdout)?["decisions"] as? [[String: Any]] ?? []
        let mariaDecision = decisions.first { $0["deal"] as? Int64 == maria }
        #expect(mariaDecision?["action"] as? String == "send", "\(once)")
    }

    @Test func evolutionFromMeIsOursAndFromMeFalseIsTheCustomersReply() throws {
        let world = try EngineWorld()
        let maria = try world.deal("Maria", phone: "(31) 98765-4321", lastAgentAt: Date().addingTimeInterval(-2 * 86_400))
        let evolution = try EvolutionAPIEmulator(instance: "crm", apiKey: Self.evolutionKey)
        defer { evolution.stop() }
        let port = try Self.freePort()
        let env = world.env([
            "RETOMA_CHANNEL": "evolution", "RETOMA_EVOLUTION_BASE_URL": evolution.baseURL, "RETOMA_EVOLUTION_INSTANCE": "crm",
            "RETOMA_EVOLUTION_API_KEY": Self.evolutionKey, "RETOMA_EVOLUTION_WEBHOOK_SECRET": Self.evolutionSecret,
            "RETOMA_WEBHOOK_LISTEN": "127.0.0.1:\(port)",
        ])
        // The instance's webhook, set as docs/whatsapp.md says.
        let set = try CurlHTTPClient().send(HTTPRequest(
            method: .post, url: evolution.baseURL + "/webhook/set/crm",
            headers: ["apikey": Self.evolutionKey, "Content-Type": "application/json"],
            body: Data(#"{"webhook":{"enabled":true,"url":"http://127.0.0.1:\#(port)/webhooks/evolution","events":["MESSAGES_UPSERT"],"byEvents":false,"base64":false,"headers":{"x-retoma-secret":"\#(Self.evolutionSecret)"}}}"#.utf8),
            timeout: 5))
        #expect(set.status == 201)

        let engine = try BackgroundProcess(["engine", "--lang", "en"], env: env)
        #expect(engine.waitFor(timeout: 30) { $0.contains(" sent ") && $0.contains("webhook listening") },
                "stdout: \(engine.stdout)\nstderr: \(engine.stderr)")
        let followUp = try #require(evolution.sent.first)
        #expect(evolution.sent.count == 1 && followUp.number == "5531987654321")

        // Our own send delivered back as fromMe: not stored twice.
        let now = Int(Date().timeIntervalSince1970)
        #expect(try evolution.deliver(evolution.upsert(remoteJid: followUp.remoteJid, fromMe: true, id: followUp.id,
                                                       text: followUp.text, timestamp: now)).status == 200)
        // Typed on the linked phone a moment ago (after the follow-up, which is stamped with the second it went out).
        let typed = now
        #expect(try evolution.deliver(evolution.upsert(remoteJid: "553187654321@s.whatsapp.net", fromMe: true, id: "3EB0PHONE",
                                                       text: "Maria, te liguei agora.", timestamp: typed)).status == 200)
        #expect(engine.waitFor(timeout: 10) { $0.contains("1 echo(es) of ours") }, "\(engine.stdout)")
        var conversation = try messages(maria, env)
        #expect(conversation.map { $0["author"] as? String } == ["agent", "followup", "agent"])
        #expect(conversation.last?["origin"] as? String == "phone")
        let waiting = try why(maria, env)
        #expect(Self.date(waiting["due_at"]) == Date(timeIntervalSince1970: TimeInterval(typed + 86_400)), "\(waiting) \(engine.stdout)")

        // Maria answers (fromMe false): that is the reply that stops the sequence.
        #expect(try evolution.deliver(evolution.upsert(remoteJid: "553187654321@s.whatsapp.net", fromMe: false, id: "3A5F",
                                                       text: "Vi sim, pode mandar o contrato.", timestamp: typed + 1,
                                                       pushName: "Maria")).status == 200)
        conversation = try messages(maria, env)
        #expect(conversation.last?["author"] as? String == "customer" && conversation.last?["origin"] as? String == "whatsapp")
        #expect(try why(maria, env)["reason"] as? String == "customer_replied_last")

        engine.signal(SIGTERM)
        #expect(engine.waitForExit(timeout: 20) == 0, "\(engine.stdout)\n\(engine.stderr)")
        #expect(evolution.sent.count == 1)
        #expect(!engine.stdout.contains(Self.evolutionKey) && !engine.stdout.contains(Self.evolutionSecret))
    }
}
