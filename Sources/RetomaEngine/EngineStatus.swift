import Foundation
import RetomaCore
import RetomaStore

/// What the monitor's header shows about the engine, read in one call.
public struct EngineStatus: Sendable, Equatable {
    public var settings: EngineSettings
    /// The process running the engine (this one or another); nil when none is.
    public var leaseHolder: LeaseHolder?
    public var holdsLease: Bool
    /// "sandbox", "cloud", "evolution".
    public var channelKind: String
    /// Deals whose next-due time has come (the governor, closed hours or a pause may still hold them).
    public var dueNow: Int
    public var nextDueAt: Date?
    /// When the governor lets the next send start.
    public var nextSlot: Date
    public var sentLastHour: Int
    public var sentToday: Int
    public var hourlyCap: Int
    /// Today's cap in Brasília, warm-up included.
    public var dailyCap: Int
    /// Attempts waiting for the operator's decision.
    public var uncertain: Int
}

extension Engine {
    public func status() throws(StoreError) -> EngineStatus {
        let now = clockNow()
        let governor = configuration.governor
        let history = try store.sendHistory(sender: sender, since: GovernorGate.lookback(now), until: now)
        let startOfDay = BrazilTime.startOfDay(now)
        return EngineStatus(
            settings: try store.engineSettings(), leaseHolder: try store.leaseHolder(at: now), holdsLease: holdsLease,
            channelKind: channelKind, dueNow: try store.dueCount(atOrBefore: now), nextDueAt: try store.nextDueAt(),
            nextSlot: try nextSlot(), sentLastHour: history.filter { $0 > now.addingTimeInterval(-SendGovernor.hour) }.count,
            sentToday: history.filter { $0 >= startOfDay }.count, hourlyCap: governor.hourlyCap,
            dailyCap: governor.dailyCap(on: BrazilTime.localDate(now)),
            uncertain: try store.unresolvedUncertainAttempts().count)
    }
}
