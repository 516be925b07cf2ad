import Foundation

/// Turns a model's raw reply into the text that may be sent, or says why it cannot be sent.
public enum FollowUpText {
    /// WhatsApp allows far more, but a follow-up longer than this is not "one short message".
    public static let maxCharacters = 1_000

    public enum Problem: Error, Sendable, Equatable {
        case empty
        case tooLong(characters: Int)
        /// A fill-in field such as "[Seu nome]" or "{empresa}" was left in the text.
        case placeholder(String)
        /// The model hit its length limit before finishing its first sentence.
        case truncated

        public func message(_ lang: Lang) -> String {
            switch (self, lang) {
            case (.empty, .pt): "mensagem vazia"
            case (.empty, .en): "empty message"
            case (.tooLong(let n), .pt): "mensagem longa demais (\(n) caracteres; máximo \(FollowUpText.maxCharacters))"
            case (.tooLong(let n), .en): "message too long (\(n) characters; at most \(FollowUpText.maxCharacters))"
            case (.placeholder(let p), .pt): "mensagem com campo para preencher: \(p)"
            case (.placeholder(let p), .en): "message has a fill-in field: \(p)"
            case (.truncated, .pt): "mensagem cortada pelo limite de tamanho antes de terminar uma frase"
            case (.truncated, .en): "message cut off by the length limit before a sentence ended"
            }
        }
    }

    /// Labels models put before the message ("Mensagem:", "**Resposta:**", "Message:").
    static let labels = ["mensagem", "message", "resposta", "response", "reply", "texto", "text",
                         "follow-up", "followup", "mensagem de follow-up", "follow-up message", "assistant",
                         "assistente", "whatsapp"]

    /// Quote pairs a whole reply may be wrapped in.
    static let quotePairs: [(Character, Character)] = [("\"", "\""), ("“", "”"), ("'", "'"), ("‘", "’"),
                                                        ("«", "»"), ("`", "`")]

    /// Trims, then repeatedly drops a leading label and wrapping quotes; refuses empty text, text over
    /// `maxCharacters`, and text with a fill-in field left in it.
    public static func clean(_ raw: String) -> Result<String, Problem> {
        var text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        while true {
            let before = text
            text = dropLabel(text)
            text = dropWrappingQuotes(text)
            text = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if text == before { break }
        }
        if text.isEmpty { return .failure(.empty) }
        if text.count > maxCharacters { return .failure(.tooLong(characters: text.count)) }
        if let field = placeholder(in: text) { return .failure(.placeholder(field)) }
        return .success(text)
    }

    /// WhatsApp's limit for a text body.
    public static let whatsAppMaxLength = 4096

    /// The last look at a text before it can reach a customer (the engine's, whatever the writer did): nil when
    /// it may be sent, otherwise the reason in English, for the ledger. Refuses an empty text, one over WhatsApp's
    /// limit, one with a fill-in field (`placeholder(in:)`), and a repeat of an earlier follow-up (case and
    /// spacing aside).
    public static func finalCheck(_ text: String, earlier: [String]) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "the text is empty" }
        if trimmed.count > whatsAppMaxLength {
            return "the text has \(trimmed.count) characters (WhatsApp allows \(whatsAppMaxLength))"
        }
        if let field = placeholder(in: trimmed) { return "the text has an unfilled template field: \(field)" }
        let normalized = normalize(trimmed)
        if earlier.contains(where: { normalize($0) == normalized }) {
            return "the text repeats an earlier follow-up to this customer"
        }
        return nil
    }

    private static func normalize(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// A reply cut off by the token limit ends mid-sentence: keeps what comes before the last sentence
    /// end (".", "!", "?" or "…" followed by a space or line break, so "R$ 1.200" is not one), or nil when
    /// not even one sentence is complete.
    public static func completeSentences(_ text: String) -> String? {
        let chars = Array(text)
        var end: Int?
        for i in chars.indices where ".!?…".contains(chars[i]) {
            if i + 1 == chars.count || chars[i + 1].isWhitespace { end = i }
        }
        guard let end else { return nil }
        let kept = String(chars[...end]).trimmingCharacters(in: .whitespacesAndNewlines)
        return kept.isEmpty ? nil : kept
    }

    static func dropLabel(_ text: String) -> String {
        // Optional markdown emphasis around the label: "**Mensagem:**", "*Resposta*:".
        var rest = Substring(text)
        let emphasis = rest.prefix { $0 == "*" || $0 == "_" }
        rest = rest.dropFirst(emphasis.count)
        let lower = rest.lowercased()
        for label in labels.sorted(by: { $0.count > $1.count }) where lower.hasPrefix(label) {
            var after = rest.dropFirst(label.count)
            after = after.drop { $0 == "*" || $0 == "_" }
            guard after.first == ":" else { continue }
            after = after.dropFirst().drop { $0 == "*" || $0 == "_" }
            return String(after)
        }
        return text
    }

    static func dropWrappingQuotes(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, let last = text.last else { return text }
        for (open, close) in quotePairs where first == open && last == close {
            let inner = text.dropFirst().dropLast()
            // "Oi" e "tchau" is not wrapped: the inner text would hold its own closing quote.
            if inner.contains(close) || (open != close && inner.contains(open)) { return text }
            return String(inner)
        }
        return text
    }

    /// "[Seu nome]", "[Nome do cliente]", "{empresa}", "{{nome}}": short bracketed words a person would
    /// have to fill in; and any double brace ("{{1}}", a lone "}}"), which only a template leaves behind.
    /// Links and emoticons such as ":]" do not match. The one detector: the writer's cleaning and the
    /// engine's `finalCheck` both use it.
    static func placeholder(in text: String) -> String? {
        let pattern = #"\[[^\[\]\n]*\p{L}[^\[\]\n]{0,40}\]|\{\{?[^{}\n]*\p{L}[^{}\n]{0,40}\}?\}|\{\{[^{}\n]{0,40}\}\}|\{\{|\}\}"#
        guard let range = text.range(of: pattern, options: .regularExpression) else { return nil }
        return String(text[range])
    }
}
