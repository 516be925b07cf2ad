import Foundation
import RetomaChannels
import RetomaCore
import Synchronization

/// The webhook listener itself: the input's bytes are sent as they are over a loopback connection to a real
/// `WebhookListener` (one per process), the connection is half-closed and the answer read. The listener must
/// answer with a well-formed status line or close, within its own time limit, and keep serving: every 64
/// inputs a good verification request must still get its 200.
enum WebhookWireFuzz {
    /// Shorter than the standard 10 s so that an input that stops mid-request costs little; the reader waits
    /// longer than this, so a listener that forgets its limit is caught.
    static let limits = WebhookLimits(maxHeaderBytes: 16_384, requestTimeout: 2, maxConnections: 64)
    static let readTimeout: Int = 5

    /// The port, once listening (nil: it could not start, which fails the run).
    static let port: UInt16? = {
        let settings = WebhookSettings(
            cloud: .init(phoneNumberID: WebhookFuzz.phoneNumberID, appSecret: WebhookFuzz.appSecret,
                         verifyToken: WebhookFuzz.verifyToken),
            evolution: .init(instance: WebhookFuzz.instance, secret: WebhookFuzz.evolutionSecret),
            maxBodyBytes: 4_096)
        let sink = WebhookSink(recordMessage: { _ in .duplicate }, recordEcho: { _ in .duplicate },
                               recordDelivery: { _ in .pending })
        let handler = WebhookHandler(settings: settings, sink: sink, log: { _ in }, now: { WebhookFuzz.now })
        let listener = WebhookListener(address: ListenAddress(host: "127.0.0.1", port: 0), handler: handler,
                                       log: { _ in }, limits: limits)
        do { try listener.start() } catch { return nil }
        // Kept for the life of the process: the listener stops when released.
        keep.withLock { $0 = listener }
        return listener.port
    }()

    private static let keep = Mutex<WebhookListener?>(nil)
    private static let count = Atomic<Int>(0)

    static func run(_ input: Data) {
        guard let port else {
            require(false, "the webhook listener could not start on 127.0.0.1")
            return
        }
        if let answer = exchange(port, input), !answer.isEmpty {
            require(isStatusLine(answer), "the listener answered \(String(decoding: answer.prefix(40), as: UTF8.self).debugDescription)")
        }
        if count.add(1, ordering: .relaxed).newValue % 64 == 0 {
            let probe = "GET \(WebhookSettings.whatsappPath)?hub.mode=subscribe&hub.challenge=alive&hub.verify_token="
                + "\(WebhookFuzz.verifyToken) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            let answer = exchange(port, Data(probe.utf8)) ?? []
            require(answer.starts(with: Array("HTTP/1.1 200".utf8)),
                    "the listener stopped serving: \(String(decoding: answer.prefix(40), as: UTF8.self).debugDescription)")
        }
    }

    /// "HTTP/1.1 NNN …\r\n…\r\n\r\n".
    static func isStatusLine(_ answer: [UInt8]) -> Bool {
        let prefix = Array("HTTP/1.1 ".utf8)
        guard answer.count >= prefix.count + 3, answer.starts(with: prefix) else { return false }
        let code = answer[prefix.count..<(prefix.count + 3)]
        let digits = code.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let headEnd = answer.indices.dropLast(3).contains {
            answer[$0] == 13 && answer[$0 + 1] == 10 && answer[$0 + 2] == 13 && answer[$0 + 3] == 10
        }
        return digits && headEnd
    }

    /// Sends `bytes`, half-closes, and reads until the listener closes. nil when no connection could be made
    /// (the machine ran out of something: not the listener's fault). A listener that neither answers nor closes
    /// within `readTimeout` fails the run.
    static func exchange(_ port: UInt16, _ bytes: Data) -> [UInt8]? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer {
            // Reset instead of a normal close: thousands of connections a minute would otherwise leave as many
            // ports in TIME_WAIT.
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            close(fd)
        }
        var timeout = timeval(tv_sec: readTimeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        // The listener may refuse and close before everything is sent (431, 413, 401): stop sending then.
        bytes.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let n = send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                if n <= 0 { break }
                sent += n
            }
        }
        shutdown(fd, Int32(SHUT_WR))
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while answer.count < 1_048_576 {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 { answer += buffer[..<n]; continue }
            if n == 0 { break }
            // A reset can cut the answer short: nothing to judge.
            if errno == ECONNRESET { return nil }
            if errno == EINTR { continue }
            require(errno != EAGAIN && errno != EWOULDBLOCK,
                    "the listener neither answered nor closed within \(readTimeout) s (its limit is \(Int(limits.requestTimeout)) s)")
            break
        }
        return answer
    }
}
