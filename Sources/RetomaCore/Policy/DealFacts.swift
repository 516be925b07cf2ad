import Foundation

/// What the follow-up rules need to know about one deal, without its whole conversation.
public struct DealFacts: Sendable, Equatable {
    public var dealID: Int64
    public var columnID: Int64
    public var ticketClosed: Bool
    /// Author of the conversation's latest message; nil when there are no messages.
    public var lastMessageAuthor: MessageAuthor?
    /// The anchor: the latest message from our side (agent or follow-up); nil when we never wrote.
    public var lastOurMessageAt: Date?
    /// Follow-ups sent after the customer's latest message (all of them if the customer never wrote).
    public var followUpsSinceLastCustomerReply: Int

    /// The contact asked us to stop writing (opt-out): no follow-up on any of its deals.
    public var optOut: ContactOptOut?
    /// The same customer (one chat) answered in another of its deals after our latest message here: this
    /// deal's sequence stops too, until our side speaks in it again.
    public var repliedElsewhere: OtherDealReply?
    /// The operator skipped a draft of this deal in the review queue at this instant: the next follow-up is due
    /// one interval after it (or after our latest message, whichever is later).
    public var skippedAt: Date?

    /// When the interval to the next follow-up starts counting: our latest message, or a later skip.
    public var intervalStart: Date? {
        guard let anchor = lastOurMessageAt else { return nil }
        guard let skippedAt, skippedAt > anchor else { return anchor }
        return skippedAt
    }

    /// Derived from the anchor so the two can never disagree.
    public var hasAnyOurMessage: Bool { lastOurMessageAt != nil }

    public init(dealID: Int64, columnID: Int64, ticketClosed: Bool, lastMessageAuthor: MessageAuthor?,
                lastOurMessageAt: Date?, followUpsSinceLastCustomerReply: Int, optOut: ContactOptOut? = nil,
                repliedElsewhere: OtherDealReply? = nil) {
        self.dealID = dealID; self.columnID = columnID; self.ticketClosed = ticketClosed
        self.lastMessageAuthor = lastMessageAuthor; self.lastOurMessageAt = lastOurMessageAt
        self.followUpsSinceLastCustomerReply = followUpsSinceLastCustomerReply
        self.optOut = optOut; self.repliedElsewhere = repliedElsewhere
    }

    /// Facts read from a deal and its conversation (messages in any order; ties on time go by id).
    public init(deal: Deal, messages: [Message]) {
        let ordered = messages.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
        var followUps = 0
        var lastOurs: Date?
        for m in ordered {
            switch m.author {
            case .customer: followUps = 0
            case .followup: followUps += 1; lastOurs = m.at
            case .agent: lastOurs = m.at
            }
        }
        self.init(dealID: deal.id, columnID: deal.columnID, ticketClosed: deal.ticketClosed,
                  lastMessageAuthor: ordered.last?.author, lastOurMessageAt: lastOurs,
                  followUpsSinceLastCustomerReply: followUps)
    }
}

/// A customer's reply recorded in another deal of the same contact.
public struct OtherDealReply: Sendable, Equatable {
    public var dealID: Int64
    /// nil when that deal was deleted since.
    public var title: String?
    public var at: Date

    public init(dealID: Int64, title: String?, at: Date) {
        self.dealID = dealID; self.title = title; self.at = at
    }

    /// The deal's title, or "#id" once it is gone.
    public var dealName: String { title ?? "#\(dealID)" }
}
