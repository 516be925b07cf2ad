import Foundation

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

/// What the board's `/` filter asks for: text, a substring of each card's title, contact, company or phone
/// (case and accents ignored), and keywords that each narrow it further (all must hold):
/// `:aguardando` (the customer wrote the last message), `:optout` (the contact asked for no more messages) and
/// `:meus` (English `:mine`: the deals whose owner is the operator at this terminal).
/// "maria :aguardando" is Maria's deals that await an answer.
public struct BoardFilter: Sendable, Equatable {
    public enum Keyword: String, CaseIterable, Sendable {
        case awaiting = "aguardando"
        case optedOut = "optout"
        case mine = "meus"
        /// As typed: ":aguardando".
        public var typed: String { ":" + rawValue }

        /// The keyword a word names (without its colon, folded), English aliases included.
        init?(word: String) {
            if word == "mine" { self = .mine; return }
            self.init(rawValue: word)
        }
    }

    /// The text to find; "" for none.
    public var text: String
    public var keywords: Set<Keyword>
    /// Words that look like keywords (":foo") but are none: they stay in `text`, searched as typed.
    public var unknownKeywords: [String]

    public init(_ typed: String) {
        var keywords: Set<Keyword> = []
        var rest: [Substring] = []
        var unknown: [String] = []
        let words = typed.split(whereSeparator: \.isWhitespace)
        for word in words {
            let name = word.dropFirst().folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            if word.hasPrefix(":"), let keyword = Keyword(word: name) {
                keywords.insert(keyword)
            } else {
                if word.hasPrefix(":"), word.count > 1 { unknown.append(String(word)) }
                rest.append(word)
            }
        }
        // Without keywords the text is exactly what was typed (its inner spaces included), as it always was.
        self.text = keywords.isEmpty ? typed : rest.joined(separator: " ")
        self.keywords = keywords
        self.unknownKeywords = unknown
    }

    public var isEmpty: Bool { keywords.isEmpty && text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
}
