import Foundation

/// Whether a customer's message asks us to stop writing (LGPD and WhatsApp's policy both require honouring it).
/// Two kinds count, in pt-BR and English, compared after folding case and accents:
/// - phrases anywhere in the message, unless a negation stands right before them ("não pare de me mandar");
/// - single words only when they are essentially the whole message ("Pare!", "SAIR", "stop por favor").
/// The lists are short on purpose: a false opt-out silences a customer who is still talking to us, so anything
/// less clear is left to the agent, who can mark the contact by hand.
public enum OptOut {
    /// Folded (lower case, no accents, letters and digits, single spaces).
    static let phrases = [
        "nao quero mais receber", "me tire da lista", "me tira da lista", "pare de me mandar", "para de me mandar",
        "parem de me mandar", "nao tenho interesse", "descadastrar", "me descadastra", "me descadastre",
        "stop sending", "stop messaging me", "unsubscribe", "remove me from", "not interested",
        "dont want to receive", "do not want to receive",
    ]
    /// `phrases`, split once: every customer message (each line of an import too) is read against them.
    static let phraseWords: [(phrase: String, words: [Substring])] = phrases.map { ($0, $0.split(separator: " ")) }
    static let words: Set<String> = ["pare", "parar", "parem", "sair", "stop", "cancelar", "descadastrar", "unsubscribe"]
    /// Words that may stand around a single stop word and still leave it "the whole message".
    static let fillers: Set<String> = ["por", "favor", "pf", "pfv", "pls", "please", "ok", "obrigado", "obrigada", "ja",
                                       "agora", "mesmo", "ai", "now"]
    /// A phrase right after one of these is not an opt-out ("não pare de me mandar novidades").
    static let negations: Set<String> = ["nao", "n", "nunca", "dont", "never"]

    /// The phrase or word that makes `text` an opt-out, or nil.
    public static func match(_ text: String) -> String? {
        // Apostrophes go ("don't" is "dont"); Foundation's replace only when there is one (an import reads every line).
        let apostrophe = text.unicodeScalars.contains { $0 == "'" || $0 == "’" }
        let folded = Similarity.fold(apostrophe ? text.replacingOccurrences(of: "'", with: "").replacingOccurrences(of: "’", with: "")
                                                : text)
        let tokens = folded.split(separator: " ").map(String.init)
        guard !tokens.isEmpty else { return nil }
        for (phrase, words) in phraseWords {
            var i = 0
            while i + words.count <= tokens.count {
                if tokens[i..<(i + words.count)].elementsEqual(words, by: { $0 == $1 }) {
                    let negated = i > 0 && negations.contains(tokens[i - 1]) && !phrase.hasPrefix("nao ")
                    if !negated { return phrase }
                }
                i += 1
            }
        }
        let meaningful = tokens.filter { !fillers.contains($0) }
        if meaningful.count == 1, let word = meaningful.first, words.contains(word) { return word }
        return nil
    }

    public static func isOptOut(_ text: String) -> Bool { match(text) != nil }
}
