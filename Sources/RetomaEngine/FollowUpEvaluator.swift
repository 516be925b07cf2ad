import Foundation
import RetomaCore
import RetomaStore

/// The engine's decisions without acting on them: `retoma engine --once --dry-run`, `retoma deal why`, the
/// TUI's card hints. Needs no writer and no channel. Through an `Engine` it shares the engine's governor, so
/// what it says is what the engine does next.
public struct FollowUpEvaluator: Sendable {
    public let store: Store
    let gate: Gate

    /// `sender` names the governor's history (the channel's `sender`); `jitterSeed` fixes the jitter drawn
    /// for the next slot (nil draws one).
    public init(store: Store, governor: SendGovernor, sender: String, jitterSeed: UInt64? = nil) {
        self.init(store: store, gate: Gate(GovernorGate(governor: governor, sender: sender,
                                                        seed: jitterSeed ?? UInt64.random(in: .min ... .max))))
    }

    init(store: Store, gate: Gate) { self.store = store; self.gate = gate }

    /// Every deal's decision at `instant`, in deal-id order, exactly as the engine would take it: the rules,
    /// attempts held for the operator, and the governor, which lets the earliest-due sendable deals through
    /// and holds the rest (`throttled`, with their projected slot).
    public func decisions(at instant: Date) throws(StoreError) -> [Decision] {
        let settings = try store.engineSettings()
        var decisions: [Decision] = []
        try store.forEachDealFollowUp { followUp in
            decisions.append(Eligibility.decide(followUp.facts, config: followUp.config, paused: settings.paused,
                                                hold: followUp.hold, calendar: settings.calendar, at: instant))
        }
        let sends = decisions.indices.filter { decisions[$0].action == .send }
            .sorted { Self.order(decisions[$0], instant) < Self.order(decisions[$1], instant) }
        let slots = try gate.project(sends.count, store, now: instant)
        for (index, slot) in zip(sends, slots) {
            if let slot { decisions[index] = decisions[index].throttled(until: slot) }
        }
        return decisions
    }

    /// One deal's decision at `instant`, with every rule checked (`Decision.explain`). When it could be sent,
    /// the deals due before it go first through the governor.
    public func decision(dealID: Int64, at instant: Date) throws(StoreError) -> Decision {
        let settings = try store.engineSettings()
        let followUp = try store.dealFollowUp(id: dealID)
        let decision = Eligibility.decide(followUp.facts, config: followUp.config, paused: settings.paused,
                                          hold: followUp.hold, calendar: settings.calendar, at: instant)
        guard decision.action == .send else { return decision }
        // Only deals stored as due by `instant` can be sendable then (see `NextDue`).
        var ahead = 0
        for due in try store.dueDeals(atOrBefore: instant, limit: 100_000) where due.dealID != dealID {
            let other = try store.dealFollowUp(id: due.dealID)
            let otherDecision = Eligibility.decide(other.facts, config: other.config, paused: settings.paused,
                                                   hold: other.hold, calendar: settings.calendar, at: instant)
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
