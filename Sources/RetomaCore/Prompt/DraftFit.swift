import Foundation

/// How well a draft that passed `DraftGate` fits this follow-up, 0…1, from simple signals; best-of-N keeps
/// the highest. Pure.
///
/// Weights: greets the contact by first name 0.25; names the deal's subject (a word of the title) 0.25; ends
/// with a question or an offer of help 0.2; one to three sentences 0.15; distinct from earlier follow-ups
/// 0.15 × (1 − the closest similarity).
public enum DraftFit {
    public static func score(_ text: String, context: FollowUpContext, earlier: [String]) -> Double {
        let folded = " " + Similarity.fold(text) + " "
        var score = 0.0
        if let first = Similarity.fold(context.contact.name).split(separator: " ").first, folded.contains(" \(first) ") {
            score += 0.25
        }
        if !subjectWords(context.deal.title).filter({ folded.contains(" \($0) ") }).isEmpty { score += 0.25 }
        if endsWithQuestionOrOffer(text) { score += 0.2 }
        if (1...3).contains(sentenceCount(text)) { score += 0.15 }
        let previous = earlier + context.recentMessages.filter { $0.author == .followup }.map(\.text)
        let closest = previous.map { Similarity.score(text, $0) }.max() ?? 0
        score += 0.15 * (1 - min(max(closest, 0), 1))
        return min(max(score, 0), 1)
    }

    /// The title's words that say what the deal is about: four letters or more, not a common word.
    static func subjectWords(_ title: String) -> [String] {
        Similarity.fold(title).split(separator: " ").map(String.init)
            .filter { $0.count >= 4 && !DraftGate.portugueseWords.contains($0) }
    }

    static let offers = ["disposicao", "posso ajudar", "me avise", "me chama", "me chame", "fico no aguardo",
                         "qualquer duvida", "estou aqui", "conte comigo", "me diga", "me fala", "me conta"]

    static func endsWithQuestionOrOffer(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // Emoji and closing punctuation after the last sentence do not change how it ends.
        let core = trimmed.reversed().drop { !$0.isLetter && !$0.isNumber && !".!?…".contains($0) }
        if core.first == "?" { return true }
        let last = Similarity.fold(lastSentence(trimmed))
        return offers.contains { last.contains($0) }
    }

    /// Sentences of three words or more: "Oi, Beatriz!" and "Tudo bem?" are greetings, not sentences.
    static func sentenceCount(_ text: String) -> Int {
        sentences(text).filter { Similarity.fold($0).split(separator: " ").count >= 3 }.count
    }

    static func sentences(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        let chars = Array(text)
        for (i, ch) in chars.enumerated() {
            current.append(ch)
            let ends = ".!?…".contains(ch) || ch.isNewline
            if ends && (i + 1 == chars.count || chars[i + 1].isWhitespace) {
                if !current.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { out.append(current) }
                current = ""
            }
        }
        if !current.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { out.append(current) }
        return out
    }

    static func lastSentence(_ text: String) -> String {
        sentences(text).last { Similarity.fold($0).split(separator: " ").count >= 2 } ?? text
    }
}
