import Foundation

/// How much of the conversation's text goes into a prompt. Every message of the window stays; long ones
/// are shortened with a visible marker so the model knows text is missing.
public struct ConversationBudget: Sendable, Equatable {
    /// No single message is quoted longer than this (characters).
    public var perMessage: Int
    /// All quoted messages together stay under this (characters), which keeps the prompt inside a small
    /// model's context window.
    public var total: Int
    /// Shortening never goes below this, even if the total is then exceeded.
    public var floor: Int

    public init(perMessage: Int = 600, total: Int = 6_000, floor: Int = 80) {
        self.perMessage = perMessage; self.total = total; self.floor = floor
    }

    public static let standard = ConversationBudget()

    /// The longest a message may be quoted, given the lengths of all messages in the window: the largest
    /// cap that fits the total ("water filling"), so short messages stay whole and only the longest are cut.
    public func cap(forLengths lengths: [Int]) -> Int {
        let upper = max(perMessage, floor)
        if lengths.reduce(0, { $0 + min($1, upper) }) <= total { return upper }
        let sorted = lengths.sorted()
        var usedByShorter = 0
        for (k, length) in sorted.enumerated() {
            let remaining = sorted.count - k
            // If every message from here on were cut to `length`, would it fit?
            if usedByShorter + length * remaining > total {
                let cap = (total - usedByShorter) / remaining
                return min(upper, max(floor, cap))
            }
            usedByShorter += length
        }
        return upper
    }

    /// The text as quoted: whole, or its start plus a marker saying how much was left out.
    public static func shorten(_ text: String, to cap: Int) -> String {
        shorten(text, length: text.count, to: cap)
    }

    /// The same, with the text's length in characters already counted.
    static func shorten(_ text: String, length: Int, to cap: Int) -> String {
        guard length > cap else { return text }
        return text.prefix(cap) + " […mensagem encurtada: \(length - cap) caracteres omitidos]"
    }
}
