import Foundation

/// An earlier attempt for a deal's current anchor that blocks new ones until the operator acts:
/// a send that may have gone out (`uncertain`) or one the provider refused for good (`failed`).
public struct AttemptHold: Sendable, Equatable {
    public enum State: String, Sendable, Equatable { case failed, uncertain }
    public var attemptID: Int64
    public var state: State
    /// The provider's or the engine's reason, in its own words.
    public var reason: String?
    public init(attemptID: Int64, state: State, reason: String?) {
        self.attemptID = attemptID; self.state = state; self.reason = reason
    }
}

/// The instant the engine must next look at a deal, stored and indexed per deal so that finding the due
/// deals is a range scan. It agrees with `Eligibility.decide`: while `at` is before it, the decision is
/// never `send`; from it on, the decision is `send` unless the business-hours window closed again.
public enum NextDue {
    /// nil when only a change to the deal (a message, a move, a ticket change, the column's settings, the
    /// operator's decision on a held attempt) can make the engine act on it.
    ///
    /// Once the maximum of follow-ups without a reply is reached, the instant the next one would have been
    /// due is when the column's "on max" action applies; `maxHandled` says it was applied to this anchor.
    public static func instant(_ facts: DealFacts, config: FollowUpConfig, calendar: BusinessCalendar,
                               hold: AttemptHold? = nil, maxHandled: Bool = false) -> Date? {
        // A paused column keeps no due time: the engine has nothing to wake up for until it resumes.
        guard config.enabled, !config.paused, let anchor = facts.intervalStart else { return nil }
        if facts.lastMessageAuthor == .customer || facts.optOut != nil || facts.repliedElsewhere != nil { return nil }
        if facts.ticketClosed && !config.sendAfterClose { return nil }
        let due = DueTime.add(config.interval, to: anchor)
        if isMaxed(facts, config: config) { return maxHandled ? nil : due }
        if hold != nil { return nil }
        return config.businessHoursOnly ? calendar.nextOpening(atOrAfter: due) : due
    }

    /// The maximum of follow-ups without a reply is reached (0 means no limit).
    public static func isMaxed(_ facts: DealFacts, config: FollowUpConfig) -> Bool {
        config.maxAttempts > 0 && facts.followUpsSinceLastCustomerReply >= config.maxAttempts
    }
}
