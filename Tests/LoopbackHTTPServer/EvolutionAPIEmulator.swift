import Foundation

/// Evolution API v2 (v2.3.6) on a loopback port, as integrations.md §2 describes it:
/// - `POST /message/sendText/{instance}` with the `apikey` header (otherwise 401), `number` and `text`
///   required (otherwise 400 with `response.message`), a number marked as not on WhatsApp answered 400 with
///   `exists: false`, success answered **201** with the `prepareMessage()` body (`key.remoteJid` as
///   `formatBRNumber` gives it, `fromMe: true`, `key.id`, status PENDING);
/// - `POST /webhook/set/{instance}` storing the webhook (url, events, byEvents, headers);
/// - `messages.upsert` webhooks POSTed to that URL with its custom headers: the customer's messages
///   (`fromMe: false`) and what was typed on the linked phone (`fromMe: true`). The API's own sends never
///   come back as `messages.upsert` (`emitOwnEvents: false`), unless a test delivers one on purpose.
public final class EvolutionAPIEmulator: @unchecked Sendable {
    public struct Sent: Sendable, Equatable {
        public var number: String
        public var text: String
        /// The typing delay asked for, in ms (nil when absent).
        public var delay: Int?
        /// `key.id` of the answer.
        public var id: String
        /// `key.remoteJid` of the answer.
        public var remoteJid: String
    }

    /// What `/webhook/set` stored.
    public struct Webhook: Sendable, Equatable {
        public var enabled: Bool
        public var url: String
        public var events: [String]
        public var byEvents: Bool
        public var headers: [String: String]
    }

    public let instance: String
    let apiKey: String
    /// The linked phone's number (the payload's `sender`).
    public let ownNumber: String
    private let server: LoopbackHTTPServer
    private let lock = NSLock()
    private var accepted: [Sent] = []
    private var webhookSetting: Webhook?
    private var notOnWhatsApp: Set<String> = []

    public var baseURL: String { server.baseURL }
    public var requests: [RecordedRequest] { server.requests }
    public var sent: [Sent] { lock.withLock { accepted } }
    public var webhook: Webhook? { lock.withLock { webhookSetting } }

    public init(instance: String = "crm", apiKey: String, ownNumber: String = "5511912345678") throws {
        self.instance = instance; self.apiKey = apiKey; self.ownNumber = ownNumber
        server = try LoopbackHTTPServer()
        server.respond { [weak self] request in self?.answer(request) ?? .text("stopped", status: 503) }
    }

    public func stop() { server.stop() }

    /// Sends to `number` (digits) will be refused as not on WhatsApp.
    public func markNotOnWhatsApp(_ number: String) { lock.withLock { _ = notOnWhatsApp.insert(number) } }

    /// `formatBRNumber` (`src/api/services/channel.service.ts`): a Brazilian mobile with DDD ≥ 31 loses its
    /// ninth digit (when the local number's next digit is 7 or more); anything else is kept.
    public static func formatBRNumber(_ digits: String) -> String {
        let d = Array(digits)
        guard d.count == 13, d.allSatisfy(\.isNumber), String(d[0..<2]) == "55" else { return digits }
        guard let ddd = Int(String(d[2..<4])), let joker = Int(String(d[5])) else { return digits }
        if joker < 7 || ddd < 31 { return digits }
        return String(d[0..<4]) + String(d[5...])
    }

    private func answer(_ request: RecordedRequest) -> ScriptedResponse {
        guard request.method == "POST" else { return Self.failure(404, "Not Found", ["Cannot \(request.method) \(request.target)"]) }
        let parts = request.target.split(separator: "/").map(String.init)
        guard parts.count == 3, (parts[0], parts[1]) == ("message", "sendText") || (parts[0], parts[1]) == ("webhook", "set") else {
            return Self.failure(404, "Not Found", ["Cannot POST \(request.target)"])
        }
        guard request.header("apikey") == apiKey else { return Self.failure(401, "Unauthorized", "Unauthorized") }
        guard parts[2] == instance else {
            return Self.failure(404, "Not Found", ["The \"\(parts[2])\" instance does not exist"])
        }
        return parts[0] == "message" ? sendText(request) : setWebhook(request)
    }

    private func sendText(_ request: RecordedRequest) -> ScriptedResponse {
        let body = request.json ?? [:]
        var problems: [String] = []
        let number = body["number"] as? String ?? ""
        let text = body["text"] as? String ?? ""
        if number.isEmpty { problems.append("number is required") }
        if text.isEmpty { problems.append("text is required") }
        guard problems.isEmpty else { return Self.failure(400, "Bad Request", problems) }
        let jid = Self.formatBRNumber(number) + "@s.whatsapp.net"
        if lock.withLock({ notOnWhatsApp.contains(number) }) {
            return .json(String(decoding: WebhookPoster.json(["status": 400, "error": "Bad Request", "response": [
                "message": [["jid": jid, "exists": false, "number": number]]]] as [String: Any]), as: UTF8.self), status: 400)
        }
        let id: String = lock.withLock {
            let serial = String(accepted.count + 1, radix: 16, uppercase: true)
            let id = "3EB0" + String(repeating: "0", count: max(0, 8 - serial.count)) + serial
            accepted.append(Sent(number: number, text: text, delay: body["delay"] as? Int, id: id, remoteJid: jid))
            return id
        }
        return .json(String(decoding: WebhookPoster.json([
            "key": ["remoteJid": jid, "fromMe": true, "id": id],
            "pushName": "Você", "status": "PENDING", "message": ["conversation": text], "messageType": "conversation",
            "messageTimestamp": Int(Date().timeIntervalSince1970), "instanceId": "emu-\(instance)",
        ] as [String: Any]), as: UTF8.self), status: 201)
    }

    private func setWebhook(_ request: RecordedRequest) -> ScriptedResponse {
        guard let w = request.json?["webhook"] as? [String: Any], let url = w["url"] as? String, !url.isEmpty else {
            return Self.failure(400, "Bad Request", ["webhook.url is required"])
        }
        let setting = Webhook(enabled: w["enabled"] as? Bool ?? false, url: url, events: w["events"] as? [String] ?? [],
                              byEvents: w["byEvents"] as? Bool ?? false, headers: w["headers"] as? [String: String] ?? [:])
        lock.withLock { webhookSetting = setting }
        // Retoma never reads this answer; the stored webhook is shown back.
        return .json(String(decoding: WebhookPoster.json(["webhook": [
            "enabled": setting.enabled, "url": setting.url, "events": setting.events, "byEvents": setting.byEvents,
        ] as [String: Any]]), as: UTF8.self), status: 201)
    }

    /// `{"status":…, "error":…, "response":{"message":…}}` (`src/main.ts`).
    static func failure(_ status: Int, _ error: String, _ message: Any) -> ScriptedResponse {
        .json(String(decoding: WebhookPoster.json(["status": status, "error": error, "response": ["message": message]]
                                                  as [String: Any]), as: UTF8.self), status: status)
    }

    // MARK: - Webhooks Evolution sends

    /// The `messages.upsert` body for one message in the chat `remoteJid` (`5511987654321@s.whatsapp.net`, a
    /// group, `status@broadcast`, a `…@lid` with `remoteJidAlt`). `fromMe`: typed on the linked phone.
    public func upsert(remoteJid: String, fromMe: Bool, id: String, text: String, timestamp: Int, pushName: String = "Cliente",
                       addressingMode: String? = nil, remoteJidAlt: String? = nil) -> Data {
        var key: [String: Any] = ["remoteJid": remoteJid, "fromMe": fromMe, "id": id]
        if let addressingMode { key["addressingMode"] = addressingMode }
        if let remoteJidAlt { key["remoteJidAlt"] = remoteJidAlt }
        let date = Date(timeIntervalSince1970: TimeInterval(timestamp))
        return WebhookPoster.json([
            "event": "messages.upsert", "instance": instance,
            "data": ["key": key, "pushName": fromMe ? "Você" : pushName, "status": fromMe ? "SERVER_ACK" : "DELIVERY_ACK",
                     "message": ["conversation": text], "messageType": "conversation", "messageTimestamp": timestamp] as [String: Any],
            "destination": webhook?.url ?? "", "date_time": ISO8601DateFormatter().string(from: date),
            "sender": "\(ownNumber)@s.whatsapp.net", "server_url": baseURL, "apikey": NSNull(),
        ] as [String: Any])
    }

    /// POSTs a `messages.upsert` body to the configured webhook with its headers, as
    /// `webhook.controller.ts` does (`byEvents` appends `/messages-upsert`). Throws when no enabled webhook
    /// subscribes MESSAGES_UPSERT.
    @discardableResult
    public func deliver(_ body: Data) throws -> WebhookDelivery {
        guard let hook = webhook, hook.enabled, hook.events.contains("MESSAGES_UPSERT") else {
            throw ServerError("no enabled webhook with MESSAGES_UPSERT (POST /webhook/set/\(instance) first)")
        }
        let url = hook.byEvents ? hook.url + "/messages-upsert" : hook.url
        let headers = [("Content-Type", "application/json")] + hook.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return try WebhookPoster.post(url, body: body, headers: headers)
    }
}
