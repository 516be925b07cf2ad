import Foundation

/// How well a draft that passed `DraftGate` fits this follow-up, 0…1, from simple signals; best-of-N keeps
/// the highest. Pure.
///
/// Weights: greets the contact by first name 0.25; names the deal's subject (`subjectWords`) 0.25; ends
/// with a question or an offer of help 0.2; one to three sentences 0.15; distinct from earlier follow-ups
/// 0.15 × (1 − the closest similarity).
public enum DraftFit {
    /// What a draft must have to be sent at all, whatever its score.
    public enum Signal: String, Sendable, Equatable, CaseIterable {
        case firstName = "first_name"
        case subject
        case questionOrOffer = "question_or_offer"
        /// One to three sentences (greetings aside) and at most `maxSendingCharacters`: more is a model
        /// rambling on.
        case brief

        public func label(_ lang: Lang) -> String {
            let pt = lang == .pt
            switch self {
            case .firstName: return pt ? "o primeiro nome do contato" : "the contact's first name"
            case .subject: return pt ? "o assunto da negociação" : "the deal's subject"
            case .questionOrOffer: return pt ? "uma pergunta ao cliente ou oferta no fim" : "a closing question to the customer or offer"
            case .brief:
                return pt ? "de uma a três frases, até \(DraftFit.maxSendingCharacters) caracteres"
                    : "one to three sentences, at most \(DraftFit.maxSendingCharacters) characters"
            }
        }
    }

    /// The minimum for sending (`DraftProblem.poorFit`). Of the 91 Gemma 3 270M drafts the gate passed in
    /// bench/out/drafts-gemma.jsonl, those a salesperson would send all greet the contact by name, say what the
    /// deal is about, end asking or offering and stop within three sentences; a draft without one of them was a
    /// non-sequitur ("A minha dica para você ser muito feliz com esse apartamento.") or rambled past the
    /// customer. When in doubt, hold.
    public static let requiredForSending: [Signal] = [.firstName, .subject, .questionOrOffer, .brief]
    /// Our side's own messages in the evaluation set are at most 115 characters and the prompt's longest sample
    /// 190; a follow-up longer than this is not one a salesperson types.
    public static let maxSendingCharacters = 200

    /// The signals of `requiredForSending` the draft lacks; empty when it may be sent.
    public static func missing(_ text: String, context: FollowUpContext) -> [Signal] {
        let folded = " " + Similarity.fold(text) + " "
        return requiredForSending.filter { signal in
            switch signal {
            case .firstName: !namesContact(folded, context)
            case .subject: !namesSubject(folded, context)
            case .questionOrOffer: !closesToCustomer(text)
            case .brief: !(1...3).contains(sentenceCount(text)) || text.trimmingCharacters(in: .whitespacesAndNewlines).count > maxSendingCharacters
            }
        }
    }

    public static func score(_ text: String, context: FollowUpContext, earlier: [String]) -> Double {
        let folded = " " + Similarity.fold(text) + " "
        var score = 0.0
        if namesContact(folded, context) { score += 0.25 }
        if namesSubject(folded, context) { score += 0.25 }
        if endsWithQuestionOrOffer(text) { score += 0.2 }
        if (1...3).contains(sentenceCount(text)) { score += 0.15 }
        let previous = earlier + context.recentMessages.filter { $0.author == .followup }.map(\.text)
        let closest = previous.map { Similarity.score(text, $0) }.max() ?? 0
        score += 0.15 * (1 - min(max(closest, 0), 1))
        return min(max(score, 0), 1)
    }

    static func namesContact(_ folded: String, _ context: FollowUpContext) -> Bool {
        guard let first = Similarity.fold(context.contact.name).split(separator: " ").first else { return false }
        return folded.contains(" \(first) ")
    }

    /// A word of `subjectWords` in the draft, singular or plural ("notebooks" for "Notebook para design").
    static func namesSubject(_ folded: String, _ context: FollowUpContext) -> Bool {
        let words = Set(folded.split(separator: " ").map { singular(String($0)) })
        return subjectWords(context).contains { words.contains(singular($0)) }
    }

    static func singular(_ word: String) -> String {
        word.count > 4 && word.hasSuffix("s") ? String(word.dropLast()) : word
    }

    /// What the deal is about: the title's words of four letters or more that are not common words, and the
    /// longer words of our side's last message (what we last offered or asked for: "certidão", "holerite").
    static func subjectWords(_ context: FollowUpContext) -> [String] {
        let name = Set(Similarity.fold(context.contact.name).split(separator: " ").map(String.init))
        var words = subjectWords(context.deal.title).filter { !name.contains($0) }
        if let last = context.recentMessages.last(where: { $0.author == .agent }) {
            words += Similarity.fold(last.text).split(separator: " ").map(String.init)
                .filter { $0.count >= 6 && !DraftGate.portugueseWords.contains($0) && !commonWords.contains($0) && !name.contains($0) }
        }
        // A title of common words only ("Orçamento Ana") still says what the deal is: its longer words count.
        if words.isEmpty {
            words = Similarity.fold(context.deal.title).split(separator: " ").map(String.init)
                .filter { $0.count >= 4 && !name.contains($0) }
        }
        return words
    }

    /// The title's words that say what the deal is about: four letters or more, not a common word.
    static func subjectWords(_ title: String) -> [String] {
        Similarity.fold(title).split(separator: " ").map(String.init)
            .filter { $0.count >= 4 && !DraftGate.portugueseWords.contains($0) }
    }

    /// Longer words any reply may hold that say nothing of the deal.
    static let commonWords: Set<String> = [
        "conseguiu", "combinado", "entendi", "perfeito", "anotei", "precisa", "precisamos", "continua", "disponivel",
        "obrigada", "claro", "problema", "pressa", "depois", "quando", "sempre", "qualquer", "alguma", "falar",
        "conversar", "retomarmos", "mudar", "ideia", "estamos", "podemos", "segue", "seguem", "inclui", "incluso",
        "olhada",
    ]

    static let offers = ["disposicao", "posso ajudar", "posso te ajudar", "posso explicar", "posso te explicar", "me avise", "me chama", "me chame", "fico no aguardo",
                         "qualquer duvida", "estou aqui", "conte comigo", "me diga", "me fala", "me conta"]

    static func endsWithQuestionOrOffer(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // Emoji and closing punctuation after the last sentence do not change how it ends.
        let core = trimmed.reversed().drop { !$0.isLetter && !$0.isNumber && !".!?…".contains($0) }
        if core.first == "?" { return true }
        let last = Similarity.fold(lastSentence(trimmed))
        return offers.contains { last.contains($0) }
    }

    /// Stricter than `endsWithQuestionOrOffer`, for sending: a closing question must be put to the customer
    /// (`DraftGate.addressing`, "que tal", "Posso…?") or the end must offer help; "Vamos?" or "Vamos
    /// continuar?" after a statement asks nothing of them.
    static func closesToCustomer(_ text: String) -> Bool {
        guard endsWithQuestionOrOffer(text) else { return false }
        let last = Similarity.fold(lastSentence(text))
        if offers.contains(where: { last.contains($0) }) || (" " + last).contains(" que tal ") { return true }
        let words = last.split(separator: " ").map(String.init)
        // "Posso agendar…?", "Podemos conversar…?" ask the customer's leave.
        if let first = words.first, first == "posso" || first == "podemos", lastSentence(text).contains("?") { return true }
        return words.contains { DraftGate.addressing.contains($0) && $0 != "vamos" && $0 != "podemos" }
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
