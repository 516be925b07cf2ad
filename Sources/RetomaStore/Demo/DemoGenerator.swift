import Foundation
import RetomaCore

/// One generated demo deal, ready to insert.
struct DemoDeal {
    struct Line {
        var author: MessageAuthor
        var text: String
        var at: Int64
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
}

/// Produces realistic, deterministic demo deals: same seed and `now`, same board.
struct DemoGenerator {
    private var rng: SeededRandom
    private var usedPhones: Set<String>
    private let now: Int64
    private var produced = 0

    /// Spreads deals over the four columns roughly 30/30/25/15, interleaved so small boards fill every column.
    private static let columnPattern = [0, 1, 2, 0, 1, 3, 0, 1, 2, 0, 1, 2, 3, 0, 1, 2, 0, 1, 3, 2]
    /// Chance that the last message is ours, by column ("Aguardando resposta" mostly waits on the customer).
    private static let lastByUsChance = [0.6, 0.5, 0.85, 0.5]
    /// How long ago the last message was, by column (seconds).
    private static let lastMessageAge: [ClosedRange<Double>] = [
        600...(5 * 86_400), 300...(3 * 86_400), 3_600...(21 * 86_400), 86_400...(30 * 86_400),
    ]
    private static let closedChance = [0.05, 0.05, 0.1, 0.8]

    init(seed: UInt64, now: Date, usedPhones: Set<String>) {
        rng = SeededRandom(seed: seed)
        self.now = UnixTime.seconds(now)
        self.usedPhones = usedPhones
    }

    mutating func next() -> DemoDeal {
        let column = Self.columnPattern[produced % Self.columnPattern.count]
        produced += 1
        let first = rng.pick(DemoCatalog.firstNames)
        let surname = rng.pick(DemoCatalog.surnames)
        let product = rng.pick(DemoCatalog.products)
        let business = product.consumer ? nil : rng.pick(DemoCatalog.businesses)
        let quantity = product.quantity.map { rng.int(in: $0) }
        let valueCents = rng.chance(0.08) ? nil : price(product, quantity: quantity)
        let client = business ?? (rng.chance(0.5) ? "\(first) \(surname)" : "família \(surname)")
        let title = fill(product.title, ["n": quantity.map(String.init) ?? "", "cliente": client])

        let lastByUs = rng.chance(Self.lastByUsChance[column])
        // Prospecting talks are short; later stages run up to 60 messages.
        let count = 3 + Int(Double(column == 0 ? 13 : 57) * pow(rng.unit(), 2.5))
        let values: [String: String] = [
            "nome": first, "agente": rng.pick(DemoCatalog.agents), "produto": product.subject,
            "valor": valueCents.map { Money.format(cents: $0) } ?? "o valor que combinamos",
            "dia": rng.pick(DemoConversations.weekdays),
        ]
        let texts = conversation(count: count, column: column, lastByUs: lastByUs,
                                 hasValue: valueCents != nil).map { fill($0, values) }
        let times = timestamps(count: count, column: column)
        let startsWithUs = (count % 2 == 1) == lastByUs
        let messages = texts.indices.map { i in
            DemoDeal.Line(author: (i % 2 == 0) == startsWithUs ? .agent : .customer, text: texts[i], at: times[i])
        }
        return DemoDeal(
            column: column, title: title, contactName: "\(first) \(surname)", phone: newPhone(),
            email: rng.chance(0.6) ? email(first: first, surname: surname, business: business) : nil,
            company: business, valueCents: valueCents, ticketClosed: rng.chance(Self.closedChance[column]),
            createdAt: times[0] - Int64(rng.int(in: 60...7_200)), messages: messages)
    }

    /// Texts in order; the first speaker follows from the count and who speaks last. Exchanges move
    /// from first contact towards closing, as far as the deal's column has got.
    private mutating func conversation(count: Int, column: Int, lastByUs: Bool, hasValue: Bool) -> [String] {
        typealias Lines = DemoConversations
        let startsWithUs = (count % 2 == 1) == lastByUs
        let reach = Lines.stageReached[column]
        let usable = { (all: [Lines.Exchange]) in all.filter { $0.stage <= reach && (hasValue || !$0.mentionsValue) } }
        let ourExchanges = usable(Lines.agentLed), theirExchanges = usable(Lines.customerLed)
        var ourQueue: [Lines.Exchange] = [], theirQueue: [Lines.Exchange] = []
        var texts = [rng.pick(startsWithUs ? Lines.agentOpenings : Lines.customerOpenings)]
        var pendingAnswer: String?
        var acknowledged = false
        for i in 1..<(count - 1) {
            if let answer = pendingAnswer {
                texts.append(answer)
                pendingAnswer = nil
                continue
            }
            let ours = (i % 2 == 0) == startsWithUs
            // Now and then a speaker just acknowledges, and the other side takes the lead.
            if i >= 3 && !acknowledged && rng.chance(0.35) {
                texts.append(rng.pick(ours ? Lines.agentAcknowledgements : Lines.customerAcknowledgements))
                acknowledged = true
                continue
            }
            acknowledged = false
            let exchange: Lines.Exchange
            if ours {
                if ourQueue.isEmpty { ourQueue = progression(ourExchanges, reach: reach) }
                exchange = ourQueue.removeFirst()
            } else {
                if theirQueue.isEmpty { theirQueue = progression(theirExchanges, reach: reach) }
                exchange = theirQueue.removeFirst()
            }
            texts.append(exchange.line)
            pendingAnswer = exchange.answer
        }
        texts.append(rng.pick(Lines.closing(column: column, byAgent: lastByUs)))
        return texts
    }

    /// Earlier stages first, shuffled within each stage.
    private mutating func progression(_ exchanges: [DemoConversations.Exchange], reach: Int) -> [DemoConversations.Exchange] {
        (0...reach).flatMap { stage in rng.shuffled(exchanges.filter { $0.stage == stage }) }
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

    private mutating func price(_ product: DemoCatalog.Product, quantity: Int?) -> Int64 {
        let reais = rng.int(in: product.reais)
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
