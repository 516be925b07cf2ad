import Foundation
import RetomaCore

/// One generated demo deal, ready to insert.
struct DemoDeal {
    struct Line {
        var author: MessageAuthor
        var text: String
        var at: Int64
        var origin: MessageOrigin = .retoma
    }

    /// Index into `DemoCatalog.columnNames`.
    var column: Int
    var title: String
    var contactName: String
    var phone: String
    var email: String?
    var company: String?
    var valueCents: Int64?
    var ticketClosed: Bool
    var createdAt: Int64
    /// Oldest first, strictly alternating between us and the customer.
    var messages: [Line]
    /// Messages from this index on are recorded one by one through the store's own message path, so what
    /// they mean is applied as for a real message (an opt-out marks the contact; a phone message is ours).
    /// The rest go in as one batch. `messages.count` when there are none.
    var recordedFrom: Int
}

/// A realistic situation a few demo deals show; the default board (24 deals) has each at least once.
enum DemoSituation {
    /// The customer asked for time ("me dá uns dias que eu te falo"); we said we would wait, so our side
    /// speaks last.
    case askedForTime
    /// Our quote is the last message: sent, unanswered.
    case quoteUnanswered
    /// A finished sale with its ticket closed, in the column whose follow-up sends after closing: it is
    /// eligible for an after-sale follow-up once that column is switched on.
    case closedWithFollowUp
    /// The customer asked us to stop: the contact is opted out through the store's opt-out rules.
    case optOut
    /// Our seller answered from the business's phone (origin phone), and the customer replied to it.
    case answeredThePhone

    /// The situation of the deal produced at `index`, if any: at these places of every 500 deals, whose
    /// columns (`DemoGenerator.columnPattern`, 20 long) suit them.
    static func at(_ index: Int) -> DemoSituation? {
        switch index % 500 {
        case 2: .quoteUnanswered
        case 5: .closedWithFollowUp
        case 7: .answeredThePhone
        case 8: .askedForTime
        case 10: .optOut
        default: nil
        }
    }
}

/// Produces realistic, deterministic demo deals: same seed and `now`, same board.
struct DemoGenerator {
    private var rng: SeededRandom
    private var usedPhones: Set<String>
    private let now: Int64
    private var produced = 0

    /// Spreads deals over the four columns roughly 30/30/25/15, interleaved so small boards fill every column.
    static let columnPattern = [0, 1, 2, 0, 1, 3, 0, 1, 2, 0, 1, 2, 3, 0, 1, 2, 0, 1, 3, 2]
    /// Chance that the last message is ours, by column ("Aguardando resposta" mostly waits on the customer).
    private static let lastByUsChance = [0.6, 0.5, 0.85, 0.5]
    /// How long ago the last message was, by column (seconds).
    private static let lastMessageAge: [ClosedRange<Double>] = [
        600...(5 * 86_400), 300...(3 * 86_400), 3_600...(21 * 86_400), 86_400...(30 * 86_400),
    ]
    private static let closedChance = [0.05, 0.05, 0.1, 0.8]
    /// The longest conversation.
    private static let maxMessages = 60

    init(seed: UInt64, now: Date, usedPhones: Set<String>) {
        rng = SeededRandom(seed: seed)
        self.now = UnixTime.seconds(now)
        self.usedPhones = usedPhones
    }

    mutating func next() -> DemoDeal {
        let column = Self.columnPattern[produced % Self.columnPattern.count]
        let situation = DemoSituation.at(produced)
        produced += 1
        let firstIndex = rng.int(in: 0...(DemoCatalog.firstNames.count - 1))
        let first = DemoCatalog.firstNames[firstIndex]
        let surname = rng.pick(DemoCatalog.surnames)
        let topic = rng.pick(DemoTopics.all)
        let business = topic.consumer ? nil : rng.pick(DemoCatalog.businesses)
        let quantity = topic.quantity.map { rng.int(in: $0) }
        // The phone's offer and the unanswered quote name a value.
        let needsValue = situation == .answeredThePhone || situation == .quoteUnanswered
        let valueCents = rng.chance(0.08) && !needsValue ? nil : price(topic, quantity: quantity)
        let client = business ?? (rng.chance(0.5) ? "\(first) \(surname)" : "família \(surname)")
        let thanks = firstIndex < DemoCatalog.femaleFirstNames ? "obrigada" : "obrigado"
        var values: [String: String] = [
            "nome": first, "agente": agent(notNamed: first),
            "valor": valueCents.map { Money.format(cents: $0) } ?? "",
            "dia": rng.pick(DemoConversations.weekdays), "n": quantity.map(String.init) ?? "",
            "empresa": business ?? "", "cliente": client, "obrigado": thanks, "Obrigado": thanks.capitalized,
        ]
        for choice in topic.choices { values[choice.key] = rng.pick(choice.values) }
        values["produto"] = fill(topic.subject, values)
        let title = fill(topic.title, values)

        let lastByUs: Bool
        switch situation {
        case .askedForTime?, .quoteUnanswered?, .closedWithFollowUp?, .optOut?: lastByUs = true
        case .answeredThePhone?: lastByUs = false
        case nil: lastByUs = rng.chance(Self.lastByUsChance[column])
        }
        // Prospecting talks are short; later stages run up to 60 messages.
        let target = 3 + Int(Double(column == 0 ? 13 : 57) * pow(rng.unit(), 2.5))
        let chat = conversation(topic, column: column, situation: situation, lastByUs: lastByUs,
                                hasValue: valueCents != nil, target: target)
        let times = timestamps(count: chat.lines.count, column: column)
        var messages: [DemoDeal.Line] = []
        messages.reserveCapacity(chat.lines.count)
        for (i, line) in chat.lines.enumerated() {
            // "Bom dia", "Boa tarde" or "Boa noite" as the clock in Brasília says when the line was written.
            if line.text.utf8.contains(UInt8(ascii: "{")) { values["saudacao"] = Self.greeting(at: times[i]) }
            messages.append(DemoDeal.Line(author: line.author, text: fill(line.text, values), at: times[i],
                                          origin: i == chat.phoneLine ? .phone : .retoma))
        }
        return DemoDeal(
            column: column, title: title, contactName: "\(first) \(surname)", phone: newPhone(),
            email: rng.chance(0.6) ? email(first: first, surname: surname, business: business) : nil,
            company: business, valueCents: valueCents,
            ticketClosed: situation == .closedWithFollowUp || rng.chance(Self.closedChance[column]),
            createdAt: times[0] - Int64(rng.int(in: 60...7_200)), messages: messages,
            recordedFrom: chat.recordedFrom ?? messages.count)
    }

    /// The side whose turn it is leads first, then the other: we ask our questions in a row, the customer
    /// asks theirs, and only one short acknowledgement passes the turn between them.
    private static func turnOrder(_ exchanges: ArraySlice<DemoExchange>, _ chat: Chat) -> [DemoExchange] {
        let next: MessageAuthor = chat.lines.last?.author == .agent ? .customer : .agent
        return exchanges.filter { $0.lead == next } + exchanges.filter { $0.lead != next }
    }

    /// Our seller, never with the customer's own first name ("Oi, Rafael! Sou Rafael" reads oddly).
    private mutating func agent(notNamed first: String) -> String {
        let agents = DemoCatalog.agents
        let index = rng.int(in: 0...(agents.count - 1))
        return agents[index] == first ? agents[(index + 1) % agents.count] : agents[index]
    }

    /// The greeting for a time, in Brasília (UTC−3 all year).
    static func greeting(at time: Int64) -> String {
        let hour = ((time - 3 * 3_600) % 86_400 + 86_400) % 86_400 / 3_600
        return hour < 12 ? "Bom dia" : hour < 18 ? "Boa tarde" : "Boa noite"
    }

    /// A conversation being written: strictly alternating, a short acknowledgement passing the turn when
    /// the same side would speak twice.
    private struct Chat {
        var lines: [(author: MessageAuthor, text: String)] = []
        var recordedFrom: Int?
        var phoneLine: Int?
        var acks: (agent: Int, customer: Int)

        mutating func say(_ author: MessageAuthor, _ text: String) {
            if lines.last?.author == author {
                let other: MessageAuthor = author == .agent ? .customer : .agent
                if other == .agent {
                    lines.append((other, DemoConversations.agentAcknowledgements[acks.agent % DemoConversations.agentAcknowledgements.count]))
                    acks.agent += 1
                } else {
                    lines.append((other, DemoConversations.customerAcknowledgements[acks.customer % DemoConversations.customerAcknowledgements.count]))
                    acks.customer += 1
                }
            }
            lines.append((author, text))
        }

        mutating func say(_ exchange: DemoExchange) {
            say(exchange.lead, exchange.line)
            say(exchange.lead == .agent ? .customer : .agent, exchange.answer)
        }
    }

    /// The deal's conversation, in the order a sale goes: greeting; what we ask and what the customer
    /// asks; from "Em andamento" on, the quote, objections and follow-ups; in "Concluído", the decision,
    /// the paperwork and the work; then the column's last line, or the deal's situation. Every line comes
    /// from `topic` or the shared lines; none repeats. `target` is the length aimed at (up to 60).
    private mutating func conversation(_ topic: DemoTopic, column: Int, situation: DemoSituation?, lastByUs: Bool,
                                       hasValue: Bool, target: Int) -> Chat {
        typealias Lines = DemoConversations
        var chat = Chat(acks: (rng.int(in: 0...4), rng.int(in: 0...4)))
        if rng.chance(0.45) {
            chat.say(.agent, rng.pick(topic.agentOpenings))
            chat.say(.customer, rng.pick(Lines.greetingAnswers))
        } else {
            chat.say(.customer, rng.pick(topic.customerOpenings))
            chat.say(.agent, rng.pick(Lines.greetingReplies))
        }
        let quoted = column > 0
        let closing = column == 3 && situation == nil || situation == .closedWithFollowUp
        // Lines still to come after each part, so the whole stays within `maxMessages`.
        let reserve = 4 + (quoted ? 3 : 0) + (closing ? 9 : 0)
        // Room for the optional exchanges, shared between before and after the quote (and the closing).
        let room = max(0, target - chat.lines.count - reserve + 3)
        let beforeShare = quoted ? (closing ? 0.45 : 0.6) : 1.0
        let before = rng.shuffled(topic.discovery + topic.questions + Lines.beforeQuote)
        let beforeCount = min(before.count, Int((Double(room) * beforeShare / 2).rounded()))
        for exchange in Self.turnOrder(before.prefix(beforeCount), chat) where chat.lines.count + 3 + reserve <= Self.maxMessages {
            chat.say(exchange)
        }
        guard quoted else {
            chat.say(lastByUs ? .agent : .customer, rng.pick(Lines.ending(column: 0, byAgent: lastByUs)))
            return chat
        }

        let quote = hasValue ? rng.pick(topic.quotes) : Lines.quoteWithoutValue
        switch situation {
        case .quoteUnanswered?:
            chat.say(.agent, quote.line)
            return chat
        case .askedForTime?:
            chat.say(.agent, quote.line)
            chat.say(.customer, rng.pick(Lines.askForTime))
            chat.say(.agent, rng.pick(Lines.waitForThem))
            return chat
        default:
            chat.say(quote)
        }
        let after = rng.shuffled(topic.objections + Lines.afterQuote)
        let afterCount = min(after.count, max(0, (room - 2 * beforeCount) / (closing ? 3 : 2)))
        let reserveAfter = 4 + (closing ? 9 : 0)
        for exchange in Self.turnOrder(after.prefix(afterCount), chat) where chat.lines.count + 3 + reserveAfter <= Self.maxMessages {
            chat.say(exchange)
        }
        switch situation {
        case .optOut?:
            chat.say(.customer, rng.pick(Lines.optOut))
            chat.recordedFrom = chat.lines.count - 1
            chat.say(.agent, rng.pick(Lines.optOutConfirmed))
            return chat
        case .answeredThePhone?:
            chat.say(.agent, rng.pick(Lines.fromThePhone))
            chat.phoneLine = chat.lines.count - 1
            chat.recordedFrom = chat.phoneLine
            chat.say(.customer, rng.pick(Lines.answerToThePhone))
            return chat
        default:
            break
        }
        guard closing else {
            let end = min(column, 2)
            chat.say(lastByUs ? .agent : .customer, rng.pick(Lines.ending(column: end, byAgent: lastByUs)))
            return chat
        }
        // The decision, the paperwork (when the talk was long enough for it), then the work.
        chat.say(topic.closings[0])
        let paperwork = min(Lines.paperwork.count, max(0, (room - 2 * beforeCount - 2 * afterCount) / 2))
        for exchange in Lines.paperwork.prefix(paperwork) where chat.lines.count + 3 + 6 <= Self.maxMessages {
            chat.say(exchange)
        }
        for exchange in topic.closings.dropFirst() { chat.say(exchange) }
        chat.say(lastByUs ? .agent : .customer, rng.pick(lastByUs ? topic.deliveredOurs : topic.deliveredTheirs))
        return chat
    }

    /// Message times, oldest first, ending a column-dependent while before `now`. Replies come
    /// minutes apart, sometimes hours, now and then days.
    private mutating func timestamps(count: Int, column: Int) -> [Int64] {
        let range = Self.lastMessageAge[column]
        // Log-uniform: as many "minutes ago" as "weeks ago" orders of magnitude.
        let age = exp(log(range.lowerBound) + rng.unit() * (log(range.upperBound) - log(range.lowerBound)))
        var times = [awake(now - Int64(age))]
        for _ in 1..<count {
            let roll = rng.unit()
            let gap = roll < 0.7 ? rng.int(in: 40...2_400) : roll < 0.92 ? rng.int(in: 3_600...28_800)
                                                                          : rng.int(in: 86_400...345_600)
            times.append(awake(times[times.count - 1] - Int64(gap)))
        }
        return times.reversed()
    }

    /// Moves a time that falls between 22h and 7h in Brasília (UTC−3 all year) back to the evening
    /// before, so nobody chats at 3 a.m. Only ever moves into the past, keeping the order.
    private func awake(_ time: Int64) -> Int64 {
        let local = time - 3 * 3_600
        let hour = ((local % 86_400) + 86_400) % 86_400 / 3_600
        if hour >= 22 { return time - (hour - 21) * 3_600 }
        if hour < 7 { return time - (hour + 3) * 3_600 }
        return time
    }

    private mutating func price(_ topic: DemoTopic, quantity: Int?) -> Int64 {
        let reais = rng.int(in: topic.reais)
        if let quantity { return Int64(quantity * reais) * 100 }
        // Round to tens; some prices end in ",90" like a price tag.
        let rounded = Int64(max(10, reais / 10 * 10)) * 100
        return rng.chance(0.3) ? rounded - 10 : rounded
    }

    /// A mobile number: +55, a real DDD, then 9 and eight digits starting 6–9.
    private mutating func newPhone() -> String {
        while true {
            let ddd = rng.pick(DemoCatalog.areaCodes)
            let rest = rng.int(in: 60_000_000...99_999_999)
            let phone = "+55\(ddd)9\(rest)"
            if usedPhones.insert(phone).inserted { return phone }
        }
    }

    private mutating func email(first: String, surname: String, business: String?) -> String {
        func slug(_ s: String) -> String {
            s.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
                .filter { $0.isLetter || $0.isNumber }
        }
        let domain = business.map { slug($0) + ".com.br" } ?? rng.pick(["gmail.com", "hotmail.com", "outlook.com", "uol.com.br"])
        return "\(slug(first)).\(slug(surname))@\(domain)"
    }

    /// Replaces "{key}" placeholders; lines without braces are returned as they are.
    /// One pass over the text (a million deals fill some fifteen million lines); unknown keys stay as they are.
    private func fill(_ template: String, _ values: [String: String]) -> String {
        guard template.utf8.contains(UInt8(ascii: "{")) else { return template }
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let value = values[String(rest[afterOpen..<close])] {
                result += value
                rest = rest[rest.index(after: close)...]
            } else {
                result.append("{")
                rest = rest[afterOpen...]
            }
        }
        result += rest
        return result
    }
}
