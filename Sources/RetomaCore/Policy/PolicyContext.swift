import Foundation

/// A WhatsApp number as the follow-up rules see it: its name in the send history (one governor each), the
/// governor's configured pacing, and its channel's 24-hour window rule. Configuration, not database state.
public struct SendingNumber: Sendable, Equatable {
    public var sender: String
    public var governor: SendGovernor
    public var window: MessagingWindow
    /// The approved templates an agent may send outside the 24-hour window (Cloud API); empty elsewhere.
    public var templates: [MessageTemplate]

    public init(sender: String, governor: SendGovernor, window: MessagingWindow, templates: [MessageTemplate] = []) {
        self.sender = sender; self.governor = governor; self.window = window; self.templates = templates
    }
}

/// Everything a follow-up decision reads besides the deal and its column's settings, as one value: the
/// business calendar with the stored holiday rules, the brake, the number's governor and send history, the
/// channel's window rule and each column's follow-ups of the day. The engine, `deal why`, `engine --once`,
/// `followup show/set`, `deal move`, the dialog's counts, its bulk-send warning and the Prévia all take it
/// from one loader (`Store.policyContext(for:at:)`), so they agree because they read the same inputs.
public struct PolicyContext: Sendable, Equatable {
    /// The instant the history and the day's counts were read for.
    public var at: Date
    public var number: SendingNumber
    public var calendar: BusinessCalendar
    /// All sending is paused (the brake).
    public var paused: Bool
    /// Start times of sends through the number: at least those of the last hour and of the Brasília day of `at`.
    public var sendHistory: [Date]
    /// Follow-ups each column started on the Brasília day of `at`, attempts still in flight included.
    public var columnSendsToday: [Int64: Int]
    /// Columns the operator skipped for the Brasília day of `at` (`S` in the review queue).
    public var columnsSkippedToday: Set<Int64>

    public init(at: Date, number: SendingNumber, calendar: BusinessCalendar, paused: Bool, sendHistory: [Date],
                columnSendsToday: [Int64: Int], columnsSkippedToday: Set<Int64> = []) {
        self.at = at; self.number = number; self.calendar = calendar; self.paused = paused
        self.sendHistory = sendHistory; self.columnSendsToday = columnSendsToday
        self.columnsSkippedToday = columnsSkippedToday
    }

    public var governor: SendGovernor { number.governor }

    /// The earliest send start the governor's caps can still count at `instant`: an hour back, or the start of
    /// the Brasília day when that is earlier. The history must reach back to it.
    public static func historyStart(at instant: Date) -> Date {
        min(instant.addingTimeInterval(-SendGovernor.hour), BrazilTime.startOfDay(instant))
    }

    public func sentToday(column: Int64) -> Int { columnSendsToday[column] ?? 0 }

    /// Follow-ups `column` may still start today under `config`; nil when it has no daily limit.
    public func remainingToday(column: Int64, config: FollowUpConfig) -> Int? {
        guard config.maxPerDay > 0 else { return nil }
        return max(0, config.maxPerDay - sentToday(column: column))
    }

    /// One deal at `at`: the rules (`Eligibility.decide`, the column's daily limit included), then the channel's
    /// 24-hour window, which asks for the customer's latest message only when the deal could be sent.
    public func decide<E: Error>(_ facts: DealFacts, config: FollowUpConfig, hold: AttemptHold?,
                                 lastCustomerMessageAt: () throws(E) -> Date?) throws(E) -> Decision {
        let decision = Eligibility.decide(facts, config: config, paused: paused, hold: hold, calendar: calendar, at: at,
                                          sentTodayInColumn: sentToday(column: facts.columnID),
                                          columnSkippedToday: columnsSkippedToday.contains(facts.columnID))
        guard decision.action == .send, case .customerService = number.window else { return decision }
        return decision.limited(by: number.window, lastCustomerMessageAt: try lastCustomerMessageAt(), at: at)
    }

    /// The same context at another instant with the same stored inputs (a fixed clock, `--at`).
    public func at(_ instant: Date) -> PolicyContext {
        var copy = self
        copy.at = instant
        return copy
    }
}
