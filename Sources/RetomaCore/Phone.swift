import Foundation

/// Turns what people type into E.164, and refuses what cannot be a phone number.
public enum Phone {
    public enum Problem: Error, Equatable, Sendable {
        case empty
        case invalidCharacters(String)
        case wrongLength(digits: Int)
        case badBrazilianAreaCode(String)
    }

    /// Accepts spaces, dashes, dots, parentheses and a leading "+" or "00"; a number with 10 or 11 digits
    /// and no country code is taken as Brazilian (+55). Returns "+<digits>".
    public static func normalize(_ raw: String) -> Result<String, Problem> {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .failure(.empty) }
        var digits = ""
        var hadPlus = false
        for (i, ch) in trimmed.enumerated() {
            if ch.isASCII, ch.isNumber { digits.append(ch); continue }
            if ch == "+" && i == 0 { hadPlus = true; continue }
            if " -.()/".contains(ch) { continue }
            return .failure(.invalidCharacters(String(ch)))
        }
        if !hadPlus && digits.hasPrefix("00") { digits.removeFirst(2); hadPlus = true }
        if !hadPlus && (digits.count == 10 || digits.count == 11) { digits = "55" + digits }
        if !hadPlus && digits.hasPrefix("0") && (digits.count == 11 || digits.count == 12) {
            // Brazilian trunk prefix: 0 + DDD + number.
            digits = "55" + digits.dropFirst()
        }
        guard (8...15).contains(digits.count) else { return .failure(.wrongLength(digits: digits.count)) }
        if digits.hasPrefix("55") {
            let national = digits.dropFirst(2)
            guard national.count == 10 || national.count == 11 else {
                return .failure(.wrongLength(digits: digits.count))
            }
            let ddd = national.prefix(2)
            guard let d = Int(ddd), d >= 11, d <= 99, !ddd.hasSuffix("0") else {
                return .failure(.badBrazilianAreaCode(String(ddd)))
            }
        }
        return .success("+" + digits)
    }

    /// "+5511987654321" → "+55 11 98765-4321"; other numbers are returned as stored.
    public static func display(_ e164: String) -> String {
        guard e164.hasPrefix("+55") else { return e164 }
        let n = Array(e164.dropFirst(3))
        guard n.count == 10 || n.count == 11 else { return e164 }
        let ddd = String(n[0..<2])
        let rest = n[2...]
        let split = rest.count - 4
        return "+55 \(ddd) \(String(rest.prefix(split)))-\(String(rest.suffix(4)))"
    }
}
