import Foundation
import Glibc

/// A request as the test server received it.
public struct RecordedRequest: Sendable {
    public var method: String
    /// Path and query, e.g. "/v1/chat/completions".
    public var target: String
    public var headers: [(name: String, value: String)]
    public var body: Data

    /// The first value of a header, name compared without case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as a JSON object, or nil.
    public var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }
}

/// What the test server answers to one request.
public struct ScriptedResponse: Sendable {
    public enum Length: Sendable {
        /// A Content-Length header announces the body.
        case announced
        /// No Content-Length: the body ends when the server closes the connection.
        case untilClose
    }

    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Data
    /// The body is sent this many times in a row (a large body without holding it in memory).
    public var bodyRepeat: Int
    public var length: Length
    /// Waits this long before sending anything (a slow server).
    public var delay: TimeInterval

    public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: Data = Data(),
                bodyRepeat: Int = 1, length: Length = .announced, delay: TimeInterval = 0) {
        self.status = status; self.headers = headers; self.body = body; self.bodyRepeat = bodyRepeat
        self.length = length; self.delay = delay
    }

    public static func text(_ text: String, status: Int = 200, headers: [(name: String, value: String)] = [],
                            delay: TimeInterval = 0) -> ScriptedResponse {
        ScriptedResponse(status: status, headers: headers, body: Data(text.utf8), delay: delay)
    }

    public static func json(_ text: String, status: Int = 200, headers: [(name: String, value: String)] = [],
                            delay: TimeInterval = 0) -> ScriptedResponse {
        ScriptedResponse(status: status, headers: [("Content-Type", "application/json")] + headers,
                         body: Data(text.utf8), delay: delay)
    }
}

/// A small HTTP/1.1 server on 127.0.0.1 with an ephemeral port, for tests: it records every request and
/// answers from a handler. One request per connection, each connection on its own thread, so a slow
/// answer never holds up the others. Call `stop()` when done (its threads keep it alive until then).
public final class LoopbackHTTPServer: @unchecked Sendable {
    public typealias Handler = @Sendable (RecordedRequest) -> ScriptedResponse

    public let port: UInt16
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private let listener: Int32
    private let lock = NSLock()
    private var handler: Handler
    private var recorded: [RecordedRequest] = []
    private var stopped = false
    private let acceptDone = DispatchSemaphore(value: 0)

    /// Starts listening at once; throws when no socket can be had.
    public init(handler: @escaping Handler = { _ in .text("ok") }) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError("socket() failed: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw ServerError("bind/listen on 127.0.0.1 failed: errno \(errno)")
        }
        var actual = sockaddr_in()
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &size) }
        }
        self.listener = fd
        self.port = UInt16(bigEndian: actual.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Replaces the handler for requests that arrive from now on.
    public func respond(with handler: @escaping Handler) {
        lock.withLock { self.handler = handler }
    }

    /// Answers the next requests with these responses in order; the last one repeats.
    public func script(_ responses: [ScriptedResponse]) {
        precondition(!responses.isEmpty)
        let counter = Counter()
        respond { _ in responses[min(counter.next(), responses.count - 1)] }
    }

    /// Every request received so far, oldest first.
    public var requests: [RecordedRequest] { lock.withLock { recorded } }

    public func stop() {
        let first: Bool = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        acceptDone.wait()
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func acceptLoop() {
        defer { acceptDone.signal() }
        while !isStopped {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            let connection = Thread { [self] in serve(client) }
            connection.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = readRequest(fd) else { return }
        let response: ScriptedResponse = lock.withLock {
            recorded.append(request)
            return handler
        }(request)
        if response.delay > 0 {
            // Sleeps in small steps so stop() is never held up for long.
            let end = Date().addingTimeInterval(response.delay)
            while Date() < end, !isStopped { usleep(10_000) }
            if isStopped { return }
        }
        write(response, to: fd)
    }

    private func readRequest(_ fd: Int32) -> RecordedRequest? {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        let separator = Data("\r\n\r\n".utf8)
        var headerEnd: Range<Data.Index>?
        while headerEnd == nil {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return nil }
            data.append(buffer, count: n)
            headerEnd = data.range(of: separator)
            if data.count > 1_000_000 { return nil }
        }
        let head = String(decoding: data[..<headerEnd!.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((name: String(line[..<colon]),
                            value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var body = Data(data[headerEnd!.upperBound...])
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        while body.count < length {
            let n = recv(fd, &buffer, min(buffer.count, length - body.count), 0)
            if n <= 0 { return nil }
            body.append(buffer, count: n)
        }
        return RecordedRequest(method: String(requestLine[0]), target: String(requestLine[1]),
                               headers: headers, body: body)
    }

    private func write(_ response: ScriptedResponse, to fd: Int32) {
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\nConnection: close\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        if response.length == .announced { head += "Content-Length: \(response.body.count * response.bodyRepeat)\r\n" }
        head += "\r\n"
        guard sendAll(fd, Data(head.utf8)) else { return }
        for _ in 0..<response.bodyRepeat {
            if isStopped || !sendAll(fd, response.body) { return }
        }
    }

    /// MSG_NOSIGNAL: a client that hung up must not kill the test process with SIGPIPE.
    private func sendAll(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 302: "Found"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 408: "Request Timeout"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}

public struct ServerError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// A thread-safe counter for scripted sequences.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.withLock { defer { value += 1 }; return value } }
}
