import FlyingFox
import FlyingSocks
import Foundation
import RetomaCore
import Synchronization

public struct WebhookListenerError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Another process (another `retoma`) already listens there.
    public var addressInUse: Bool
    public init(_ message: String, addressInUse: Bool = false) { self.message = message; self.addressInUse = addressInUse }
    public var description: String { message }
}

/// The inbound webhook's HTTP server (FlyingFox, plain HTTP on one address; put a TLS reverse proxy in front of
/// it in production). Bodies are read up to the size limit and handed, with their exact bytes, to
/// `WebhookHandler`, which runs on one serial queue so the blocking store calls never hold up the
/// server's own threads.
public final class WebhookListener: Sendable {
    public let address: ListenAddress
    let handler: WebhookHandler
    let log: @Sendable (String) -> Void
    private let queue = DispatchQueue(label: "retoma.webhook")
    private let state = Mutex(State())

    private struct State {
        var server: HTTPServer?
        var task: Task<Void, Never>?
        var port: UInt16?
        var stopped = false
        var retrying = false
    }

    public init(address: ListenAddress, handler: WebhookHandler, log: @escaping @Sendable (String) -> Void) {
        self.address = address; self.handler = handler; self.log = log
    }

    /// The port it listens on (useful with port 0); nil while not listening.
    public var port: UInt16? { state.withLock { $0.port } }

    public var isListening: Bool { port != nil }

    /// Binds and starts serving; returns once it listens. Throws when the address cannot be had (in use by
    /// another process, not an address of this machine). Blocks the calling thread: call it from a thread of
    /// your own (the main thread, the engine's), not from Swift concurrency's pool, which serves the requests;
    /// async code calls `listen()`.
    public func start() throws(WebhookListenerError) {
        let box = OutcomeBox()
        let ready = DispatchSemaphore(value: 0)
        Task.detached {
            do throws(WebhookListenerError) {
                try await self.listen()
                box.value.withLock { $0 = .success(0) }
            } catch {
                box.value.withLock { $0 = .failure(error) }
            }
            ready.signal()
        }
        _ = ready.wait(timeout: .now() + 20)
        switch box.value.withLock({ $0 }) {
        case .success?: return
        case .failure(let error)?: throw error
        case nil: throw WebhookListenerError("cannot listen on \(address): the server did not start in time")
        }
    }

    /// `start()` for async callers.
    public func listen() async throws(WebhookListenerError) {
        if isListening { return }
        let socketAddress: sockaddr_in
        do {
            socketAddress = try .inet(ip4: address.host, port: address.port)
        } catch {
            throw WebhookListenerError("RETOMA_WEBHOOK_LISTEN: \(address.host) is not an IPv4 address")
        }
        let server = HTTPServer(config: HTTPServer.Configuration(address: socketAddress, timeout: 20, logger: .disabled))
        let limit = handler.settings.maxBodyBytes
        let handler = self.handler
        let queue = self.queue
        let log = self.log
        await server.appendRoute("*") { request in
            await Self.serve(request, handler: handler, limit: limit, queue: queue, log: log)
        }
        let failure = OutcomeBox()
        let address = self.address
        let task = Task.detached {
            do {
                try await server.run()
            } catch {
                let inUse = "\(error)".contains("EADDRINUSE") || "\(error)".lowercased().contains("address already in use")
                    || "\(error)".contains("errno: 98")
                failure.value.withLock { $0 = .failure(WebhookListenerError("cannot listen on \(address): \(error)", addressInUse: inUse)) }
            }
        }
        // Listening, or the run failed (binding happens first, so a failure comes at once).
        for _ in 0..<400 {
            if await server.isListening { break }
            if failure.value.withLock({ $0 }) != nil { break }
            try? await Task.sleep(nanoseconds: 25_000_000)
        }
        if case .failure(let error)? = failure.value.withLock({ $0 }) { throw error }
        guard await server.isListening else {
            task.cancel()
            throw WebhookListenerError("cannot listen on \(address): the server did not start in time")
        }
        var port = address.port
        if case .ip4(_, let actual)? = await server.listeningAddress { port = actual }
        state.withLock { s in s.server = server; s.task = task; s.port = port; s.stopped = false }
        log("webhook listening on \(address.host):\(port)")
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

    /// Stops listening without waiting: the port is released within a moment (requests in progress get a
    /// short grace). Never blocks, so it is safe anywhere, Swift concurrency's pool included.
    public func stop() {
        guard let (server, task) = takeServer() else { return }
        Task.detached {
            await Self.shutdown(server, task)
        }
        log("webhook stopped")
    }

    /// Stops listening and returns once the port is released.
    public func shutdown() async {
        guard let (server, task) = takeServer() else { return }
        await Self.shutdown(server, task)
        log("webhook stopped")
    }

    private func takeServer() -> (HTTPServer, Task<Void, Never>?)? {
        state.withLock { s -> (HTTPServer, Task<Void, Never>?)? in
            defer { s.server = nil; s.task = nil; s.port = nil; s.stopped = true }
            return s.server.map { ($0, s.task) }
        }
    }

    private static func shutdown(_ server: HTTPServer, _ task: Task<Void, Never>?) async {
        await server.stop(timeout: 0.3)
        task?.cancel()
    }

    /// Reads the body within the limit, then runs the handler on the serial queue.
    static func serve(_ request: FlyingFox.HTTPRequest, handler: WebhookHandler, limit: Int, queue: DispatchQueue,
                      log: @escaping @Sendable (String) -> Void) async -> FlyingFox.HTTPResponse {
        let method = request.method.rawValue.uppercased()
        if let announced = request.bodySequence.count, announced > limit {
            log("\(method) \(request.path) 413 body of \(announced) bytes is over the \(limit)-byte limit; not read")
            return response(WebhookResponse(status: 413, body: "body too large\n"), close: true)
        }
        var body = Data()
        do {
            for try await chunk in request.bodySequence {
                body.append(chunk)
                if body.count > limit {
                    log("\(method) \(request.path) 413 chunked body over the \(limit)-byte limit; reading stopped")
                    return response(WebhookResponse(status: 413, body: "body too large\n"), close: true)
                }
            }
        } catch {
            log("\(method) \(request.path) 400 the body could not be read: \(error)")
            return response(WebhookResponse(status: 400, body: "unreadable body\n"), close: true)
        }
        var headers: [String: String] = [:]
        for (name, value) in request.headers { headers[name.rawValue.lowercased()] = value }
        var query: [String: String] = [:]
        for item in request.query where query[item.name] == nil { query[item.name] = item.value }
        let incoming = WebhookRequest(method: method, path: request.path, query: query, headers: headers, body: body)
        let answer = await withCheckedContinuation { (continuation: CheckedContinuation<WebhookResponse, Never>) in
            queue.async { continuation.resume(returning: handler.handle(incoming)) }
        }
        return response(answer, close: false)
    }

    private static func response(_ answer: WebhookResponse, close: Bool) -> FlyingFox.HTTPResponse {
        var headers: [HTTPHeader: String] = [.contentType: "text/plain; charset=utf-8"]
        if close { headers[.connection] = "close" }
        return FlyingFox.HTTPResponse(statusCode: HTTPStatusCode(answer.status, phrase: phrase(answer.status)),
                                      headers: HTTPHeaders(headers), body: Data(answer.body.utf8))
    }

    private static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 413: "Content Too Large"
        case 500: "Internal Server Error"
        default: "Status"
        }
    }
}

private final class OutcomeBox: Sendable {
    let value = Mutex<Result<UInt16, WebhookListenerError>?>(nil)
}
