import Foundation
import Testing
@testable import RetomaCore

@Suite struct DueTimeTests {
    @Test func minutesAndHoursAreExact() {
        let a = br(2026, 3, 6, 17, 40)
        #expect(DueTime.add(Interval(amount: 30, unit: .minutes), to: a) == a.addingTimeInterval(1800))
        #expect(DueTime.add(Interval(amount: 2, unit: .hours), to: a) == a.addingTimeInterval(7200))
        #expect(DueTime.add(Interval(amount: 999, unit: .hours), to: a) == a.addingTimeInterval(999 * 3600))
    }

    @Test func daysKeepTheWallClockAndAreWholeDays() {
        let a = br(2026, 3, 6, 17, 40, 12)
        let due = DueTime.add(Interval(amount: 3, unit: .days), to: a)
        #expect(due == br(2026, 3, 9, 17, 40, 12))
        #expect(due.timeIntervalSince(a) == 3 * 86_400)
    }

    @Test(arguments: [
        (br(2026, 1, 31, 10), 1, br(2026, 2, 28, 10)),
        (br(2024, 1, 31, 10), 1, br(2024, 2, 29, 10)),   // leap year
        (br(2026, 3, 31, 9, 15), 1, br(2026, 4, 30, 9, 15)),
        (br(2026, 1, 15, 23, 30), 1, br(2026, 2, 15, 23, 30)),
        (br(2026, 12, 31, 12), 2, br(2027, 2, 28, 12)),
        (br(2024, 2, 29, 8), 12, br(2025, 2, 28, 8)),
        (br(2026, 5, 10, 14), 24, br(2028, 5, 10, 14)),
    ])
    func monthsAreCalendarMonthsInBrasilia(anchor: Date, months: Int, expected: Date) {
        #expect(DueTime.add(Interval(amount: months, unit: .months), to: anchor) == expected)
    }

    @Test func monthEndLateEveningUsesTheBrasiliaDay() {
        // 31 Jan 22:00 in Brasília is already 1 Feb in UTC; a UTC calendar would give 1 Mar.
        #expect(DueTime.add(Interval(amount: 1, unit: .months), to: br(2026, 1, 31, 22)) == br(2026, 2, 28, 22))
    }

    @Test func amountsBelowOneCountAsOne() {
        let a = br(2026, 3, 6, 10)
        #expect(DueTime.add(Interval(amount: 0, unit: .minutes), to: a) == a.addingTimeInterval(60))
        #expect(DueTime.add(Interval(amount: -5, unit: .days), to: a) == br(2026, 3, 7, 10))
    }
}
