import Foundation
import RetomaCore

/// Where the webhook's news goes. The store records (`Store.recordInbound`, `Store.recordEcho`,
/// `Store.applyDelivery`) run inside their own transactions; the callbacks run after them, on the listener's
/// thread: keep them short.
public struct WebhookSink: Sendable {
    public var recordMessage: @Sendable (InboundMessage) throws -> InboundOutcome
    /// What our side sent from the business's phone: a separate path, so an echo never reaches what a
    /// customer's message does.
    public var recordEcho: @Sendable (EchoMessage) throws -> InboundOutcome
    public var recordDelivery: @Sendable (DeliveryUpdate) throws -> DeliveryOutcome
    /// A customer message landed on this deal (whatever was planned for it is already cancelled): wake the
    /// engine and refresh the screen.
    public var onCustomerMessage: @Sendable (_ dealID: Int64) -> Void
    /// Our side wrote on this deal from the phone: its anchor and next follow-up moved, so wake the engine
    /// and refresh the screen too.
    public var onOurMessage: @Sendable (_ dealID: Int64) -> Void
    /// Something else changed that a screen may show: an unassigned conversation, a delivery status.
    public var onOtherChange: @Sendable () -> Void

    public init(recordMessage: @escaping @Sendable (InboundMessage) throws -> InboundOutcome,
                recordEcho: @escaping @Sendable (EchoMessage) throws -> InboundOutcome,
                recordDelivery: @escaping @Sendable (DeliveryUpdate) throws -> DeliveryOutcome,
                onCustomerMessage: @escaping @Sendable (_ dealID: Int64) -> Void = { _ in },
                onOurMessage: @escaping @Sendable (_ dealID: Int64) -> Void = { _ in },
                onOtherChange: @escaping @Sendable () -> Void = {}) {
        self.recordMessage = recordMessage; self.recordEcho = recordEcho; self.recordDelivery = recordDelivery
        self.onCustomerMessage = onCustomerMessage; self.onOurMessage = onOurMessage; self.onOtherChange = onOtherChange
    }
}

/// What the endpoints check. Only the configured channel's endpoint answers; the other is a 404.
public struct WebhookSettings: Sendable, Equatable {
    public struct Cloud: Sendable, Equatable {
        public var phoneNumberID: String
        public var appSecret: String
        public var verifyToken: String
        public init(phoneNumberID: String, appSecret: String, verifyToken: String) {
            self.phoneNumberID = phoneNumberID; self.appSecret = appSecret; self.verifyToken = verifyToken
        }
    }
    public struct Evolution: Sendable, Equatable {
        public var instance: String
        public var secret: String
        public init(instance: String, secret: String) { self.instance = instance; self.secret = secret }
    }

    /// Larger bodies are refused (413) unread.
    public static let defaultMaxBodyBytes = 1_048_576
    public static let whatsappPath = "/webhooks/whatsapp"
    public static let evolutionPath = "/webhooks/evolution"
    /// The header Evolution's webhook configuration must send with the secret.
    public static let evolutionSecretHeader = "x-retoma-secret"

    public var cloud: Cloud?
    public var evolution: Evolution?
    public var maxBodyBytes: Int

    public init(cloud: Cloud? = nil, evolution: Evolution? = nil, maxBodyBytes: Int = WebhookSettings.defaultMaxBodyBytes) {
        self.cloud = cloud; self.evolution = evolution; self.maxBodyBytes = maxBodyBytes
    }

    /// The endpoints the configured channel needs; nil for the sandbox.
    public init?(_ configuration: ChannelConfiguration) {
        switch configuration.kind {
        case .sandbox:
            return nil
        case .cloud:
            guard let c = configuration.cloud else { return nil }
            self.init(cloud: Cloud(phoneNumberID: c.phoneNumberID, appSecret: c.appSecret, verifyToken: c.verifyToken))
        case .evolution:
            guard let e = configuration.evolution else { return nil }
            self.init(evolution: Evolution(instance: e.instance, secret: e.webhookSecret))
        }
    }
}

/// One HTTP request as the handler sees it.
public struct WebhookRequest: Sendable {
    public var method: String
    /// Without the query.
    public var path: String
    public var query: [String: String]
    /// Names in lower case.
    public var headers: [String: String]
    public var body: Data

    public init(method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:],
                body: Data = Data()) {
        self.method = method.uppercased(); self.path = path; self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.body = body
    }
}

public struct WebhookResponse: Sendable, Equatable {
    public var status: Int
    public var body: String
    public init(status: Int, body: String) { self.status = status; self.body = body }
}

/// The webhook endpoints without the HTTP server: verification, authentication, parsing and recording.
/// Every refusal is a 4xx with a log line; nothing is recorded from a body that is not authentic or not
/// entirely understood. A store failure answers 500 so the provider delivers again (duplicates are
/// recognised by the message id).
public struct WebhookHandler: Sendable {
    public let settings: WebhookSettings
    let sink: WebhookSink
    let log: @Sendable (String) -> Void
    /// The arrival time: it replaces implausible provider time stamps.
    let now: @Sendable () -> Date

    public init(settings: WebhookSettings, sink: WebhookSink, log: @escaping @Sendable (String) -> Void,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.settings = settings; self.sink = sink; self.log = log; self.now = now
    }

    /// What a request is for, from its method and path alone.
    private enum Endpoint {
        case verify(WebhookSettings.Cloud)
        case cloud(WebhookSettings.Cloud)
        case evolution(WebhookSettings.Evolution)
        case refused(Int, String)
    }

    private func endpoint(_ method: String, _ path: String) -> Endpoint {
        switch (method, path) {
        case ("GET", WebhookSettings.whatsappPath) where settings.cloud != nil:
            return .verify(settings.cloud!)
        case ("POST", WebhookSettings.whatsappPath) where settings.cloud != nil:
            return .cloud(settings.cloud!)
        case ("POST", WebhookSettings.evolutionPath) where settings.evolution != nil:
            return .evolution(settings.evolution!)
        case (_, WebhookSettings.whatsappPath) where settings.cloud != nil,
             (_, WebhookSettings.evolutionPath) where settings.evolution != nil:
            return .refused(405, "method not allowed")
        default:
            return .refused(404, "not found")
        }
    }

    public func handle(_ request: WebhookRequest) -> WebhookResponse {
        switch endpoint(request.method, request.path) {
        case .verify(let cloud): return verify(request, cloud)
        case .cloud(let cloud): return receiveCloud(request, cloud)
        case .evolution(let evolution): return receiveEvolution(request, evolution)
        case .refused(let status, let why): return refuse(status, why, request)
        }
    }

    /// What can be answered from the request line and headers alone, before any of the body is read: the
    /// route, the announced size, and the authentication that does not need the body (the Cloud signature
    /// header's presence and form, the Evolution secret), so an unsigned body is never read. `request` has no
    /// body yet; `bodyLength` is its Content-Length. nil: read the body and `handle` the whole request.
    public func refusalBeforeBody(_ request: WebhookRequest, bodyLength: Int) -> WebhookResponse? {
        let refusal: (status: Int, why: String)
        switch endpoint(request.method, request.path) {
        case .refused(let status, let why):
            refusal = (status, why)
        case _ where bodyLength > settings.maxBodyBytes:
            refusal = (413, "body over \(settings.maxBodyBytes) bytes")
        case .verify:
            return nil
        case .cloud, .evolution:
            guard let unsigned = unauthenticated(request) else { return nil }
            refusal = (401, unsigned)
        }
        log("\(request.method) \(request.path) \(refusal.status) \(refusal.why) (body of \(bodyLength) bytes not read)")
        return WebhookResponse(status: refusal.status, body: Self.shortReason(refusal.why))
    }

    /// Why a POST's headers alone show it is not authentic, or nil when the body is worth reading.
    private func unauthenticated(_ request: WebhookRequest) -> String? {
        switch endpoint(request.method, request.path) {
        case .cloud:
            let header = request.headers["x-hub-signature-256"]
            if WebhookSignature.isWellFormed(header: header) { return nil }
            return "\(header == nil ? "no X-Hub-Signature-256" : "a bad X-Hub-Signature-256"); nothing recorded"
        case .evolution(let evolution):
            if WebhookSignature.sameSecret(request.headers[WebhookSettings.evolutionSecretHeader], evolution.secret) { return nil }
            return "missing or wrong \(WebhookSettings.evolutionSecretHeader); nothing recorded"
        case .verify, .refused:
            return nil
        }
    }

    /// Meta's subscription check: echo `hub.challenge` when the token matches.
    func verify(_ request: WebhookRequest, _ cloud: WebhookSettings.Cloud) -> WebhookResponse {
        guard request.query["hub.mode"] == "subscribe", let challenge = request.query["hub.challenge"],
              !challenge.isEmpty, challenge.count <= 256 else {
            return refuse(400, "verification without hub.mode=subscribe and hub.challenge", request)
        }
        guard WebhookSignature.sameSecret(request.query["hub.verify_token"], cloud.verifyToken) else {
            return refuse(401, "verification with a wrong hub.verify_token", request)
        }
        log("GET \(request.path) 200 verification answered")
        return WebhookResponse(status: 200, body: challenge)
    }

    func receiveCloud(_ request: WebhookRequest, _ cloud: WebhookSettings.Cloud) -> WebhookResponse {
        if let refusal = checkSize(request) { return refusal }
        guard WebhookSignature.isValid(header: request.headers["x-hub-signature-256"], body: request.body,
                                       secret: cloud.appSecret) else {
            let why = request.headers["x-hub-signature-256"] == nil ? "no X-Hub-Signature-256" : "a bad X-Hub-Signature-256"
            return refuse(401, "\(why); nothing recorded", request)
        }
        let items: [WebhookItem]
        do {
            items = try CloudWebhookPayload.parse(request.body, phoneNumberID: cloud.phoneNumberID, receivedAt: now(),
                                                  note: { log("\(request.method) \(request.path): \($0)") })
        } catch {
            return refuse(400, "unusable body: \(error.message); nothing recorded", request)
        }
        return record(items, request)
    }

    func receiveEvolution(_ request: WebhookRequest, _ evolution: WebhookSettings.Evolution) -> WebhookResponse {
        if let refusal = checkSize(request) { return refusal }
        guard WebhookSignature.sameSecret(request.headers[WebhookSettings.evolutionSecretHeader], evolution.secret) else {
            return refuse(401, "missing or wrong \(WebhookSettings.evolutionSecretHeader); nothing recorded", request)
        }
        let items: [WebhookItem]
        do {
            items = try EvolutionWebhookPayload.parse(request.body, instance: evolution.instance, receivedAt: now(),
                                                      note: { log("\(request.method) \(request.path): \($0)") })
        } catch {
            return refuse(400, "unusable body: \(error.message); nothing recorded", request)
        }
        return record(items, request)
    }

    private func checkSize(_ request: WebhookRequest) -> WebhookResponse? {
        guard request.body.count > settings.maxBodyBytes else { return nil }
        return refuse(413, "body over \(settings.maxBodyBytes) bytes", request)
    }

    private func record(_ items: [WebhookItem], _ request: WebhookRequest) -> WebhookResponse {
        var counts = (messages: 0, echoes: 0, unassigned: 0, duplicates: 0, statuses: 0, ignored: 0)
        var woken: Set<Int64> = []
        var ours: Set<Int64> = []
        var otherChange = false
        defer {
            for deal in woken.sorted() { sink.onCustomerMessage(deal) }
            for deal in ours.subtracting(woken).sorted() { sink.onOurMessage(deal) }
            if otherChange { sink.onOtherChange() }
        }
        for item in items {
            do {
                switch item {
                case .message(let message):
                    switch try sink.recordMessage(message) {
                    case .recorded(let dealID, _): counts.messages += 1; woken.insert(dealID)
                    case .unassigned: counts.unassigned += 1; otherChange = true
                    case .duplicate: counts.duplicates += 1
                    }
                case .echo(let echo):
                    switch try sink.recordEcho(echo) {
                    case .recorded(let dealID, _): counts.echoes += 1; ours.insert(dealID)
                    case .unassigned: counts.unassigned += 1; otherChange = true
                    case .duplicate: counts.duplicates += 1
                    }
                case .delivery(let update):
                    if case .updated = try sink.recordDelivery(update) { otherChange = true }
                    counts.statuses += 1
                case .ignored(let why):
                    counts.ignored += 1
                    log("\(request.method) \(request.path): ignored \(why)")
                }
            } catch {
                log("\(request.method) \(request.path) 500 could not record: \(error); the provider will deliver it again")
                return WebhookResponse(status: 500, body: "could not record\n")
            }
        }
        log("""
            \(request.method) \(request.path) 200 \(counts.messages) message(s), \(counts.echoes) echo(es) of ours, \
            \(counts.unassigned) unassigned, \(counts.duplicates) duplicate(s), \(counts.statuses) status(es), \
            \(counts.ignored) ignored
            """)
        return WebhookResponse(status: 200, body: "ok\n")
    }

    private func refuse(_ status: Int, _ why: String, _ request: WebhookRequest) -> WebhookResponse {
        log("\(request.method) \(request.path) \(status) \(why) (\(request.body.count) bytes)")
        return WebhookResponse(status: status, body: Self.shortReason(why))
    }

    /// The reason without what follows its first ";", as the response body.
    private static func shortReason(_ why: String) -> String {
        why.split(separator: ";").first.map { "\($0)\n" } ?? "\n"
    }
}
