import Foundation

/// Everything the prompt for one follow-up is built from.
public struct FollowUpContext: Sendable, Equatable {
    public var contact: Contact
    public var deal: Deal
    public var columnName: String
    /// The column's settings: its instructions and "Informações extras" shape the prompt.
    public var config: FollowUpConfig
    /// The conversation's latest messages. Callers read at most `FollowUpPrompt.windowSize` from the
    /// store; the builder keeps only that many anyway (the latest by time).
    public var recentMessages: [Message]
    /// Follow-ups already sent since the customer last wrote.
    public var followUpsSinceReply: Int
    public var now: Date

    public init(contact: Contact, deal: Deal, columnName: String, config: FollowUpConfig,
                recentMessages: [Message], followUpsSinceReply: Int, now: Date) {
        self.contact = contact; self.deal = deal; self.columnName = columnName; self.config = config
        self.recentMessages = recentMessages; self.followUpsSinceReply = followUpsSinceReply; self.now = now
    }
}
