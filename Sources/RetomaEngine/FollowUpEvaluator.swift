import Foundation
import RetomaCore
import RetomaStore

/// The engine's decisions without acting on them: `retoma engine --once --dry-run`, `retoma deal why`, the
/// TUI's card hints. Needs no writer and no channel. Through an `Engine` it shares the engine's governor, so
/// what it says is what the engine does next. Every decision reads the `PolicyContext` the store loads for
/// the number, as the engine's own transactions do.
public struct FollowUpEvaluator: Sendable {
    public let store: Store
    let gate: Gate
    /// The sending number: its governor, its name in the send history and its channel's 24-hour rule.
    public let number: SendingNumber

    /// `jitterSeed` fixes the jitter drawn for the next slot (nil draws one).
    public init(store: Store, number: SendingNumber, jitterSeed: UInt64? = nil) {
        self.init(store: store, gate: Gate(GovernorGate(governor: number.governor, sender: number.sender,
                                                        seed: jitterSeed ?? UInt64.random(in: .min ... .max))),
                  number: number)
    }

    init(store: Store, gate: Gate, number: SendingNumber) {
        self.store = store; self.gate = gate; self.number = number
    }

    /// The shared inputs at `instant`, from the one loader.
    public func context(at instant: Date) throws(StoreError) -> PolicyContext {
        try store.policyContext(for: number, at: instant)
    }

    private func decide(_ followUp: DealFollowUp, _ policy: PolicyContext) throws(StoreError) -> Decision {
        try policy.decide(followUp.facts, config: followUp.config, hold: followUp.hold) { () throws(StoreError) in
            try store.lastCustomerMessageAt(dealID: followUp.facts.dealID)
        }
    }

    /// Every deal's decision at `instant`, in deal-id order, exactly as the engine would take it: the rules,
    /// attempts held for the operator, each column's daily limit in queue order, and the governor, which lets
    /// the earliest-due sendable deals through and holds the rest (`throttled`, with their projected slot).
    public func decisions(at instant: Date) throws(StoreError) -> [Decision] {
        var decisions: [Decision] = []
        try forEachDecision(at: instant) { decisions.append($0) }
        return decisions
    }

    /// The same decisions handed over one at a time, so a million deals need no million-element array.
    /// Two passes over the deals: the first finds the sendable ones for the limits, the second decides.
    public func forEachDecision(at instant: Date, _ body: (Decision) throws -> Void) throws(StoreError) {
        let policy = try context(at: instant)
        var sends: [(order: (Date, Int64), decision: Decision, config: FollowUpConfig)] = []
        // Due deals the 24-hour window holds: the second pass cannot read the customer's last message again.
        var windowed: [Int64: Decision] = [:]
        // Only deals stored as due by `instant` can be sendable then (see `NextDue`). The second pass reads
        // inside one database read and cannot ask more, so what these become is decided here.
        for due in try store.dueDeals(atOrBefore: instant, limit: Int.max) {
            let followUp = try store.dealFollowUp(id: due.dealID)
            let decision = try decide(followUp, policy)
            if decision.action == .send { sends.append(((due.dueAt, due.dealID), decision, followUp.config)) }
            if decision.reason == .outside24hWindow { windowed[due.dealID] = decision }
        }
        let final = try queue(sends, policy, at: instant).merging(windowed) { queued, _ in queued }
        try store.forEachDealFollowUp { followUp in
            if let decided = final[followUp.facts.dealID] { return try body(decided) }
            // Not stored as due: never sendable at `instant`, so no customer-message read is needed.
            try body(Eligibility.decide(followUp.facts, config: followUp.config, paused: policy.paused,
                                        hold: followUp.hold, calendar: policy.calendar, at: instant,
                                        sentTodayInColumn: policy.sentToday(column: followUp.facts.columnID),
                                        columnSkippedToday: policy.columnsSkippedToday.contains(followUp.facts.columnID)))
        }
    }

    /// One deal's decision at `instant`, with every rule checked (`Decision.explain`). When it could be sent,
    /// the deals due before it go first: through its column's daily limit and through the governor.
    public func decision(dealID: Int64, at instant: Date) throws(StoreError) -> Decision {
        let policy = try context(at: instant)
        let followUp = try store.dealFollowUp(id: dealID)
        let decision = try decide(followUp, policy)
        guard decision.action == .send else { return decision }
        var sends = [(order: (followUp.dueAt ?? instant, dealID), decision: decision, config: followUp.config)]
        for due in try store.dueDeals(atOrBefore: instant, limit: Int.max) where due.dealID != dealID {
            // Only those before it in the queue can hold it back.
            guard (due.dueAt, due.dealID) < sends[0].order else { continue }
            let other = try store.dealFollowUp(id: due.dealID)
            let otherDecision = try decide(other, policy)
            if otherDecision.action == .send { sends.append(((due.dueAt, due.dealID), otherDecision, other.config)) }
        }
        return try queue(sends, policy, at: instant)[dealID] ?? decision
    }

    /// Sendable decisions in the engine's queue order (the stored next-due time, then the deal id, as the engine
    /// walks `dueDeals`), through each column's daily limit (the column's deals
    /// beyond what is left of it today wait for the next day) and then the governor, which lets the first
    /// through and holds the rest until their projected slot.
    private func queue(_ sends: [(order: (Date, Int64), decision: Decision, config: FollowUpConfig)],
                       _ policy: PolicyContext, at instant: Date) throws(StoreError) -> [Int64: Decision] {
        var final: [Int64: Decision] = [:]
        var passing: [Int64] = []
        var taken: [Int64: Int] = [:]
        for send in sends.sorted(by: { $0.order < $1.order }) {
            let column = send.decision.columnID
            let sent = policy.sentToday(column: column) + taken[column, default: 0]
            if send.config.maxPerDay > 0, sent >= send.config.maxPerDay {
                final[send.decision.dealID] = send.decision.overDailyLimit(sent: sent, max: send.config.maxPerDay,
                                                                           config: send.config, calendar: policy.calendar,
                                                                           at: instant)
                continue
            }
            taken[column, default: 0] += 1
            final[send.decision.dealID] = send.decision
            passing.append(send.decision.dealID)
        }
        let slots = try gate.project(passing.count, store, now: instant)
        for (dealID, slot) in zip(passing, slots) {
            if let slot, let decision = final[dealID] { final[dealID] = decision.throttled(until: slot) }
        }
        return final
    }

}
