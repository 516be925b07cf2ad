import Foundation
import Testing
@testable import RetomaCore

@Suite struct SendGovernorTests {
    let monday10 = br(2026, 3, 9, 10)

    /// `count` sends `spacing` seconds apart starting at `start`.
    func sends(_ count: Int, from start: Date, every spacing: TimeInterval) -> [Date] {
        (0..<count).map { start.addingTimeInterval(Double($0) * spacing) }
    }

    @Test func defaults() {
        let g = SendGovernor.standard
        #expect(g.minGap == 30 && g.jitter == 0...60 && g.hourlyCap == 40 && g.dailyCap == 200 && g.warmUp == nil)
        #expect(g.meanJitter == 30)
        #expect(g.problems().isEmpty)
    }

    @Test func firstSendGoesAtOnce() {
        #expect(SendGovernor.standard.nextSlot(after: monday10, history: [], jitter: 45) == monday10)
    }

    @Test func gapPlusJitterSinceTheLastSend() {
        let g = SendGovernor.standard
        let last = monday10
        #expect(g.nextSlot(after: last.addingTimeInterval(5), history: [last], jitter: 12) == last.addingTimeInterval(42))
        #expect(g.nextSlot(after: last.addingTimeInterval(5), history: [last], jitter: 0) == last.addingTimeInterval(30))
        // Out-of-range jitter is clamped to the configured range.
        #expect(g.nextSlot(after: last, history: [last], jitter: 500) == last.addingTimeInterval(90))
        #expect(g.nextSlot(after: last, history: [last], jitter: -9) == last.addingTimeInterval(30))
        // Long after the last send, now is the slot.
        #expect(g.nextSlot(after: last.addingTimeInterval(600), history: [last], jitter: 60) == last.addingTimeInterval(600))
    }

    @Test func historyOrderDoesNotMatter() {
        let g = SendGovernor.standard
        let h = [monday10.addingTimeInterval(-100), monday10, monday10.addingTimeInterval(-50)]
        #expect(g.nextSlot(after: monday10, history: h, jitter: 10) == monday10.addingTimeInterval(40))
    }

    @Test func jitterStaysInBoundsAndIsReproducible() {
        let g = SendGovernor.standard
        var rng = SplitMix64(seed: 2026)
        var draws: [TimeInterval] = []
        for _ in 0..<2000 { draws.append(g.drawJitter(using: &rng)) }
        #expect(draws.allSatisfy { (0...60).contains($0) })
        #expect(Set(draws).count > 1900, "jitter must vary, fixed gaps look like a bot")
        let mean = draws.reduce(0, +) / Double(draws.count)
        #expect(abs(mean - 30) < 2)
        #expect(draws.contains { $0 < 3 } && draws.contains { $0 > 57 })

        var a = SplitMix64(seed: 7), b = SplitMix64(seed: 7)
        let slotA = g.nextSlot(after: monday10, history: [monday10], using: &a)
        let slotB = g.nextSlot(after: monday10, history: [monday10], using: &b)
        #expect(slotA == slotB)
        #expect(slotA >= monday10.addingTimeInterval(30) && slotA <= monday10.addingTimeInterval(90))

        let fixed = SendGovernor(jitter: 5...5)
        #expect(fixed.drawJitter(using: &rng) == 5)
    }

    @Test func hourlyCapSlidesWithTheOldestSend() {
        let g = SendGovernor(minGap: 0, jitter: 0...0, hourlyCap: 3)
        let h = [monday10, monday10.addingTimeInterval(600), monday10.addingTimeInterval(1200)]
        // Full window: wait until the oldest is exactly one hour old.
        #expect(g.nextSlot(after: monday10.addingTimeInterval(1800), history: h, jitter: 0)
                == monday10.addingTimeInterval(3600))
        // One hour and a second later, only two remain in the window.
        #expect(g.nextSlot(after: monday10.addingTimeInterval(3601), history: h, jitter: 0)
                == monday10.addingTimeInterval(3601))
    }

    @Test func fortyInAnHourWithTheDefaults() {
        let g = SendGovernor.standard
        let h = sends(40, from: monday10, every: 60)
        #expect(g.nextSlot(after: monday10.addingTimeInterval(2400), history: h, jitter: 0)
                == monday10.addingTimeInterval(3600))
        let h39 = Array(h.dropLast())
        #expect(g.nextSlot(after: monday10.addingTimeInterval(2290), history: h39, jitter: 0)
                == monday10.addingTimeInterval(2280 + 30))
    }

    @Test func dailyCapWaitsForBrasiliaMidnight() {
        let g = SendGovernor(hourlyCap: 40, dailyCap: 3)
        // 21:00 in Brasília is already midnight in UTC: the reset must follow Brasília.
        let h = [br(2026, 3, 10, 20), br(2026, 3, 10, 20, 30), br(2026, 3, 10, 21)]
        let slot = g.nextSlot(after: br(2026, 3, 10, 21, 30), history: h, jitter: 0)
        #expect(slot == br(2026, 3, 11, 0, 0))
        #expect(slot == iso("2026-03-11T03:00:00Z"))
    }

    @Test func dailyCapCountsTheWholeDayNotJustTheLastHour() {
        let g = SendGovernor(dailyCap: 3)
        let h = [br(2026, 3, 10, 8), br(2026, 3, 10, 9), br(2026, 3, 10, 10)]
        #expect(g.nextSlot(after: br(2026, 3, 10, 15), history: h, jitter: 0) == br(2026, 3, 11, 0))
        // Yesterday's sends do not count against today.
        #expect(g.nextSlot(after: br(2026, 3, 11, 9), history: h, jitter: 0) == br(2026, 3, 11, 9))
    }

    @Test func hourlyWindowStillAppliesAcrossMidnight() {
        let g = SendGovernor(minGap: 0, jitter: 0...0, hourlyCap: 2, dailyCap: 2)
        let h = [br(2026, 3, 10, 23, 40), br(2026, 3, 10, 23, 50)]
        // The day is full too, but the hour decides: the next day's first send waits for 23:40 to age out.
        #expect(g.nextSlot(after: br(2026, 3, 10, 23, 55), history: h, jitter: 0) == br(2026, 3, 11, 0, 40))
    }

    @Test func warmUpRampsTheDailyCap() {
        let ramp = SendGovernor.WarmUp(firstDay: day(2026, 3, 10), dailyCaps: [2, 4, 500])
        let g = SendGovernor(dailyCap: 200, warmUp: ramp)
        #expect(g.dailyCap(on: day(2026, 3, 9)) == 2)
        #expect(g.dailyCap(on: day(2026, 3, 10)) == 2)
        #expect(g.dailyCap(on: day(2026, 3, 11)) == 4)
        #expect(g.dailyCap(on: day(2026, 3, 12)) == 200)  // never above the daily cap
        #expect(g.dailyCap(on: day(2026, 3, 13)) == 200)
        let h = [br(2026, 3, 10, 9), br(2026, 3, 10, 10)]
        #expect(g.nextSlot(after: br(2026, 3, 10, 11), history: h, jitter: 0) == br(2026, 3, 11, 0))
        #expect(SendGovernor(warmUp: SendGovernor.WarmUp(firstDay: day(2026, 3, 10), dailyCaps: []))
                .dailyCap(on: day(2026, 3, 10)) == 200)
    }

    @Test func warmUpDayWithNoSendsSkipsToTheNextDay() {
        let g = SendGovernor(warmUp: SendGovernor.WarmUp(firstDay: day(2026, 3, 10), dailyCaps: [0, 0, 5]))
        #expect(g.nextSlot(after: br(2026, 3, 10, 10), history: [], jitter: 0) == br(2026, 3, 12, 0))
        #expect(g.problems() == [FieldError(field: .warmUp, problem: .atLeast(1))])
    }

    @Test func capsBelowOneNeverSendAndAreReported() {
        let g = SendGovernor(minGap: -1, jitter: -5...10, hourlyCap: 0, dailyCap: 0)
        #expect(g.nextSlot(after: monday10, history: [], jitter: 0) == .distantFuture)
        #expect(g.estimateCompletion(count: 3, from: monday10, history: []) == .infinity)
        #expect(g.problems().map(\.field) == [.minGap, .jitter, .hourlyCap, .dailyCap])
        #expect(g.problems()[2].message(.pt) == "Limite por hora: deve ser pelo menos 1.")
        #expect(g.problems()[0].message(.en) == "Minimum gap between sends: cannot be negative.")
    }

    @Test func estimateUsesTheMeanJitterAndTheCaps() {
        let g = SendGovernor.standard
        #expect(g.estimateCompletion(count: 0, from: monday10, history: []) == 0)
        #expect(g.estimateCompletion(count: 1, from: monday10, history: []) == 0)
        #expect(g.estimateCompletion(count: 2, from: monday10, history: []) == 60)
        // 40 in the first hour (one a minute), 40 in the second, 7 more in the third.
        #expect(g.estimateCompletion(count: 87, from: monday10, history: []) == 7200 + 6 * 60)
    }

    @Test func estimateCountsEarlierSends() {
        let g = SendGovernor.standard
        let h = sends(40, from: monday10.addingTimeInterval(-2400), every: 60)
        // The hour is full: the first new send waits for the oldest to age out.
        #expect(g.estimateCompletion(count: 1, from: monday10, history: h) == 3600 - 2400)
    }

    @Test func estimateCrossesTheDailyCap() {
        let g = SendGovernor.standard
        let start = br(2026, 3, 9, 8)
        // 200 by 12:39, then midnight; 40 from 00:00 and 10 from 01:00, the last at 01:09.
        let expected = br(2026, 3, 10, 1, 9).timeIntervalSince(start)
        #expect(g.estimateCompletion(count: 250, from: start, history: []) == expected)
    }

    @Test func simulatedScheduleNeverBreaksAnyLimit() {
        let g = SendGovernor(minGap: 30, jitter: 0...60, hourlyCap: 40, dailyCap: 200,
                             warmUp: SendGovernor.WarmUp(firstDay: day(2026, 3, 9), dailyCaps: [20, 50, 100]))
        var rng = SplitMix64(seed: 99)
        var history: [Date] = []
        var now = br(2026, 3, 9, 22)
        for _ in 0..<600 {
            let slot = g.nextSlot(after: now, history: history, using: &rng)
            #expect(slot >= now)
            if let last = history.last { #expect(slot.timeIntervalSince(last) >= 30) }
            let inHour = history.filter { $0 > slot.addingTimeInterval(-3600) }.count
            #expect(inHour < 40)
            let midnight = BrazilTime.startOfDay(slot)
            let sameDay = history.filter { $0 >= midnight }.count
            #expect(sameDay < g.dailyCap(on: BrazilTime.localDate(slot)))
            history.append(slot)
            now = slot
        }
        let perDay = Dictionary(grouping: history, by: { BrazilTime.localDate($0) }).mapValues(\.count)
        #expect(perDay[day(2026, 3, 9)] == 20)
        #expect(perDay[day(2026, 3, 10)] == 50)
        #expect(perDay[day(2026, 3, 11)] == 100)
        #expect(perDay[day(2026, 3, 12)] == 200)
    }
}

extension SendGovernorTests {
    @Test func sendAtExactlyMidnightCountsAgainstThatDay() {
        let g = SendGovernor(minGap: 0, jitter: 0...0, hourlyCap: 40, dailyCap: 2)
        let h = [br(2026, 3, 10, 0, 0), br(2026, 3, 10, 0, 30)]
        // More than an hour after midnight, the midnight send must still be counted.
        #expect(g.nextSlot(after: br(2026, 3, 10, 1, 10), history: h, jitter: 0) == br(2026, 3, 11, 0))
    }
}
