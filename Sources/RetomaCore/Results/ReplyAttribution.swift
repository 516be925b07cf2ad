import Foundation

/// Did a follow-up get an answer? The one rule behind every reply figure (issue 14, "Results"): a customer's
/// message is attributed to the last follow-up sent before it in the same deal, when it came within 72 hours of
/// that follow-up, and only the first such message counts for it. Messages of the agent in between do not
/// change it. A follow-up's attempt is its place among the follow-ups since the customer last wrote (1st, 2nd…),
/// as `fu_since_reply` counts them. The store keeps each follow-up's outcome in step as messages arrive (with
/// `answers` for a reply that is the newest message, `outcomes` otherwise); `retoma report` and the results
/// screen read what it kept.
public enum ReplyAttribution {
    /// A reply later than this after the follow-up is not counted as its answer.
    public static let window: TimeInterval = 72 * 3600
    /// "Replied within 24 h".
    public static let shortWindow: TimeInterval = 24 * 3600

    /// One message of a deal's conversation as the rule reads it; conversations are ordered by (at, id).
    public struct Line: Sendable, Equatable {
        public var id: Int64
        public var author: MessageAuthor
        public var at: Date
        public init(id: Int64, author: MessageAuthor, at: Date) {
            self.id = id; self.author = author; self.at = at
        }
    }

    /// A reply attributed to a follow-up.
    public struct Reply: Sendable, Equatable {
        public var messageID: Int64
        public var at: Date
        /// Seconds from the follow-up to the reply (0 when they share a second).
        public var delay: TimeInterval
        public var within24h: Bool { delay <= ReplyAttribution.shortWindow }
        /// Whole minutes, rounded down: what the median is taken of.
        public var minutes: Int { Int(delay / 60) }
        public init(messageID: Int64, at: Date, delay: TimeInterval) {
            self.messageID = messageID; self.at = at; self.delay = delay
        }
    }

    /// A follow-up and what came of it.
    public struct Outcome: Sendable, Equatable {
        public var followUpID: Int64
        public var sentAt: Date
        public var attempt: Int
        public var reply: Reply?
        public init(followUpID: Int64, sentAt: Date, attempt: Int, reply: Reply?) {
            self.followUpID = followUpID; self.sentAt = sentAt; self.attempt = attempt; self.reply = reply
        }
    }

    /// The reply a customer's message at `replyAt` is to the follow-up sent at `followUpAt` (the last follow-up
    /// before the message, still unanswered), or nil when it came too late to count.
    public static func reply(messageID: Int64, at replyAt: Date, toFollowUpAt followUpAt: Date) -> Reply? {
        // To the millisecond: instants built by a calendar carry float noise that must not push 72 h past the edge.
        let delay = (replyAt.timeIntervalSince(followUpAt) * 1000).rounded() / 1000
        guard delay >= 0, delay <= window else { return nil }
        return Reply(messageID: messageID, at: replyAt, delay: delay)
    }

    /// Every follow-up of one deal's conversation with its outcome, in conversation order. `lines` may come in
    /// any order; they are read in (at, id) order.
    public static func outcomes(_ lines: [Line]) -> [Outcome] {
        let ordered = lines.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
        var outcomes: [Outcome] = []
        var sinceCustomer = 0
        for line in ordered {
            switch line.author {
            case .followup:
                sinceCustomer += 1
                outcomes.append(Outcome(followUpID: line.id, sentAt: line.at, attempt: sinceCustomer, reply: nil))
            case .customer:
                sinceCustomer = 0
                if let last = outcomes.indices.last, outcomes[last].reply == nil {
                    outcomes[last].reply = reply(messageID: line.id, at: line.at, toFollowUpAt: outcomes[last].sentAt)
                }
            case .agent:
                break
            }
        }
        return outcomes
    }
}
