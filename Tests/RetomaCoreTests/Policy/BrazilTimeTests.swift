import Foundation
import Testing
@testable import RetomaCore

@Suite struct BrazilTimeTests {
    @Test func clocksReturnTheirInstant() {
        let t = iso("2026-04-03T20:59:00Z")
        let clock: any Clock = FixedClock(t)
        #expect(clock.now() == t)
        let before = Date()
        let system = SystemClock().now()
        #expect(system >= before && system.timeIntervalSince(before) < 60)
    }

    @Test func zoneIsUTCMinusThreeAllYearSince2019() {
        for month in 1...12 {
            let instant = iso(String(format: "2025-%02d-15T12:00:00Z", month))
            #expect(BrazilTime.timeZone.secondsFromGMT(for: instant) == -3 * 3600, "month \(month)")
        }
        #expect(BrazilTime.calendar.timeZone == BrazilTime.timeZone)
    }

    @Test func buildsAndReadsWallClockTimes() {
        let t = br(2026, 4, 3, 17, 59, 30)
        #expect(t == iso("2026-04-03T20:59:30Z"))
        let w = BrazilTime.wallClock(t)
        #expect(w.date == day(2026, 4, 3))
        #expect(w.hour == 17 && w.minute == 59 && w.second == 30)
        #expect(w.secondsIntoDay == 17 * 3600 + 59 * 60 + 30)
        #expect(w.isoWeekday == 5)
    }

    @Test func localDayDiffersFromUTCDayLateInTheEvening() {
        // 23:30 in Brasília is already the next day in UTC.
        let t = iso("2026-04-04T02:30:00Z")
        #expect(BrazilTime.localDate(t) == day(2026, 4, 3))
        #expect(BrazilTime.startOfDay(t) == iso("2026-04-03T03:00:00Z"))
        #expect(BrazilTime.startOfNextDay(after: t) == iso("2026-04-04T03:00:00Z"))
        #expect(BrazilTime.startOfDay(day(2026, 4, 4)) == iso("2026-04-04T03:00:00Z"))
    }

    @Test func weekdaysAreISO() {
        #expect(BrazilTime.isoWeekday(br(2026, 3, 9, 12)) == 1)   // Monday
        #expect(BrazilTime.isoWeekday(br(2026, 3, 7, 12)) == 6)   // Saturday
        #expect(BrazilTime.isoWeekday(br(2026, 3, 8, 0, 0)) == 7) // Sunday, first second
        #expect(BrazilTime.isoWeekday(br(2026, 3, 8, 23, 59, 59)) == 7)
    }

    @Test func displaysInEachLanguage() {
        let t = br(2026, 4, 6, 8, 5)
        #expect(BrazilTime.display(t, .pt) == "06/04/2026 08:05")
        #expect(BrazilTime.display(t, .en) == "2026-04-06 08:05")
    }

    @Test func localDateArithmeticMatchesTheCalendar() {
        #expect(day(1970, 1, 1).dayNumber == 0)
        #expect(day(2024, 2, 28).adding(days: 1) == day(2024, 2, 29))
        #expect(day(2025, 2, 28).adding(days: 1) == day(2025, 3, 1))
        #expect(day(2025, 12, 31).adding(days: 1) == day(2026, 1, 1))
        #expect(day(2026, 1, 1).days(until: day(2026, 12, 31)) == 364)
        #expect(day(1969, 12, 31).dayNumber == -1)
        #expect(LocalDate(dayNumber: -1) == day(1969, 12, 31))
        // Round trip across a long span, checked against Foundation's own weekday.
        var d = day(2019, 1, 1)
        for _ in 0..<3000 {
            let noon = BrazilTime.date(d, hour: 12)
            let weekday = BrazilTime.calendar.component(.weekday, from: noon) // 1 = Sunday
            #expect(d.isoWeekday == (weekday + 5) % 7 + 1, "\(d)")
            #expect(BrazilTime.localDate(noon) == d)
            d = d.adding(days: 1)
        }
        #expect(day(2026, 4, 3).description == "2026-04-03")
        #expect(day(2026, 4, 3) < day(2026, 4, 4) && day(2025, 12, 31) < day(2026, 1, 1))
    }
}
