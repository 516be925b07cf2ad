// The webhook's HTTP server is our own: BSD sockets and poll(2) on one thread. It shares a process with the
// engine and the board, so whoever can reach the port must not be able to exhaust it. FlyingFox 0.27.1, used
// before, cannot be made to resist that: it has no limit on the request line and headers, no read timeout (its
// `timeout` bounds only the handler), no cap on connections, and one task per connection. Hummingbird could,
// but costs minutes of first build on every CI run for what is one request per connection, GET or POST with a
// Content-Length. Every limit lives here, in one loop (docs/whatsapp.md, "The webhook listener").
import Foundation
import Glibc
import RetomaCore
import Synchronization

public struct WebhookListenerError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Another process (another `retoma`) already listens there.
    public var addressInUse: Bool
    public init(_ message: String, addressInUse: Bool = false) { self.message = message; self.addressInUse = addressInUse }
    public var description: String { message }
}

/// What one client may hold of the listener.
public struct WebhookLimits: Sendable, Equatable {
    /// The request line and headers, with their final empty line (431 beyond).
    public var maxHeaderBytes: Int
    /// From the connection's acceptance to the last byte of its body (408, then closed).
    public var requestTimeout: TimeInterval
    /// Open connections; the rest are answered 503 and closed at once.
    public var maxConnections: Int

    public init(maxHeaderBytes: Int = 16_384, requestTimeout: TimeInterval = 10, maxConnections: Int = 64) {
        self.maxHeaderBytes = maxHeaderBytes; self.requestTimeout = requestTimeout; self.maxConnections = maxConnections
    }

    public static let standard = WebhookLimits()
}

/// The inbound webhook's HTTP server (plain HTTP/1.1 on one IPv4 address, one request per connection; put a
/// TLS reverse proxy in front of it in production). Headers are read within `limits`; a request the headers
/// already show to be refused (unsigned, too large, another path) is answered before its body is read. A body
/// is then read up to the size limit and handed, with its exact bytes, to `WebhookHandler`, which runs on one
/// serial queue so the blocking store calls never hold up the sockets.
public final class WebhookListener: Sendable {
    public let address: ListenAddress
    let handler: WebhookHandler
    let log: @Sendable (String) -> Void
    let limits: WebhookLimits
    let syscalls: WebhookSyscalls
    private let queue = DispatchQueue(label: "retoma.webhook")
    private let state = Mutex(State())

    private struct State {
        var loop: WebhookLoop?
        var port: UInt16?
        var stopped = false
        var retrying = false
    }

    public convenience init(address: ListenAddress, handler: WebhookHandler, log: @escaping @Sendable (String) -> Void,
                            limits: WebhookLimits = .standard) {
        self.init(address: address, handler: handler, log: log, limits: limits, syscalls: WebhookSyscalls())
    }

    init(address: ListenAddress, handler: WebhookHandler, log: @escaping @Sendable (String) -> Void,
         limits: WebhookLimits, syscalls: WebhookSyscalls) {
        self.address = address; self.handler = handler; self.log = log; self.limits = limits; self.syscalls = syscalls
    }

    /// The port it listens on (useful with port 0); nil while not listening.
    public var port: UInt16? { state.withLock { $0.port } }

    public var isListening: Bool { port != nil }

    /// Binds and starts serving on a thread of its own; returns once it listens. Throws when the address cannot
    /// be had (in use by another process, not an address of this machine). Never blocks for long.
    public func start() throws(WebhookListenerError) {
        if isListening { return }
        let fd = try Self.bind(address)
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let port = named == 0 ? UInt16(bigEndian: bound.sin_port) : address.port
        let loop: WebhookLoop
        do {
            loop = try WebhookLoop(listenFD: fd, handler: handler, queue: queue, limits: limits, syscalls: syscalls, log: log)
        } catch {
            close(fd)
            throw error
        }
        let replaced = state.withLock { s -> Bool in
            if s.loop != nil { return false }
            s.loop = loop; s.port = port; s.stopped = false
            return true
        }
        guard replaced else { loop.discard(); return }
        loop.run()
        log("webhook listening on \(address.host):\(port)")
    }

    /// `start()` for async callers.
    public func listen() async throws(WebhookListenerError) {
        try start()
    }

    /// Starts now if it can; otherwise (another `retoma` holds the address) keeps trying every `interval`
    /// seconds on a background thread until it listens or `stop()` is called, so one of the running
    /// processes always receives the webhooks. Other errors are logged and end the attempts.
    public func startOrKeepTrying(every interval: TimeInterval = 5) {
        do {
            try start()
        } catch {
            log(error.addressInUse ? "\(error.message); another process is serving the webhook, retrying every \(Int(interval)) s"
                                   : error.message)
            guard error.addressInUse else { return }
            let go = state.withLock { s -> Bool in
                if s.retrying || s.stopped { return false }
                s.retrying = true
                return true
            }
            guard go else { return }
            let thread = Thread { [self] in
                defer { state.withLock { $0.retrying = false } }
                while !state.withLock({ $0.stopped }) {
                    Thread.sleep(forTimeInterval: interval)
                    if state.withLock({ $0.stopped }) { return }
                    do throws(WebhookListenerError) {
                        try start()
                        return
                    } catch {
                        if error.addressInUse { continue }
                        log(error.message)
                        return
                    }
                }
            }
            thread.name = "retoma-webhook-bind"
            thread.start()
        }
    }

    /// Stops listening without waiting: the port is released within a moment (the loop closes every socket
    /// on its next pass). Never blocks, so it is safe anywhere.
    public func stop() {
        guard let loop = takeLoop() else { return }
        loop.requestStop()
        log("webhook stopped")
    }

    /// Stops listening and returns once the port is released.
    public func shutdown() async {
        guard let loop = takeLoop() else { return }
        loop.requestStop()
        await loop.finished()
        log("webhook stopped")
    }

    private func takeLoop() -> WebhookLoop? {
        state.withLock { s -> WebhookLoop? in
            defer { s.loop = nil; s.port = nil; s.stopped = true }
            return s.loop
        }
    }

    /// How many passes the socket loop has made (tests: it must not spin).
    var loopPasses: Int { state.withLock { $0.loop }?.passes ?? 0 }

    private static func bind(_ address: ListenAddress) throws(WebhookListenerError) -> Int32 {
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = address.port.bigEndian
        guard inet_pton(AF_INET, address.host, &socketAddress.sin_addr) == 1 else {
            throw WebhookListenerError("RETOMA_WEBHOOK_LISTEN: \(address.host) is not an IPv4 address")
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw WebhookListenerError("cannot listen on \(address): socket: \(String(cString: strerror(errno)))") }
        // Lets a restarted process bind past connections in TIME_WAIT; a live listener still holds the address.
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if bound != 0 || Glibc.listen(fd, 512) != 0 {
            let code = errno
            close(fd)
            throw WebhookListenerError("cannot listen on \(address): \(String(cString: strerror(code)))",
                                       addressInUse: code == EADDRINUSE)
        }
        return fd
    }
}

/// The system calls the loop makes where the tests inject failures (descriptors running out).
struct WebhookSyscalls: Sendable {
    var accept: @Sendable (Int32) -> Int32 = { fd in
        let accepted = Glibc.accept(fd, nil, nil)
        if accepted >= 0 { nonBlockingCloseOnExec(accepted) }
        return accepted
    }
}

/// accept4(2) and pipe2(2) do not import (they need _GNU_SOURCE): set the flags afterwards.
func nonBlockingCloseOnExec(_ fd: Int32) {
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
}

/// One HTTP/1.1 request as read off a socket: the head parsed, the body once it has all arrived.
struct WebhookWireHead: Equatable {
    var method: String
    /// The target as sent (path and query).
    var target: String
    /// Names in lower case; the first of repeated headers.
    var headers: [String: String]
    var contentLength: Int

    enum Failure: Error, Equatable {
        case malformed(String)
        /// 411: the body's size must be announced.
        case lengthRequired
    }

    /// Parses the request line and headers (`head`: everything before the empty line, without it).
    static func parse(_ head: ArraySlice<UInt8>) -> Result<WebhookWireHead, Failure> {
        var lines: [ArraySlice<UInt8>] = []
        var start = head.startIndex
        var i = head.startIndex
        while i < head.endIndex {
            if head[i] == UInt8(ascii: "\r"), i + 1 < head.endIndex, head[i + 1] == UInt8(ascii: "\n") {
                lines.append(head[start..<i]); i += 2; start = i
            } else {
                i += 1
            }
        }
        lines.append(head[start..<head.endIndex])
        let requestLine = lines[0].split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard requestLine.count == 3, let method = ascii(requestLine[0]), !method.isEmpty,
              method.utf8.allSatisfy({ isToken($0) }), let target = ascii(requestLine[1]), target.hasPrefix("/"),
              let version = ascii(requestLine[2]), version == "HTTP/1.1" || version == "HTTP/1.0" else {
            return .failure(.malformed("a malformed request line"))
        }
        var headers: [String: String] = [:]
        var lengths: Set<String> = []
        var chunked = false
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                  line[line.startIndex..<colon].allSatisfy({ isToken($0) }) else {
                return .failure(.malformed("a malformed header line"))
            }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .init(charactersIn: " \t"))
            if name == "content-length" { lengths.insert(value) }
            if name == "transfer-encoding" { chunked = true }
            if headers[name] == nil { headers[name] = value }
        }
        if chunked { return .failure(.lengthRequired) }
        var length = 0
        if let only = lengths.first {
            // Digits only, at most 18 of them: never an overflow, never two answers to "how long".
            guard lengths.count == 1, !only.isEmpty, only.utf8.count <= 18, only.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  let n = Int(only) else {
                return .failure(.malformed("a malformed Content-Length"))
            }
            length = n
        }
        return .success(WebhookWireHead(method: method.uppercased(), target: target, headers: headers, contentLength: length))
    }

    /// The request the handler sees (the path decoded, the query's first values).
    func request(body: Data) -> WebhookRequest? {
        guard let components = URLComponents(string: target) else { return nil }
        let path = URL(string: components.percentEncodedPath)?.standardized.path ?? components.path
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] where query[item.name] == nil { query[item.name] = item.value ?? "" }
        return WebhookRequest(method: method, path: path, query: query, headers: headers, body: body)
    }

    private static func ascii(_ bytes: ArraySlice<UInt8>) -> String? {
        bytes.allSatisfy({ $0 > 32 && $0 < 127 }) ? String(decoding: bytes, as: UTF8.self) : nil
    }

    private static func isToken(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(c)
        }
    }
}

/// The socket loop: one thread, non-blocking sockets, poll(2). Everything but `inbox` belongs to that thread.
final class WebhookLoop: @unchecked Sendable {
    private let listenFD: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let handler: WebhookHandler
    private let queue: DispatchQueue
    private let limits: WebhookLimits
    private let syscalls: WebhookSyscalls
    private let log: @Sendable (String) -> Void

    /// Shared with the handler's queue and `stop()`.
    private struct Inbox {
        var answers: [(connection: UInt64, response: WebhookResponse)] = []
        var stop = false
        /// Set once the wake pipe is closed: nobody writes to it any more.
        var closed = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var passes = 0
    }
    private let inbox = Mutex(Inbox())

    private enum Phase { case head, body, handling, writing, draining }

    private struct Connection {
        let id: UInt64
        let fd: Int32
        var phase: Phase = .head
        var bytes: [UInt8] = []
        var head: WebhookWireHead?
        /// How far the search for the end of the head has gone.
        var scanned = 0
        var bodyStart = 0
        /// The request's deadline while it arrives, then the answer's, then the drain's.
        var deadline: UInt64
        var output: [UInt8] = []
        var written = 0
        /// Answered before the whole request was read: read what the client still sends for a moment before
        /// closing, so the close does not reset the connection before the answer is read.
        var drainAfterWrite = false
    }

    private var connections: [Int32: Connection] = [:]
    private var handling: [UInt64: Connection] = [:]
    private var nextID: UInt64 = 1
    /// A descriptor kept open to be given up when accept(2) meets EMFILE, so the waiting connection can be
    /// accepted and closed instead of staying in the backlog and waking poll(2) at once, forever.
    private var reserveFD: Int32 = -1
    /// Accepting is paused until then (no descriptor could be had even so).
    private var acceptPausedUntil: UInt64 = 0
    private var readBuffer = [UInt8](repeating: 0, count: 65_536)
    private var refusals = RefusalLog()

    private static let drainTime: UInt64 = 1_000_000_000
    private static let maxAcceptsPerPass = 64
    private static let maxReadsPerPass = 16

    init(listenFD: Int32, handler: WebhookHandler, queue: DispatchQueue, limits: WebhookLimits, syscalls: WebhookSyscalls,
         log: @escaping @Sendable (String) -> Void) throws(WebhookListenerError) {
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else {
            throw WebhookListenerError("cannot listen: pipe: \(String(cString: strerror(errno)))")
        }
        nonBlockingCloseOnExec(pipeFDs[0]); nonBlockingCloseOnExec(pipeFDs[1])
        self.listenFD = listenFD; wakeRead = pipeFDs[0]; wakeWrite = pipeFDs[1]
        self.handler = handler; self.queue = queue; self.limits = limits; self.syscalls = syscalls; self.log = log
        reserveFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
    }

    var passes: Int { inbox.withLock { $0.passes } }

    func run() {
        let thread = Thread { [self] in serve() }
        thread.name = "retoma-webhook"
        thread.start()
    }

    /// Closes what `init` opened, when the loop is never run.
    func discard() {
        close(listenFD); close(wakeRead); close(wakeWrite)
        if reserveFD >= 0 { close(reserveFD) }
    }

    func requestStop() {
        inbox.withLock { $0.stop = true }
        wake()
    }

    /// Returns once every socket is closed.
    func finished() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = inbox.withLock { box -> Bool in
                if box.closed { return true }
                box.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    private func wake() {
        inbox.withLock { box in
            guard !box.closed else { return }
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
        }
    }

    private static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    private func nanoseconds(_ seconds: TimeInterval) -> UInt64 {
        UInt64(min(max(seconds, 0), 86_400) * 1e9)
    }

    private func serve() {
        var fds: [pollfd] = []
        while true {
            let (stop, answers) = inbox.withLock { box -> (Bool, [(connection: UInt64, response: WebhookResponse)]) in
                box.passes += 1
                defer { box.answers.removeAll() }
                return (box.stop, box.answers)
            }
            if stop { break }
            for answer in answers { answered(answer.connection, answer.response) }
            let now = Self.now()
            expire(now)
            refusals.flush(now, log: log)

            fds.removeAll(keepingCapacity: true)
            fds.append(pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0))
            let accepting = now >= acceptPausedUntil
            if accepting { fds.append(pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)) }
            var earliest = accepting ? UInt64.max : acceptPausedUntil
            for connection in connections.values {
                let events = connection.phase == .writing ? Int16(POLLOUT) : Int16(POLLIN)
                fds.append(pollfd(fd: connection.fd, events: events, revents: 0))
                earliest = min(earliest, connection.deadline)
            }
            // Lines noted while serving are written on the next turn at once; counts wait for their window's end.
            if refusals.pending { earliest = min(earliest, refusals.hasLines ? now : refusals.windowEnd) }
            let timeout: Int32 = earliest == .max ? -1 : Int32(min((earliest > now ? earliest - now : 0) / 1_000_000 + 1, 60_000))
            let ready = poll(&fds, nfds_t(fds.count), timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                log("webhook: poll failed: \(String(cString: strerror(errno)))")
                Thread.sleep(forTimeInterval: 0.1)
                continue
            }
            for entry in fds where entry.revents != 0 {
                if entry.fd == wakeRead {
                    var sink = [UInt8](repeating: 0, count: 256)
                    while read(wakeRead, &sink, sink.count) > 0 {}
                } else if entry.fd == listenFD {
                    acceptWaiting()
                } else if connections[entry.fd] != nil {
                    service(entry.fd, entry.revents)
                }
            }
        }
        for connection in connections.values { close(connection.fd) }
        for connection in handling.values { close(connection.fd) }
        connections.removeAll(); handling.removeAll()
        close(listenFD)
        if reserveFD >= 0 { close(reserveFD) }
        close(wakeRead)
        let waiters = inbox.withLock { box -> [CheckedContinuation<Void, Never>] in
            close(wakeWrite)
            box.closed = true
            defer { box.waiters.removeAll() }
            return box.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    // MARK: - Accepting

    private func acceptWaiting() {
        for _ in 0..<Self.maxAcceptsPerPass {
            let fd = syscalls.accept(listenFD)
            if fd >= 0 {
                adopt(fd)
                continue
            }
            switch errno {
            case EAGAIN, EWOULDBLOCK:
                return
            case EINTR, ECONNABORTED, EPROTO:
                continue
            case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                // Out of descriptors: give up the reserve to take the waiting connection and close it.
                let code = errno
                if reserveFD >= 0 {
                    close(reserveFD)
                    reserveFD = -1
                    let taken = syscalls.accept(listenFD)
                    if taken >= 0 { close(taken) }
                    reserveFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
                    if taken >= 0 {
                        refusals.note(.noDescriptors, Self.now())
                        continue
                    }
                }
                pauseAccepting(code)
                return
            default:
                pauseAccepting(errno)
                return
            }
        }
    }

    private func pauseAccepting(_ code: Int32) {
        acceptPausedUntil = Self.now() + 250_000_000
        refusals.note(.acceptFailed(String(cString: strerror(code))), Self.now())
    }

    private func adopt(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        guard connections.count + handling.count < limits.maxConnections else {
            // Refused at once, without reading: the open ones are not delayed.
            let answer = Self.encode(WebhookResponse(status: 503, body: "too many connections\n"))
            _ = answer.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            close(fd)
            refusals.note(.tooMany, Self.now())
            return
        }
        connections[fd] = Connection(id: nextID, fd: fd, deadline: Self.now() + nanoseconds(limits.requestTimeout))
        nextID += 1
    }

    // MARK: - Reading and answering

    private func service(_ fd: Int32, _ revents: Int16) {
        guard var connection = connections[fd] else { return }
        if connection.phase == .writing {
            if revents & Int16(POLLOUT) != 0 { flush(&connection) } else { finish(connection) }
            return
        }
        // A bounded number of reads per pass, so one fast sender cannot hold the loop.
        for _ in 0..<Self.maxReadsPerPass {
            let n = readBuffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                if connection.phase == .draining { continue }
                connection.bytes.append(contentsOf: readBuffer[0..<n])
                if !advance(&connection) { return }
                if connection.phase != .head && connection.phase != .body { return }
                continue
            }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                connections[fd] = connection
                return
            }
            if n < 0 && errno == EINTR { continue }
            // The client closed (or reset) before its request was complete, or after our answer.
            finish(connection)
            return
        }
        connections[fd] = connection
    }

    /// Moves the connection on with what has arrived; false when it is closed or handed on.
    private func advance(_ connection: inout Connection) -> Bool {
        if connection.phase == .head {
            let searchFrom = max(0, connection.scanned - 3)
            connection.scanned = connection.bytes.count
            guard let end = Self.headEnd(connection.bytes, from: searchFrom) else {
                if connection.bytes.count > limits.maxHeaderBytes {
                    refuseEarly(&connection, 431, "request line and headers over \(limits.maxHeaderBytes) bytes")
                    return false
                }
                connections[connection.fd] = connection
                return true
            }
            guard end + 4 <= limits.maxHeaderBytes else {
                refuseEarly(&connection, 431, "request line and headers over \(limits.maxHeaderBytes) bytes")
                return false
            }
            let head: WebhookWireHead
            switch WebhookWireHead.parse(connection.bytes[0..<end]) {
            case .success(let parsed): head = parsed
            case .failure(.malformed(let why)): refuseEarly(&connection, 400, why); return false
            case .failure(.lengthRequired): refuseEarly(&connection, 411, "a body without a Content-Length"); return false
            }
            guard let bare = head.request(body: Data()) else {
                refuseEarly(&connection, 400, "a malformed request target")
                return false
            }
            if let refusal = handler.refusalBeforeBody(bare, bodyLength: head.contentLength) {
                // Logged by the handler.
                answer(&connection, refusal, drain: true)
                return false
            }
            if head.contentLength > 0, head.headers["expect"]?.lowercased() == "100-continue" {
                let proceed = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
                _ = proceed.withUnsafeBytes { send(connection.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            }
            connection.head = head
            connection.bodyStart = end + 4
            connection.phase = .body
        }
        guard let head = connection.head else { return false }
        guard connection.bytes.count - connection.bodyStart >= head.contentLength else {
            connections[connection.fd] = connection
            return true
        }
        let body = Data(connection.bytes[connection.bodyStart..<(connection.bodyStart + head.contentLength)])
        connection.bytes = []
        guard let request = head.request(body: body) else {
            refuseEarly(&connection, 400, "a malformed request target")
            return false
        }
        // The whole request is here: the handler runs on its serial queue, the socket waits out of poll(2).
        connection.phase = .handling
        connections[connection.fd] = nil
        handling[connection.id] = connection
        let id = connection.id
        let handler = self.handler
        queue.async { [self] in
            let response = handler.handle(request)
            inbox.withLock { $0.answers.append((id, response)) }
            wake()
        }
        return false
    }

    private static func headEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var i = start
        while i + 3 < bytes.count {
            if bytes[i] == 13, bytes[i + 1] == 10, bytes[i + 2] == 13, bytes[i + 3] == 10 { return i }
            i += 1
        }
        return nil
    }

    private func answered(_ id: UInt64, _ response: WebhookResponse) {
        guard var connection = handling.removeValue(forKey: id) else { return }
        answer(&connection, response, drain: false)
    }

    /// A refusal of the listener's own (the handler never saw the request), logged within the log's budget.
    private func refuseEarly(_ connection: inout Connection, _ status: Int, _ why: String) {
        refusals.note(.refused(status, why), Self.now())
        answer(&connection, WebhookResponse(status: status, body: "\(why)\n"), drain: true)
    }

    private func answer(_ connection: inout Connection, _ response: WebhookResponse, drain: Bool) {
        connection.output = Self.encode(response)
        connection.written = 0
        connection.phase = .writing
        connection.drainAfterWrite = drain
        connection.bytes = []
        connection.deadline = Self.now() + nanoseconds(limits.requestTimeout)
        flush(&connection)
    }

    private func flush(_ connection: inout Connection) {
        while connection.written < connection.output.count {
            let n = connection.output[connection.written...].withUnsafeBytes {
                send(connection.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if n > 0 { connection.written += n; continue }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                connections[connection.fd] = connection
                return
            }
            finish(connection)
            return
        }
        guard connection.drainAfterWrite else { finish(connection); return }
        shutdown(connection.fd, Int32(SHUT_WR))
        connection.phase = .draining
        connection.deadline = Self.now() + Self.drainTime
        connections[connection.fd] = connection
    }

    private func finish(_ connection: Connection) {
        connections[connection.fd] = nil
        close(connection.fd)
    }

    /// Requests that have not arrived in time get a 408; answers and drains that take too long are cut.
    private func expire(_ now: UInt64) {
        for var connection in connections.values where connection.deadline <= now {
            switch connection.phase {
            case .head, .body:
                refuseEarly(&connection, 408, "request not complete within \(Self.seconds(limits.requestTimeout))")
            case .writing, .draining, .handling:
                finish(connection)
            }
        }
    }

    private static func seconds(_ t: TimeInterval) -> String {
        t == t.rounded() ? "\(Int(t)) s" : String(format: "%.1f s", t)
    }

    static func encode(_ response: WebhookResponse) -> [UInt8] {
        let body = Array(response.body.utf8)
        let head = "HTTP/1.1 \(response.status) \(phrase(response.status))\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        return Array(head.utf8) + body
    }

    private static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}

/// The listener's own refusals, logged one line each up to a budget per ten seconds, then counted, so a flood
/// cannot fill the log.
struct RefusalLog {
    enum Kind: Hashable {
        case refused(Int, String)
        case tooMany
        case noDescriptors
        case acceptFailed(String)

        var line: String {
            switch self {
            case .refused(let status, let why): "webhook: \(status) \(why); connection closed"
            case .tooMany: "webhook: 503 connection refused: the limit of open connections is reached"
            case .noDescriptors: "webhook: connection refused: the process is out of file descriptors"
            case .acceptFailed(let why): "webhook: cannot accept connections (\(why)); pausing for 250 ms"
            }
        }
    }

    static let window: UInt64 = 10_000_000_000
    static let budget = 20

    private(set) var windowEnd: UInt64 = 0
    private var logged = 0
    private var unlogged: [Kind: Int] = [:]
    private var toLog: [String] = []

    var pending: Bool { !unlogged.isEmpty || !toLog.isEmpty }
    var hasLines: Bool { !toLog.isEmpty }

    mutating func note(_ kind: Kind, _ now: UInt64) {
        if now >= windowEnd {
            roll()
            windowEnd = now + Self.window
        }
        if logged < Self.budget {
            logged += 1
            toLog.append(kind.line)
        } else {
            unlogged[kind, default: 0] += 1
        }
    }

    /// Writes the lines due, and once a window has passed, how many were not written.
    mutating func flush(_ now: UInt64, log: (String) -> Void) {
        if now >= windowEnd { roll() }
        for line in toLog { log(line) }
        toLog.removeAll()
    }

    /// Ends the window: the count of what was not logged becomes a line of its own.
    private mutating func roll() {
        logged = 0
        guard !unlogged.isEmpty else { return }
        let total = unlogged.values.reduce(0, +)
        let kinds = unlogged.sorted { $0.value > $1.value }.prefix(3).map { "\($0.value) × \($0.key.line.dropFirst(9))" }
        toLog.append("webhook: \(total) more refusal(s) in the last 10 s not logged one by one: \(kinds.joined(separator: "; "))")
        unlogged.removeAll()
    }
}
