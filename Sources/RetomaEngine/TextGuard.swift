import Foundation

/// The engine's last look at a text before it can reach a customer. The writer already cleans replies
/// and refuses near-copies; this refuses what must never go out whatever the writer did.
enum TextGuard {
    /// WhatsApp's limit for a text body.
    static let maxLength = 4096

    /// nil when the text may be sent; otherwise the reason, in English, for the ledger.
    static func problem(_ text: String, earlier: [String]) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "the text is empty" }
        if trimmed.count > maxLength { return "the text has \(trimmed.count) characters (WhatsApp allows \(maxLength))" }
        if trimmed.contains("{{") || trimmed.contains("}}") { return "the text has an unfilled template field" }
        let normalized = normalize(trimmed)
        if earlier.contains(where: { normalize($0) == normalized }) {
            return "the text repeats an earlier follow-up to this customer"
        }
        return nil
    }

    private static func normalize(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
