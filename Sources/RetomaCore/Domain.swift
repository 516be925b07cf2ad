import Foundation

/// A pipeline board ("quadro"): an ordered set of columns.
public struct Board: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var name: String
    public init(id: Int64, name: String) { self.id = id; self.name = name }
}

/// A pipeline stage. Its follow-up settings travel with it.
public struct Column: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var boardID: Int64
    public var name: String
    public var position: Int
    public var followUp: FollowUpConfig
    /// The follow-up configuration's revision: one more with every save that changed it (the dialog refuses to
    /// save over a newer one).
    public var followUpRevision: Int
    public init(id: Int64, boardID: Int64, name: String, position: Int, followUp: FollowUpConfig = .off,
                followUpRevision: Int = 1) {
        self.id = id; self.boardID = boardID; self.name = name; self.position = position; self.followUp = followUp
        self.followUpRevision = followUpRevision
    }
}

public struct Contact: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var name: String
    /// E.164, e.g. "+5511987654321".
    public var phone: String
    public var email: String?
    public var company: String?
    public init(id: Int64, name: String, phone: String, email: String? = nil, company: String? = nil) {
        self.id = id; self.name = name; self.phone = phone; self.email = email; self.company = company
    }
}

/// Who wrote a message: the customer, a person on our side, or the follow-up engine.
public enum MessageAuthor: String, Sendable, Equatable, CaseIterable, Codable {
    case customer, agent, followup
    /// Our side of the conversation (anchors follow-ups).
    public var isOurs: Bool { self != .customer }
}

/// Where a message entered Retoma. Stored with every message; `deal show --json` prints it as "origin".
public enum MessageOrigin: String, Sendable, Equatable, CaseIterable, Codable {
    /// Written in Retoma: typed in the board or the CLI, or written by the follow-up engine.
    case retoma
    /// Sent by our side from the business's phone or WhatsApp Business app, heard as the provider's echo
    /// (Cloud API `smb_message_echoes`, Evolution `fromMe`). Always an agent message.
    case phone
    /// The customer's message, received through the WhatsApp channel's webhook.
    case whatsapp
}

/// What the WhatsApp channel last said about a message we sent.
public enum DeliveryStatus: String, Sendable, Equatable, CaseIterable, Codable {
    case sent, delivered, read, failed
}

public struct Message: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var dealID: Int64
    public var author: MessageAuthor
    public var text: String
    public var at: Date
    /// The model that wrote a follow-up; nil for people's messages.
    public var model: String?
    /// The provider's id: for a message we sent through the channel (follow-ups), it matches delivery
    /// statuses; for a customer's message or a phone echo, it recognises a redelivery.
    public var channelMessageID: String?
    public var deliveryStatus: DeliveryStatus?
    /// The provider's reason when `deliveryStatus` is `failed`, e.g. "131026 Message undeliverable".
    public var deliveryError: String?
    public var origin: MessageOrigin
    /// For a message an agent sent through Retoma: where its send stands (nil for every other message).
    public var sendState: AgentSendState?
    /// Who typed it, for a message of ours written in the board or the CLI (nil for the rest).
    public var operatorName: String?
    public init(id: Int64, dealID: Int64, author: MessageAuthor, text: String, at: Date, model: String? = nil,
                channelMessageID: String? = nil, deliveryStatus: DeliveryStatus? = nil, deliveryError: String? = nil,
                origin: MessageOrigin = .retoma, sendState: AgentSendState? = nil, operatorName: String? = nil) {
        self.id = id; self.dealID = dealID; self.author = author; self.text = text; self.at = at
        self.model = model; self.channelMessageID = channelMessageID; self.deliveryStatus = deliveryStatus
        self.deliveryError = deliveryError; self.origin = origin; self.sendState = sendState
        self.operatorName = operatorName
    }
}

/// A deal ("negociação") sits in one column, belongs to one contact and has one ticket.
public struct Deal: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var columnID: Int64
    public var position: Int
    public var title: String
    /// Value in centavos (R$ 1.200,50 = 120050); nil when unknown.
    public var valueCents: Int64?
    public var contactID: Int64
    /// The support ticket ("chamado") is closed ("finalizado").
    public var ticketClosed: Bool
    public var createdAt: Date
    /// The "responsável": an operator's name, or nil.
    public var owner: String?
    /// One more with every change of what the deal form holds; a form opened on an older one may not save.
    public var revision: Int
    public init(id: Int64, columnID: Int64, position: Int, title: String, valueCents: Int64?, contactID: Int64, ticketClosed: Bool, createdAt: Date,
                owner: String? = nil, revision: Int = 1) {
        self.id = id; self.columnID = columnID; self.position = position; self.title = title
        self.valueCents = valueCents; self.contactID = contactID; self.ticketClosed = ticketClosed; self.createdAt = createdAt
        self.owner = owner; self.revision = revision
    }
}

/// What a card on the board needs: one row per deal, no conversation.
public struct CardSummary: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var columnID: Int64
    public var position: Int
    public var title: String
    public var contactName: String
    public var phone: String
    public var valueCents: Int64?
    public var ticketClosed: Bool
    public var lastMessageAt: Date?
    public var lastMessageAuthor: MessageAuthor?
    /// The contact asked for no more messages (the card shows 🚫).
    public var contactOptedOut: Bool
    /// The deal's "responsável" (the card shows it compactly).
    public var owner: String?
    /// The deal's revision (`Deal.revision`): the board's deal form opens on it.
    public var revision: Int
    public init(id: Int64, columnID: Int64, position: Int, title: String, contactName: String, phone: String,
                valueCents: Int64?, ticketClosed: Bool, lastMessageAt: Date?, lastMessageAuthor: MessageAuthor?,
                contactOptedOut: Bool = false, owner: String? = nil, revision: Int = 1) {
        self.owner = owner; self.revision = revision
        self.id = id; self.columnID = columnID; self.position = position; self.title = title
        self.contactName = contactName; self.phone = phone; self.valueCents = valueCents
        self.ticketClosed = ticketClosed; self.lastMessageAt = lastMessageAt; self.lastMessageAuthor = lastMessageAuthor
        self.contactOptedOut = contactOptedOut
    }
}

/// What the board screen shows, loaded in one read: every column with its counts and a window of its cards.
public struct BoardSnapshot: Sendable, Equatable {
    public var board: Board
    public var columns: [ColumnSnapshot]
    /// The filter the cards were read with ("" for none): only cards that pass it are in the windows.
    public var filter: String
    public init(board: Board, columns: [ColumnSnapshot], filter: String = "") {
        self.board = board; self.columns = columns; self.filter = filter
    }
}

public struct ColumnSnapshot: Sendable, Equatable {
    public var column: Column
    /// A window of the column's cards that pass the filter, ordered by position: `cards[0]` is the
    /// `firstIndex`-th of them (0-based). The whole column when it was read whole.
    public var cards: [CardSummary]
    public var firstIndex: Int
    /// Deals in the column, and how many of them pass the filter (all of them without one).
    public var count: Int
    public var matching: Int

    /// A column read whole.
    public init(column: Column, cards: [CardSummary]) {
        self.init(column: column, cards: cards, firstIndex: 0, count: cards.count, matching: cards.count)
    }

    public init(column: Column, cards: [CardSummary], firstIndex: Int, count: Int, matching: Int) {
        self.column = column; self.cards = cards; self.firstIndex = firstIndex; self.count = count; self.matching = matching
    }

    /// Indices (among the cards that pass the filter) of the cards in `cards`.
    public var loaded: Range<Int> { firstIndex..<(firstIndex + cards.count) }
}

/// The deal screen: the deal, its contact, its column and its whole conversation (oldest first).
public struct DealDetail: Sendable, Equatable {
    public var deal: Deal
    public var contact: Contact
    public var column: Column
    public var messages: [Message]
    /// The contact asked not to receive messages (nil: it did not).
    public var optOut: ContactOptOut?
    /// Moves, ticket changes and owners, oldest first, each with who made it.
    public var history: [DealHistoryEntry]
    public init(deal: Deal, contact: Contact, column: Column, messages: [Message], optOut: ContactOptOut? = nil,
                history: [DealHistoryEntry] = []) {
        self.deal = deal; self.contact = contact; self.column = column; self.messages = messages; self.optOut = optOut
        self.history = history
    }
}

/// One change of a deal recorded in its history (`deal_history`).
public struct DealHistoryEntry: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// A person moved the card; `movedOnMax`: the engine did, at the column's maximum of follow-ups.
        case moved, movedOnMax = "moved_on_max", closed, reopened, owner
    }
    public var kind: Kind
    /// The columns' names at the time of a move.
    public var fromColumn: String?
    public var toColumn: String?
    /// The owner assigned (nil: cleared), for `owner`.
    public var owner: String?
    /// Who made the change; nil for the engine.
    public var operatorName: String?
    public var at: Date
    public init(kind: Kind, fromColumn: String? = nil, toColumn: String? = nil, owner: String? = nil,
                operatorName: String?, at: Date) {
        self.kind = kind; self.fromColumn = fromColumn; self.toColumn = toColumn; self.owner = owner
        self.operatorName = operatorName; self.at = at
    }
}
