import Foundation
import RetomaCore
import RetomaStore

/// The engine's decisions without acting on them: `retoma engine --once --dry-run`, `retoma deal why`, the
/// TUI's card hints. Needs no writer and no channel. Through an `Engine` it shares the engine's governor, so
/// what it says is what the engine does next.
public struct FollowUpEvaluator: Sendable {
    public let store: Store
    let gate: Gate
    /// The channel's 24-hour rule (`WhatsAppChannel.messagingWindow`).
    let window: MessagingWindow

    /// `sender` names the governor's history (the channel's `sender`); `window` is the channel's 24-hour rule;
    /// `jitterSeed` fixes the jitter drawn for the next slot (nil draws one).
    public init(store: Store, governor: SendGovernor, sender: String, window: MessagingWindow = .unrestricted,
                jitterSeed: UInt64? = nil) {
        self.init(store: store, gate: Gate(GovernorGate(governor: governor, sender: sender,
                                                        seed: jitterSeed ?? UInt64.random(in: .min ... .max))),
                  window: window)
    }

    init(store: Store, gate: Gate, window: MessagingWindow = .unrestricted) {
        self.store = store; self.gate = gate; self.window = window
    }

    /// A sendable decision under the channel's window (outside it without a template: `outside_24h_window`).
    private func limited(_ decision: Decision, at instant: Date) throws(StoreError) -> Decision {
        guard decision.action == .send, case .customerService = window else { return decision }
        return decision.limited(by: window, lastCustomerMessageAt: try store.lastCustomerMessageAt(dealID: decision.dealID),
                                at: instant)
    }

    /// Every deal's decision at `instant`, in deal-id order, exactly as the engine would take it: the rules,
    /// attempts held for the operator, and the governor, which lets the earliest-due sendable deals through
    /// and holds the rest (`throttled`, with their projected slot).
    public func decisions(at instant: Date) throws(StoreError) -> [Decision] {
        var decisions: [Decision] = []
        try forEachDecision(at: instant) { decisions.append($0) }
        return decisions
    }

    /// The same decisions handed over one at a time, so a million deals need no million-element array.
    /// Two passes over the deals: the first finds the sendable ones for the governor, the second decides.
    public func forEachDecision(at instant: Date, _ body: (Decision) throws -> Void) throws(StoreError) {
        let settings = try store.engineSettings()
        func decide(_ followUp: DealFollowUp) -> Decision {
            Eligibility.decide(followUp.facts, config: followUp.config, paused: settings.paused, hold: followUp.hold,
                               calendar: settings.calendar, at: instant)
        }
        var sends: [(dueAt: Date, dealID: Int64)] = []
        // The channel's window, decided here: the second pass reads inside one database read and cannot ask more.
        var windowed: [Int64: Decision] = [:]
        // Only deals stored as due by `instant` can be sendable then (see `NextDue`).
        for due in try store.dueDeals(atOrBefore: instant, limit: Int.max) {
            let decision = decide(try store.dealFollowUp(id: due.dealID))
            guard decision.action == .send else { continue }
            let limited = try limited(decision, at: instant)
            windowed[decision.dealID] = limited
            if limited.action == .send { sends.append(Self.order(decision, instant)) }
        }
        sends.sort { $0 < $1 }
        let slots = try gate.project(sends.count, store, now: instant)
        var throttledUntil: [Int64: Date] = [:]
        for (send, slot) in zip(sends, slots) { if let slot { throttledUntil[send.dealID] = slot } }
        try store.forEachDealFollowUp { followUp in
            var decision = decide(followUp)
            if decision.action == .send, let limited = windowed[decision.dealID] { decision = limited }
            if decision.action == .send, let slot = throttledUntil[decision.dealID] {
                try body(decision.throttled(until: slot))
            } else {
                try body(decision)
            }
        }
    }

    /// One deal's decision at `instant`, with every rule checked (`Decision.explain`). When it could be sent,
    /// the deals due before it go first through the governor.
    public func decision(dealID: Int64, at instant: Date) throws(StoreError) -> Decision {
        let settings = try store.engineSettings()
        let followUp = try store.dealFollowUp(id: dealID)
        let decision = try limited(Eligibility.decide(followUp.facts, config: followUp.config, paused: settings.paused,
                                                      hold: followUp.hold, calendar: settings.calendar, at: instant),
                                   at: instant)
        guard decision.action == .send else { return decision }
        // Only deals stored as due by `instant` can be sendable then (see `NextDue`).
        var ahead = 0
        for due in try store.dueDeals(atOrBefore: instant, limit: Int.max) where due.dealID != dealID {
            let other = try store.dealFollowUp(id: due.dealID)
            let otherDecision = try limited(Eligibility.decide(other.facts, config: other.config, paused: settings.paused,
                                                               hold: other.hold, calendar: settings.calendar, at: instant),
                                            at: instant)
            if otherDecision.action == .send, Self.order(otherDecision, instant) < Self.order(decision, instant) {
                ahead += 1
            }
        }
        let slots = try gate.project(ahead + 1, store, now: instant)
        return slots.last.flatMap { $0 }.map { decision.throttled(until: $0) } ?? decision
    }

    /// The engine's queue order: earliest due first, then the lowest deal id.
    static func order(_ decision: Decision, _ instant: Date) -> (Date, Int64) {
        (decision.dueAt ?? instant, decision.dealID)
    }
}
