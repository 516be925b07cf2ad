import Foundation
import RetomaCore
import RetomaStore

/// The send governor applied to the ledger's send history for one sending number. The jitter is drawn
/// once per latest send, so the next slot does not move each time the engine looks.
struct GovernorGate: Sendable {
    let governor: SendGovernor
    let sender: String
    private var rng: SplitMix64
    private var drawn: (after: Date?, jitter: TimeInterval)?

    init(governor: SendGovernor, sender: String, seed: UInt64) {
        self.governor = governor; self.sender = sender; rng = SplitMix64(seed: seed)
    }

    /// Earliest start the caps could still count from `now` (an hour back, or the Brasília day's start).
    static func lookback(_ now: Date) -> Date { PolicyContext.historyStart(at: now) }

    func history(_ store: Store, now: Date) throws(StoreError) -> [Date] {
        try store.sendHistory(sender: sender, since: Self.lookback(now), until: now)
    }

    /// The jitter in force after the latest send in `history`.
    mutating func jitter(for history: [Date]) -> TimeInterval {
        let last = history.max()
        if let drawn, drawn.after == last { return drawn.jitter }
        let jitter = governor.drawJitter(using: &rng)
        drawn = (last, jitter)
        return jitter
    }

    /// When the next send may start, at or after `now`.
    mutating func nextSlot(_ store: Store, now: Date) throws(StoreError) -> Date {
        let history = try history(store, now: now)
        return governor.nextSlot(after: now, history: history, jitter: jitter(for: history))
    }

    /// For deals due at `now` in the order they would go (earliest due first): nil for those that may start
    /// now, otherwise the projected slot. The first slot uses the drawn jitter; later ones the mean jitter,
    /// so they are estimates.
    mutating func project(_ count: Int, history start: [Date], now: Date) -> [Date?] {
        var history = start
        var slots: [Date?] = []
        for index in 0..<count {
            let jitter = index == 0 ? self.jitter(for: history) : governor.meanJitter
            let slot = governor.nextSlot(after: now, history: history, jitter: jitter)
            if slot == .distantFuture {
                slots.append(contentsOf: Array(repeating: Date.distantFuture, count: count - index))
                break
            }
            slots.append(slot <= now ? nil : slot)
            history.append(max(slot, now))
        }
        return slots
    }
}
