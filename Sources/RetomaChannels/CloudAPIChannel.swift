import Foundation
import RetomaCore
import RetomaHTTP

/// Sends through the WhatsApp Business Cloud API (integrations.md §1): `POST {base}/{version}/{phone number
/// id}/messages` with a bearer token. Free text within the customer's 24-hour window; outside it the
/// configured approved template (the AI's text as its body parameter), or nothing (`outside_24h_window`).
/// Errors are classified by `error.code`, never by the HTTP status alone.
public struct CloudAPIChannel: WhatsAppChannel {
    public let kind = "cloud"
    public let config: CloudAPIConfig
    let transport: any HTTPTransport
    let clock: @Sendable () -> Date

    /// Meta's limit on `text.body`.
    public static let maxTextLength = 4096
    /// Template parameters are shorter; longer texts are refused rather than cut.
    public static let maxTemplateParameterLength = 1024

    public init(config: CloudAPIConfig, transport: any HTTPTransport = CurlHTTPClient(maxResponseBytes: 256 * 1024),
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.config = config; self.transport = transport; self.clock = clock
    }

    public var sender: String { "cloud:\(config.phoneNumberID)" }

    public var messagingWindow: MessagingWindow { .customerService(templateConfigured: config.template != nil) }

    public var templates: [MessageTemplate] { config.templates }

    public var messagesURL: String { "\(config.baseURL)/\(config.apiVersion)/\(config.phoneNumberID)/messages" }

    public func send(_ message: OutgoingMessage) throws(ChannelError) -> SendReceipt {
        guard let to = Self.recipient(message.to) else {
            throw .permanent(reason: "invalid_number: \(message.to) is not an E.164 number")
        }
        switch message.route {
        case .followUp:
            break
        case .template(let template):
            return try sendTemplate(to: to, text: message.text, template: template)
        case .freeText:
            // An agent's own words: never turned into a template, refused outright when the window is closed.
            guard CustomerServiceWindow.isOpen(lastCustomerMessageAt: message.customerLastMessageAt, at: clock()) else {
                throw .permanent(reason: ReasonCode.outside24hWindow.rawValue)
            }
            do {
                return try post(Self.textBody(to: to, text: try Self.checkedText(message.text)))
            } catch {
                throw error.channelError
            }
        }
        let route = CustomerServiceWindow.route(window: messagingWindow, lastCustomerMessageAt: message.customerLastMessageAt,
                                                at: clock())
        switch route {
        case .skip:
            throw .permanent(reason: ReasonCode.outside24hWindow.rawValue)
        case .template:
            return try sendTemplate(to: to, text: message.text)
        case .freeText:
            do {
                return try post(Self.textBody(to: to, text: try Self.checkedText(message.text)))
            } catch CloudRefusal.reEngagement(let detail) {
                // Meta says the window is closed (its clock, or a reply we have not seen): the template path.
                guard config.template != nil else {
                    throw .permanent(reason: ReasonCode.outside24hWindow.rawValue + " (131047: \(detail))")
                }
                return try sendTemplate(to: to, text: message.text)
            } catch {
                throw error.channelError
            }
        }
    }

    private func sendTemplate(to: String, text: String, template named: CloudTemplate? = nil) throws(ChannelError) -> SendReceipt {
        guard let template = named ?? config.template else { throw .permanent(reason: ReasonCode.outside24hWindow.rawValue) }
        let parameter = Self.templateParameter(text)
        guard !parameter.isEmpty, parameter.count <= Self.maxTemplateParameterLength else {
            throw .permanent(reason: "text_too_long: a template parameter takes at most \(Self.maxTemplateParameterLength) characters (got \(parameter.count))")
        }
        do {
            return try post(Self.templateBody(to: to, template: template, parameter: parameter))
        } catch CloudRefusal.reEngagement(let detail) {
            throw .permanent(reason: "template_refused (131047: \(detail))")
        } catch {
            throw error.channelError
        }
    }

    // MARK: - Request bodies (exactly as integrations.md §1 shows them)

    /// "+5511987654321" → "5511987654321": the API takes the number with its country code, no "+".
    static func recipient(_ e164: String) -> String? {
        guard e164.hasPrefix("+") else { return nil }
        let digits = String(e164.dropFirst())
        guard (8...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return digits
    }

    static func checkedText(_ text: String) throws(CloudRefusal) -> String {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .permanent("empty_text: nothing to send")
        }
        // Meta counts characters; UTF-16 units are the strictest reading of it.
        guard text.utf16.count <= maxTextLength else {
            throw .permanent("text_too_long: WhatsApp accepts at most \(maxTextLength) characters (got \(text.utf16.count))")
        }
        return text
    }

    /// Template parameters may not hold line breaks, tabs or more than four spaces in a row (Meta error
    /// 132018): they are folded into single spaces.
    static func templateParameter(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
    }

    static func textBody(to: String, text: String) -> Data {
        json([
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": "text",
            "text": ["preview_url": false, "body": text] as [String: Any],
        ])
    }

    static func templateBody(to: String, template: CloudTemplate, parameter: String) -> Data {
        json([
            "messaging_product": "whatsapp",
            "to": to,
            "type": "template",
            "template": [
                "name": template.name,
                "language": ["policy": "deterministic", "code": template.language],
                "components": [["type": "body", "parameters": [["type": "text", "text": parameter]]]],
            ] as [String: Any],
        ])
    }

    private static func json(_ object: [String: Any]) -> Data {
        // Sorted keys: the same message always makes the same bytes (tests, logs).
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    // MARK: - Exchange

    private func post(_ body: Data) throws(CloudRefusal) -> SendReceipt {
        let request = HTTPRequest(method: .post, url: messagesURL,
                                  headers: ["Authorization": "Bearer \(config.token)", "Content-Type": "application/json"],
                                  body: body, timeout: config.timeout, connectTimeout: min(10, config.timeout))
        let response: HTTPResponse
        do {
            response = try transport.send(request)
        } catch let error as HTTPError {
            throw .channel(HTTPFailure.classify(error, provider: "Cloud API"))
        } catch {
            throw .channel(.outcomeUnknown(reason: "Cloud API: \(error)"))
        }
        return try Self.interpret(response)
    }

    /// The answer to a send, classified.
    static func interpret(_ response: HTTPResponse) throws(CloudRefusal) -> SendReceipt {
        let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        if (200...299).contains(response.status) {
            guard let messages = object?["messages"] as? [[String: Any]], let id = messages.first?["id"] as? String,
                  !id.isEmpty else {
                // Accepted but unreadable: it may well have gone out.
                throw .channel(.outcomeUnknown(reason: "Cloud API answered \(response.status) without a message id"))
            }
            let contacts = object?["contacts"] as? [[String: Any]]
            let waID = (contacts?.first?["wa_id"] as? String).flatMap(Phone.fromWhatsAppID)
            return SendReceipt(channelMessageID: id, status: .sent, recipientID: waID)
        }
        guard let error = object?["error"] as? [String: Any], let code = (error["code"] as? NSNumber)?.intValue else {
            throw .channel(statusOnly(response.status))
        }
        let message = (error["message"] as? String) ?? ""
        let details = ((error["error_data"] as? [String: Any])?["details"] as? String) ?? ""
        let said = [message, details].filter { !$0.isEmpty }.joined(separator: " — ")
        throw classify(code: code, said: said)
    }

    /// Graph error codes that mean "not taken now, try later" on Meta's Cloud API error-code page: throttling
    /// (4 app rate limit, 80007 account rate limit, 130429 throughput, 131056 pair rate limit) and temporary
    /// failures (2 service down or overloaded, 131000 unknown error — "try again", 131016 service unavailable,
    /// 131057 account in maintenance, 133004 server temporarily unavailable). Each retries under the same key.
    static let retryLaterCodes: [Int: (name: String, wait: TimeInterval)] = [
        4: ("cloud_app_rate_limit", 60), 80007: ("cloud_account_rate_limit", 60),
        130429: ("cloud_throughput", 60), 131056: ("cloud_pair_rate_limit", 60),
        2: ("cloud_service_unavailable", 30), 131000: ("cloud_unknown_error", 30),
        131016: ("cloud_service_unavailable", 30), 131057: ("cloud_account_maintenance", 300),
        133004: ("cloud_server_unavailable", 30),
    ]

    /// The error codes of integrations.md §1 (and the ones that mean the number is in trouble).
    static func classify(code: Int, said: String) -> CloudRefusal {
        let quoted = said.isEmpty ? "" : ": \(said)"
        if let retry = retryLaterCodes[code] {
            return .channel(.retryLater(reason: "\(retry.name) (\(code))\(quoted)", retryAfter: retry.wait))
        }
        switch code {
        case 131047:
            return .reEngagement(said.isEmpty ? "more than 24 hours since the customer's last message" : said)
        case 131026:
            return .channel(.permanent(reason: "undeliverable (131026)\(quoted)"))
        case 190:
            return .channel(.pauseChannel(reason: """
                WhatsApp Cloud API: the access token expired or is invalid (190)\(quoted). \
                Set a new RETOMA_CLOUD_TOKEN and resume sending
                """))
        case 131048, 368, 131031:
            // Spam limit, a policy block, a locked account: more sends can get the number banned.
            return .channel(.pauseChannel(reason: """
                WhatsApp Cloud API: the number is restricted (\(code))\(quoted). \
                Check the number's quality in Meta's WhatsApp Manager before resuming
                """))
        default:
            return .channel(.permanent(reason: "cloud_error_\(code)\(quoted)"))
        }
    }

    /// An error status without a readable Graph error.
    static func statusOnly(_ status: Int) -> ChannelError {
        switch status {
        case 401, 403:
            return .pauseChannel(reason: "WhatsApp Cloud API refused the credentials (HTTP \(status)); check RETOMA_CLOUD_TOKEN")
        case 404:
            return .pauseChannel(reason: """
                WhatsApp Cloud API: no such endpoint (HTTP 404); check RETOMA_CLOUD_API_VERSION and \
                RETOMA_CLOUD_PHONE_NUMBER_ID
                """)
        case 429:
            return .retryLater(reason: "Cloud API: too many requests (HTTP 429)", retryAfter: 60)
        case 500...:
            return .outcomeUnknown(reason: "Cloud API: HTTP \(status) without an error body; it may have been sent")
        default:
            return .permanent(reason: "cloud_http_\(status)")
        }
    }
}

/// Internal outcome of one request: a channel error, or the signal to take the template path.
enum CloudRefusal: Error, Equatable {
    case channel(ChannelError)
    case reEngagement(String)

    static func permanent(_ reason: String) -> CloudRefusal { .channel(.permanent(reason: reason)) }

    var channelError: ChannelError {
        switch self {
        case .channel(let e): e
        case .reEngagement(let detail): .permanent(reason: ReasonCode.outside24hWindow.rawValue + " (131047: \(detail))")
        }
    }
}

/// Transport failures, classified so nothing that may have reached the provider is sent twice.
enum HTTPFailure {
    static func classify(_ error: HTTPError, provider: String) -> ChannelError {
        switch error {
        case .connectionFailed(let why) where neverConnected(why):
            return .retryLater(reason: "\(provider) unreachable: \(why)", retryAfter: nil)
        case .connectionFailed(let why):
            return .outcomeUnknown(reason: "\(provider): the connection broke before the answer (\(why)); it may have been sent")
        case .timeout:
            return .outcomeUnknown(reason: "\(provider): no answer in time; it may have been sent")
        case .tooLarge:
            return .outcomeUnknown(reason: "\(provider): the answer was too large to read; it may have been sent")
        case .invalidURL:
            return .pauseChannel(reason: "\(provider): the configured base URL cannot be requested")
        case .other(let why):
            return .outcomeUnknown(reason: "\(provider): \(why)")
        }
    }

    /// libcurl's wording for failures before any byte of the request left: safe to try again. Anything else
    /// counts as "may have been sent".
    static func neverConnected(_ why: String) -> Bool {
        let lower = why.lowercased()
        return lower.contains("could not resolve") || lower.contains("couldn't resolve")
            || lower.contains("failed to connect") || lower.contains("connection refused")
    }
}
