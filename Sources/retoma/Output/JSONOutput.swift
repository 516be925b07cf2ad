import Foundation
import RetomaCore
import RetomaStore

/// The JSON documents of `--json`. Keys are stable: scripts and tests rely on them.
/// Optional fields are written as null rather than left out.
enum JSONOutput {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.format(date))
        }
        return encoder
    }
}

struct BoardsDocument: Encodable {
    var boards: [BoardListing]
}

struct ColumnJSON: Encodable {
    var id: Int64
    var boardId: Int64
    var name: String
    var position: Int
    var followUpEnabled: Bool

    init(_ column: Column) {
        id = column.id; boardId = column.boardID; name = column.name
        position = column.position; followUpEnabled = column.followUp.enabled
    }
}

struct ContactJSON: Encodable {
    var id: Int64
    var name: String
    /// E.164.
    var phone: String
    var email: String?
    var company: String?

    init(_ contact: Contact) {
        id = contact.id; name = contact.name; phone = contact.phone; email = contact.email; company = contact.company
    }

    enum CodingKeys: String, CodingKey { case id, name, phone, email, company }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(phone, forKey: .phone)
        try c.encode(email, forKey: .email)
        try c.encode(company, forKey: .company)
    }
}

struct DealJSON: Encodable {
    var id: Int64
    var title: String
    var valueCents: Int64?
    var position: Int
    var ticketClosed: Bool
    var createdAt: Date
    /// The "responsável" (an operator's name), or null.
    var owner: String?
    /// One more with every change of what the deal form holds.
    var revision: Int

    init(_ deal: Deal) {
        id = deal.id; title = deal.title; valueCents = deal.valueCents; position = deal.position
        ticketClosed = deal.ticketClosed; createdAt = deal.createdAt; owner = deal.owner; revision = deal.revision
    }

    enum CodingKeys: String, CodingKey { case id, title, valueCents, position, ticketClosed, createdAt, owner, revision }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(valueCents, forKey: .valueCents)
        try c.encode(position, forKey: .position)
        try c.encode(ticketClosed, forKey: .ticketClosed)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(owner, forKey: .owner)
        try c.encode(revision, forKey: .revision)
    }
}

struct MessageJSON: Encodable {
    var id: Int64
    var dealId: Int64
    /// "customer", "agent" or "followup".
    var author: String
    var text: String
    var at: Date
    /// The model that wrote a follow-up; null for people's messages.
    var model: String?
    /// sent, delivered, read or failed, when the channel reported it.
    var deliveryStatus: String?
    /// "retoma" (written here), "phone" (sent by our side from the business's phone, heard as an echo) or
    /// "whatsapp" (the customer's, received through the webhook).
    var origin: String
    /// The provider's id of a message sent or received through the channel.
    var channelMessageId: String?
    /// The provider's reason, in words, when `deliveryStatus` is failed.
    var deliveryError: String?
    /// For an agent's message sent through Retoma: queued, sending, sent, failed, uncertain or cancelled.
    var sendState: String?
    /// Who typed a message of ours in the board or the CLI; null for the rest.
    var `operator`: String?

    init(_ message: Message) {
        id = message.id; dealId = message.dealID; author = message.author.rawValue; text = message.text; at = message.at
        model = message.model; deliveryStatus = message.deliveryStatus?.rawValue; origin = message.origin.rawValue
        channelMessageId = message.channelMessageID; deliveryError = message.deliveryError
        sendState = message.sendState?.rawValue; `operator` = message.operatorName
    }

    enum CodingKeys: String, CodingKey {
        case id, dealId, author, text, at, model, deliveryStatus, origin, channelMessageId, deliveryError, sendState, `operator`
    }

    /// Optional fields are written as null, like every other document.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(dealId, forKey: .dealId); try c.encode(author, forKey: .author)
        try c.encode(text, forKey: .text); try c.encode(at, forKey: .at)
        try c.encode(model, forKey: .model); try c.encode(deliveryStatus, forKey: .deliveryStatus)
        try c.encode(origin, forKey: .origin); try c.encode(channelMessageId, forKey: .channelMessageId)
        try c.encode(deliveryError, forKey: .deliveryError); try c.encode(sendState, forKey: .sendState)
        try c.encode(`operator`, forKey: .operator)
    }
}

/// One change in a deal's history: `{"kind", "fromColumn", "toColumn", "owner", "operator", "at"}`; the engine's
/// own changes have a null operator.
struct DealHistoryJSON: Encodable {
    var entry: DealHistoryEntry

    enum CodingKeys: String, CodingKey { case kind, fromColumn, toColumn, owner, `operator`, at }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(entry.kind.rawValue, forKey: .kind)
        try c.encode(entry.fromColumn, forKey: .fromColumn); try c.encode(entry.toColumn, forKey: .toColumn)
        try c.encode(entry.owner, forKey: .owner); try c.encode(entry.operatorName, forKey: .operator)
        try c.encode(entry.at, forKey: .at)
    }
}

/// `deal show` (and the deal commands' `--json`): the deal, its contact, its column and its conversation.
struct DealDocument: Encodable {
    var deal: DealJSON
    var contact: ContactJSON
    var column: ColumnJSON
    /// Oldest first.
    var messages: [MessageJSON]
    /// The contact asked not to receive messages; `optOut` says when and why (null when not).
    var optedOut: Bool
    var optOut: OptOutJSON
    /// Moves, ticket changes and owners, oldest first.
    var history: [DealHistoryJSON]

    init(_ detail: DealDetail) {
        deal = DealJSON(detail.deal); contact = ContactJSON(detail.contact)
        column = ColumnJSON(detail.column); messages = detail.messages.map(MessageJSON.init)
        optedOut = detail.optOut != nil; optOut = OptOutJSON(detail.optOut)
        history = detail.history.map(DealHistoryJSON.init)
    }
}

/// When and why a contact opted out: `{"at", "source": "customer"|"operator", "text"}` (the customer's
/// message, null when the operator set it), or null when it did not.
struct OptOutJSON: Encodable {
    var optOut: ContactOptOut?

    init(_ optOut: ContactOptOut?) { self.optOut = optOut }

    enum CodingKeys: String, CodingKey { case at, source, text }

    func encode(to encoder: any Encoder) throws {
        guard let optOut else {
            var single = encoder.singleValueContainer()
            return try single.encodeNil()
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(optOut.at, forKey: .at)
        try c.encode(optOut.source.rawValue, forKey: .source)
        try c.encode(optOut.text, forKey: .text)
    }
}

/// `retoma contact show|optout|optin --json`.
struct ContactDocument: Encodable {
    var contact: ContactJSON
    var optedOut: Bool
    var optOut: OptOutJSON
    /// Every deal of this person (the number in either form), oldest first.
    var deals: [Int64]

    init(_ status: ContactStatus) {
        contact = ContactJSON(status.contact); optedOut = status.optOut != nil; optOut = OptOutJSON(status.optOut)
        deals = status.dealIDs
    }
}
