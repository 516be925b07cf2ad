import Foundation

/// Why a model's draft may not become a follow-up. `code` is stable (ledger, `--json`); `message` is for people.
public enum DraftProblem: Sendable, Equatable {
    case empty
    case tooShort(characters: Int)
    case tooLong(characters: Int)
    /// More than a third of the visible characters are emoji.
    case tooManyEmoji
    /// A fill-in field such as "[Seu nome]" was left in (`FollowUpText.placeholder(in:)`).
    case placeholder(String)
    /// Part of the prompt came back: an instruction or rule line, a data label, a conversation marker.
    case promptEcho(String)
    /// A header, a bullet or numbered list, or a code fence.
    case markdown(String)
    /// A `<think>` block.
    case thinking
    /// "assistant:", "cliente:", a chat-template token.
    case roleLabel(String)
    case unknownLink(String)
    case unknownEmail(String)
    case unknownPhone(String)
    /// A price that is not the deal's value nor one our side or the column's settings wrote.
    case unknownPrice(String)
    case unknownPercentage(String)
    /// A number (a year, a count, days, a date, a time) nobody on our side nor the deal's data gave.
    case inventedNumber(String)
    /// Something said to have happened ("conversei com…", "como combinamos", "te enviei") that our side's
    /// messages never show.
    case unsupportedClaim(String)
    /// Speaks of the customer as someone else ("o cliente"), as the instructions do.
    case thirdPerson(String)
    /// A question only we could answer ("Onde estou?", "Como pago?"): the customer's voice, not ours.
    case questionToSelf(String)
    /// A word that does not agree with the contact ("Você ficou satisfeito?" to Helena, "ajudá-lo" to Natália).
    case wrongAgreement(String)
    /// A construction no one writes: a gerund after "para" ("Passando para lembrando"), "se você for
    /// interessado", "como você acha".
    case ungrammatical(String)
    /// Opens as if answering or continuing a turn the customer never took ("Agora o que você quer…",
    /// "Sim, é só…").
    case nonSequitur(String)
    /// Asks for what no one asks for by WhatsApp: a card's number or code, a password.
    case sensitiveRequest(String)
    /// Passed every rule above but lacks what a message worth sending has (`DraftFit.requiredForSending`).
    case poorFit(missing: [DraftFit.Signal])
    case notPortuguese
    /// Too close to an earlier follow-up of the same deal (`Similarity.nearCopyThreshold`).
    case nearCopy(similarity: Double)

    public var code: String {
        switch self {
        case .empty: "empty"
        case .tooShort: "too_short"
        case .tooLong: "too_long"
        case .tooManyEmoji: "too_many_emoji"
        case .placeholder: "placeholder"
        case .promptEcho: "prompt_echo"
        case .markdown: "markdown"
        case .thinking: "think_block"
        case .roleLabel: "role_label"
        case .unknownLink: "unknown_link"
        case .unknownEmail: "unknown_email"
        case .unknownPhone: "unknown_phone"
        case .unknownPrice: "unknown_price"
        case .unknownPercentage: "unknown_percentage"
        case .inventedNumber: "invented_number"
        case .unsupportedClaim: "unsupported_claim"
        case .thirdPerson: "third_person"
        case .questionToSelf: "question_to_self"
        case .wrongAgreement: "wrong_agreement"
        case .ungrammatical: "ungrammatical"
        case .nonSequitur: "non_sequitur"
        case .sensitiveRequest: "sensitive_request"
        case .poorFit: "poor_fit"
        case .notPortuguese: "not_portuguese"
        case .nearCopy: "near_copy"
        }
    }

    public func message(_ lang: Lang) -> String {
        let pt = lang == .pt
        switch self {
        case .empty: return pt ? "texto vazio" : "empty text"
        case .tooShort(let n):
            return pt ? "curto demais (\(n) caracteres; mínimo \(DraftGate.minCharacters))"
                : "too short (\(n) characters; at least \(DraftGate.minCharacters))"
        case .tooLong(let n):
            return pt ? "longo demais (\(n) caracteres; máximo \(DraftGate.maxCharacters))"
                : "too long (\(n) characters; at most \(DraftGate.maxCharacters))"
        case .tooManyEmoji: return pt ? "mais de um terço de emojis" : "more than a third emoji"
        case .placeholder(let p): return pt ? "campo para preencher: \(p)" : "fill-in field: \(p)"
        case .promptEcho(let s): return pt ? "repete o prompt: “\(s)”" : "echoes the prompt: “\(s)”"
        case .markdown(let s): return pt ? "formatação markdown: “\(s)”" : "markdown: “\(s)”"
        case .thinking: return pt ? "bloco <think>" : "a <think> block"
        case .roleLabel(let s): return pt ? "rótulo de papel: “\(s)”" : "role label: “\(s)”"
        case .unknownLink(let s):
            return pt ? "link que não está nos dados nem na conversa: \(s)" : "a link not in the deal or the conversation: \(s)"
        case .unknownEmail(let s):
            return pt ? "e-mail que não está nos dados nem na conversa: \(s)" : "an e-mail not in the deal or the conversation: \(s)"
        case .unknownPhone(let s):
            return pt ? "telefone que não está nos dados nem na conversa: \(s)" : "a phone number not in the deal or the conversation: \(s)"
        case .unknownPrice(let s):
            return pt ? "preço inventado: \(s)" : "an invented price: \(s)"
        case .unknownPercentage(let s):
            return pt ? "porcentagem inventada: \(s)" : "an invented percentage: \(s)"
        case .inventedNumber(let s):
            return pt ? "número que não está nos dados nem nas nossas mensagens: \(s)"
                : "a number not in the deal nor in our messages: \(s)"
        case .unsupportedClaim(let s):
            return pt ? "afirma algo que a conversa não mostra: “\(s)”" : "claims something the conversation does not show: “\(s)”"
        case .thirdPerson(let s):
            return pt ? "fala do cliente na terceira pessoa: “\(s)”" : "speaks of the customer in the third person: “\(s)”"
        case .questionToSelf(let s):
            return pt ? "pergunta que só nós saberíamos responder: “\(s)”" : "a question only we could answer: “\(s)”"
        case .wrongAgreement(let s):
            return pt ? "concordância errada com o contato: “\(s)”" : "does not agree with the contact: “\(s)”"
        case .ungrammatical(let s):
            return pt ? "erro de gramática: “\(s)”" : "a grammar mistake: “\(s)”"
        case .nonSequitur(let s):
            return pt ? "começa como resposta a algo que o cliente não disse: “\(s)”"
                : "opens as a reply to something the customer did not say: “\(s)”"
        case .sensitiveRequest(let s):
            return pt ? "pede dados que não se pedem por mensagem: “\(s)”" : "asks for data no one asks for by message: “\(s)”"
        case .poorFit(let missing):
            let what = missing.map { $0.label(lang) }.joined(separator: pt ? ", " : ", ")
            return pt ? "não serve para enviar; falta: \(what)" : "not fit to send; missing: \(what)"
        case .notPortuguese: return pt ? "não está em português" : "not in Portuguese"
        case .nearCopy(let x):
            let percent = x.isFinite ? "\(Int((min(max(x, 0), 1) * 100).rounded()))%" : "?"
            return pt ? "quase igual a um follow-up anterior (semelhança \(percent))"
                : "a near-copy of an earlier follow-up (similarity \(percent))"
        }
    }
}

/// The quality gate every draft passes before it may be sent, whoever wrote it. Pure.
///
/// Values a draft states (links, e-mails, phones, prices, percentages) must come from the deal's data, from
/// what our side wrote in the conversation, or from the column's instructions and extras. The customer's own
/// messages do not vouch for them: a customer writing "mande o link http://… com 50% de desconto" must not be
/// able to put that link or that discount in our mouth.
public enum DraftGate {
    public static let minCharacters = 15
    public static let maxCharacters = 600
    /// Consecutive words shared with the prompt's own text that count as an echo. Six, because five-word
    /// runs such as "para retomar o contato com" also occur in good messages.
    static let echoRun = 6

    /// Empty when the draft may be sent; otherwise one problem per kind, in a stable order.
    public static func check(_ text: String, context: FollowUpContext, earlier: [String]) -> [DraftProblem] {
        Prepared(context).check(text, earlier: earlier)
    }

    /// What the gate reads from a context (the prompt's lines and labels, the values our side vouches for),
    /// worked out once and used for every draft of the same follow-up.
    public struct Prepared: Sendable {
        let context: FollowUpContext
        let echoRuns: Set<String>
        let labels: Set<String>
        /// Folded words of the deal's data, the whole conversation and the column.
        let ownWords: Set<String>
        let knownEmails: Set<String>
        let knownLinks: Set<String>
        let knownCents: Set<Int64>
        let knownPercents: Set<String>
        let knownPhones: [String]
        /// Every number our side vouches for, as `numberForms` gives it.
        let knownNumbers: Set<String>
        /// Our side's messages and the column's instructions and extras, folded and padded with spaces: what
        /// shows the claims a draft makes.
        let oursFolded: String
        /// The contact's first name reads as a woman's (ends in "a"): the draft's words must agree.
        let feminine: Bool
        /// Our side already wrote a price or a link: a quote or a proposal went out.
        let quoteSent: Bool
        let portuguese: Bool

        public init(_ context: FollowUpContext) {
            self.context = context
            let (lines, labels) = DraftGate.promptLines(context)
            self.labels = Set(labels)
            var runs = Set<String>()
            for line in lines {
                let w = Similarity.fold(line).split(separator: " ")
                guard w.count >= echoRun else { continue }
                for i in 0...(w.count - echoRun) { runs.insert(w[i..<(i + echoRun)].joined(separator: " ")) }
            }
            echoRuns = runs
            var own = vouched(context)
            own += context.recentMessages.filter { $0.author == .customer }.map(\.text)
            own.append(context.columnName)
            ownWords = Set(Similarity.fold(own.joined(separator: " ")).split(separator: " ").map(String.init))

            let knownText = vouched(context).joined(separator: "\n")
            let emails = Set(matches(emailPattern, in: knownText).map { $0.lowercased() })
            knownEmails = emails
            var knownRest = knownText
            for e in emails { knownRest = knownRest.replacingOccurrences(of: e, with: " ", options: .caseInsensitive) }
            knownLinks = Set(matches(linkPattern, in: knownRest).map(normalizedLink))
            var cents = Set(matches(pricePattern, in: knownText).compactMap(DraftGate.cents))
            if let v = context.deal.valueCents { cents.insert(v) }
            knownCents = cents
            knownPercents = Set(matches(percentPattern, in: knownText).map(percentValue))
            knownPhones = ([context.contact.phone] + matches(phonePattern, in: knownText)).map(digits).filter { $0.count >= 8 }
            var numbers = Set(matches(numberPattern, in: knownText).flatMap(numberForms))
            if let v = context.deal.valueCents { numbers.formUnion(numberForms(String(v / 100))) }
            knownNumbers = numbers
            let ours = context.recentMessages.filter { $0.author.isOurs }.map(\.text)
            oursFolded = " " + Similarity.fold((ours + [context.config.instructions, context.config.extraInfo]).joined(separator: " \n ")) + " "
            let first = Similarity.fold(context.contact.name).split(separator: " ").first.map(String.init) ?? ""
            feminine = first.count >= 3 && first.hasSuffix("a") && !masculineInA.contains(first)
            quoteSent = ours.contains { !matches(pricePattern, in: $0).isEmpty || !matches(linkPattern, in: $0).isEmpty }
            portuguese = expectsPortuguese(context)
        }

        public func check(_ text: String, earlier: [String]) -> [DraftProblem] {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { return [.empty] }
            var problems: [DraftProblem] = []
            let count = trimmed.count
            if count < minCharacters { problems.append(.tooShort(characters: count)) }
            if count > maxCharacters { problems.append(.tooLong(characters: count)) }
            if emojiShare(trimmed) > 1.0 / 3.0 { problems.append(.tooManyEmoji) }
            if let field = FollowUpText.placeholder(in: trimmed) { problems.append(.placeholder(field)) }
            if let echo = promptEcho(trimmed) { problems.append(.promptEcho(echo)) }
            if let mark = markdown(trimmed) { problems.append(.markdown(mark)) }
            if trimmed.range(of: #"(?i)</?think(ing)?>"#, options: .regularExpression) != nil { problems.append(.thinking) }
            if let label = roleLabel(trimmed) { problems.append(.roleLabel(label)) }
            problems += inventedValues(trimmed)
            let folded = " " + Similarity.fold(trimmed) + " "
            if let claim = unsupportedClaim(folded) { problems.append(.unsupportedClaim(claim)) }
            if let phrase = thirdPersons.first(where: { folded.contains(" \($0) ") }) { problems.append(.thirdPerson(phrase)) }
            if let question = questionToSelf(trimmed) { problems.append(.questionToSelf(question)) }
            if feminine, let word = masculineWord(folded) { problems.append(.wrongAgreement(word)) }
            if let wrong = ungrammatical(folded) { problems.append(.ungrammatical(wrong)) }
            if let r = folded.range(of: #" (numero|dados|codigo|validade) (do|de) (seu |sua )?cartao | senha | cvv | codigo de (verificacao|seguranca|confirmacao) "#,
                                    options: .regularExpression) {
                problems.append(.sensitiveRequest(folded[r].trimmingCharacters(in: .whitespaces)))
            }
            // The first sentence past the greeting ("Oi, Fernanda!", "Tudo bem?" have fewer than three words).
            if let opening = DraftFit.sentences(trimmed).first(where: { Similarity.fold($0).split(separator: " ").count >= 3 }),
               let first = Similarity.fold(opening).split(separator: " ").first, ["agora", "sim", "nao"].contains(first) {
                problems.append(.nonSequitur(snippet(opening.trimmingCharacters(in: .whitespacesAndNewlines))))
            } else if quoteSent, let offer = quoteOffers.first(where: { folded.contains(" \($0) ") }) {
                // Offering to make the quote our side already sent: the draft ignored the conversation.
                problems.append(.nonSequitur(offer))
            }
            if portuguese && !readsAsPortuguese(trimmed) { problems.append(.notPortuguese) }
            let previous = earlier + context.recentMessages.filter { $0.author == .followup }.map(\.text)
            if let closest = previous.map({ Similarity.score(trimmed, $0) }).max(), closest >= Similarity.nearCopyThreshold {
                problems.append(.nearCopy(similarity: closest))
            }
            return problems
        }

        /// The echoed fragment, or nil.
        func promptEcho(_ text: String) -> String? {
            for marker in ["<<<", ">>>", "CONVERSA"] where text.contains(marker) { return marker }
            let folded = Similarity.fold(text)
            for phrase in ["follow up automatico", "sem mensagens", "agora em brasilia"]
            where (" " + folded + " ").contains(" " + phrase + " ") {
                return phrase
            }
            // A line that opens with one of the prompt's labels and a colon ("DADOS:", "Valor: …").
            for line in text.split(whereSeparator: \.isNewline) {
                let body = line.drop { $0 == " " || $0 == "-" || $0 == "*" || $0 == "•" || $0 == "#" }
                guard let colon = body.firstIndex(of: ":"), body.distance(from: body.startIndex, to: colon) <= 40 else { continue }
                let head = Similarity.fold(String(body[..<colon]))
                if !head.isEmpty, labels.contains(head) || labels.contains(where: { head.hasPrefix($0 + " ") && $0.count >= 4 }) {
                    return String(body[...colon])
                }
            }
            if let word = sampleSubject(folded) { return word }
            // A run of `echoRun` words shared with any line the prompt put in.
            let words = folded.split(separator: " ")
            guard words.count >= echoRun else { return nil }
            for i in 0...(words.count - echoRun) {
                let run = words[i..<(i + echoRun)].joined(separator: " ")
                if echoRuns.contains(run) { return run }
            }
            return nil
        }

        func ungrammatical(_ folded: String) -> String? {
            if let r = folded.range(of: #" (para|pra) [a-z]+(ando|endo|indo) "#, options: .regularExpression),
               !["quando", "lindo", "vindo"].contains(where: { folded[r].hasSuffix(" \($0) ") }) {
                return folded[r].trimmingCharacters(in: .whitespaces)
            }
            for p in [#" (for|seja|ser|sera) interessad[oa]s? "#, #" como (voce|vc) acha "#] {
                if let r = folded.range(of: p, options: .regularExpression) { return folded[r].trimmingCharacters(in: .whitespaces) }
            }
            return nil
        }

        /// A masculine participle or pronoun said of the contact: "você ficou satisfeito", "ajudá-lo" (folded
        /// "ajuda lo"). Only for a contact whose name reads as a woman's.
        func masculineWord(_ folded: String) -> String? {
            let patterns = [#" (voce|vc) (esta|estiver|ficou|ficaria|fica|for|seja|esteja|anda|parece|ficar) [a-z]+(ado|ido|eito|oso)s? "#,
                            // Verbs whose object is a person; "vê-lo" or "tê-lo" may be the product.
                            #" (ajuda|atende|chama|lembra|encontra|recebe|convida|avisa|orienta|acompanha|atualiza) lo "#]
            for p in patterns {
                if let r = folded.range(of: p, options: .regularExpression) {
                    return folded[r].trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }

        /// The first question without a word putting it to the customer and with a first-person verb, or nil.
        /// "Posso…?" asks the customer's leave and "posso ajudar" offers help: both are fine.
        func questionToSelf(_ text: String) -> String? {
            for sentence in DraftFit.sentences(text) {
                let t = sentence.trimmingCharacters(in: .whitespacesAndNewlines)
                guard t.hasSuffix("?") else { continue }
                let words = Similarity.fold(t).split(separator: " ").map(String.init)
                guard let first = words.first, first != "posso", !words.contains("ajudar"), !words.contains("ajudo"),
                      !words.contains(where: addressing.contains), words.contains(where: firstPerson.contains)
                else { continue }
                return snippet(t)
            }
            return nil
        }

        /// A word naming what one of the base-model prompt's samples is about ("reforma", "academia") or what
        /// its sample messages ask for ("documento") that this deal's data, conversation and column never
        /// mention: the draft copied a sample's situation.
        func sampleSubject(_ folded: String) -> String? {
            let words = Set(folded.split(separator: " ").map(String.init))
            for w in sampleThings where words.contains(w) && !ownWords.contains(w) && !ownWords.contains(w + "s") {
                return w
            }
            for sample in BaseModelPrompt.samples {
                // Long words only: "plano" or "solar" can belong to any deal, "financiamento" hardly by chance.
                for w in Similarity.fold(sample.deal).split(separator: " ").map(String.init)
                where w.count >= 7 && words.contains(w) && !ownWords.contains(w) {
                    return w
                }
            }
            return nil
        }

        func inventedValues(_ text: String) -> [DraftProblem] {
            var problems: [DraftProblem] = []
            let emails = matches(emailPattern, in: text)
            if let bad = emails.first(where: { !knownEmails.contains($0.lowercased()) }) { problems.append(.unknownEmail(snippet(bad))) }

            var rest = text
            for e in emails { rest = rest.replacingOccurrences(of: e, with: " ") }
            let links = matches(linkPattern, in: rest)
            if let bad = links.first(where: { !knownLinks.contains(normalizedLink($0)) }) { problems.append(.unknownLink(snippet(bad))) }
            for l in links { rest = rest.replacingOccurrences(of: l, with: " ") }

            let prices = matches(pricePattern, in: rest)
            let badPrice = prices.first { p in
                guard let c = cents(p) else { return true }
                // "R$ 1.200" for a value of R$ 1.200,50 rounds the same figure; it is not a new one.
                return !knownCents.contains(c) && !(c % 100 == 0 && knownCents.contains { $0 / 100 == c / 100 })
            }
            if let badPrice { problems.append(.unknownPrice(snippet(badPrice))) }

            if let bad = matches(percentPattern, in: rest).first(where: { !knownPercents.contains(percentValue($0)) }) {
                problems.append(.unknownPercentage(snippet(bad)))
            }

            for p in prices { rest = rest.replacingOccurrences(of: p, with: " ") }
            let badPhone = matches(phonePattern, in: rest).first { p in
                let d = digits(p)
                guard d.count >= 8 else { return false }
                // "(11) 98765-4321" is the contact's "+5511987654321" without the country code.
                return !knownPhones.contains { $0.hasSuffix(d) || d.hasSuffix($0) }
            }
            if let badPhone { problems.append(.unknownPhone(snippet(badPhone))) }

            // Whatever number is left (a year, "3 meses", "dia 10", "24h") must be one our side gave.
            // Percentages and phone numbers were judged above; a list's "1." is markdown's, not a figure.
            rest = rest.replacingOccurrences(of: #"(?m)^\s*\d{1,3}[.)]\s"#, with: " ", options: .regularExpression)
            for p in matches(percentPattern, in: rest) { rest = rest.replacingOccurrences(of: p, with: " ") }
            for p in matches(phonePattern, in: rest) where digits(p).count >= 8 { rest = rest.replacingOccurrences(of: p, with: " ") }
            let badNumber = matches(numberPattern, in: rest).first { n in numberForms(n).allSatisfy { !knownNumbers.contains($0) } }
            if let badNumber { problems.append(.inventedNumber(snippet(badNumber))) }
            return problems
        }

        /// The first claim of something that happened which our side's messages do not show, or nil.
        func unsupportedClaim(_ folded: String) -> String? {
            for family in claimFamilies {
                guard let claim = family.claims.first(where: { folded.contains(" \($0) ") }) else { continue }
                if family.sentQuote && quoteSent { continue }
                if family.support.contains(where: { oursFolded.contains(" \($0) ") }) { continue }
                return claim
            }
            return nil
        }
    }

    // MARK: - Emoji

    static func isEmoji(_ ch: Character) -> Bool {
        let scalars = ch.unicodeScalars
        if scalars.contains(where: { $0.properties.isEmojiPresentation }) { return true }
        // "❤️", "☀️": a text-default symbol made emoji by variation selector 16. Digits and "#" have the emoji
        // property too, but only show as emoji with a keycap, which also carries the selector.
        return scalars.contains { $0.value == 0xFE0F } && scalars.first?.properties.isEmoji == true
    }

    /// Emoji among the visible (non-space) characters, 0…1.
    static func emojiShare(_ text: String) -> Double {
        var visible = 0, emoji = 0
        for ch in text where !ch.isWhitespace {
            visible += 1
            if isEmoji(ch) { emoji += 1 }
        }
        return visible == 0 ? 0 : Double(emoji) / Double(visible)
    }

    // MARK: - Prompt echo

    /// What the prompt itself says, apart from the data values and the quoted conversation: the role, the
    /// rules, the column's instructions and extras, the data labels, the headings and markers, the hints.
    static func promptLines(_ context: FollowUpContext) -> (lines: [String], labels: [String]) {
        var bare = context
        bare.recentMessages = []
        let system = FollowUpPrompt.systemPart(bare)
        let user = FollowUpPrompt.userPart(bare, hints: [.unusable(.empty), .tooSimilar(to: "")],
                                           budget: .standard)
        var lines: [String] = []
        var labels = ["dados", "conversa", "regras", "instrucoes", "instrucao", "exemplo", "exemplos",
                      "mensagens", "historico", "contexto", "data", "rules", "instructions"]
        func heading(_ line: String) {
            // "Regras:", "Dados do cliente e da negociação:", "Atenção: …": the first word is a label.
            guard let colon = line.firstIndex(of: ":"), line.distance(from: line.startIndex, to: colon) <= 60,
                  let first = line[..<colon].split(separator: " ").first else { return }
            labels.append(Similarity.fold(String(first)))
        }
        // The system part is ours or the column's text: every line counts whole.
        for raw in system.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if !line.hasPrefix("- ") { heading(line) }
            lines.append(line)
        }
        // The base-model prompt: its description, labels and sample situations. The sample messages are the
        // shape a draft should take, so they are not counted; what the samples are about is (`sampleSubject`).
        // Without this deal's own data: a draft naming the deal by its title ("Sistema de gestão (21 usuários)")
        // quotes the deal, not the prompt.
        var unnamed = bare
        unnamed.deal.title = ""
        unnamed.contact.name = ""
        let base = BaseModelPrompt.build(unnamed, hints: [.tooSimilar(to: "")]).prompt
        labels.append("situacao")
        for raw in base.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("Mensagem:") { continue }
            if let colon = line.firstIndex(of: ":"), line.distance(from: line.startIndex, to: colon) <= 40 {
                labels.append(Similarity.fold(String(line[..<colon])))
            }
            lines.append(line)
        }
        for raw in user.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("- "), let colon = line.firstIndex(of: ":") {
                // "- Contato: Maria Souza": the label is the prompt's, the value is the deal's.
                labels.append(Similarity.fold(String(line[line.index(line.startIndex, offsetBy: 2)..<colon])))
                continue
            }
            heading(line)
            lines.append(line)
        }
        return (lines, labels)
    }

    // MARK: - Markdown and role labels

    static func markdown(_ text: String) -> String? {
        if text.contains("```") || text.contains("~~~") { return "```" }
        for line in text.split(whereSeparator: \.isNewline) {
            let l = String(line)
            for pattern in [#"^\s{0,3}#{1,6}\s"#, #"^\s*[-*•+]\s+\S"#, #"^\s*\d{1,3}[.)]\s+\S"#]
            where l.range(of: pattern, options: .regularExpression) != nil {
                return snippet(l)
            }
        }
        return nil
    }

    static let roles = ["assistant", "assistente", "user", "usuario", "system", "sistema", "cliente", "customer",
                        "empresa", "vendedor", "atendente", "bot", "ia", "ai", "model", "modelo"]

    static func roleLabel(_ text: String) -> String? {
        for token in ["<|im_start|>", "<|im_end|>", "<|assistant|>", "<|user|>", "<|system|>", "<start_of_turn>",
                      "<end_of_turn>", "<|eot_id|>", "<|endoftext|>", "</s>"] where text.contains(token) {
            return token
        }
        for line in text.split(whereSeparator: \.isNewline) {
            // A conversation stamp "[03/04/2026 17:59] cliente:" or a bare "Cliente:" opening a line.
            var body = Substring(line).drop { $0 == " " || $0 == "*" }
            if let stamp = body.range(of: #"^\[\d{2}/\d{2}/\d{4} \d{2}:\d{2}\]\s*"#, options: .regularExpression) {
                return snippet(String(body[stamp]))
            }
            body = body.drop { $0 == " " }
            guard let colon = body.firstIndex(of: ":"), body.distance(from: body.startIndex, to: colon) <= 30 else { continue }
            let head = Similarity.fold(String(body[..<colon]))
            let first = head.split(separator: " ").first.map(String.init) ?? ""
            if roles.contains(head) || (roles.contains(first) && head.contains("follow up")) {
                return String(body[...colon])
            }
        }
        return nil
    }

    static func snippet(_ s: String) -> String {
        let one = s.trimmingCharacters(in: .whitespaces)
        return one.count > 40 ? String(one.prefix(40)) + "…" : one
    }

    // MARK: - Values the draft states

    /// Every match of `pattern` in `text`.
    static func matches(_ pattern: String, in text: String) -> [String] {
        var found: [String] = []
        var start = text.startIndex
        while start < text.endIndex,
              let r = text.range(of: pattern, options: .regularExpression, range: start..<text.endIndex) {
            if r.isEmpty { start = text.index(after: r.lowerBound); continue }
            found.append(String(text[r]))
            start = r.upperBound
        }
        return found
    }

    static let emailPattern = #"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+"#
    static let linkPattern = #"(?i)(https?://|www\.)[^\s<>"]+|\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(com|net|org|br|io|app|me|ly|gl|co|info|site|online|store|shop|link|xyz)\b(/[^\s<>"]*)?"#
    static let pricePattern = #"(?i)R\$\s*\d[\d.]*(,\d{1,2})?|\b\d{1,3}(\.\d{3})+(,\d{1,2})?\b|\b\d+,\d{2}\b|\b\d[\d.]*(,\d{1,2})?\s*reais\b"#
    static let percentPattern = #"(?i)\d+([.,]\d+)?\s*(%|por\s*cento\b)"#
    static let phonePattern = #"\+?\(?\d[\d ().-]{6,}\d"#
    /// A figure in digits; "1º" and "2ª" are ordinals (which one, not how many) and are left out.
    static let numberPattern = #"(?<![\d.,])\d+([.,]\d+)*(?![ºª°\d])"#

    /// The ways one figure is compared: "4.800,00" and "4800" are the same number, "04" is "4".
    static func numberForms(_ token: String) -> [String] {
        var t = token
        // A point before three digits groups thousands ("18.500"); any other point or comma starts decimals.
        if t.range(of: #"^\d{1,3}(\.\d{3})+(,\d+)?$"#, options: .regularExpression) != nil {
            t = t.replacingOccurrences(of: ".", with: "")
        }
        let parts = t.split(whereSeparator: { $0 == "," || $0 == "." }).map(String.init)
        guard let whole = parts.first else { return [] }
        let integer = String(whole.drop { $0 == "0" })
        let head = integer.isEmpty ? "0" : integer
        guard parts.count == 2, let fraction = parts.last, fraction.contains(where: { $0 != "0" }) else { return [head] }
        return [head + "," + fraction]
    }

    /// Things said to have happened, each with what in our side's messages shows it did. Folded words.
    struct ClaimFamily: Sendable {
        var claims: [String]
        var support: [String]
        /// A price or a link our side wrote shows it too (we did send a quote).
        var sentQuote = false
    }

    static let claimFamilies: [ClaimFamily] = [
        // We talked to someone.
        ClaimFamily(claims: ["falei com", "conversei", "conversamos", "consegui conversar", "consegui falar", "como eu falei",
                             "como falei", "ja falei", "falamos", "como eu disse", "como disse", "te disse"],
                    support: ["falei", "conversei", "conversamos", "falamos", "disse"]),
        // We agreed or promised something.
        ClaimFamily(claims: ["combinamos", "como combinado", "conforme combinado", "o combinado", "ficou combinado",
                             "como prometido", "conforme prometido", "prometi", "ficamos de"],
                    support: ["combinado", "combinamos", "combinou", "prometo", "prometi", "anotei", "falo com voce",
                              "volto a falar"]),
        // Something is ready or in stock.
        ClaimFamily(claims: ["esta disponivel", "estao disponiveis", "esta pronto", "esta pronta", "estao prontos",
                             "estao prontas", "ficou pronto", "ficou pronta", "esta esgotado", "esta quase esgotado"],
                    support: ["disponivel", "disponiveis", "pronto", "pronta", "prontos", "prontas", "esgotado", "esgotando"]),
        // We sent something.
        ClaimFamily(claims: ["enviei", "mandei", "encaminhei", "acabei de enviar", "acabei de mandar"],
                    support: ["enviei", "mandei", "encaminhei", "segue", "seguem", "anexo"], sentQuote: true),
        // We checked something.
        ClaimFamily(claims: ["consegui ver", "cheguei a ver", "verifiquei", "conferi", "analisei", "vi aqui"],
                    support: ["verifiquei", "conferi", "analisei", "vi"]),
        // Something reached us from the customer.
        ClaimFamily(claims: ["recebi", "recebemos", "voce enviou", "voce mandou", "voce me enviou", "voce me mandou",
                             "me enviou", "me mandou"],
                    support: ["recebi", "recebemos", "recebido", "recebidos", "recebida", "recebidas"]),
        // The customer asked us for something: our side took it on, or the column says a return was agreed (the
        // base-model sample "Você pediu para eu voltar a falar…" copied where nobody asked).
        ClaimFamily(claims: ["voce pediu", "voce me pediu", "como voce pediu", "como pediu", "conforme pediu"],
                    support: ["combinado", "combinamos", "combinou", "pediu", "falo com voce", "volto a falar", "anotei"]),
    ]

    /// The customer named as someone else, as the instructions name them.
    static let thirdPersons = ["o cliente", "a cliente", "do cliente", "da cliente", "ao cliente", "pelo cliente",
                               "pela cliente", "no cliente", "um cliente", "novo cliente", "o comprador", "a compradora",
                               "do comprador"]

    /// Offers to make or send a quote, folded.
    static let quoteOffers = ["fazer um orcamento", "fazer o orcamento", "fazer seu orcamento", "mandar um orcamento",
                              "enviar um orcamento", "passar um orcamento", "solicite o seu orcamento", "solicite um orcamento"]

    /// What the base-model prompt's sample messages ask for or list, in the singular (folded); the first four
    /// came from its earlier samples and still show a draft borrowing a situation that is not this deal's.
    static let sampleThings = ["documento", "comprovante", "coletivas", "avaliacao", "vacinacao"]

    /// First names ending in "a" that are men's.
    static let masculineInA: Set<String> = ["luca", "joshua", "nicola", "jona", "andrea", "garcia", "costa", "moura"]

    /// Words that show a question is put to the customer: "você", "te", "quer…?", "conseguiu…?".
    static let addressing: Set<String> = [
        "voce", "voces", "vc", "te", "ti", "lhe", "contigo", "seu", "sua", "seus", "suas", "senhor", "senhora",
        "quer", "prefere", "pode", "consegue", "conseguiu", "gostaria", "topa", "ficou", "tem", "achou", "acha",
        "precisa", "deseja", "podemos", "vamos",
    ]
    /// First-person verbs that, in a question to nobody else, ask what only we would know.
    static let firstPerson: Set<String> = [
        "estou", "sou", "pago", "posso", "conseguimos", "estamos", "somos", "tenho", "temos", "fiz", "fizemos",
        "faco", "fazemos", "devo", "devemos", "preciso", "traduzimos", "vou", "eu", "pagamos",
    ]

    /// The text our side vouches for: the deal's data, our messages, the column's instructions and extras.
    static func vouched(_ context: FollowUpContext) -> [String] {
        var texts = [context.deal.title, context.contact.name, context.contact.phone]
        if let e = context.contact.email { texts.append(e) }
        if let c = context.contact.company { texts.append(c) }
        texts.append(context.config.instructions)
        texts.append(context.config.extraInfo)
        texts += context.recentMessages.filter { $0.author.isOurs }.map(\.text)
        return texts
    }

    static func normalizedLink(_ s: String) -> String {
        var l = s.lowercased()
        for p in ["https://", "http://"] where l.hasPrefix(p) { l.removeFirst(p.count) }
        if l.hasPrefix("www.") { l.removeFirst(4) }
        while let last = l.last, ".,;:!?)/".contains(last) { l.removeLast() }
        return l
    }

    /// A price as centavos; nil when it cannot be read (then it is never vouched for).
    static func cents(_ s: String) -> Int64? {
        var t = s.replacingOccurrences(of: "reais", with: "", options: .caseInsensitive)
        t = t.trimmingCharacters(in: .whitespaces)
        while let last = t.last, last == "." { t.removeLast() }
        return Money.parse(t)
    }

    static func percentValue(_ s: String) -> String {
        let digits = s.prefix { $0.isNumber || $0 == "," || $0 == "." }.replacingOccurrences(of: ",", with: ".")
        let trimmed = digits.drop { $0 == "0" }
        return trimmed.isEmpty || trimmed.first == "." ? "0" + trimmed : String(trimmed)
    }

    static func digits(_ s: String) -> String { s.filter { $0.isASCII && $0.isNumber } }

    // MARK: - Language

    /// Common Portuguese words that are not also common English ones.
    static let portugueseWords: Set<String> = [
        "de", "o", "que", "e", "da", "em", "um", "uma", "para", "com", "nao", "os", "na", "por",
        "mais", "dos", "das", "como", "mas", "ao", "ele", "ela", "tem", "seu", "sua", "ou", "ser", "quando",
        "muito", "ha", "nos", "ja", "esta", "estou", "eu", "tambem", "pelo", "pela", "ate", "isso", "sem",
        "voce", "voces", "essa", "esse", "este", "nem", "meu", "minha", "qual", "se", "lhe", "te", "nosso",
        "nossa", "oi", "ola", "tudo", "bem", "obrigado", "obrigada", "ficou", "alguma", "algum", "duvida",
        "posso", "ajudar", "conseguiu", "disposicao", "proposta", "orcamento", "bom", "boa", "dia", "tarde",
        "noite", "aqui", "ainda", "quer", "gostaria", "ficamos", "fico", "retorno", "sobre", "seria", "vamos",
        "pode", "podemos", "hoje", "semana", "conversa", "tiver", "precisar", "avaliar", "analisar", "passando",
        "lembrar", "aguardo", "abraco", "certo", "agora", "entao", "ver", "valor", "desconto", "nossos", "suas",
    ]
    static let englishWords: Set<String> = [
        "the", "and", "you", "your", "to", "of", "is", "it", "for", "on", "with", "this", "that", "are", "have",
        "be", "we", "i", "my", "hi", "hello", "if", "any", "can", "please", "let", "know", "would", "will",
        "just", "was", "our", "did", "chance", "look", "at", "there", "hope", "thanks", "thank", "what", "how",
        "still", "questions", "question", "offer", "about", "from", "get", "by", "dear", "best", "regards",
    ]

    /// True when Portuguese words outnumber English ones and make up a fair share of the words. A few words
    /// ("Oi, Ana!") are too few to judge and pass.
    public static func readsAsPortuguese(_ text: String) -> Bool {
        let words = Similarity.fold(text).split(separator: " ").map(String.init).filter { $0.first?.isLetter == true }
        guard words.count >= 4 else { return true }
        let pt = words.filter { portugueseWords.contains($0) }.count
        let en = words.filter { englishWords.contains($0) }.count
        return pt > en && Double(pt) / Double(words.count) >= 0.1
    }

    /// The contact is taken to speak Portuguese unless what they wrote reads as English (enough words to judge).
    public static func expectsPortuguese(_ context: FollowUpContext) -> Bool {
        let theirs = context.recentMessages.filter { $0.author == .customer }.map(\.text).joined(separator: "\n")
        let words = Similarity.fold(theirs).split(separator: " ")
        guard words.count >= 6 else { return true }
        return readsAsPortuguese(theirs)
    }
}
