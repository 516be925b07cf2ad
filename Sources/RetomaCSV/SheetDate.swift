import Foundation
import RetomaCore

/// Dates as spreadsheets write them. Without an offset a time is Brasília's.
public enum SheetDate {
    /// "2025-12-31T14:30:00-03:00" (or Z), "2025-12-31 14:30[:00]", "31/12/2025 14:30[:00]", "31/12/2025"
    /// (midnight). Years 1970 to 9999; a day that does not exist (31/02) is refused.
    public static func parse(_ raw: String) -> Date? {
        // Foundation's trim only when an end is blank: this runs once a line of an import.
        let ends = [raw.unicodeScalars.first, raw.unicodeScalars.last].compactMap { $0 }
        let trimmed = ends.contains(where: { CharacterSet.whitespaces.contains($0) })
            ? raw.trimmingCharacters(in: .whitespaces) : raw
        let s = Array(trimmed.unicodeScalars)
        var i = 0
        func number(_ digits: Int) -> Int? {
            guard i + digits <= s.count else { return nil }
            var n = 0
            for k in 0..<digits {
                guard s[i + k].isASCII, let d = Int(String(s[i + k])) else { return nil }
                n = n * 10 + d
            }
            i += digits
            return n
        }
        func take(_ c: Unicode.Scalar) -> Bool {
            guard i < s.count, s[i] == c else { return false }
            i += 1
            return true
        }
        var year: Int, month: Int, day: Int
        if s.count >= 10, s[2] == "/" {
            guard let d = number(2), take("/"), let m = number(2), take("/"), let y = number(4) else { return nil }
            (year, month, day) = (y, m, d)
        } else {
            guard let y = number(4), take("-"), let m = number(2), take("-"), let d = number(2) else { return nil }
            (year, month, day) = (y, m, d)
        }
        var hour = 0, minute = 0, second = 0
        var zone = BrazilTime.timeZone
        if i < s.count {
            guard take("T") || take(" "), let h = number(2), take(":"), let mi = number(2) else { return nil }
            hour = h; minute = mi
            if take(":") { guard let se = number(2) else { return nil }; second = se }
            if take(".") { while i < s.count, s[i].isASCII, ("0"..."9").contains(s[i]) { i += 1 } }
            if take("Z") {
                zone = TimeZone(identifier: "UTC")!
            } else if i < s.count {
                let sign: Int
                if take("+") { sign = 1 } else if take("-") { sign = -1 } else { return nil }
                guard let oh = number(2) else { return nil }
                _ = take(":")
                guard let om = number(2), oh <= 14, om < 60,
                      let offset = TimeZone(secondsFromGMT: sign * (oh * 3600 + om * 60)) else { return nil }
                zone = offset
            }
        }
        guard i == s.count, (1970...9999).contains(year), (1...12).contains(month), (1...31).contains(day),
              hour < 24, minute < 60, second < 60 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: parts) else { return nil }
        // 31/02 rolls over to March: refuse it instead.
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == year, back.month == month, back.day == day else { return nil }
        return date
    }

    /// "2025-12-31T14:30:00-03:00", Brasília time, as export writes it.
    public static func format(_ date: Date) -> String {
        Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: BrazilTime.timeZone).format(date)
    }
}
