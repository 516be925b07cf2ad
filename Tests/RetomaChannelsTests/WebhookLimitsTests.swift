import Foundation
import Glibc
import RetomaCore
import RetomaStore
import Synchronization
import Testing
@testable import RetomaChannels

/// The listener's limits, tried with raw loopback sockets: what a client can hold of it, and how fast it lets go.
@Suite(.serialized) struct WebhookLimitsTests {
    let scratch: Scratch
    let store: Store
    let recorder = Recorder()
    static let verifyTarget = "/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=4242&hub.verify_token=verify-me-please"

    init() throws {
        scratch = try Scratch()
        store = try scratch.store()
    }

    func listener(_ settings: WebhookSettings = cloudSettings, limits: WebhookLimits = .standard,
                  syscalls: WebhookSyscalls = WebhookSyscalls()) throws -> WebhookListener {
        let handler = WebhookHandler(settings: settings, sink: .store(store, recorder), log: { recorder.log($0) })
        let listener = WebhookListener(address: ListenAddress(host: "127.0.0.1", port: 0), handler: handler,
                                       log: { recorder.log($0) }, limits: limits, syscalls: syscalls)
        try listener.start()
        return listener
    }

    func client(_ listener: WebhookListener) throws -> RawClient { try RawClient(port: try #require(listener.port)) }

    /// A complete verification request whose head (request line, headers, final empty line) is `size` bytes.
    func verification(headBytes size: Int) -> String {
        let start = "GET \(Self.verifyTarget) HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: "
        return start + String(repeating: "a", count: size - start.utf8.count - 4) + "\r\n\r\n"
    }

    @Test func theStandardLimitsAreTheHardeningOnes() {
        #expect(WebhookLimits.standard == WebhookLimits(maxHeaderBytes: 16_384, requestTimeout: 10, maxConnections: 64))
    }

    @Test func requestLineAndHeadersOver16KBAre431AndClosed() throws {
        let hook = try listener()
        defer { hook.stop() }
        let atLimit = try client(hook)
        atLimit.send(verification(headBytes: 16_384))
        let ok = atLimit.readAll(timeout: 5)
        #expect(ok.status == 200 && ok.body == "4242" && ok.closed)

        let over = try client(hook)
        over.send(verification(headBytes: 16_385))
        let refused = over.readAll(timeout: 5)
        #expect(refused.status == 431 && refused.closed, "\(refused.text.prefix(80))")

        // Headers that never end are cut once they pass the limit, not at the timeout.
        let endless = try client(hook)
        let started = Date()
        endless.send("GET / HTTP/1.1\r\n")
        for _ in 0..<20 where endless.send("X-Flood: " + String(repeating: "b", count: 1000) + "\r\n") {}
        let cut = endless.readAll(timeout: 5)
        #expect(cut.status == 431 && cut.closed && Date().timeIntervalSince(started) < 3)
        #expect(recorder.lines.contains { $0.contains("431 request line and headers over 16384 bytes") })
    }

    @Test func aRequestNotArrivedInTimeIs408AndClosedEvenWhileItDribbles() throws {
        let hook = try listener(limits: WebhookLimits(requestTimeout: 1))
        defer { hook.stop() }
        let started = Date()
        // Half a request line; a header dribbled a byte every 100 ms; a body that stops short.
        let partial = try client(hook)
        partial.send("GET /webhooks/whatsapp?hub.mode=subscr")
        let dribbling = try client(hook)
        let stop = Flag()
        let dribbler = Thread {
            dribbling.send("GET \(Self.verifyTarget) HTTP/1.1\r\nX-Slow: ")
            while !stop.value {
                if !dribbling.send("x") { return }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        dribbler.start()
        defer { stop.value = true }
        let short = try client(hook)
        short.send("POST /webhooks/whatsapp HTTP/1.1\r\nContent-Length: 100\r\nX-Hub-Signature-256: sha256=\(String(repeating: "0", count: 64))\r\n\r\n0123456789")
        for c in [partial, dribbling, short] {
            let answer = c.readAll(timeout: 5)
            #expect(answer.status == 408 && answer.closed, "\(answer.text.prefix(80))")
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 0.9 && elapsed < 3, "\(elapsed)")
        // The listener writes its log lines on the turn after the answers, which a loaded machine may delay.
        let logged = { recorder.lines.filter { $0.contains("408 request not complete within 1 s") }.count }
        let deadline = Date().addingTimeInterval(3)
        while logged() < 3 && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(logged() == 3)
        // Nothing was recorded, and the listener still serves.
        let next = try client(hook)
        next.send(verification(headBytes: 200))
        #expect(next.readAll(timeout: 5).status == 200)
    }

    @Test func connectionsOverTheCapAreRefusedAtOnceWithoutDelayingTheOpenOnes() throws {
        let hook = try listener()
        defer { hook.stop() }
        var open: [RawClient] = []
        for _ in 0..<64 {
            let c = try client(hook)
            c.send("GET \(Self.verifyTarget) HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            open.append(c)
        }
        Thread.sleep(forTimeInterval: 0.3)
        for _ in 0..<5 {
            let extra = try client(hook)
            let started = Date()
            let refused = extra.readAll(timeout: 5)
            #expect(refused.closed && Date().timeIntervalSince(started) < 1)
            #expect(refused.status == 503 || refused.text.isEmpty, "\(refused.text.prefix(80))")
        }
        // Each of the 64 still gets its answer at once when it completes its request.
        let started = Date()
        for c in open.prefix(8) {
            c.send("\r\n")
            let answer = c.readAll(timeout: 5)
            #expect(answer.status == 200 && answer.body == "4242")
        }
        #expect(Date().timeIntervalSince(started) < 2)
        // The freed places take new connections again.
        let later = try client(hook)
        later.send(verification(headBytes: 300))
        #expect(later.readAll(timeout: 5).status == 200)
        #expect(recorder.lines.contains { $0.contains("503 connection refused") })
    }

    @Test func anUnsignedCloudBodyIs401BeforeItsBodyIsRead() throws {
        let hook = try listener()
        defer { hook.stop() }
        for signature in [nil, "sha256=zz", "sha1=" + String(repeating: "a", count: 64)] {
            let c = try client(hook)
            var head = "POST /webhooks/whatsapp HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n"
            if let signature { head += "X-Hub-Signature-256: \(signature)\r\n" }
            c.send(head + "\r\n")
            let started = Date()
            let answer = c.readAll(timeout: 5)
            #expect(answer.status == 401 && answer.closed && Date().timeIntervalSince(started) < 1)
        }
        #expect(recorder.lines.filter { $0.contains(" 401 ") && $0.contains("(body of 1000000 bytes not read)") }.count == 3)
        // A signed head is given its body's time: no answer before the body.
        let signed = try client(hook)
        signed.send("POST /webhooks/whatsapp HTTP/1.1\r\nContent-Length: 10\r\nX-Hub-Signature-256: sha256=\(String(repeating: "0", count: 64))\r\n\r\n")
        let waiting = signed.readAll(timeout: 0.5)
        #expect(waiting.text.isEmpty && !waiting.closed)
        signed.send("0123456789")
        #expect(signed.readAll(timeout: 5).status == 401)
    }

    @Test func aWrongOrMissingEvolutionSecretIs401BeforeTheBodyIsRead() throws {
        let hook = try listener(evolutionSettings)
        defer { hook.stop() }
        for secret in [nil, "evolution-secret-012345678"] {
            let c = try client(hook)
            var head = "POST /webhooks/evolution HTTP/1.1\r\nContent-Length: 500000\r\n"
            if let secret { head += "\(WebhookSettings.evolutionSecretHeader): \(secret)\r\n" }
            c.send(head + "\r\n")
            let answer = c.readAll(timeout: 5)
            #expect(answer.status == 401 && answer.closed)
        }
        #expect(recorder.lines.filter { $0.contains("401 missing or wrong x-retoma-secret") && $0.contains("not read") }.count == 2)
        #expect(!recorder.lines.joined().contains("evolution-secret"))
        // The right secret: the body is read and handled.
        let body = #"{"event":"messages.upsert","instance":"crm","data":{"key":{"remoteJid":"5511912345678@s.whatsapp.net","fromMe":false,"id":"R1"},"message":{"conversation":"Oi"},"messageTimestamp":1773143000}}"#
        let c = try client(hook)
        c.send("POST /webhooks/evolution HTTP/1.1\r\nContent-Length: \(body.utf8.count)\r\n\(WebhookSettings.evolutionSecretHeader): evolution-secret-0123456789\r\n\r\n")
        Thread.sleep(forTimeInterval: 0.1)
        c.send(body)
        #expect(c.readAll(timeout: 5).status == 200)
        #expect(try store.unassignedConversations().count == 1)
    }

    @Test func aSignedBodyArrivingInPiecesOrAfter100ContinueIsRecorded() throws {
        let deal = try seededDeal(store, phone: "+55 11 98765-4321")
        let hook = try listener()
        defer { hook.stop() }
        let body = cloudWebhook([cloudMessageValue(from: "5511987654321", id: "wamid.P1", text: "Aos pedaços")])
        let signature = WebhookSignature.header(for: Data(body.utf8), secret: "app-secret-for-tests")
        let c = try client(hook)
        let request = Array("POST /webhooks/whatsapp HTTP/1.1\r\nContent-Length: \(body.utf8.count)\r\nX-Hub-Signature-256: \(signature)\r\n\r\n\(body)".utf8)
        var i = 0
        while i < request.count {
            c.send(Array(request[i..<min(i + 97, request.count)]))
            i += 97
            Thread.sleep(forTimeInterval: 0.005)
        }
        #expect(c.readAll(timeout: 5).status == 200)

        let body2 = cloudWebhook([cloudMessageValue(from: "5511987654321", id: "wamid.P2", text: "Depois do 100")])
        let expecting = try client(hook)
        expecting.send("POST /webhooks/whatsapp HTTP/1.1\r\nContent-Length: \(body2.utf8.count)\r\nExpect: 100-continue\r\nX-Hub-Signature-256: \(WebhookSignature.header(for: Data(body2.utf8), secret: "app-secret-for-tests"))\r\n\r\n")
        #expect(expecting.readSome(timeout: 2).hasPrefix("HTTP/1.1 100 Continue\r\n\r\n"))
        expecting.send(body2)
        #expect(expecting.readAll(timeout: 5).status == 200)
        #expect(try store.dealDetail(id: deal.id).messages.filter { $0.author == .customer }.map(\.text) == ["Aos pedaços", "Depois do 100"])
    }

    @Test(arguments: [
        ("GARBAGE\r\n\r\n", 400),
        ("GET  /webhooks/whatsapp HTTP/1.1\r\n\r\n", 400),
        ("GET /webhooks/whatsapp HTTP/2.0\r\n\r\n", 400),
        ("GET /webhooks/whatsapp HTTP/1.1\r\nno colon here\r\n\r\n", 400),
        ("GET /webhooks/whatsapp HTTP/1.1\r\n folded: header\r\n\r\n", 400),
        ("POST /webhooks/whatsapp HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411),
        ("POST /webhooks/whatsapp HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400),
        ("POST /webhooks/whatsapp HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", 400),
        ("POST /webhooks/whatsapp HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
        ("POST /webhooks/whatsapp HTTP/1.1\r\nContent-Length: 1e3\r\n\r\n", 400),
        ("GET \(verifyTarget) HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n", 413),
        ("PUT /webhooks/whatsapp HTTP/1.1\r\nContent-Length: 5000000\r\n\r\n", 405),
        ("POST /elsewhere HTTP/1.1\r\nContent-Length: 5000000\r\n\r\n", 404),
    ])
    func malformedOrRefusedHeadsAreAnsweredBeforeAnyBody(head: String, status: Int) throws {
        let hook = try listener()
        defer { hook.stop() }
        let c = try client(hook)
        c.send(head)
        let answer = c.readAll(timeout: 5)
        #expect(answer.status == status && answer.closed, "\(answer.text.prefix(80))")
        let next = try client(hook)
        next.send(verification(headBytes: 300))
        #expect(next.readAll(timeout: 5).status == 200)
    }

    @Test func runningOutOfFileDescriptorsNeitherSpinsNorStopsTheListener() throws {
        let failing = Flag(true)
        var calls = WebhookSyscalls()
        let real = calls.accept
        calls.accept = { fd in
            if failing.value { errno = EMFILE; return -1 }
            return real(fd)
        }
        let hook = try listener(syscalls: calls)
        defer { hook.stop() }
        // A connection waits in the backlog while accept(2) fails: poll(2) reports it every time.
        let waiting = try client(hook)
        waiting.send(verification(headBytes: 300))
        Thread.sleep(forTimeInterval: 0.2)
        let before = hook.loopPasses
        Thread.sleep(forTimeInterval: 1)
        let passes = hook.loopPasses - before
        #expect(passes <= 10, "\(passes) passes in 1 s while out of descriptors")
        #expect(recorder.lines.contains { $0.contains("cannot accept connections") && $0.contains("pausing for 250 ms") })
        // Descriptors again: the waiting connection is served.
        failing.value = false
        #expect(waiting.readAll(timeout: 5).status == 200)
    }

    @Test func aFloodOfRefusalsIsLoggedWithinABudget() throws {
        var log = RefusalLog()
        var lines: [String] = []
        let start: UInt64 = 1_000_000_000
        for i in 0..<500 { log.note(.tooMany, start + UInt64(i) * 1_000_000) }
        log.flush(start + 500_000_000, log: { lines.append($0) })
        #expect(lines.count == RefusalLog.budget)
        log.flush(start + RefusalLog.window + 1, log: { lines.append($0) })
        #expect(lines.count == RefusalLog.budget + 1)
        #expect(lines.last?.contains("480 more refusal(s)") == true, "\(lines.last ?? "")")
    }
}

final class Flag: Sendable {
    private let state: Mutex<Bool>
    init(_ value: Bool = false) { state = Mutex(value) }
    var value: Bool {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}

/// A blocking loopback TCP client on raw sockets.
final class RawClient: @unchecked Sendable {
    let fd: Int32

    init(port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); throw TestFailure("connect: \(errno)") }
    }

    deinit { close(fd) }

    /// False once the server has closed or reset the connection.
    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    struct Answer {
        var text: String
        /// The server closed (or reset) the connection.
        var closed: Bool
        var status: Int? {
            guard text.hasPrefix("HTTP/1.1 "), text.count >= 12 else { return nil }
            return Int(text.dropFirst(9).prefix(3))
        }
        var body: String { text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n") }
    }

    /// Reads until the server closes or `timeout` passes.
    func readAll(timeout: TimeInterval) -> Answer {
        var bytes: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return Answer(text: String(decoding: bytes, as: UTF8.self), closed: false) }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, Int32(left * 1000) + 1) <= 0 { continue }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return Answer(text: String(decoding: bytes, as: UTF8.self), closed: true) }
            bytes.append(contentsOf: buffer[0..<n])
        }
    }

    /// What arrives first, within `timeout`.
    func readSome(timeout: TimeInterval) -> String {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, Int32(timeout * 1000)) > 0 else { return "" }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buffer, buffer.count, 0)
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
    }
}
