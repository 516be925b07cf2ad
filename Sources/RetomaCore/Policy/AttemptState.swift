import Foundation

/// Where a follow-up attempt stands. planned → generating → ready → sending → sent, or one of the ends
/// cancelled (nothing went out), failed (with the reason) or uncertain (it may have gone out). A column that
/// reviews before sending puts `review` between writing and `ready`: the draft waits for a person.
/// The store only persists it: every state change it makes is one of `allowedSources(of:)`.
public enum AttemptState: String, Sendable, Equatable, CaseIterable, Codable {
    case planned, generating, review, ready, sending, sent, cancelled, failed, uncertain

    /// Not yet sending: a change to the deal may still cancel it.
    public static let beforeSending: [AttemptState] = [.planned, .generating, .review, .ready]
    /// In flight: at most one per deal (the ledger's unique index).
    public static let inFlight: [AttemptState] = beforeSending + [.sending]
    /// Ends that hold the deal until the operator decides (resend, mark done, retry).
    public static let held: [AttemptState] = [.failed, .uncertain]

    public var isBeforeSending: Bool { Self.beforeSending.contains(self) }

    /// The states an attempt may move to from this one. `sent`, `cancelled` and `failed` are final; an
    /// `uncertain` one only becomes `sent` when the channel's late answer says so (the operator's choices
    /// make a new attempt instead of changing this one).
    public var next: Set<AttemptState> {
        switch self {
        // Writing may be retried in place, and a write that failed for now goes back to `planned`.
        case .planned: [.generating, .cancelled, .failed]
        case .generating: [.generating, .review, .ready, .planned, .cancelled, .failed]
        // A draft waiting for a person: approved (`ready`), written again (`generating`), skipped or stale.
        case .review: [.ready, .generating, .cancelled]
        // A ready text waits (closed hours, the governor) as `ready`; one not yet approved where review became
        // required goes back to `review`.
        case .ready: [.ready, .review, .sending, .cancelled, .failed]
        // Back to `ready` when the provider asked to retry, or the send was abandoned before the channel call.
        case .sending: [.sent, .uncertain, .failed, .ready]
        // Cancelled when this engine itself marked it uncertain before the channel call was made.
        case .uncertain: [.sent, .cancelled]
        case .sent, .cancelled, .failed: []
        }
    }

    public func canMove(to target: AttemptState) -> Bool { next.contains(target) }

    /// Every state that may move to `target`, in declaration order.
    public static func allowedSources(of target: AttemptState) -> [AttemptState] {
        allCases.filter { $0.canMove(to: target) }
    }

    /// "'planned', 'generating', 'ready'": the states as an SQL list, for `state IN (…)`. Raw values are plain
    /// lowercase words, so quoting them needs no escaping.
    public static func sqlList(_ states: [AttemptState]) -> String {
        states.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    }
}

/// Reasons the ledger gives for cancelling an attempt besides the rule codes (`ReasonCode` raw values).
public enum CancelReason {
    /// We wrote to the customer after the attempt was planned: its text no longer fits.
    public static let conversationChanged = "conversation_changed"
    /// The deal moved to another column, whose settings and instructions now apply.
    public static let moved = "moved"
    public static let dealDeleted = "deal_deleted"
    /// The process that marked it sending was stopped before the channel call and never made it.
    public static let notSent = "not_sent"
    /// The operator asked to resend an uncertain attempt, then the original's send turned out to have gone
    /// out: the resend would be a second copy.
    public static let originalSent = "original_sent"
    /// The operator skipped this draft in the review queue (`s`, `draft skip`).
    public static let skippedByOperator = "skipped_by_operator"
    /// The operator skipped the whole column for the rest of the Brasília day (`S`).
    public static let skippedForToday = "skipped_for_today"

    /// Why an attempt not yet sending no longer fits its deal, or nil when it still does. It keeps waiting
    /// through paused sending, closed business hours and the column's daily limit; anything else that stops
    /// the deal cancels it. `attemptAnchor` and `attemptColumn` are the attempt's, `anchorMessageID` the
    /// deal's current anchor.
    public static func reason(attemptAnchor: Int64, attemptColumn: Int64, facts: DealFacts, anchorMessageID: Int64?,
                              config: FollowUpConfig, calendar: BusinessCalendar, at instant: Date) -> String? {
        let decision = Eligibility.decide(facts, config: config, paused: false, calendar: calendar, at: instant)
        if decision.action == .skip { return decision.reason.rawValue }
        if anchorMessageID != attemptAnchor { return conversationChanged }
        if facts.columnID != attemptColumn { return moved }
        if decision.reason == .notDue { return decision.reason.rawValue }
        return nil
    }
}
