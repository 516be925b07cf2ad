import Foundation
import RetomaCore
import RetomaStore
import Synchronization

/// The governor gate shared by the worker and the evaluations (`decisions(at:)`), which must not wait
/// for a send or a generation in progress.
final class Gate: Sendable {
    private let state: Mutex<GovernorGate>

    init(_ gate: GovernorGate) { state = Mutex(gate) }

    var governor: RetomaCore.SendGovernor { state.withLock { $0.governor } }

    func nextSlot(_ store: Store, now: Date) throws(StoreError) -> Date {
        let history = try state.withLock { $0 }.history(store, now: now)
        return state.withLock { gate in
            gate.governor.nextSlot(after: now, history: history, jitter: gate.jitter(for: history))
        }
    }

    /// The same question for the send's own transaction, where the history is read again under the database's
    /// write lock (`SlotRule`): what another engine of the number sent a moment ago counts.
    func rule(now: Date) -> SlotRule {
        SlotRule(since: GovernorGate.lookback(now)) { [self] history in
            state.withLock { gate in gate.governor.nextSlot(after: now, history: history, jitter: gate.jitter(for: history)) }
        }
    }

    func project(_ count: Int, _ store: Store, now: Date) throws(StoreError) -> [Date?] {
        let history = try state.withLock { $0 }.history(store, now: now)
        return state.withLock { $0.project(count, history: history, now: now) }
    }
}

/// Whether this process holds the engine lease, as the worker and the lease keeper last saw it.
final class LeaseFlag: Sendable {
    private let value = Mutex(false)
    var held: Bool { value.withLock { $0 } }
    func set(_ held: Bool) { value.withLock { $0 = held } }
}
