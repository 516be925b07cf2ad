import Foundation

/// Why a deal gets, waits for, or never gets a follow-up. The raw values are the stable codes printed by
/// `retoma engine --once --json` and `retoma deal why --json`.
public enum ReasonCode: String, Sendable, Equatable, CaseIterable, Codable {
    case due
    case notDue = "not_due"
    case customerRepliedLast = "customer_replied_last"
    case noConversation = "no_conversation"
    case ticketClosed = "ticket_closed"
    case outsideBusinessHours = "outside_business_hours"
    case holiday
    case followupDisabled = "followup_disabled"
    case maxAttempts = "max_attempts"
    case throttled
    case paused
    /// WhatsApp Cloud API: more than 24 hours since the customer's latest message and no approved template
    /// configured, so no free-text message is allowed (see `CustomerServiceWindow`).
    case outside24hWindow = "outside_24h_window"
    /// The column's "no máximo N follow-ups por dia" is used up for this Brasília day: it waits for the next.
    case columnDailyLimit = "column_daily_limit"
    /// The contact asked us to stop writing: no follow-up on any of its deals, whatever the column says.
    case optedOut = "opted_out"
    /// The same customer answered in another of its deals: this one stops until our side speaks in it again.
    case repliedInOtherDeal = "replied_in_other_deal"
    /// The operator skipped the column's follow-ups for the rest of this Brasília day (`S` in the review queue).
    case skippedToday = "skipped_today"
}

/// The outcome of the follow-up rules for one deal at one instant.
public struct Decision: Sendable, Equatable {
    public enum Action: String, Sendable, Equatable, CaseIterable, Codable {
        /// Send now.
        case send
        /// Nothing now; `dueAt` (when known) is the earliest instant it may be sent.
        case wait
        /// Nothing until the facts change (a new message, a reopened ticket, other settings).
        case skip
    }

    public var dealID: Int64
    public var columnID: Int64
    public var action: Action
    public var reason: ReasonCode
    /// The instant the follow-up may go out: the due time, pushed to the next business-hours opening or to
    /// the governor's next slot when those hold it. nil when no follow-up is scheduled.
    public var dueAt: Date?
    /// Every rule checked, in order; the last one decided unless all passed.
    public var checks: [Check]

    public init(dealID: Int64, columnID: Int64, action: Action, reason: ReasonCode, dueAt: Date?, checks: [Check]) {
        self.dealID = dealID; self.columnID = columnID; self.action = action; self.reason = reason
        self.dueAt = dueAt; self.checks = checks
    }

    /// The same decision held back by the send governor: a due deal waits for `slot`.
    /// Decisions that are not `send` are returned unchanged.
    public func throttled(until slot: Date) -> Decision {
        guard action == .send else { return self }
        return Decision(dealID: dealID, columnID: columnID, action: .wait, reason: .throttled,
                        dueAt: slot, checks: checks + [.governor(nextSlot: slot)])
    }

    /// The same decision held back by the column's daily limit: `sent` of `max` went out on this Brasília day,
    /// so it waits for the next day's start (its business-hours opening when the column keeps them).
    /// Decisions that are not `send` are returned unchanged.
    public func overDailyLimit(sent: Int, max: Int, config: FollowUpConfig, calendar: BusinessCalendar,
                               at instant: Date) -> Decision {
        guard action == .send else { return self }
        let tomorrow = BrazilTime.startOfNextDay(after: instant)
        let resumes = config.businessHoursOnly ? calendar.nextOpening(atOrAfter: tomorrow) : tomorrow
        return Decision(dealID: dealID, columnID: columnID, action: .wait, reason: .columnDailyLimit, dueAt: resumes,
                        checks: checks + [.columnDailyLimit(sent: sent, max: max, resumesAt: resumes)])
    }

    /// The same decision held back because the operator skipped the column for this Brasília day: it waits for
    /// the next day's start, as past the daily limit. Decisions that are not `send` are returned unchanged.
    public func skippedForToday(config: FollowUpConfig, calendar: BusinessCalendar, at instant: Date) -> Decision {
        guard action == .send else { return self }
        let tomorrow = BrazilTime.startOfNextDay(after: instant)
        let resumes = config.businessHoursOnly ? calendar.nextOpening(atOrAfter: tomorrow) : tomorrow
        return Decision(dealID: dealID, columnID: columnID, action: .wait, reason: .skippedToday, dueAt: resumes,
                        checks: checks + [.columnSkippedToday(resumesAt: resumes)])
    }

    /// One line per rule checked, marked ✓ (passed) or ✗ (stopped here).
    public func explain(_ lang: Lang) -> [String] {
        checks.map { ($0.passed ? "✓ " : "✗ ") + $0.sentence(lang) }
    }

    /// The verdict in one line, e.g. "Aguardar até 06/04/2026 08:00 (outside_business_hours)".
    public func summary(_ lang: Lang) -> String {
        let code = "(\(reason.rawValue))"
        switch (action, lang) {
        case (.send, .pt): return "Enviar agora \(code)"
        case (.send, .en): return "Send now \(code)"
        case (.skip, .pt): return "Não enviar \(code)"
        case (.skip, .en): return "Do not send \(code)"
        case (.wait, _):
            guard let dueAt else { return lang == .pt ? "Aguardar \(code)" : "Wait \(code)" }
            let when = BrazilTime.display(dueAt, lang)
            return lang == .pt ? "Aguardar até \(when) \(code)" : "Wait until \(when) \(code)"
        }
    }
}
