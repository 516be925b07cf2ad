import Foundation
import RetomaHTTP

/// When and how long to wait before asking a chat-completions server again, as the openai-python client
/// does (`_base_client.py`): retry 408, 409, 429 and 5xx and broken connections, twice by default; the
/// server's `x-should-retry` decides first; `retry-after-ms`, then `Retry-After` (seconds or an HTTP date)
/// set the wait, capped at two minutes; otherwise 0.5 s · 2ⁿ up to 8 s, minus up to 25 % jitter.
public struct RetryPolicy: Sendable {
    public var maxRetries: Int
    public var initialDelay: TimeInterval
    public var maxDelay: TimeInterval
    /// The longest wait a server may ask for.
    public var maxServerDelay: TimeInterval
    /// A fraction in 0...0.25 taken off each computed backoff, so clients do not retry in lockstep.
    public var jitter: @Sendable () -> Double

    public init(maxRetries: Int = 2, initialDelay: TimeInterval = 0.5, maxDelay: TimeInterval = 8,
                maxServerDelay: TimeInterval = 120, jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...0.25) }) {
        self.maxRetries = maxRetries; self.initialDelay = initialDelay; self.maxDelay = maxDelay
        self.maxServerDelay = maxServerDelay; self.jitter = jitter
    }

    public static let standard = RetryPolicy()

    /// Whether this error response is worth another try.
    public static func shouldRetry(status: Int, headers: HTTPHeaders) -> Bool {
        switch headers["x-should-retry"]?.lowercased() {
        case "true": return true
        case "false": return false
        default: return status == 408 || status == 409 || status == 429 || status >= 500
        }
    }

    /// The wait before retry number `retry` (0 for the first retry).
    public func delay(beforeRetry retry: Int, headers: HTTPHeaders?, now: Date) -> TimeInterval {
        if let headers, let asked = Self.serverDelay(headers, now: now), asked > 0 {
            return min(asked, maxServerDelay)
        }
        let backoff = min(initialDelay * pow(2, Double(retry)), maxDelay)
        return backoff * (1 - min(max(jitter(), 0), 0.25))
    }

    /// What the server asked for, in seconds: `retry-after-ms`, then `Retry-After` as seconds or a date.
    static func serverDelay(_ headers: HTTPHeaders, now: Date) -> TimeInterval? {
        if let ms = headers["retry-after-ms"].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }), ms.isFinite {
            return ms / 1000
        }
        guard let value = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(value), seconds.isFinite { return seconds }
        return HTTPDate.parse(value).map { $0.timeIntervalSince(now) }
    }
}

/// The three date forms HTTP allows (RFC 9110 §5.6.7).
enum HTTPDate {
    private static let formats = ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"]

    static func parse(_ text: String) -> Date? {
        for format in formats {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "GMT")
            f.dateFormat = format
            if let d = f.date(from: text) { return d }
        }
        return nil
    }
}
