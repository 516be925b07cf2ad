import Foundation

/// Horário comercial: Monday to Friday, 08:00 (inclusive) to 18:00 (exclusive), Brasília time.
public struct BusinessCalendar: Sendable, Equatable {
    public static let openingHour = 8
    public static let closingHour = 18

    /// National holidays count as closed days.
    public var honorHolidays: Bool
    /// Pontos facultativos (Carnaval, Ash Wednesday morning, Corpus Christi) count as closed too.
    public var skipPontosFacultativos: Bool

    public init(honorHolidays: Bool = true, skipPontosFacultativos: Bool = false) {
        self.honorHolidays = honorHolidays
        self.skipPontosFacultativos = skipPontosFacultativos
    }

    /// Why the window is shut at an instant.
    public enum Closure: Sendable, Equatable {
        case weekend
        /// A weekday taken by a holiday (for Ash Wednesday only until its closing hour).
        case holiday(Holiday)
        case beforeOpening
        case afterClosing
    }

    /// The holiday that closes (part of) `day` under these settings, if any.
    public func holiday(on day: LocalDate) -> Holiday? {
        guard honorHolidays || skipPontosFacultativos else { return nil }
        if let h = BrazilHolidays.holiday(on: day, includingPontosFacultativos: skipPontosFacultativos) {
            if h.kind == .national && !honorHolidays { return nil }
            return h
        }
        return nil
    }

    /// The local hour the window opens on a weekday, or nil when the day stays closed.
    private func openingHour(on day: LocalDate) -> Int? {
        if day.isWeekend { return nil }
        guard let h = holiday(on: day) else { return Self.openingHour }
        guard let until = h.closedUntilHour, until < Self.closingHour else { return nil }
        return max(Self.openingHour, until)
    }

    /// nil when sending is allowed at `instant`. A weekend wins over a holiday that falls on it, and a
    /// holiday's closure covers the whole weekday (or its morning), evening included.
    public func closure(at instant: Date) -> Closure? {
        let w = BrazilTime.wallClock(instant)
        if w.date.isWeekend { return .weekend }
        let holiday = holiday(on: w.date)
        if let holiday {
            guard let until = holiday.closedUntilHour else { return .holiday(holiday) }
            if w.hour < until { return .holiday(holiday) }
        }
        let opens = openingHour(on: w.date) ?? Self.openingHour
        if w.hour < opens { return .beforeOpening }
        if w.hour >= Self.closingHour { return .afterClosing }
        return nil
    }

    public func isOpen(at instant: Date) -> Bool { closure(at: instant) == nil }

    /// `instant` itself when the window is open, otherwise the next time it opens.
    public func nextOpening(atOrAfter instant: Date) -> Date {
        let w = BrazilTime.wallClock(instant)
        var day = w.date
        if let opens = openingHour(on: day), w.hour < Self.closingHour {
            if w.hour >= opens { return instant }
            return BrazilTime.date(day, hour: opens)
        }
        // Holidays and weekends never chain for more than a few days; the bound only guards bad data.
        for _ in 0..<366 {
            day = day.adding(days: 1)
            if let opens = openingHour(on: day) { return BrazilTime.date(day, hour: opens) }
        }
        return BrazilTime.date(day, hour: Self.openingHour)
    }
}
