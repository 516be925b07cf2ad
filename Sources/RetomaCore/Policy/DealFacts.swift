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

    /// Derived from the anchor so the two can never disagree.
    public var hasAnyOurMessage: Bool { lastOurMessageAt != nil }

    public init(dealID: Int64, columnID: Int64, ticketClosed: Bool, lastMessageAuthor: MessageAuthor?,
                lastOurMessageAt: Date?, followUpsSinceLastCustomerReply: Int) {
        self.dealID = dealID; self.columnID = columnID; self.ticketClosed = ticketClosed
        self.lastMessageAuthor = lastMessageAuthor; self.lastOurMessageAt = lastOurMessageAt
        self.followUpsSinceLastCustomerReply = followUpsSinceLastCustomerReply
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
