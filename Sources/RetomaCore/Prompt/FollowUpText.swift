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

        public func message(_ lang: Lang) -> String {
            switch (self, lang) {
            case (.empty, .pt): "mensagem vazia"
            case (.empty, .en): "empty message"
            case (.tooLong(let n), .pt): "mensagem longa demais (\(n) caracteres; máximo \(FollowUpText.maxCharacters))"
            case (.tooLong(let n), .en): "message too long (\(n) characters; at most \(FollowUpText.maxCharacters))"
            case (.placeholder(let p), .pt): "mensagem com campo para preencher: \(p)"
            case (.placeholder(let p), .en): "message has a fill-in field: \(p)"
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
    /// have to fill in. Links and emoticons such as ":]" do not match.
    static func placeholder(in text: String) -> String? {
        let pattern = #"\[[^\[\]\n]*\p{L}[^\[\]\n]{0,40}\]|\{\{?[^{}\n]*\p{L}[^{}\n]{0,40}\}?\}"#
        guard let range = text.range(of: pattern, options: .regularExpression) else { return nil }
        return String(text[range])
    }
}
