import Foundation

/// Turns what people type into E.164, and refuses what cannot be a phone number.
public enum Phone {
    public enum Problem: Error, Equatable, Sendable {
        case empty
        case invalidCharacters(String)
        case wrongLength(digits: Int)
        case badBrazilianAreaCode(String)
        /// The number after the area code cannot exist: mobiles have 9 digits starting with 9, landlines 8
        /// digits starting with 2 to 5 (8-digit numbers starting with 6 to 9 are mobiles written without the 9).
        case badBrazilianLocalNumber(String)
    }

    /// Brazil's area codes (DDD) in use, per Anatel.
    public static let brazilianAreaCodes: Set<Int> = [
        11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38,
        41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69,
        71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99,
    ]

    /// Accepts spaces, dashes, dots, slashes, parentheses and a leading "+" or "00"; a number with 10 or 11
    /// digits and no country code is taken as Brazilian (+55), also after a trunk "0" or a carrier code
    /// ("0 15 11 98765-4321"). Returns "+<digits>"; Brazilian numbers are checked against the real area codes
    /// and the shape of local numbers.
    public static func normalize(_ raw: String) -> Result<String, Problem> {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .failure(.empty) }
        var digits = ""
        var hadPlus = false
        for (i, ch) in trimmed.enumerated() {
            if ch.isASCII, ch.isNumber { digits.append(ch); continue }
            if ch == "+" && i == 0 { hadPlus = true; continue }
            if " -.()/".contains(ch) || ch == "\u{00A0}" { continue }
            return .failure(.invalidCharacters(String(ch)))
        }
        if digits.isEmpty { return .failure(.wrongLength(digits: 0)) }
        if !hadPlus && digits.hasPrefix("00") { digits.removeFirst(2); hadPlus = true }
        if !hadPlus && (digits.count == 10 || digits.count == 11) && !digits.hasPrefix("0") { digits = "55" + digits }
        if !hadPlus && digits.hasPrefix("0") && (digits.count == 11 || digits.count == 12) {
            // Brazilian trunk prefix: 0 + DDD + number.
            digits = "55" + digits.dropFirst()
        } else if !hadPlus && digits.hasPrefix("0") && (digits.count == 13 || digits.count == 14) {
            // Long-distance carrier selection: 0 + two-digit carrier + DDD + number.
            digits = "55" + digits.dropFirst(3)
        }
        guard (8...15).contains(digits.count) else { return .failure(.wrongLength(digits: digits.count)) }
        if digits.hasPrefix("55") {
            if let problem = brazilianProblem(national: Array(digits.dropFirst(2)), total: digits.count) {
                return .failure(problem)
            }
        }
        return .success("+" + digits)
    }

    private static func brazilianProblem(national: [Character], total: Int) -> Problem? {
        guard national.count == 10 || national.count == 11 else { return .wrongLength(digits: total) }
        let ddd = String(national[0..<2])
        guard let d = Int(ddd), brazilianAreaCodes.contains(d) else { return .badBrazilianAreaCode(ddd) }
        let local = national[2...]
        let first = local.first!
        if local.count == 9 {
            if first != "9" { return .badBrazilianLocalNumber(String(local)) }
        } else if !"2345".contains(first) && !"6789".contains(first) {
            return .badBrazilianLocalNumber(String(local))
        }
        return nil
    }

    /// A WhatsApp id as providers send it ("5511987654321", "5511987654321@s.whatsapp.net", with or
    /// without "+") to E.164. The country code is always there, so no Brazilian default applies. nil when it
    /// is not a phone number (a group, a broadcast list, an anonymous "lid" id).
    public static func fromWhatsAppID(_ raw: String) -> String? {
        var id = raw.trimmingCharacters(in: .whitespaces)
        if let at = id.firstIndex(of: "@") {
            guard id[at...] == "@s.whatsapp.net" || id[at...] == "@c.us" else { return nil }
            id = String(id[..<at])
        }
        // A device suffix ("5511987654321:12@s.whatsapp.net").
        if let colon = id.firstIndex(of: ":") { id = String(id[..<colon]) }
        if id.hasPrefix("+") { id.removeFirst() }
        guard (8...15).contains(id.count), id.allSatisfy({ $0.isASCII && $0.isNumber }), !id.hasPrefix("0") else {
            return nil
        }
        return "+" + id
    }

    /// The forms under which one WhatsApp number may be stored or reported, the given one first. Brazilian
    /// mobiles got a ninth digit (a leading 9) in 2012–2016, and WhatsApp still reports many accounts
    /// without it (Evolution API's `formatBRNumber` drops it for DDD ≥ 31), so "+55 31 9xxxx-xxxx" and
    /// "+55 31 xxxx-xxxx" are the same customer. Landlines (local numbers starting with 2 to 5) have no
    /// other form; neither have non-Brazilian numbers.
    public static func matchingForms(_ e164: String) -> [String] {
        guard e164.hasPrefix("+55") else { return [e164] }
        // Read as bytes: an import asks this of every line, and Character's properties were most of its cost.
        let bytes = Array(e164.utf8)
        let national = bytes[3...]
        guard national.count == 10 || national.count == 11, national.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return [e164]
        }
        let prefix = bytes[0..<5]   // "+55" and the DDD
        let local = bytes[5...]
        let mobile: ClosedRange<UInt8> = 0x36...0x39   // "6"..."9"
        if local.count == 9, local[5] == 0x39, mobile.contains(local[6]) {
            return [e164, String(decoding: prefix + local.dropFirst(), as: UTF8.self)]
        }
        if local.count == 8, mobile.contains(local[5]) {
            return [e164, String(decoding: prefix + [0x39] + local, as: UTF8.self)]
        }
        return [e164]
    }

    /// True when two stored numbers reach the same WhatsApp account (see `matchingForms`).
    public static func sameWhatsApp(_ a: String, _ b: String) -> Bool {
        a == b || matchingForms(a).contains(b)
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
