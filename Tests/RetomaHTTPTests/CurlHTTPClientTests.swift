import Foundation
import LoopbackHTTPServer
import Testing
import RetomaHTTP

@Suite("CurlHTTPClient against a loopback server")
struct CurlHTTPClientTests {
    let client = CurlHTTPClient()

    @Test func postSendsMethodPathHeadersAndBodyAsGiven() throws {
        let server = try LoopbackHTTPServer { _ in .json(#"{"ok":true}"#, status: 201, headers: [("X-Trace", "abc")]) }
        defer { server.stop() }
        let body = Data(#"{"model":"m","text":"ação ✓"}"#.utf8)
        let response = try client.send(HTTPRequest(
            method: .post, url: server.baseURL + "/v1/chat/completions?x=1",
            headers: ["Authorization": "Bearer k", "Content-Type": "application/json"], body: body))

        #expect(response.status == 201)
        #expect(response.bodyText == #"{"ok":true}"#)
        #expect(response.headers["x-trace"] == "abc")
        #expect(response.headers["CONTENT-TYPE"] == "application/json")
        let seen = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(seen.method == "POST")
        #expect(seen.target == "/v1/chat/completions?x=1")
        #expect(seen.header("authorization") == "Bearer k")
        #expect(seen.header("content-type") == "application/json")
        #expect(seen.body == body)
        // The "Expect: 100-continue" handshake is switched off.
        #expect(seen.header("expect") == nil)
    }

    @Test func getAndOtherMethodsUseTheirOwnVerbs() throws {
        let server = try LoopbackHTTPServer { request in .text(request.method + " " + request.bodyText) }
        defer { server.stop() }
        #expect(try client.send(HTTPRequest(method: .get, url: server.baseURL + "/a")).bodyText == "GET ")
        #expect(try client.send(HTTPRequest(method: .put, url: server.baseURL + "/a", body: Data("x".utf8))).bodyText == "PUT x")
        #expect(try client.send(HTTPRequest(method: .delete, url: server.baseURL + "/a")).bodyText == "DELETE ")
        #expect(try client.send(HTTPRequest(method: .post, url: server.baseURL + "/a")).bodyText == "POST ")
    }

    @Test func errorStatusesAreReturnedNotThrown() throws {
        let server = try LoopbackHTTPServer { _ in .json(#"{"error":"nope"}"#, status: 503, headers: [("Retry-After", "7")]) }
        defer { server.stop() }
        let response = try client.send(HTTPRequest(method: .get, url: server.baseURL + "/"))
        #expect(response.status == 503)
        #expect(response.headers["retry-after"] == "7")
        #expect(response.bodyText == #"{"error":"nope"}"#)
    }

    @Test func redirectsAreNotFollowed() throws {
        let server = try LoopbackHTTPServer { request in
            request.target == "/elsewhere" ? .text("followed") : .text("", status: 302, headers: [("Location", "/elsewhere")])
        }
        defer { server.stop() }
        let response = try client.send(HTTPRequest(method: .get, url: server.baseURL + "/start"))
        #expect(response.status == 302)
        #expect(response.headers["location"] == "/elsewhere")
        #expect(server.requests.map(\.target) == ["/start"])
    }

    @Test func aSlowServerTimesOut() throws {
        let server = try LoopbackHTTPServer { _ in .text("late", delay: 3) }
        defer { server.stop() }
        let started = Date()
        #expect(throws: HTTPError.timeout) {
            try client.send(HTTPRequest(method: .get, url: server.baseURL + "/", timeout: 0.3))
        }
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test func aHugeBodyOfUnknownLengthIsCutOffWhileReceiving() throws {
        let chunk = Data(repeating: UInt8(ascii: "a"), count: 64 * 1024)
        // 64 MB without Content-Length: only the write callback can stop it.
        let server = try LoopbackHTTPServer { _ in ScriptedResponse(body: chunk, bodyRepeat: 1024, length: .untilClose) }
        defer { server.stop() }
        let small = CurlHTTPClient(maxResponseBytes: 1024 * 1024)
        let started = Date()
        #expect(throws: HTTPError.tooLarge(limit: 1024 * 1024)) {
            try small.send(HTTPRequest(method: .get, url: server.baseURL + "/huge"))
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func anAnnouncedHugeBodyIsRefusedAtOnce() throws {
        let chunk = Data(repeating: UInt8(ascii: "b"), count: 64 * 1024)
        let server = try LoopbackHTTPServer { _ in ScriptedResponse(body: chunk, bodyRepeat: 100, length: .announced) }
        defer { server.stop() }
        #expect(throws: HTTPError.tooLarge(limit: CurlHTTPClient.defaultMaxResponseBytes)) {
            try client.send(HTTPRequest(method: .get, url: server.baseURL + "/huge"))
        }
    }

    @Test func aBodyExactlyAtTheLimitArrivesWhole() throws {
        let chunk = Data(repeating: UInt8(ascii: "c"), count: 1000)
        let server = try LoopbackHTTPServer { _ in ScriptedResponse(body: chunk, bodyRepeat: 4, length: .untilClose) }
        defer { server.stop() }
        let response = try CurlHTTPClient(maxResponseBytes: 4000).send(HTTPRequest(method: .get, url: server.baseURL + "/"))
        #expect(response.body.count == 4000)
        #expect(throws: HTTPError.tooLarge(limit: 3999)) {
            try CurlHTTPClient(maxResponseBytes: 3999).send(HTTPRequest(method: .get, url: server.baseURL + "/"))
        }
    }

    @Test func aClosedPortIsAConnectionFailure() throws {
        let server = try LoopbackHTTPServer()
        let url = server.baseURL + "/"
        server.stop()
        do {
            _ = try client.send(HTTPRequest(method: .get, url: url, timeout: 5))
            Issue.record("expected a connection failure")
        } catch let error as HTTPError {
            guard case .connectionFailed(let why) = error else { Issue.record("got \(error)"); return }
            #expect(!why.isEmpty)
        }
    }

    @Test(arguments: ["", "ftp://127.0.0.1/x", "file:///etc/passwd", "127.0.0.1:80/x", "http://[::1"])
    func nonHTTPURLsAreRefused(url: String) {
        #expect(throws: HTTPError.invalidURL) { try client.send(HTTPRequest(method: .get, url: url)) }
    }

    @Test func headerValuesWithLineBreaksAreRefused() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        #expect(throws: HTTPError.self) {
            try client.send(HTTPRequest(method: .get, url: server.baseURL, headers: ["X-A": "1\r\nX-Injected: 2"]))
        }
        #expect(server.requests.isEmpty)
    }

    @Test func manyThreadsCanSendAtOnce() throws {
        let server = try LoopbackHTTPServer { request in .text("echo " + request.target, delay: 0.05) }
        defer { server.stop() }
        let results = ResultBox(count: 16)
        let client = self.client
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            let r = try? client.send(HTTPRequest(method: .get, url: server.baseURL + "/\(i)"))
            results.set(i, r?.bodyText)
        }
        #expect(results.values == (0..<16).map { "echo /\($0)" })
    }
}

@Suite struct CurlUnixSocketTests {
    /// With a socket path, the request goes there and never to the URL's host (a documentation address here,
    /// which nothing answers).
    @Test func aUnixSocketPathReplacesTheURLsHost() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("retoma-uds-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("s").path
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0 && listen(listener, 1) == 0)
        let seen = ResultBox(count: 1)
        let served = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { served.signal(); return }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = read(connection, &buffer, buffer.count)
            seen.set(0, String(decoding: buffer.prefix(max(0, n)), as: UTF8.self))
            let reply = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
            _ = reply.withCString { write(connection, $0, strlen($0)) }
            close(connection)
            served.signal()
        }
        let response = try CurlHTTPClient(unixSocketPath: path).send(
            HTTPRequest(method: .get, url: "http://192.0.2.1:9/v1/models", timeout: 5, connectTimeout: 2))
        served.wait()
        #expect(response.status == 200 && response.bodyText == "ok")
        let request = try #require(seen.values[0])
        #expect(request.hasPrefix("GET /v1/models HTTP/1.1\r\n"))
        #expect(request.contains("Host: 192.0.2.1:9\r\n"))
    }

    @Test func aMissingSocketIsAConnectionFailure() {
        #expect(throws: HTTPError.self) {
            try CurlHTTPClient(unixSocketPath: "/nonexistent-\(UUID().uuidString)/s")
                .send(HTTPRequest(method: .get, url: "http://localhost/x", timeout: 2, connectTimeout: 1))
        }
    }
}

/// Collects results written from several threads.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: String?) { lock.withLock { storage[i] = value } }
    var values: [String?] { lock.withLock { storage } }
}
