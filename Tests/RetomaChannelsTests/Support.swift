import Foundation
import LoopbackHTTPServer
import RetomaChannels
import RetomaCore
import RetomaHTTP
import RetomaStore
import Synchronization

/// 2026-03-10 12:00:00 UTC, a Tuesday (09:00 in Brasília).
let testNow = Date(timeIntervalSince1970: 1_773_144_000)

/// Meta's 200 answer to a send (integrations.md §1).
func cloudAccepted(id: String = "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjE", input: String = "5511987654321",
                   waID: String = "5511987654321") -> ScriptedResponse {
    .json(#"{"messaging_product":"whatsapp","contacts":[{"input":"\#(input)","wa_id":"\#(waID)"}],"messages":[{"id":"\#(id)"}]}"#)
}

/// A Graph error body; the HTTP status is whatever Meta chose (the code decides).
func cloudError(code: Int, status: Int = 400, message: String = "error", details: String = "details") -> ScriptedResponse {
    .json(#"{"error":{"message":"\#(message)","type":"OAuthException","code":\#(code),"error_data":{"messaging_product":"whatsapp","details":"\#(details)"},"error_subcode":2655007,"fbtrace_id":"Akf6"}}"#,
          status: status)
}

func cloudConfig(_ server: LoopbackHTTPServer, template: CloudTemplate? = nil) -> CloudAPIConfig {
    CloudAPIConfig(baseURL: server.baseURL, apiVersion: "v23.0", phoneNumberID: "106540352242922",
                   token: "EAAG-test-token-0123456789", appSecret: "app-secret-for-tests",
                   verifyToken: "verify-me-please", template: template, timeout: 5)
}

/// A private temporary folder, removed when the test lets go of it.
final class Scratch: Sendable {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("retoma-channels-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func store(now: @escaping @Sendable () -> Date = { testNow }) throws -> Store {
        try Store(path: path("retoma.db"), now: now)
    }
}

/// Lines the webhook logged, and the deals it woke.
final class Recorder: Sendable {
    private let state = Mutex<(lines: [String], woken: [Int64], ours: [Int64], other: Int)>(([], [], [], 0))
    var lines: [String] { state.withLock { $0.lines } }
    /// Deals a customer's message landed on.
    var woken: [Int64] { state.withLock { $0.woken } }
    /// Deals an echo of ours landed on.
    var oursWoken: [Int64] { state.withLock { $0.ours } }
    var otherChanges: Int { state.withLock { $0.other } }
    func log(_ line: String) { state.withLock { $0.lines.append(line) } }
    func wake(_ deal: Int64) { state.withLock { $0.woken.append(deal) } }
    func ours(_ deal: Int64) { state.withLock { $0.ours.append(deal) } }
    func other() { state.withLock { $0.other += 1 } }
}

extension WebhookSink {
    /// The store's recording, with the callbacks noted.
    static func store(_ store: Store, _ recorder: Recorder) -> WebhookSink {
        WebhookSink(recordMessage: { try store.recordInbound($0) }, recordEcho: { try store.recordEcho($0) },
                    recordDelivery: { try store.applyDelivery($0) },
                    onCustomerMessage: { recorder.wake($0) }, onOurMessage: { recorder.ours($0) },
                    onOtherChange: { recorder.other() })
    }
}

/// A running listener on a free loopback port, with a client to post to it. The client's blocking calls run
/// on a dispatch queue, never on Swift concurrency's pool, which serves the listener's requests.
struct LiveWebhook {
    let listener: WebhookListener
    let client = CurlHTTPClient()
    var base: String { "http://127.0.0.1:\(listener.port ?? 0)" }

    /// `now`: the arrival time the handler sees (the real clock unless a test fixes it).
    init(settings: WebhookSettings, sink: WebhookSink, recorder: Recorder, now: @escaping @Sendable () -> Date = { Date() },
         limits: WebhookLimits = .standard) async throws {
        let handler = WebhookHandler(settings: settings, sink: sink, log: { recorder.log($0) }, now: now)
        listener = WebhookListener(address: ListenAddress(host: "127.0.0.1", port: 0), handler: handler,
                                   log: { recorder.log($0) }, limits: limits)
        try await listener.listen()
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let client = self.client
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try client.send(request) })
            }
        }
    }

    func get(_ pathAndQuery: String) async throws -> HTTPResponse {
        try await send(HTTPRequest(method: .get, url: base + pathAndQuery, timeout: 10))
    }

    func post(_ path: String, body: Data, headers: HTTPHeaders = [:]) async throws -> HTTPResponse {
        var h = headers
        h.set("Content-Type", "application/json")
        return try await send(HTTPRequest(method: .post, url: base + path, headers: h, body: body, timeout: 10))
    }

    /// Signed as Meta signs.
    func postSigned(_ body: String, secret: String = "app-secret-for-tests") async throws -> HTTPResponse {
        let data = Data(body.utf8)
        return try await post(WebhookSettings.whatsappPath, body: data,
                              headers: ["X-Hub-Signature-256": WebhookSignature.header(for: data, secret: secret)])
    }
}

let cloudSettings = WebhookSettings(cloud: .init(phoneNumberID: "106540352242922", appSecret: "app-secret-for-tests",
                                                 verifyToken: "verify-me-please"))
let evolutionSettings = WebhookSettings(evolution: .init(instance: "crm", secret: "evolution-secret-0123456789"))

/// One Cloud webhook body with these `value`s, one change each, in one entry.
func cloudWebhook(_ values: [String]) -> String {
    let changes = values.map { #"{"field":"messages","value":\#($0)}"# }.joined(separator: ",")
    return #"{"object":"whatsapp_business_account","entry":[{"id":"1022","changes":[\#(changes)]}]}"#
}

func cloudMessageValue(from: String, id: String, text: String, timestamp: Int = 1_773_144_100, name: String = "Maria",
                       phoneNumberID: String = "106540352242922") -> String {
    #"{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"\#(phoneNumberID)"},"contacts":[{"profile":{"name":"\#(name)"},"wa_id":"\#(from)"}],"messages":[{"from":"\#(from)","id":"\#(id)","timestamp":"\#(timestamp)","type":"text","text":{"body":"\#(text)"}}]}"#
}

func cloudStatusValue(id: String, status: String, timestamp: Int = 1_773_144_200, errors: String = "") -> String {
    let e = errors.isEmpty ? "" : #","errors":\#(errors)"#
    return #"{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"statuses":[{"id":"\#(id)","status":"\#(status)","timestamp":"\#(timestamp)","recipient_id":"5511987654321"\#(e)}]}"#
}

/// A board with one deal for Maria (+55 31 98765-4321 by default), whose last message is ours.
func seededDeal(_ store: Store, phone: String = "+55 31 98765-4321") throws -> Deal {
    let board = try store.addBoard(name: "Funil")
    let column = try store.addColumn(boardID: board.id, name: "Aguardando")
    let deal = try store.addDeal(NewDeal(columnID: column.id, title: "Orçamento", contactName: "Maria Souza", phone: phone))
    _ = try store.addMessage(dealID: deal.id, author: .agent, text: "Segue o orçamento.", at: testNow.addingTimeInterval(-3600))
    return deal
}
