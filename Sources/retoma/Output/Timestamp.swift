import Foundation

/// ISO 8601 times as the commands read and write them: "2026-01-05T10:00:00-03:00".
enum Timestamp {
    /// In the local time zone (TZ), with its offset; "Z" when that is UTC.
    static func format(_ date: Date) -> String {
        Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: .current).format(date)
    }

    /// Needs a date, a time and an offset (or Z); fractional seconds are accepted.
    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(trimmed) { return date }
        return try? Date.ISO8601FormatStyle().parse(trimmed)
    }

    /// "10/03/2026 09:00" (pt) or "2026-03-10 09:00" (en), local time, for human output.
    static func short(_ date: Date, pt: Bool) -> String {
        let c = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ n: Int?) -> String { n.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        let time = "\(two(c.hour)):\(two(c.minute))"
        return pt ? "\(two(c.day))/\(two(c.month))/\(c.year ?? 0) \(time)"
                  : "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(time)"
    }
}
