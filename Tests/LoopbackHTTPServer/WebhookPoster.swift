import Foundation
import Glibc

/// What a webhook receiver answered to an emulator's POST.
public struct WebhookDelivery: Sendable, Equatable {
    public var status: Int
    public var body: String
}

/// How the emulators deliver webhooks: one HTTP/1.1 POST per connection to a loopback URL, as Meta's and
/// Evolution's servers do, written on a plain socket so the test client shares nothing with Retoma's.
enum WebhookPoster {
    static func post(_ url: String, body: Data, headers: [(name: String, value: String)]) throws -> WebhookDelivery {
        guard url.hasPrefix("http://127.0.0.1:") else { throw ServerError("webhooks go to http://127.0.0.1:PORT/…, not \(url)") }
        let rest = url.dropFirst("http://127.0.0.1:".count)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let port = UInt16(rest[..<slash]) else { throw ServerError("no port in \(url)") }
        let path = slash == rest.endIndex ? "/" : String(rest[slash...])

        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ServerError("connect to \(url) failed: errno \(errno)") }

        var head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        var request = Data(head.utf8)
        request.append(body)
        let sent = request.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        guard sent else { throw ServerError("the receiver at \(url) hung up before the body was sent") }

        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            response.append(buffer, count: n)
        }
        guard let end = response.range(of: Data("\r\n\r\n".utf8)) else {
            throw ServerError("no HTTP answer from \(url) (\(response.count) bytes)")
        }
        let statusLine = String(decoding: response[..<end.lowerBound], as: UTF8.self).split(separator: "\r\n").first ?? ""
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { throw ServerError("bad status line \"\(statusLine)\"") }
        return WebhookDelivery(status: status, body: String(decoding: response[end.upperBound...], as: UTF8.self))
    }

    /// A JSON document from plain values (text is escaped properly, whatever it holds).
    static func json(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
