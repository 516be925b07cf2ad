import Crypto
import Foundation

/// Meta's WhatsApp Cloud API on a loopback port, as integrations.md §1 describes it: the send endpoint
/// (`POST /{version}/{phone number id}/messages` with the bearer token, answered 200 with `contacts` and
/// `messages[].id`), and the webhooks Meta POSTs back — customer messages, statuses and the coexistence echoes
/// (`smb_message_echoes`) of what the business typed in the WhatsApp Business app — signed with
/// `X-Hub-Signature-256` over the exact body.
public final class CloudAPIEmulator: @unchecked Sendable {
    /// One message the API accepted.
    public struct Sent: Sendable, Equatable {
        public var to: String
        /// "text" or "template".
        public var type: String
        /// `text.body`, or the template's first body parameter.
        public var text: String?
        public var templateName: String?
        /// The id Meta gave it.
        public var id: String
    }

    public let apiVersion: String
    public let phoneNumberID: String
    /// The business's number as Meta shows it (`display_phone_number`, an echo's `from`).
    public let displayNumber: String
    let token: String
    let appSecret: String
    /// The WhatsApp id Meta resolves a number to (`contacts[].wa_id`), e.g. without the Brazilian ninth digit.
    let waID: @Sendable (String) -> String
    private let server: LoopbackHTTPServer
    private let lock = NSLock()
    private var accepted: [Sent] = []

    public var baseURL: String { server.baseURL }
    /// Every request that reached the API, webhooks excluded.
    public var requests: [RecordedRequest] { server.requests }
    public var sent: [Sent] { lock.withLock { accepted } }

    public init(apiVersion: String = "v23.0", phoneNumberID: String = "106540352242922", token: String, appSecret: String,
                displayNumber: String = "15550783881", waID: @escaping @Sendable (String) -> String = { $0 }) throws {
        self.apiVersion = apiVersion; self.phoneNumberID = phoneNumberID; self.token = token
        self.appSecret = appSecret; self.displayNumber = displayNumber; self.waID = waID
        server = try LoopbackHTTPServer()
        server.respond { [weak self] request in self?.answer(request) ?? .text("stopped", status: 503) }
    }

    public func stop() { server.stop() }

    private func answer(_ request: RecordedRequest) -> ScriptedResponse {
        guard request.method == "POST", request.target == "/\(apiVersion)/\(phoneNumberID)/messages" else {
            return Self.error(code: 100, status: 404, message: "Unsupported request: \(request.method) \(request.target)")
        }
        guard request.header("Authorization") == "Bearer \(token)" else {
            return Self.error(code: 190, status: 401, message: "Invalid OAuth access token - Cannot parse access token")
        }
        guard let body = request.json, body["messaging_product"] as? String == "whatsapp",
              let to = body["to"] as? String, !to.isEmpty, let type = body["type"] as? String else {
            return Self.error(code: 100, status: 400, message: "(#100) Invalid parameter")
        }
        var text: String?
        var templateName: String?
        switch type {
        case "text":
            guard let t = (body["text"] as? [String: Any])?["body"] as? String, !t.isEmpty, t.count <= 4096 else {
                return Self.error(code: 100, status: 400, message: "(#100) Invalid parameter: text.body")
            }
            text = t
        case "template":
            let template = body["template"] as? [String: Any]
            guard let name = template?["name"] as? String else {
                return Self.error(code: 100, status: 400, message: "(#100) Invalid parameter: template.name")
            }
            templateName = name
            let components = template?["components"] as? [[String: Any]]
            text = (components?.first?["parameters"] as? [[String: Any]])?.first?["text"] as? String
        default:
            return Self.error(code: 100, status: 400, message: "(#100) Invalid parameter: type")
        }
        let id: String = lock.withLock {
            let id = "wamid.EMU\(accepted.count + 1)"
            accepted.append(Sent(to: to, type: type, text: text, templateName: templateName, id: id))
            return id
        }
        return .json(String(decoding: WebhookPoster.json([
            "messaging_product": "whatsapp",
            "contacts": [["input": to, "wa_id": waID(to)]],
            "messages": [["id": id]],
        ]), as: UTF8.self))
    }

    /// A Graph error (integrations.md §1): the code decides, the HTTP status varies.
    static func error(code: Int, status: Int, message: String) -> ScriptedResponse {
        .json(String(decoding: WebhookPoster.json(["error": [
            "message": message, "type": "OAuthException", "code": code,
            "error_data": ["messaging_product": "whatsapp", "details": message], "fbtrace_id": "AemuTrace",
        ] as [String: Any]]), as: UTF8.self), status: status)
    }

    // MARK: - Webhooks Meta sends

    /// One change of the envelope: `field` and its `value` (the metadata is added).
    public struct Change {
        var field: String
        var value: [String: Any]
    }

    /// The customer `from` (a wa_id, digits) wrote `text`.
    public func message(from: String, id: String, text: String, timestamp: Int, name: String = "Cliente") -> Change {
        Change(field: "messages", value: [
            "contacts": [["profile": ["name": name], "wa_id": from]],
            "messages": [["from": from, "id": id, "timestamp": String(timestamp), "type": "text", "text": ["body": text]]],
        ])
    }

    /// What the business typed in the WhatsApp Business app to the customer `to` (a wa_id): an echo.
    public func echo(to: String, id: String, text: String, timestamp: Int) -> Change {
        Change(field: "smb_message_echoes", value: [
            "message_echoes": [["from": displayNumber, "to": to, "id": id, "timestamp": String(timestamp), "type": "text",
                                "text": ["body": text]]],
        ])
    }

    /// A status of a message the API sent ("sent", "delivered", "read", "failed").
    public func status(id: String, _ status: String, recipient: String, timestamp: Int) -> Change {
        Change(field: "messages", value: [
            "statuses": [["id": id, "status": status, "timestamp": String(timestamp), "recipient_id": recipient]],
        ])
    }

    /// The webhook body for these changes, batched in one entry as Meta may do.
    public func body(_ changes: [Change]) -> Data {
        WebhookPoster.json([
            "object": "whatsapp_business_account",
            "entry": [["id": "102290129340398", "changes": changes.map { change -> [String: Any] in
                var value = change.value
                value["messaging_product"] = "whatsapp"
                value["metadata"] = ["display_phone_number": displayNumber, "phone_number_id": phoneNumberID]
                return ["field": change.field, "value": value]
            }]],
        ] as [String: Any])
    }

    /// `sha256=` and the hex HMAC-SHA256 of the body under the app secret, as Meta signs.
    public func signature(_ body: Data) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(appSecret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// POSTs these changes, signed, to the webhook at `url` (`http://127.0.0.1:PORT/webhooks/whatsapp`).
    @discardableResult
    public func deliver(_ changes: [Change], to url: String) throws -> WebhookDelivery {
        let data = body(changes)
        return try WebhookPoster.post(url, body: data, headers: [("Content-Type", "application/json"),
                                                                 ("X-Hub-Signature-256", signature(data))])
    }
}
