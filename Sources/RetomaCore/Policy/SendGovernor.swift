import Foundation

/// Paces every send through one WhatsApp number so it does not look like a bot (integrations.md §5):
/// a minimum gap plus random jitter between sends, a sliding hourly cap, a daily cap counted in Brasília
/// days, and an optional warm-up that lowers the daily cap during a new number's first days.
public struct SendGovernor: Sendable, Equatable {
    /// Daily caps for a new number's first days; from the day after the list ends, `dailyCap` applies.
    public struct WarmUp: Sendable, Equatable {
        /// The number's first day of automated sending (day 1 of the ramp).
        public var firstDay: LocalDate
        /// Cap for day 1, day 2, …; each is also bounded by `dailyCap`.
        public var dailyCaps: [Int]
        public init(firstDay: LocalDate, dailyCaps: [Int]) { self.firstDay = firstDay; self.dailyCaps = dailyCaps }
    }

    public var minGap: TimeInterval
    /// Extra random wait added to `minGap`, drawn uniformly from this range for each send.
    public var jitter: ClosedRange<TimeInterval>
    /// At most this many sends in any 60-minute window.
    public var hourlyCap: Int
    /// At most this many sends per Brasília calendar day.
    public var dailyCap: Int
    public var warmUp: WarmUp?

    public static let hour: TimeInterval = 3600

    public init(minGap: TimeInterval = 30, jitter: ClosedRange<TimeInterval> = 0...60, hourlyCap: Int = 40,
                dailyCap: Int = 200, warmUp: WarmUp? = nil) {
        self.minGap = minGap; self.jitter = jitter; self.hourlyCap = hourlyCap; self.dailyCap = dailyCap
        self.warmUp = warmUp
    }

    /// The defaults from issue 4: 30 s + 0–60 s, 40/hour, 200/day, no warm-up.
    public static let standard = SendGovernor()

    /// The cap in force on a Brasília day, warm-up included.
    public func dailyCap(on day: LocalDate) -> Int {
        guard let warmUp, !warmUp.dailyCaps.isEmpty else { return dailyCap }
        let index = max(0, warmUp.firstDay.days(until: day))
        guard index < warmUp.dailyCaps.count else { return dailyCap }
        return min(warmUp.dailyCaps[index], dailyCap)
    }

    public var meanJitter: TimeInterval { (jitter.lowerBound + jitter.upperBound) / 2 }

    public func drawJitter(using rng: inout some RandomNumberGenerator) -> TimeInterval {
        // `random(in:)` traps on a range whose width is not finite (an infinite end): use its lower end.
        guard jitter.lowerBound != jitter.upperBound, (jitter.upperBound - jitter.lowerBound).isFinite else {
            return jitter.lowerBound.isFinite ? jitter.lowerBound : 0
        }
        return TimeInterval.random(in: jitter, using: &rng)
    }

    /// The earliest instant at or after `now` a send may start, with a fresh jitter from `rng`.
    /// `history` holds the start times of earlier sends through this number: at least those of the last hour
    /// and of the current Brasília day; older ones are ignored, order does not matter.
    public func nextSlot(after now: Date, history: [Date], using rng: inout some RandomNumberGenerator) -> Date {
        nextSlot(after: now, history: history, jitter: drawJitter(using: &rng))
    }

    /// Same as above with the jitter chosen by the caller (clamped to the configured range).
    /// Returns `Date.distantFuture` when a cap of zero or less forbids sending for good.
    public func nextSlot(after now: Date, history: [Date], jitter: TimeInterval) -> Date {
        let j = min(max(jitter, self.jitter.lowerBound), self.jitter.upperBound)
        return slot(after: now, sorted: relevant(history, now: now), jitter: j)
    }

    /// Seconds from `now` until the last of `count` sends could start, at the mean jitter. 0 for `count` ≤ 0.
    public func estimateCompletion(count: Int, from now: Date, history: [Date]) -> TimeInterval {
        guard count > 0 else { return 0 }
        var sends = relevant(history, now: now)
        var last = now
        for _ in 0..<count {
            last = slot(after: now, sorted: sends, jitter: meanJitter)
            if last == .distantFuture { return .infinity }
            sends.append(last)
        }
        return last.timeIntervalSince(now)
    }

    /// Settings that would stop sending for good or make no sense.
    public func problems() -> [FieldError] {
        var errors: [FieldError] = []
        if minGap < 0 { errors.append(FieldError(field: .minGap, problem: .mustNotBeNegative)) }
        if jitter.lowerBound < 0 { errors.append(FieldError(field: .jitter, problem: .mustNotBeNegative)) }
        if hourlyCap < 1 { errors.append(FieldError(field: .hourlyCap, problem: .atLeast(1))) }
        if dailyCap < 1 { errors.append(FieldError(field: .dailyCap, problem: .atLeast(1))) }
        if let warmUp, warmUp.dailyCaps.contains(where: { $0 < 1 }) {
            errors.append(FieldError(field: .warmUp, problem: .atLeast(1)))
        }
        return errors
    }

    // MARK: - Internals

    /// Sorted sends that can still count against a cap at or after `now`.
    private func relevant(_ history: [Date], now: Date) -> [Date] {
        // Inclusive: a send at exactly local midnight still counts against that day.
        let horizon = min(now.addingTimeInterval(-Self.hour), BrazilTime.startOfDay(now))
        return history.filter { $0 >= horizon }.sorted()
    }

    private func slot(after now: Date, sorted sends: [Date], jitter: TimeInterval) -> Date {
        guard hourlyCap > 0, dailyCap > 0 else { return .distantFuture }
        var t = now
        if let last = sends.last { t = max(t, last.addingTimeInterval(minGap + jitter)) }
        // Each pass moves t forward past one obstacle; warm-up days with a zero cap are the longest chain.
        for _ in 0..<(1000 + (warmUp?.dailyCaps.count ?? 0)) {
            let upper = firstIndex(in: sends) { $0 > t }
            let lower = firstIndex(in: sends) { $0 > t.addingTimeInterval(-Self.hour) }
            if upper - lower >= hourlyCap {
                // Wait until enough of the window's oldest sends are an hour old.
                t = sends[upper - hourlyCap].addingTimeInterval(Self.hour)
                continue
            }
            let dayStart = BrazilTime.startOfDay(t)
            let today = firstIndex(in: sends) { $0 >= dayStart }
            if upper - today >= dailyCap(on: BrazilTime.localDate(t)) {
                t = BrazilTime.startOfNextDay(after: t)
                continue
            }
            return t
        }
        return .distantFuture
    }

    /// Binary search: the first index whose element satisfies a predicate that is monotone over `sorted`.
    private func firstIndex(in sorted: [Date], where isPast: (Date) -> Bool) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if isPast(sorted[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
