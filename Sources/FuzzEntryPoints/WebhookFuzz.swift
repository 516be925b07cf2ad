import Foundation
import RetomaChannels
import RetomaCore
import Synchronization

/// The inbound webhook. The first byte picks the part ('0'–'4'; see `part(_:of:)`):
/// - '0' + body: the Cloud API payload parser;
/// - '1' + body: the Evolution API payload parser;
/// - '2' + header line + "\n" + body: the X-Hub-Signature-256 check;
/// - '3' + flags + an HTTP-like request (`METHOD /path?query`, `Name: value` lines, an empty line, the body):
///   the route, the checks before the body is read and the whole handler. Flags (low 4 bits of the byte):
///   1 Cloud configured, 2 Evolution configured, 4 sign the body with the right app secret, 8 send the right
///   Evolution secret;
/// - '4' + raw bytes: sent as they are to a real listener on a loopback port (`WebhookWireFuzz`).
extension FuzzTarget {
    public static let webhook = FuzzTarget(
        name: "webhook",
        summary: "Cloud and Evolution webhook payloads, the signature check, the route, the handler, the listener",
        run: WebhookFuzz.run)
}

enum WebhookFuzz {
    static let phoneNumberID = "106540352242922"
    static let appSecret = "app-secret-for-fuzzing"
    static let verifyToken = "verify-token-for-fuzzing"
    static let instance = "crm"
    static let evolutionSecret = "evolution-secret-for-fuzzing"
    /// A fixed arrival time keeps every run of an input the same (2026-03-10 12:08 UTC).
    static let now = Date(timeIntervalSince1970: 1_773_144_500)

    static func run(_ bytes: [UInt8]) {
        guard let mode = bytes.first else { return }
        let rest = Data(bytes.dropFirst())
        switch part(mode, of: 5) {
        case 0: cloud(rest)
        case 1: evolution(rest)
        case 2: signature(rest)
        case 3: route(rest)
        default: WebhookWireFuzz.run(rest)
        }
    }

    static func cloud(_ body: Data) {
        guard let items = try? CloudWebhookPayload.parse(body, phoneNumberID: phoneNumberID, receivedAt: now) else { return }
        checkTimes(items.compactMap(\.instant))
    }

    static func evolution(_ body: Data) {
        guard let items = try? EvolutionWebhookPayload.parse(body, instance: instance, receivedAt: now) else { return }
        checkTimes(items.compactMap(\.instant))
    }

    /// Whatever the provider wrote, a recorded time is a plausible one or the arrival time (issue: 1e19 trapped).
    static func checkTimes(_ instants: [Date]) {
        for instant in instants {
            let t = instant.timeIntervalSince1970
            require(t >= ProviderTime.earliest && t <= now.timeIntervalSince1970 + ProviderTime.allowedSkew,
                    "a webhook time of \(t) got through")
        }
    }

    static func signature(_ input: Data) {
        let newline = input.firstIndex(of: UInt8(ascii: "\n")) ?? input.endIndex
        let header = String(decoding: input[..<newline], as: UTF8.self)
        let body = Data(input[min(newline + 1, input.endIndex)...])
        let valid = WebhookSignature.isValid(header: header, body: body, secret: appSecret)
        require(!valid || WebhookSignature.isWellFormed(header: header), "a valid signature that is not well formed")
        require(!valid || header.lowercased() == WebhookSignature.header(for: body, secret: appSecret),
                "a signature other than the body's MAC was accepted")
        let right = WebhookSignature.header(for: body, secret: appSecret)
        require(WebhookSignature.isValid(header: right, body: body, secret: appSecret), "the body's own MAC was refused")
        require(WebhookSignature.isValid(header: right.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256="),
                                         body: body, secret: appSecret), "the MAC in upper-case hex was refused")
        _ = WebhookSignature.sameSecret(header, evolutionSecret)
    }

    /// What the sink saw, to check that a refused request recorded nothing.
    final class Records: Sendable {
        let messages = Mutex<[InboundMessage]>([])
        let echoes = Mutex<[EchoMessage]>([])
        let deliveries = Mutex<[DeliveryUpdate]>([])
        var count: Int { messages.withLock { $0.count } + echoes.withLock { $0.count } + deliveries.withLock { $0.count } }
    }

    static func route(_ input: Data) {
        let flags = input.first ?? 0
        let request = parseRequest(input.dropFirst(), flags: flags)
        let settings = WebhookSettings(
            cloud: flags & 1 != 0 ? .init(phoneNumberID: phoneNumberID, appSecret: appSecret, verifyToken: verifyToken) : nil,
            evolution: flags & 2 != 0 ? .init(instance: instance, secret: evolutionSecret) : nil,
            maxBodyBytes: 4_096)
        let records = Records()
        let sink = WebhookSink(
            recordMessage: { message in
                let n = records.messages.withLock { $0.append(message); return $0.count }
                // Alternate outcomes so every branch of the handler's bookkeeping runs.
                switch n % 3 {
                case 0: return .recorded(dealID: Int64(n), messageID: Int64(n))
                case 1: return .unassigned(conversationID: Int64(n))
                default: return .duplicate
                }
            },
            recordEcho: { echo in
                let n = records.echoes.withLock { $0.append(echo); return $0.count }
                switch n % 3 {
                case 0: return .recorded(dealID: Int64(n), messageID: Int64(n))
                case 1: return .unassigned(conversationID: Int64(n))
                default: return .duplicate
                }
            },
            recordDelivery: { update in
                let n = records.deliveries.withLock { $0.append(update); return $0.count }
                return n % 2 == 0 ? .updated(messageID: Int64(n)) : .pending
            })
        let handler = WebhookHandler(settings: settings, sink: sink, log: { _ in }, now: { now })

        var head = request
        head.body = Data()
        let early = handler.refusalBeforeBody(head, bodyLength: request.body.count)
        let response = handler.handle(request)

        require((200...599).contains(response.status), "status \(response.status)")
        if let early {
            require(early.status == response.status,
                    "refused \(early.status) before the body but answered \(response.status) with it")
        }
        require(response.status == 200 || records.count == 0, "a \(response.status) answer recorded something")
        checkTimes(records.messages.withLock { $0.map(\.sentAt) } + records.echoes.withLock { $0.map(\.sentAt) }
                   + records.deliveries.withLock { $0.map(\.at) })
        guard response.status == 200, request.method == "POST" else { return }
        switch request.path {
        case WebhookSettings.whatsappPath:
            require(request.headers["x-hub-signature-256"]?.lowercased() == WebhookSignature.header(for: request.body, secret: appSecret),
                    "an unsigned Cloud body was accepted")
        case WebhookSettings.evolutionPath:
            require(request.headers[WebhookSettings.evolutionSecretHeader] == evolutionSecret,
                    "an Evolution body without the secret was accepted")
        default:
            require(false, "a POST to \(request.path) was accepted")
        }
    }

    /// The request text as the listener would hand it over: the request line, headers, an empty line, the body.
    static func parseRequest(_ input: Data.SubSequence, flags: UInt8) -> WebhookRequest {
        let text = input
        var lines: [String] = []
        var index = text.startIndex
        var bodyStart = text.endIndex
        while index < text.endIndex {
            let end = text[index...].firstIndex(of: UInt8(ascii: "\n")) ?? text.endIndex
            var line = String(decoding: text[index..<end], as: UTF8.self)
            if line.hasSuffix("\r") { line.removeLast() }
            index = min(end + 1, text.endIndex)
            if line.isEmpty && !lines.isEmpty { bodyStart = index; break }
            lines.append(line)
        }
        let body = Data(text[bodyStart...])
        let requestLine = lines.first ?? ""
        let parts = requestLine.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        let method = parts.first.map(String.init) ?? ""
        let target = parts.count > 1 ? String(parts[1]) : ""
        let question = target.firstIndex(of: "?")
        let path = String(target[..<(question ?? target.endIndex)])
        var query: [String: String] = [:]
        if let question {
            for pair in target[target.index(after: question)...].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(kv[0]).removingPercentEncoding ?? String(kv[0])
                let value = kv.count > 1 ? (String(kv[1]).removingPercentEncoding ?? String(kv[1])) : ""
                if query[name] == nil { query[name] = value }
            }
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            // Names in lower case here already, so that a repeated header keeps its first value whatever the
            // dictionary's order.
            let name = line[..<colon].lowercased()
            if headers[name] == nil { headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
        }
        if flags & 4 != 0 { headers["x-hub-signature-256"] = WebhookSignature.header(for: body, secret: appSecret) }
        if flags & 8 != 0 { headers[WebhookSettings.evolutionSecretHeader] = evolutionSecret }
        return WebhookRequest(method: method, path: path, query: query, headers: headers, body: body)
    }
}

extension WebhookItem {
    var instant: Date? {
        switch self {
        case .message(let m): m.sentAt
        case .echo(let e): e.sentAt
        case .delivery(let d): d.at
        case .ignored: nil
        }
    }
}
