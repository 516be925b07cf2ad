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

    public init(columnID: Int64, title: String, contactName: String, phone: String,
                valueCents: Int64? = nil, ticketClosed: Bool = false) {
        self.columnID = columnID; self.title = title; self.contactName = contactName
        self.phone = phone; self.valueCents = valueCents; self.ticketClosed = ticketClosed
    }
}
