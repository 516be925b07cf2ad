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
    public init(id: Int64, boardID: Int64, name: String, position: Int, followUp: FollowUpConfig = .off) {
        self.id = id; self.boardID = boardID; self.name = name; self.position = position; self.followUp = followUp
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
    /// The channel's id for a message we sent through it (follow-ups), used to match delivery statuses.
    public var channelMessageID: String?
    public var deliveryStatus: DeliveryStatus?
    /// The provider's reason when `deliveryStatus` is `failed`, e.g. "131026 Message undeliverable".
    public var deliveryError: String?
    public init(id: Int64, dealID: Int64, author: MessageAuthor, text: String, at: Date, model: String? = nil,
                channelMessageID: String? = nil, deliveryStatus: DeliveryStatus? = nil, deliveryError: String? = nil) {
        self.id = id; self.dealID = dealID; self.author = author; self.text = text; self.at = at
        self.model = model; self.channelMessageID = channelMessageID; self.deliveryStatus = deliveryStatus
        self.deliveryError = deliveryError
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
    public init(id: Int64, columnID: Int64, position: Int, title: String, valueCents: Int64?, contactID: Int64, ticketClosed: Bool, createdAt: Date) {
        self.id = id; self.columnID = columnID; self.position = position; self.title = title
        self.valueCents = valueCents; self.contactID = contactID; self.ticketClosed = ticketClosed; self.createdAt = createdAt
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
    public init(id: Int64, columnID: Int64, position: Int, title: String, contactName: String, phone: String,
                valueCents: Int64?, ticketClosed: Bool, lastMessageAt: Date?, lastMessageAuthor: MessageAuthor?) {
        self.id = id; self.columnID = columnID; self.position = position; self.title = title
        self.contactName = contactName; self.phone = phone; self.valueCents = valueCents
        self.ticketClosed = ticketClosed; self.lastMessageAt = lastMessageAt; self.lastMessageAuthor = lastMessageAuthor
    }
}

/// Everything the board screen shows, loaded in one read.
public struct BoardSnapshot: Sendable, Equatable {
    public var board: Board
    public var columns: [ColumnSnapshot]
    public init(board: Board, columns: [ColumnSnapshot]) { self.board = board; self.columns = columns }
}

public struct ColumnSnapshot: Sendable, Equatable {
    public var column: Column
    /// Ordered by position.
    public var cards: [CardSummary]
    public init(column: Column, cards: [CardSummary]) { self.column = column; self.cards = cards }
}

/// The deal screen: the deal, its contact, its column and its whole conversation (oldest first).
public struct DealDetail: Sendable, Equatable {
    public var deal: Deal
    public var contact: Contact
    public var column: Column
    public var messages: [Message]
    public init(deal: Deal, contact: Contact, column: Column, messages: [Message]) {
        self.deal = deal; self.contact = contact; self.column = column; self.messages = messages
    }
}
