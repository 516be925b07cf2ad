import Foundation

/// The seed's follow-up rules, made exact (issue 4). Pure: the caller supplies the facts and the instant.
public enum Eligibility {
    /// Decides one deal at `at`. Rules run in this order and the first that fails decides:
    /// opted_out → disabled → paused → no_conversation → customer_replied_last → replied_in_other_deal → ticket_closed → max_attempts →
    /// held by an earlier attempt (reported as paused) → not_due → holiday / outside_business_hours →
    /// skipped_today → column_daily_limit → due. `sentTodayInColumn` counts the column's follow-ups of this Brasília
    /// day (`PolicyContext.columnSendsToday`); `columnSkippedToday`: the operator skipped the column for this day.
    public static func decide(_ facts: DealFacts, config: FollowUpConfig, paused: Bool, hold: AttemptHold? = nil,
                              calendar: BusinessCalendar, at: Date, sentTodayInColumn: Int = 0,
                              columnSkippedToday: Bool = false) -> Decision {
        var checks: [Check] = []
        func verdict(_ action: Decision.Action, _ reason: ReasonCode, _ dueAt: Date? = nil) -> Decision {
            Decision(dealID: facts.dealID, columnID: facts.columnID, action: action, reason: reason,
                     dueAt: dueAt, checks: checks)
        }

        // The contact's wish outranks every setting: nothing is sent to it, whatever the column says.
        if let optOut = facts.optOut {
            checks.append(.optedOut(optOut))
            return verdict(.skip, .optedOut)
        }

        checks.append(.followUpEnabled(config.enabled))
        if !config.enabled { return verdict(.skip, .followupDisabled) }

        checks.append(.engine(paused: paused))
        if paused { return verdict(.wait, .paused) }
        if config.paused {
            checks.append(.columnPaused)
            return verdict(.wait, .paused)
        }

        checks.append(.ourMessage(lastAt: facts.lastOurMessageAt))
        guard let anchor = facts.lastOurMessageAt else { return verdict(.skip, .noConversation) }

        checks.append(.lastMessage(author: facts.lastMessageAuthor))
        if facts.lastMessageAuthor == .customer { return verdict(.skip, .customerRepliedLast) }

        if let reply = facts.repliedElsewhere {
            checks.append(.repliedElsewhere(reply))
            return verdict(.skip, .repliedInOtherDeal)
        }

        checks.append(.ticket(closed: facts.ticketClosed, sendAfterClose: config.sendAfterClose))
        if facts.ticketClosed && !config.sendAfterClose { return verdict(.skip, .ticketClosed) }

        let maximum = max(0, config.maxAttempts)
        checks.append(.attempts(sent: facts.followUpsSinceLastCustomerReply, max: maximum))
        if maximum > 0 && facts.followUpsSinceLastCustomerReply >= maximum { return verdict(.skip, .maxAttempts) }

        if let hold {
            // Only the operator releases this deal (resend, confirm or retry), so it waits like a paused one.
            checks.append(.heldByAttempt(hold))
            return verdict(.wait, .paused)
        }

        // A draft the operator skipped restarts the interval, like a message of ours.
        let start = facts.intervalStart ?? anchor
        let due = DueTime.add(config.interval, to: start)
        checks.append(.dueTime(anchor: start, interval: config.interval, dueAt: due, at: at))
        if due > at {
            // Report when it will really go out, so a card never promises a send on a Sunday.
            let sendAt = config.businessHoursOnly ? calendar.nextOpening(atOrAfter: due) : due
            return verdict(.wait, .notDue, sendAt)
        }

        if config.businessHoursOnly {
            let closure = calendar.closure(at: at)
            let opensAt = calendar.nextOpening(atOrAfter: at)
            checks.append(.businessHours(closure: closure, opensAt: opensAt))
            switch closure {
            case nil: break
            case .holiday?: return verdict(.wait, .holiday, opensAt)
            case .weekend?, .beforeOpening?, .afterClosing?: return verdict(.wait, .outsideBusinessHours, opensAt)
            }
        } else {
            checks.append(.sendsAnyTime)
        }
        let sendable = verdict(.send, .due, due)
        if columnSkippedToday { return sendable.skippedForToday(config: config, calendar: calendar, at: at) }
        guard config.maxPerDay > 0 else { return sendable }
        if sentTodayInColumn >= config.maxPerDay {
            return sendable.overDailyLimit(sent: sentTodayInColumn, max: config.maxPerDay, config: config,
                                           calendar: calendar, at: at)
        }
        checks.append(.columnDailyLimit(sent: sentTodayInColumn, max: config.maxPerDay, resumesAt: nil))
        return verdict(.send, .due, due)
    }

    /// How many deals enabling `config` would release at once: those due now, plus those whose due time has
    /// passed and only the business-hours window holds back (they all go out when it opens). The dialog
    /// asks before the column is switched on, so `config` is evaluated as enabled and not paused.
    public static func eligibleNowCount(_ deals: [DealFacts], config: FollowUpConfig,
                                        calendar: BusinessCalendar, at: Date) -> Int {
        var enabled = config
        enabled.enabled = true
        return deals.reduce(0) { count, facts in
            switch decide(facts, config: enabled, paused: false, calendar: calendar, at: at).reason {
            case .due, .outsideBusinessHours, .holiday: count + 1
            default: count
            }
        }
    }
}
