import Foundation
import RetomaCore
import RetomaHTTP

/// Sends through Evolution API v2 (integrations.md §2): `POST {base}/message/sendText/{instance}` with the
/// `apikey` header and `{"number","text","delay"}`; `delay` makes WhatsApp show "typing…" first, longer for
/// longer texts. HTTP 201 is success. A number not on WhatsApp (400 with `exists: false`) fails for good; a
/// refused key (401/403) or an unknown instance (404) pauses the channel.
public struct EvolutionChannel: WhatsAppChannel {
    public let kind = "evolution"
    public let config: EvolutionConfig
    let transport: any HTTPTransport

    public init(config: EvolutionConfig, transport: any HTTPTransport = CurlHTTPClient(maxResponseBytes: 256 * 1024)) {
        self.config = config; self.transport = transport
    }

    public var sender: String { "evolution:\(config.instance)" }

    public var sendTextURL: String { "\(config.baseURL)/message/sendText/\(config.instance)" }

    /// Milliseconds of "typing…": about 40 ms a character, within the configured bounds.
    public func typingDelay(for text: String) -> Int {
        min(config.typingDelay.upperBound, max(config.typingDelay.lowerBound, 40 * text.count))
    }

    public func send(_ message: OutgoingMessage) throws(ChannelError) -> SendReceipt {
        if case .template = message.route { throw .templatesUnsupported(kind) }
        guard let number = CloudAPIChannel.recipient(message.to) else {
            throw .permanent(reason: "invalid_number: \(message.to) is not an E.164 number")
        }
        guard !message.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .permanent(reason: "empty_text: nothing to send")
        }
        let delay = typingDelay(for: message.text)
        let body = (try? JSONSerialization.data(withJSONObject: ["number": number, "text": message.text, "delay": delay],
                                                options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        let request = HTTPRequest(method: .post, url: sendTextURL,
                                  headers: ["apikey": config.apiKey, "Content-Type": "application/json"], body: body,
                                  timeout: config.timeout + Double(delay) / 1000, connectTimeout: min(10, config.timeout))
        let response: HTTPResponse
        do {
            response = try transport.send(request)
        } catch let error as HTTPError {
            throw HTTPFailure.classify(error, provider: "Evolution API")
        } catch {
            throw .outcomeUnknown(reason: "Evolution API: \(error)")
        }
        return try Self.interpret(response, number: number)
    }

    static func interpret(_ response: HTTPResponse, number: String) throws(ChannelError) -> SendReceipt {
        let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        switch response.status {
        case 200...299:
            guard let key = object?["key"] as? [String: Any], let id = key["id"] as? String, !id.isEmpty else {
                throw .outcomeUnknown(reason: "Evolution API answered \(response.status) without key.id; it may have been sent")
            }
            let jid = key["remoteJid"] as? String
            return SendReceipt(channelMessageID: id, status: status(object?["status"] as? String),
                               recipientID: jid.flatMap(Phone.fromWhatsAppID))
        case 400:
            let messages = (object?["response"] as? [String: Any])?["message"] as? [Any] ?? []
            if messages.contains(where: { (($0 as? [String: Any])?["exists"] as? Bool) == false }) {
                throw .permanent(reason: "not_on_whatsapp: +\(number) has no WhatsApp account")
            }
            let said = messages.compactMap { $0 as? String }.joined(separator: "; ")
            throw .permanent(reason: "evolution_bad_request" + (said.isEmpty ? "" : ": \(said)"))
        case 401, 403:
            throw .pauseChannel(reason: """
                Evolution API refused the API key (HTTP \(response.status)); check RETOMA_EVOLUTION_API_KEY
                """)
        case 404:
            throw .pauseChannel(reason: """
                Evolution API: instance not found (HTTP 404); check RETOMA_EVOLUTION_INSTANCE and that it is connected
                """)
        case 429:
            throw .retryLater(reason: "Evolution API: too many requests (HTTP 429)", retryAfter: 60)
        case 500...:
            throw .outcomeUnknown(reason: "Evolution API: HTTP \(response.status); it may have been sent")
        default:
            throw .permanent(reason: "evolution_http_\(response.status)")
        }
    }

    /// Evolution's statuses (`renderStatus.ts`) as Retoma's.
    static func status(_ raw: String?) -> DeliveryStatus {
        switch raw?.uppercased() {
        case "DELIVERY_ACK": .delivered
        case "READ", "PLAYED": .read
        case "ERROR": .failed
        default: .sent
        }
    }
}
