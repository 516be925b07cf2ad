import CCurl
import Foundation

/// A blocking HTTP client over libcurl: one easy handle per request, so any number of threads may call
/// `send` at the same time. TLS certificates are verified, redirects are not followed (a 3xx is returned
/// as it is), only http and https are allowed, and the response body is cut off at `maxResponseBytes`.
public struct CurlHTTPClient: HTTPTransport {
    public static let defaultMaxResponseBytes = 4 * 1024 * 1024

    public var maxResponseBytes: Int
    /// When set, every request connects to this Unix domain socket instead of the URL's host and port (the
    /// host then only fills the Host header). Used for the local model, which listens on no TCP port.
    public var unixSocketPath: String?

    public init(maxResponseBytes: Int = CurlHTTPClient.defaultMaxResponseBytes, unixSocketPath: String? = nil) {
        self.maxResponseBytes = maxResponseBytes
        self.unixSocketPath = unixSocketPath
    }

    public func send(_ request: HTTPRequest) throws -> HTTPResponse {
        try CurlGlobal.ensureInitialized()
        let lower = request.url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { throw HTTPError.invalidURL }
        guard let handle = curl_easy_init() else { throw HTTPError.other("curl_easy_init failed") }
        defer { curl_easy_cleanup(handle) }

        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for field in request.headers {
            // A line break in a header would let a value smuggle in other headers.
            guard !field.name.contains(where: \.isNewline), !field.value.contains(where: \.isNewline),
                  !field.name.isEmpty, !field.name.contains(":") else {
                throw HTTPError.other("invalid header field \"\(field.name)\"")
            }
            headerList = curl_slist_append(headerList, "\(field.name): \(field.value)")
        }
        // curl would otherwise wait up to a second for "100 Continue" before sending a large body.
        headerList = curl_slist_append(headerList, "Expect:")

        let transfer = Transfer(limit: maxResponseBytes)
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        let code: CURLcode = try withExtendedLifetime(transfer) {
            try errorBuffer.withUnsafeMutableBufferPointer { errorPointer in
                let context = Unmanaged.passUnretained(transfer).toOpaque()
                var setup = Setup(handle: handle)
                setup.string(CURLOPT_URL, request.url)
                setup.string(CURLOPT_PROTOCOLS_STR, "http,https")
                setup.long(CURLOPT_FOLLOWLOCATION, 0)
                if let unixSocketPath { setup.string(CURLOPT_UNIX_SOCKET_PATH, unixSocketPath) }
                setup.long(CURLOPT_SSL_VERIFYPEER, 1)
                setup.long(CURLOPT_SSL_VERIFYHOST, 2)
                // No signals: they are process-wide and unsafe with several threads (libcurl's advice).
                setup.long(CURLOPT_NOSIGNAL, 1)
                setup.long(CURLOPT_TIMEOUT_MS, milliseconds(request.timeout))
                setup.long(CURLOPT_CONNECTTIMEOUT_MS, milliseconds(request.connectTimeout))
                // Refuses at once when the server announces a larger Content-Length; the write callback
                // enforces the same limit for bodies of unknown length.
                setup.offT(CURLOPT_MAXFILESIZE_LARGE, curl_off_t(maxResponseBytes))
                setup.pointer(CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorPointer.baseAddress!))
                setup.pointer(CURLOPT_HTTPHEADER, headerList.map { UnsafeMutableRawPointer($0) })
                setup.callback(CURLOPT_WRITEFUNCTION, Transfer.writeBody)
                setup.pointer(CURLOPT_WRITEDATA, context)
                setup.callback(CURLOPT_HEADERFUNCTION, Transfer.writeHeader)
                setup.pointer(CURLOPT_HEADERDATA, context)
                switch request.method {
                case .get:
                    setup.long(CURLOPT_HTTPGET, 1)
                case .head:
                    setup.long(CURLOPT_NOBODY, 1)
                default:
                    if request.method != .post { setup.string(CURLOPT_CUSTOMREQUEST, request.method.rawValue) }
                    let body = request.body ?? Data()
                    setup.long(CURLOPT_POST, 1)
                    setup.offT(CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                    // COPYPOSTFIELDS makes curl keep its own copy, so the Data's lifetime does not matter.
                    if body.isEmpty {
                        setup.string(CURLOPT_COPYPOSTFIELDS, "")
                    } else {
                        body.withUnsafeBytes { raw in
                            setup.pointer(CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
                        }
                    }
                }
                if let failure = setup.failure { throw failure }
                return curl_easy_perform(handle)
            }
        }

        let detailBytes = errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let detail = String(decoding: detailBytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        if transfer.exceeded || code == CURLE_FILESIZE_EXCEEDED { throw HTTPError.tooLarge(limit: maxResponseBytes) }
        switch code {
        case CURLE_OK:
            break
        case CURLE_OPERATION_TIMEDOUT:
            throw HTTPError.timeout
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_GOT_NOTHING,
             CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE:
            throw HTTPError.connectionFailed(message)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            throw HTTPError.invalidURL
        default:
            throw HTTPError.other(message)
        }

        var status = 0
        _ = retoma_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: HTTPHeaders(transfer.headers), body: transfer.body)
    }

    private func milliseconds(_ seconds: TimeInterval) -> Int {
        // 0 means "no limit" to curl; a non-positive timeout here means "expire at once" instead.
        guard seconds.isFinite else { return 0 }
        return max(1, Int((seconds * 1000).rounded(.up)))
    }
}

/// Collects one response; reached from curl's C callbacks through an opaque pointer.
private final class Transfer {
    let limit: Int
    var body = Data()
    var headers: [(name: String, value: String)] = []
    var exceeded = false

    init(limit: Int) { self.limit = limit }

    static let writeBody: retoma_curl_data_callback = { data, size, count, context in
        let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
        let n = size * count
        guard transfer.body.count + n <= transfer.limit else {
            transfer.exceeded = true
            return 0 // a short count makes curl abort the transfer
        }
        if let data, n > 0 { transfer.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: n) }
        return n
    }

    static let writeHeader: retoma_curl_data_callback = { data, size, count, context in
        let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
        let n = size * count
        guard let data, n > 0 else { return n }
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: n), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            // A new status line (after "100 Continue", for example): only the final response's headers count.
            transfer.headers.removeAll()
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            if !name.isEmpty { transfer.headers.append((name: name, value: value)) }
        }
        return n
    }
}

/// Sets options on one handle and remembers the first that curl refused.
private struct Setup {
    let handle: UnsafeMutableRawPointer
    var failure: HTTPError?

    init(handle: UnsafeMutableRawPointer) { self.handle = handle }

    mutating func long(_ option: CURLoption, _ value: Int) {
        check(option, retoma_curl_setopt_long(handle, option, value))
    }

    mutating func string(_ option: CURLoption, _ value: String) {
        // curl copies string options, so the temporary C string may go away afterwards.
        check(option, retoma_curl_setopt_string(handle, option, value))
    }

    mutating func pointer(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) {
        check(option, retoma_curl_setopt_pointer(handle, option, value))
    }

    mutating func offT(_ option: CURLoption, _ value: curl_off_t) {
        check(option, retoma_curl_setopt_off_t(handle, option, value))
    }

    mutating func callback(_ option: CURLoption, _ value: retoma_curl_data_callback) {
        check(option, retoma_curl_setopt_callback(handle, option, value))
    }

    private mutating func check(_ option: CURLoption, _ code: CURLcode) {
        guard code != CURLE_OK, failure == nil else { return }
        if option == CURLOPT_URL { failure = .invalidURL; return }
        failure = .other("curl option \(option.rawValue) refused: \(String(cString: curl_easy_strerror(code)))")
    }
}

/// `curl_global_init` must run once before any handle exists and is not safe to race; a Swift global
/// is initialised exactly once, on first use, even with several threads.
enum CurlGlobal {
    private static let initCode: UInt32 = curl_global_init(Int(CURL_GLOBAL_DEFAULT)).rawValue

    static func ensureInitialized() throws {
        guard initCode == CURLE_OK.rawValue else {
            throw HTTPError.other("curl_global_init failed with code \(initCode)")
        }
    }
}
