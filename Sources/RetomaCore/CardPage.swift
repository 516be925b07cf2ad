/// A card's place in its column's order (position, then id): the key that keyset pagination continues from.
public struct CardKey: Sendable, Equatable, Hashable, Comparable {
    public var position: Int
    public var id: Int64
    public init(position: Int, id: Int64) { self.position = position; self.id = id }
    public init(_ card: CardSummary) { self.init(position: card.position, id: card.id) }

    public static func < (a: CardKey, b: CardKey) -> Bool { (a.position, a.id) < (b.position, b.id) }
}

/// Which cards of one column to read, among those that pass the board's filter.
public enum CardPageRequest: Sendable, Equatable {
    /// The first ones.
    case first
    /// The last ones.
    case last
    /// Those right after this key (it excluded).
    case after(CardKey)
    /// Those right before this key (it excluded).
    case before(CardKey)
    /// A window with this deal in its middle; the first ones when the deal is not (or no longer) in the column
    /// or does not pass the filter.
    case around(dealID: Int64)
    /// From the card at this index on. Without a filter positions are the indices (they are kept dense), so
    /// this is a seek on the position index, not an offset.
    case fromIndex(Int)
}

/// One column's cards as read for a `CardPageRequest`, with the column's counts at the same instant.
public struct CardPage: Sendable, Equatable {
    public var columnID: Int64
    /// The filter the page was read with.
    public var filter: String
    /// Index (among the cards that pass the filter) of `cards[0]`.
    public var firstIndex: Int
    public var cards: [CardSummary]
    public var count: Int
    public var matching: Int

    public init(columnID: Int64, filter: String, firstIndex: Int, cards: [CardSummary], count: Int, matching: Int) {
        self.columnID = columnID; self.filter = filter; self.firstIndex = firstIndex; self.cards = cards
        self.count = count; self.matching = matching
    }
}
