import Foundation

/// Header fields in the order they were given; names compare without regard to case, as HTTP says.
public struct HTTPHeaders: Sendable, Equatable, ExpressibleByDictionaryLiteral, Sequence {
    public private(set) var fields: [(name: String, value: String)]

    public init(_ fields: [(name: String, value: String)] = []) { self.fields = fields }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The first value of a header, e.g. `headers["retry-after"]`.
    public subscript(name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Every value of a header, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }

    public mutating func add(_ name: String, _ value: String) { fields.append((name: name, value: value)) }

    /// Replaces every field of that name with one.
    public mutating func set(_ name: String, _ value: String) {
        fields.removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
        fields.append((name: name, value: value))
    }

    public var isEmpty: Bool { fields.isEmpty }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    public static func == (a: HTTPHeaders, b: HTTPHeaders) -> Bool {
        a.fields.count == b.fields.count && zip(a.fields, b.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}

public enum HTTPMethod: String, Sendable, Equatable {
    case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE", head = "HEAD"
}

public struct HTTPRequest: Sendable, Equatable {
    public var method: HTTPMethod
    public var url: String
    public var headers: HTTPHeaders
    public var body: Data?
    /// Limit for the whole exchange, connecting included, in seconds.
    public var timeout: TimeInterval
    /// Limit for establishing the connection, in seconds.
    public var connectTimeout: TimeInterval

    public init(method: HTTPMethod, url: String, headers: HTTPHeaders = [:], body: Data? = nil,
                timeout: TimeInterval = 30, connectTimeout: TimeInterval = 10) {
        self.method = method; self.url = url; self.headers = headers; self.body = body
        self.timeout = timeout; self.connectTimeout = connectTimeout
    }
}

public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data

    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.status = status; self.headers = headers; self.body = body
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

public enum HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The exchange did not finish within the request's timeout.
    case timeout
    /// No connection, or it broke before a response arrived.
    case connectionFailed(String)
    /// The response body passed the client's limit (bytes); the transfer was stopped.
    case tooLarge(limit: Int)
    /// Not an http:// or https:// URL that can be requested.
    case invalidURL
    case other(String)

    public var description: String {
        switch self {
        case .timeout: "HTTP request timed out"
        case .connectionFailed(let why): "HTTP connection failed: \(why)"
        case .tooLarge(let limit): "HTTP response larger than \(limit) bytes"
        case .invalidURL: "invalid URL (only http:// and https:// are accepted)"
        case .other(let why): "HTTP error: \(why)"
        }
    }
}

/// Sends one request and waits for the whole response. Implementations are safe to call from several
/// threads at once; tests substitute scripted transports.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) throws -> HTTPResponse
}
