import Crypto
import Foundation

/// Meta's webhook signature: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`.
public enum WebhookSignature {
    /// The header value for a body, as Meta computes it (tests and emulators sign with it).
    public static func header(for body: Data, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// True when the header has the form `sha256=<64 hex digits>` (whether it matches a body or not): the
    /// listener refuses a request without one before reading its body.
    public static func isWellFormed(header: String?) -> Bool {
        guard let header, header.utf8.count == 7 + 64, header.lowercased().hasPrefix("sha256=") else { return false }
        return hexBytes(header.dropFirst(7)) != nil
    }

    /// True only for a well-formed header whose MAC matches the body; the comparison takes the same time
    /// wherever the first differing byte is.
    public static func isValid(header: String?, body: Data, secret: String) -> Bool {
        guard let header, header.count == 7 + 64, header.lowercased().hasPrefix("sha256="),
              let given = hexBytes(header.dropFirst(7)) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: body,
                                                       using: SymmetricKey(data: Data(secret.utf8)))
    }

    /// Two secrets compared without revealing, by the time taken, how much of them matched (their SHA-256
    /// digests are compared, so even the length does not show).
    public static func sameSecret(_ given: String?, _ expected: String) -> Bool {
        guard let given else { return false }
        let a = Array(SHA256.hash(data: Data(given.utf8)))
        let b = Array(SHA256.hash(data: Data(expected.utf8)))
        var difference: UInt8 = 0
        for i in 0..<a.count { difference |= a[i] ^ b[i] }
        return difference == 0
    }

    static func hexBytes(_ hex: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.count / 2)
        var high: UInt8?
        for ch in hex.utf8 {
            let v: UInt8
            switch ch {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = ch - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = ch - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): v = ch - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let h = high { bytes.append(h << 4 | v); high = nil } else { high = v }
        }
        return high == nil ? bytes : nil
    }
}
