import Foundation
import Testing
@testable import RetomaCore

/// Values from outside (settings, stored rows) that used to trap in integer conversions or date arithmetic.
@Suite struct NumericGuardTests {
    @Test func aCheckedDateRefusesDaysThatDoNotExistAndYearsTheArithmeticCannotHold() {
        #expect(LocalDate(checkedYear: 2026, month: 3, day: 1) == LocalDate(year: 2026, month: 3, day: 1))
        #expect(LocalDate(checkedYear: 2028, month: 2, day: 29) != nil)
        #expect(LocalDate(checkedYear: 2000, month: 2, day: 29) != nil)
        #expect(LocalDate(checkedYear: 2026, month: 2, day: 29) == nil)
        #expect(LocalDate(checkedYear: 2100, month: 2, day: 29) == nil)
        #expect(LocalDate(checkedYear: 2026, month: 4, day: 31) == nil)
        #expect(LocalDate(checkedYear: 2026, month: 13, day: 1) == nil)
        #expect(LocalDate(checkedYear: 2026, month: 0, day: 1) == nil)
        #expect(LocalDate(checkedYear: 2026, month: 1, day: 0) == nil)
        #expect(LocalDate(checkedYear: 0, month: 1, day: 1) == nil)
        #expect(LocalDate(checkedYear: 999_999_999_999_999_999, month: 1, day: 1) == nil)
        #expect(LocalDate(checkedYear: Int.min, month: 1, day: 1) == nil)
        // Every accepted year survives the day arithmetic both ways.
        for year in [1, 1970, 9999] {
            let day = LocalDate(checkedYear: year, month: 12, day: 31)!
            #expect(LocalDate(dayNumber: day.dayNumber) == day)
        }
    }

    @Test func aJitterRangeWithAnInfiniteEndDrawsItsLowerEndInsteadOfTrapping() {
        var rng = SplitMix64(seed: 7)
        #expect(SendGovernor(jitter: 0...Double.infinity).drawJitter(using: &rng) == 0)
        // Both ends finite, the width not: still no draw.
        let widest = SendGovernor(jitter: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
        #expect(widest.drawJitter(using: &rng) == -Double.greatestFiniteMagnitude)
        #expect(SendGovernor(jitter: -Double.infinity...0).drawJitter(using: &rng) == 0)
        let drawn = SendGovernor(jitter: 0...60).drawJitter(using: &rng)
        #expect((0...60).contains(drawn))
    }

    @Test func anAbsurdDurationHasNoEstimateInsteadOfTrapping() {
        #expect(DurationText.approximate(1e300, .pt) == "sem previsão")
        #expect(DurationText.approximate(Double.greatestFiniteMagnitude, .en) == "no estimate")
        #expect(DurationText.approximate(3 * 86_400, .en) == "~3 days")
    }
}
