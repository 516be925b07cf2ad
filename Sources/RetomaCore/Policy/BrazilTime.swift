import Foundation

/// Brasília time (America/Sao_Paulo): the zone every follow-up rule, holiday and daily cap is counted in.
///
/// Brazil has had no daylight saving time since 2019 (Decreto 9.772/2019), so the zone is UTC−03:00 all
/// year. When the system has no zone database the fixed offset is used instead, which gives the same answers
/// for every date since then.
public enum BrazilTime {
    public static let timeZone: TimeZone =
        TimeZone(identifier: "America/Sao_Paulo") ?? TimeZone(secondsFromGMT: -3 * 3600)!

    public static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = timeZone
        return c
    }()

    /// The wall-clock reading of an instant in Brasília.
    public struct WallClock: Sendable, Equatable {
        public var date: LocalDate
        public var hour: Int
        public var minute: Int
        public var second: Int
        public var isoWeekday: Int { date.isoWeekday }
        /// Seconds since local midnight, fractions included.
        public var secondsIntoDay: TimeInterval
    }

    public static func wallClock(_ instant: Date) -> WallClock {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        let day = LocalDate(year: c.year!, month: c.month!, day: c.day!)
        let start = startOfDay(day)
        return WallClock(date: day, hour: c.hour!, minute: c.minute!, second: c.second!,
                         secondsIntoDay: instant.timeIntervalSince(start))
    }

    /// The local calendar day of an instant.
    public static func localDate(_ instant: Date) -> LocalDate { wallClock(instant).date }

    /// ISO weekday of an instant in Brasília: 1 = Monday … 7 = Sunday.
    public static func isoWeekday(_ instant: Date) -> Int { localDate(instant).isoWeekday }

    /// Local midnight that starts `day`.
    public static func startOfDay(_ day: LocalDate) -> Date {
        date(day, hour: 0)
    }

    /// Local midnight that starts the day containing `instant`.
    public static func startOfDay(_ instant: Date) -> Date {
        calendar.startOfDay(for: instant)
    }

    /// Local midnight that ends the day containing `instant` (the start of the next day).
    public static func startOfNextDay(after instant: Date) -> Date {
        startOfDay(localDate(instant).adding(days: 1))
    }

    /// The instant a Brasília wall clock shows the given day and time.
    public static func date(_ day: LocalDate, hour: Int, minute: Int = 0, second: Int = 0) -> Date {
        let comps = DateComponents(timeZone: timeZone, year: day.year, month: day.month, day: day.day,
                                   hour: hour, minute: minute, second: second)
        if let d = calendar.date(from: comps) { return d }
        // Unreachable for valid days; the fixed offset keeps this total rather than trapping.
        let seconds = Double(day.dayNumber) * 86_400 + Double(hour * 3600 + minute * 60 + second)
        return Date(timeIntervalSince1970: seconds + 3 * 3600)
    }

    /// Convenience for tests and fixtures: `BrazilTime.date(2026, 4, 3, 17, 59)`.
    public static func date(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0,
                            _ second: Int = 0) -> Date {
        date(LocalDate(year: year, month: month, day: day), hour: hour, minute: minute, second: second)
    }

    /// "03/04/2026 17:59" (pt) or "2026-04-03 17:59" (en), Brasília wall clock.
    public static func display(_ instant: Date, _ lang: Lang) -> String {
        let w = wallClock(instant)
        let time = String(format: "%02d:%02d", w.hour, w.minute)
        switch lang {
        case .pt: return String(format: "%02d/%02d/%04d ", w.date.day, w.date.month, w.date.year) + time
        case .en: return w.date.description + " " + time
        }
    }
}
