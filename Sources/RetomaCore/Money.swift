import Foundation

/// Brazilian reais, kept as integer centavos so nothing is lost to floating point.
public enum Money {
    /// 120050 → "R$ 1.200,50".
    public static func format(cents: Int64) -> String {
        let negative = cents < 0
        let abs = cents.magnitude
        let reais = String(abs / 100)
        let cent = abs % 100
        var grouped = ""
        for (i, ch) in reais.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { grouped.append(".") }
            grouped.append(ch)
        }
        let body = String(grouped.reversed()) + "," + (cent < 10 ? "0" : "") + String(cent)
        return (negative ? "-R$ " : "R$ ") + body
    }

    /// Parses "1200.50", "1200,50", "1.200,50", "R$ 1.200,50", "1200". Returns nil for anything else.
    public static func parse(_ raw: String) -> Int64? {
        var s = raw.trimmingCharacters(in: .whitespaces)
        if s.hasPrefix("R$") { s = String(s.dropFirst(2)).trimmingCharacters(in: .whitespaces) }
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }) else { return nil }
        // The last separator followed by one or two digits is the decimal one; the rest group thousands.
        var intPart = s, frac = ""
        if let idx = s.lastIndex(where: { $0 == "," || $0 == "." }) {
            let after = s[s.index(after: idx)...]
            if after.count == 1 || after.count == 2 {
                intPart = String(s[..<idx]); frac = String(after)
            } else if after.count != 3 {
                return nil
            }
        }
        let intDigits = intPart.filter { $0 != "." && $0 != "," }
        guard !intDigits.isEmpty || !frac.isEmpty, intDigits.count <= 15 else { return nil }
        let reais = Int64(intDigits.isEmpty ? "0" : intDigits) ?? 0
        let cents = Int64(frac.count == 1 ? frac + "0" : (frac.isEmpty ? "0" : frac)) ?? 0
        return reais * 100 + cents
    }
}
