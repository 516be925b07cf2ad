import Foundation
import RetomaCore

/// A board and its columns, as `retoma board list` prints them.
public struct BoardListing: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String
    /// Ordered by position.
    public var columns: [ColumnListing]

    public init(id: Int64, name: String, columns: [ColumnListing]) {
        self.id = id; self.name = name; self.columns = columns
    }
}

/// One board's follow-up figures, as `retoma engine status` lists them.
public struct BoardFollowUp: Sendable, Equatable {
    public var board: Board
    public var deals: Int
    /// Columns with follow-up on and not paused.
    public var followUpColumns: Int
    public var dueNow: Int
    public var nextDueAt: Date?

    public init(board: Board, deals: Int, followUpColumns: Int, dueNow: Int, nextDueAt: Date?) {
        self.board = board; self.deals = deals; self.followUpColumns = followUpColumns
        self.dueNow = dueNow; self.nextDueAt = nextDueAt
    }
}

public struct ColumnListing: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String
    public var position: Int
    public var dealCount: Int
    public var followUpEnabled: Bool

    public init(id: Int64, name: String, position: Int, dealCount: Int, followUpEnabled: Bool) {
        self.id = id; self.name = name; self.position = position
        self.dealCount = dealCount; self.followUpEnabled = followUpEnabled
    }
}

/// What a person types to create a deal. The phone is raw text; the store normalizes it.
public struct NewDeal: Sendable, Equatable {
    public var columnID: Int64
    public var title: String
    public var contactName: String
    public var phone: String
    public var valueCents: Int64?
    public var ticketClosed: Bool
    /// The contact's e-mail and company; nil keeps what an existing contact has.
    public var email: String?
    public var company: String?

    public init(columnID: Int64, title: String, contactName: String, phone: String,
                valueCents: Int64? = nil, ticketClosed: Bool = false, email: String? = nil, company: String? = nil) {
        self.columnID = columnID; self.title = title; self.contactName = contactName
        self.phone = phone; self.valueCents = valueCents; self.ticketClosed = ticketClosed
        self.email = email; self.company = company
    }
}

/// Some fields of a deal and its contact to change; nil leaves a field as it is. Text is raw, as typed.
public struct DealChanges: Sendable, Equatable {
    public var title: String?
    public var contactName: String?
    public var phone: String?
    /// `.some(nil)` clears the value.
    public var valueCents: Int64??
    /// Empty text clears the contact's e-mail or company.
    public var email: String?
    public var company: String?

    public init(title: String? = nil, contactName: String? = nil, phone: String? = nil, valueCents: Int64?? = nil,
                email: String? = nil, company: String? = nil) {
        self.title = title; self.contactName = contactName; self.phone = phone; self.valueCents = valueCents
        self.email = email; self.company = company
    }

    /// The same changes checked as `addDeal` checks them, text cleaned as stored.
    func validated() throws(StoreError) -> DealChanges {
        var checked = DealChanges()
        if let raw = title { checked.title = try Validate.name(raw, or: .emptyTitle) }
        if let raw = contactName { checked.contactName = try Validate.name(raw, or: .emptyContactName) }
        if let raw = phone { checked.phone = try Validate.phone(raw) }
        if let raw = email { checked.email = try Validate.email(raw) }
        if let cents = valueCents { _ = try Validate.value(cents) }
        checked.valueCents = valueCents
        checked.company = company.map(Validate.optionalText)
        return checked
    }
}
