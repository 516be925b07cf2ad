import Foundation
import GRDB
@testable import RetomaStore
import RetomaCore
import Testing
import StoreTestBackend

/// The demo's conversations read like real sales: one topic each, and the situations a newcomer should see.
@Suite("Demo conversations")
struct DemoConversationTests {
    /// A whole-line pattern for templates: their text literally, any placeholder standing for some text.
    static func pattern(_ templates: [String]) throws -> NSRegularExpression {
        let alternatives = templates.map { template in
            template.components(separatedBy: "{").enumerated().map { i, piece -> String in
                guard i > 0, let close = piece.firstIndex(of: "}") else { return NSRegularExpression.escapedPattern(for: piece) }
                return ".+" + NSRegularExpression.escapedPattern(for: String(piece[piece.index(after: close)...]))
            }.joined()
        }
        return try NSRegularExpression(pattern: "^(?:" + alternatives.joined(separator: "|") + ")$")
    }

    static func matches(_ regex: NSRegularExpression, _ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    struct Seeded {
        let store: Store
        let details: [DealDetail]
        /// Each deal's topic, by index into `DemoTopics.all`.
        let topics: [Int]
    }

    static func seeded(_ scratch: Scratch, deals: Int) throws -> Seeded {
        let store = try scratch.store()
        #expect(try store.seedDemo(deals: deals, now: Fixture.now))
        let board = try store.loadBoard(id: try #require(try store.firstBoardID()))
        let details = try board.columns.flatMap(\.cards).map { try store.dealDetail(id: $0.id) }.sorted { $0.deal.id < $1.deal.id }
        let titles = try DemoTopics.all.map { try pattern([$0.title]) }
        let topics = try details.map { detail in
            let matching = titles.indices.filter { matches(titles[$0], detail.deal.title) }
            try #require(matching.count == 1, "one topic for \(detail.deal.title): \(matching)")
            return matching[0]
        }
        return Seeded(store: store, details: details, topics: topics)
    }

    @Test func everyLineComesFromItsDealsTopic() throws {
        let scratch = try Scratch()
        let demo = try Self.seeded(scratch, deals: 300)
        let scripts = try DemoTopics.all.map { try Self.pattern($0.templates + DemoConversations.templates) }
        #expect(Set(demo.topics).count == DemoTopics.all.count, "300 deals cover every topic")
        for (detail, topic) in zip(demo.details, demo.topics) {
            for message in detail.messages {
                #expect(Self.matches(scripts[topic], message.text),
                        "“\(message.text)” is not in the script of \(detail.deal.title)")
                // A greeting fits the hour in Brasília (UTC−3) when it was written.
                let hour = (Int(message.at.timeIntervalSince1970) - 3 * 3_600) % 86_400 / 3_600
                for (greeting, hours) in [("Bom dia", 0..<12), ("Boa tarde", 12..<18), ("Boa noite", 18..<24)]
                where message.text.hasPrefix(greeting) {
                    #expect(hours.contains(hour), "“\(message.text)” at \(hour)h")
                }
            }
        }
    }

    /// Words that belong to one topic only; a line of another topic's deal must not use them.
    static let topicWords: [(title: String, words: [String])] = [
        ("Pacote ", ["viagem", "hotel", "passagem", "passagens", "voo", "transfer", "aereo", "vouchers"]),
        ("Manutenção de ", ["ar-condicionado", "btus", "split", "pmoc", "aparelho", "filtros"]),
        ("Móveis planejados", ["mdf", "marcenaria", "montagem", "3d", "ferragens", "projetista"]),
        ("Energia solar", ["placa", "solar", "telhado", "inversor", "conta de luz"]),
        ("Fotografia de casamento", ["casamento", "noivado", "album", "pre-wedding", "fotografas"]),
        ("Buffet", ["buffet", "garcom", "garcons", "cardapio", "degustacao", "vegetarianas"]),
        ("Uniformes", ["uniforme", "polo", "bordado", "piloto", "silk", "pecas"]),
        ("Câmeras de segurança", ["camera", "gravador", "infravermelho", "gravacao"]),
        ("Site institucional", ["dominio", "hospedagem", "seo", "responsivos", "pagina inicial"]),
        ("Sistema de gestão", ["estoque", "usuarios", "implantacao", "demonstracao"]),
        ("Curso de inglês", ["ingles", "matricula", "aula experimental", "professor", "turma"]),
        ("Reforma da cozinha", ["reforma", "obra", "entulho", "porcelanato", "revestimento", "pedreiro"]),
    ]

    /// Whether `text` uses `word` (a whole word, or its plural), or the phrase, ignoring case and accents.
    static func uses(_ text: String, _ word: String) -> Bool {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        let words = folded.split { !($0.isLetter || $0.isNumber || $0 == "-") }.map(String.init)
        if word.contains(" ") { return words.joined(separator: " ").contains(word) }
        return words.contains { $0 == word || $0 == word + "s" }
    }

    @Test func noLineMixesTwoTopics() throws {
        #expect(Self.topicWords.count == DemoTopics.all.count)
        let scratch = try Scratch()
        let demo = try Self.seeded(scratch, deals: 300)
        for detail in demo.details {
            let own = try #require(Self.topicWords.firstIndex { detail.deal.title.hasPrefix($0.title) }, "\(detail.deal.title)")
            for message in detail.messages {
                // The customer's business may be called anything ("Hotel Mar Azul" buys a system too).
                let text = detail.contact.company.map { message.text.replacingOccurrences(of: $0, with: "") } ?? message.text
                for (other, topic) in Self.topicWords.enumerated() where other != own {
                    for word in topic.words {
                        #expect(!Self.uses(text, word),
                                "“\(message.text)” in \(detail.deal.title) speaks of \(topic.title) (\(word))")
                    }
                }
            }
        }
        // The check itself tells topics apart: each topic's own lines use its words.
        for (index, topic) in DemoTopics.all.enumerated() {
            let words = Self.topicWords[index]
            #expect(topic.title.hasPrefix(words.title))
            #expect(topic.templates.contains { line in words.words.contains { Self.uses(line, $0) } })
        }
    }

    @Test func theDefaultBoardShowsEachSituation() throws {
        let scratch = try Scratch()
        let demo = try Self.seeded(scratch, deals: 24)
        let store = demo.store
        let board = try store.loadBoard(id: try #require(try store.firstBoardID()))
        let cards = Dictionary(uniqueKeysWithValues: board.columns.flatMap(\.cards).map { ($0.id, $0) })

        // A customer who asked for time: our answer is the last word.
        let askedForTime = demo.details.filter { detail in
            detail.messages.contains { $0.author == .customer && $0.text.lowercased().contains("me dá uns dias que eu te falo") }
        }
        try #require(!askedForTime.isEmpty, "a customer asked for time")
        for detail in askedForTime {
            let asked = try #require(detail.messages.lastIndex { $0.text.lowercased().contains("me dá uns dias") })
            #expect(asked == detail.messages.count - 2 && detail.messages.last?.author == .agent)
            #expect(cards[detail.deal.id]?.lastMessageAuthor == .agent)
        }

        // A quote sent and unanswered: our quote, with its value, is the last message.
        let quotes = try DemoTopics.all.map { try Self.pattern($0.quotes.map(\.line)) }
        let unanswered = zip(demo.details, demo.topics).filter { detail, topic in
            detail.messages.last.map { $0.author == .agent && Self.matches(quotes[topic], $0.text) } ?? false
        }
        try #require(!unanswered.isEmpty, "a quote is waiting for an answer")
        for (detail, _) in unanswered {
            let value = try #require(detail.deal.valueCents)
            #expect(detail.messages.last?.text.contains(Money.format(cents: value)) == true)
            #expect(cards[detail.deal.id]?.lastMessageAuthor == .agent)
        }

        // A closed ticket in the column that sends after closing: switched on, it would get a follow-up.
        let concluded = try #require(board.columns.first { $0.column.name == "Concluído" })
        #expect(concluded.column.followUp.sendAfterClose && !concluded.column.followUp.enabled)
        #expect(board.columns.filter { $0.column.followUp.sendAfterClose }.count == 1)
        let closed = concluded.cards.filter { $0.ticketClosed && $0.lastMessageAuthor == .agent }
        try #require(!closed.isEmpty, "a closed ticket waits in Concluído")
        for card in closed {
            let followUp = try store.dealFollowUp(id: card.id)
            var on = followUp.config
            on.enabled = true
            let decide = { (config: FollowUpConfig) in
                Eligibility.decide(followUp.facts, config: config, paused: false, calendar: BusinessCalendar(),
                                   at: Fixture.now).reason
            }
            #expect([.due, .outsideBusinessHours, .holiday].contains(decide(on)), "\(card.title): \(decide(on))")
            on.sendAfterClose = false
            #expect(decide(on) == .ticketClosed)
        }

        // An opt-out, recorded as the customer's own request.
        let optedOut = demo.details.filter { $0.optOut != nil }
        try #require(optedOut.count == 1, "one contact opted out")
        for detail in optedOut {
            let optOut = try #require(detail.optOut)
            let request = try #require(detail.messages.last { $0.author == .customer })
            #expect(optOut.source == .customer && optOut.text == request.text && optOut.at == request.at)
            #expect(OptOut.isOptOut(request.text))
            let status = try store.contactStatus(phone: detail.contact.phone)
            #expect(status.optOut == optOut && status.dealIDs == [detail.deal.id])
            let followUp = try store.dealFollowUp(id: detail.deal.id)
            var on = followUp.config
            on.enabled = true
            #expect(Eligibility.decide(followUp.facts, config: on, paused: false, calendar: BusinessCalendar(),
                                       at: Fixture.now).reason == .optedOut)
        }

        // A customer who answered what our seller wrote from the phone.
        let phone = demo.details.filter { $0.messages.contains { $0.origin == .phone } }
        try #require(!phone.isEmpty, "a seller wrote from the phone")
        for detail in phone {
            let index = try #require(detail.messages.firstIndex { $0.origin == .phone })
            #expect(detail.messages[index].author == .agent)
            #expect(index == detail.messages.count - 2 && detail.messages.last?.author == .customer)
            #expect(cards[detail.deal.id]?.lastMessageAuthor == .customer)
        }
    }

    @Test func onlyTheOptOutDealAsksToStop() throws {
        let scratch = try Scratch()
        let demo = try Self.seeded(scratch, deals: 1_000)
        let asking = demo.details.filter { detail in
            detail.messages.contains { $0.author == .customer && OptOut.isOptOut($0.text) }
        }
        // Deals 10 and 510: the opt-out recurs every 500 deals.
        #expect(asking.count == 2)
        #expect(asking.allSatisfy { $0.optOut?.source == .customer })
        #expect(demo.details.filter { $0.optOut != nil }.count == 2)
        #expect(demo.details.filter { $0.messages.contains { $0.origin == .phone } }.count == 2)
        #expect(demo.details.allSatisfy { $0.messages.allSatisfy { $0.origin != .whatsapp } })
    }

    /// Every row of every table.
    static func dump(_ path: String) throws -> [String: [String]] {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in
            var tables: [String: [String]] = [:]
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
                // Sorted, since some tables have no rowid to order by; each row carries its own ids.
                tables[table] = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map(\.description).sorted()
            }
            return tables
        }
    }

    @Test(.sqliteOnly("compares every table of two SQLite files row by row")) func sameArgumentsWriteTheSameDatabase() throws {
        let scratch = try Scratch()
        for name in ["one.db", "two.db"] {
            let store = try scratch.store(name)
            #expect(try store.seedDemo(deals: 600, now: Fixture.now))
        }
        let one = try Self.dump(scratch.path("one.db"))
        #expect(one["message"].map { $0.count > 6_000 } == true)
        #expect(try Self.dump(scratch.path("two.db")) == one)
    }
}
