import Foundation

/// When the next follow-up of a deal falls due: anchor + interval.
public enum DueTime {
    /// Minutes and hours are exact durations. Days and months are added on the Brasília calendar, so
    /// "1 day" keeps the wall-clock time and "1 month" from Jan 31 lands on Feb 28 (29 in leap years).
    /// With no daylight saving time in Brazil since 2019, a calendar day is always exactly 24 hours.
    public static func add(_ interval: Interval, to anchor: Date) -> Date {
        // The dialog and the store refuse amounts below 1; clamping keeps a corrupt row from sending in a loop.
        let amount = max(1, interval.amount)
        switch interval.unit {
        case .minutes: return anchor.addingTimeInterval(Double(amount) * 60)
        case .hours: return anchor.addingTimeInterval(Double(amount) * 3600)
        case .days: return BrazilTime.calendar.date(byAdding: .day, value: amount, to: anchor)
            ?? anchor.addingTimeInterval(Double(amount) * 86_400)
        case .months: return BrazilTime.calendar.date(byAdding: .month, value: amount, to: anchor)
            ?? Date.distantFuture
        }
    }
}
