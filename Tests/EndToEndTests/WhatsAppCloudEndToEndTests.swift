import Foundation
import LoopbackHTTPServer
import RetomaChannels
import RetomaCore
import RetomaHTTP
import RetomaStore
import Testing

/// `retoma engine` with the Cloud API channel: a follow-up goes out through a loopback emulator of Meta's API,
/// the customer's reply comes back through the signed webhook, and no further follow-up is sent.
@Suite("WhatsApp Cloud API end to end", .serialized)
struct WhatsAppCloudEndToEndTests {
    static let appSecret = "e2e-app-secret-0123456789"

    /// A port nothing listens on right now.
    static func freePort() throws -> UInt16 {
        let probe = try LoopbackHTTPServer()
        defer { probe.stop() }
        return probe.port
    }

    @Test func aFollowUpGoesOutTheReplyComesBackSignedAndNothingMoreIsSent() throws {
        let world = try EngineWorld()
        // Maria (DDD 31, saved with the ninth digit) last heard from us two days ago: due, and outside the 24-hour
        // window, so the follow-up goes out as the approved template carrying the AI's text.
        let deal = try world.deal("Maria", phone: "(31) 98765-4321", lastAgentAt: Date().addingTimeInterval(-2 * 86_400))
        let meta = try LoopbackHTTPServer()
        defer { meta.stop() }
        meta.script([.json(#"{"messaging_product":"whatsapp","contacts":[{"input":"5531987654321","wa_id":"553187654321"}],"messages":[{"id":"wamid.E2E1"}]}"#)])
        let port = try Self.freePort()
        let env = world.env([
            "RETOMA_CHANNEL": "cloud", "RETOMA_CLOUD_BASE_URL": meta.baseURL, "RETOMA_CLOUD_API_VERSION": "v23.0",
            "RETOMA_CLOUD_PHONE_NUMBER_ID": "106540352242922", "RETOMA_CLOUD_TOKEN": "EAAG-e2e-token",
            "RETOMA_CLOUD_APP_SECRET": Self.appSecret, "RETOMA_CLOUD_VERIFY_TOKEN": "e2e-verify",
            "RETOMA_CLOUD_TEMPLATE": "followup_1:pt_BR", "RETOMA_WEBHOOK_LISTEN": "127.0.0.1:\(port)",
        ])
        let engine = try BackgroundProcess(["engine", "--lang", "en"], env: env)
        #expect(engine.waitFor(timeout: 30) { $0.contains(" sent ") && $0.contains("webhook listening") },
                "stdout: \(engine.stdout)\nstderr: \(engine.stderr)")

        // Exactly one request reached Meta: the template with the written text, the bearer token, our number id.
        #expect(meta.requests.count == 1)
        let request = try #require(meta.requests.first)
        #expect(request.target == "/v23.0/106540352242922/messages")
        #expect(request.header("Authorization") == "Bearer EAAG-e2e-token")
        let body = try #require(request.json)
        #expect(body["to"] as? String == "5531987654321" && body["type"] as? String == "template")
        let template = try #require(body["template"] as? [String: Any])
        #expect(template["name"] as? String == "followup_1")
        let parameter = ((template["components"] as? [[String: Any]])?.first?["parameters"] as? [[String: Any]])?.first?["text"] as? String
        #expect(parameter?.hasPrefix("Oi, Maria! Conseguiu olhar o orçamento") == true, "\(String(describing: parameter))")
        #expect(try world.ledger().map(\.state) == [.sent])
        #expect(!engine.stdout.contains("EAAG-e2e-token") && !engine.stdout.contains(Self.appSecret))

        // Meta verifies the webhook, then Maria answers from her WhatsApp id, which lacks the ninth digit.
        let client = CurlHTTPClient()
        let base = "http://127.0.0.1:\(port)/webhooks/whatsapp"
        let verified = try client.send(HTTPRequest(method: .get, url: base + "?hub.mode=subscribe&hub.challenge=42&hub.verify_token=e2e-verify"))
        #expect(verified.status == 200 && verified.bodyText == "42")
        let now = Int(Date().timeIntervalSince1970)
        let reply = Data(#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Maria"},"wa_id":"553187654321"}],"messages":[{"from":"553187654321","id":"wamid.REPLY","timestamp":"\#(now)","type":"text","text":{"body":"Vi sim! Vamos fechar."}}]}},{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"statuses":[{"id":"wamid.E2E1","status":"read","timestamp":"\#(now)","recipient_id":"553187654321"}]}}]}]}"#.utf8)
        // A forged copy first: refused, nothing recorded.
        let forged = try client.send(HTTPRequest(method: .post, url: base, headers: [
            "Content-Type": "application/json", "X-Hub-Signature-256": WebhookSignature.header(for: reply, secret: "guess")], body: reply))
        #expect(forged.status == 401)
        let signed = try client.send(HTTPRequest(method: .post, url: base, headers: [
            "Content-Type": "application/json", "X-Hub-Signature-256": WebhookSignature.header(for: reply, secret: Self.appSecret)], body: reply))
        #expect(signed.status == 200, "\(signed.bodyText) \(engine.stdout)")
        // Meta may deliver it again: recorded once.
        let again = try client.send(HTTPRequest(method: .post, url: base, headers: [
            "Content-Type": "application/json", "X-Hub-Signature-256": WebhookSignature.header(for: reply, secret: Self.appSecret)], body: reply))
        #expect(again.status == 200)

        let show = try run(["deal", "show", String(deal), "--json"], env: world.env())
        let messages = try #require(json(show.stdout)?["messages"] as? [[String: Any]], "\(show)")
        #expect(messages.map { $0["author"] as? String } == ["agent", "followup", "customer"])
        #expect(messages.last?["text"] as? String == "Vi sim! Vamos fechar.")
        let store = try Store(path: world.db)
        #expect(try store.dealDetail(id: deal).messages.first { $0.author == .followup }?.deliveryStatus == .read)
        try store.close()

        engine.signal(SIGTERM)
        #expect(engine.waitForExit(timeout: 20) == 0, "\(engine.stdout)\n\(engine.stderr)")

        // Three days later the deal would have been due again; the reply stopped the sequence.
        let later = isoNow(offset: 3 * 86_400)
        let once = try run(["engine", "--once", "--at", later, "--dry-run", "--json"], env: env)
        #expect(once.status == 0, "\(once)")
        let decision = (json(once.stdout)?["decisions"] as? [[String: Any]])?.first { $0["deal"] as? Int64 == deal }
        #expect(decision?["reason"] as? String == "customer_replied_last", "\(once.stdout)")
        #expect(meta.requests.count == 1, "no further follow-up reached Meta")
        #expect(try world.ledger().count == 1)
    }

    @Test func withoutATemplateAFollowUpOutsideTheWindowIsSkippedAndDealWhySaysSo() throws {
        let world = try EngineWorld()
        let deal = try world.deal("Ana", phone: "11987654321", lastAgentAt: Date().addingTimeInterval(-2 * 86_400))
        let meta = try LoopbackHTTPServer()
        defer { meta.stop() }
        let env = world.env([
            "RETOMA_CHANNEL": "cloud", "RETOMA_CLOUD_BASE_URL": meta.baseURL, "RETOMA_CLOUD_PHONE_NUMBER_ID": "1",
            "RETOMA_CLOUD_TOKEN": "t", "RETOMA_CLOUD_APP_SECRET": Self.appSecret, "RETOMA_CLOUD_VERIFY_TOKEN": "v",
            "RETOMA_WEBHOOK_LISTEN": "127.0.0.1:\(try Self.freePort())",
        ])
        let once = try run(["engine", "--once", "--json"], env: env)
        #expect(once.status == 0, "\(once)")
        let decision = (json(once.stdout)?["decisions"] as? [[String: Any]])?.first { $0["deal"] as? Int64 == deal }
        #expect(decision?["action"] as? String == "skip" && decision?["reason"] as? String == "outside_24h_window", "\(once.stdout)")
        #expect(meta.requests.isEmpty)
        #expect(try world.ledger().isEmpty, "nothing was even written")
        let why = try run(["deal", "why", String(deal), "--lang", "en"], env: env)
        #expect(why.stdout.contains("24-hour window is closed") && why.stdout.contains("outside_24h_window"), "\(why.stdout)")
    }
}
