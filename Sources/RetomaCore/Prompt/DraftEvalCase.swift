import Foundation

/// One conversation of the drafts' evaluation set (Tests/Fixtures/draft-eval/conversations.json), as
/// `retoma-bench drafts` and its tests read it: a contact, a deal, a column's instructions and extras,
/// and the messages with authors and times.
public struct DraftEvalCase: Sendable, Decodable, Equatable {
    public struct ContactData: Sendable, Decodable, Equatable {
        public var name: String
        public var phone: String
        public var email: String?
        public var company: String?
    }
    public struct DealData: Sendable, Decodable, Equatable {
        public var title: String
        public var valueCents: Int64?
        public var ticketClosed: Bool
    }
    public struct ColumnData: Sendable, Decodable, Equatable {
        public var name: String
        public var instructions: String
        public var extras: String
    }
    public struct MessageData: Sendable, Decodable, Equatable {
        public var author: MessageAuthor
        public var at: Date
        public var text: String
    }

    public var id: String
    /// What the case exercises: "adversarial", "longo", "chamado-finalizado", "pediu-tempo"…
    public var tags: [String]
    public var contact: ContactData
    public var deal: DealData
    public var column: ColumnData
    public var followUpsSinceReply: Int
    public var now: Date
    public var messages: [MessageData]

    /// The set's JSON: an array of cases with ISO 8601 times. Throws a `DecodingError` naming what is wrong.
    public static func decodeSet(_ data: Data) throws -> [DraftEvalCase] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode([DraftEvalCase].self, from: data)
    }

    public var context: FollowUpContext {
        var config = FollowUpConfig.off
        config.enabled = true
        config.instructions = column.instructions
        config.extraInfo = column.extras
        let messages = self.messages.enumerated().map { i, m in
            Message(id: Int64(i + 1), dealID: 1, author: m.author, text: m.text, at: m.at)
        }
        return FollowUpContext(
            contact: Contact(id: 1, name: contact.name, phone: contact.phone, email: contact.email, company: contact.company),
            deal: Deal(id: 1, columnID: 1, position: 0, title: deal.title, valueCents: deal.valueCents, contactID: 1,
                       ticketClosed: deal.ticketClosed, createdAt: self.messages.first?.at ?? now),
            columnName: column.name, config: config, recentMessages: messages,
            followUpsSinceReply: followUpsSinceReply, now: now)
    }
}
