import Foundation
import RetomaCore
import RetomaStore
import Testing

@Suite("Demo board")
struct DemoTests {
    @Test func createsVendasWithItsFourColumns() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        #expect(try store.seedDemo(deals: 24, now: Fixture.now))
        let listings = try store.boardListings()
        #expect(listings.map(\.name) == ["Vendas"])
        #expect(listings[0].columns.map(\.name) == ["Prospecção", "Em andamento", "Aguardando resposta", "Concluído"])
        #expect(listings[0].columns.map(\.position) == [0, 1, 2, 3])
        #expect(listings[0].columns.map(\.dealCount).reduce(0, +) == 24)
        #expect(listings[0].columns.allSatisfy { $0.dealCount > 0 })
        let snapshot = try store.loadBoard(id: listings[0].id)
        #expect(snapshot.columns.allSatisfy { $0.cards.map(\.position) == Array(0..<$0.cards.count) })
    }

    @Test func isIdempotent() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        #expect(try store.seedDemo(deals: 10, now: Fixture.now))
        let before = try StoreDump(store)
        #expect(try !store.seedDemo(deals: 10, now: Fixture.now.addingTimeInterval(86_400)))
        #expect(try StoreDump(store) == before)
    }

    @Test func isDeterministic() throws {
        let scratch = try Scratch()
        let one = try scratch.store("one.db")
        let two = try scratch.store("two.db")
        #expect(try one.seedDemo(deals: 30, now: Fixture.now))
        #expect(try two.seedDemo(deals: 30, now: Fixture.now))
        #expect(try StoreDump(one) == StoreDump(two))
    }

    @Test func keepsWhatWasAlreadyThere() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        try Fixture.deal(store, column: columns[0].id, title: "Meu", phone: "11987654321", contact: "Maria")
        let before = try store.loadBoard(id: board.id)
        #expect(try store.seedDemo(deals: 50, now: Fixture.now))
        #expect(try store.loadBoard(id: board.id) == before)
        #expect(try store.boardListings().map(\.name) == ["Funil", "Vendas"])
    }

    @Test func zeroDealsGivesEmptyColumnsAndNegativeIsRefused() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        #expect(throws: StoreError.invalid(.demoDealCount(-1))) { try store.seedDemo(deals: -1, now: Fixture.now) }
        #expect(try store.boardListings().isEmpty)
        #expect(try store.seedDemo(deals: 0, now: Fixture.now))
        #expect(try store.boardListings()[0].columns.map(\.dealCount) == [0, 0, 0, 0])
    }

    @Test func dealsLookReal() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        #expect(try store.seedDemo(deals: 200, now: Fixture.now))
        let snapshot = try store.loadBoard(id: try #require(try store.firstBoardID()))
        let cards = snapshot.columns.flatMap(\.cards)
        #expect(cards.count == 200)
        var phones = Set<String>()
        var lastByUs = 0, closed = 0, withValue = 0
        for card in cards {
            let detail = try store.dealDetail(id: card.id)
            // A Brazilian mobile in E.164: +55, a DDD, then 9 and eight digits.
            #expect(try Phone.normalize(card.phone).get() == card.phone)
            #expect(card.phone.hasPrefix("+55") && card.phone.count == 14 && Array(card.phone)[5] == "9", "\(card.phone)")
            phones.insert(card.phone)
            #expect(card.title.contains(" – ") && !card.title.contains("{"), "\(card.title)")
            #expect(detail.contact.name.split(separator: " ").count >= 2)

            let messages = detail.messages
            #expect((3...60).contains(messages.count), "\(messages.count) messages")
            for (earlier, later) in zip(messages, messages.dropFirst()) {
                #expect(earlier.author != later.author, "the company and the customer take turns")
                #expect(earlier.at <= later.at)
            }
            #expect(messages.allSatisfy { ($0.author == .agent || $0.author == .customer) && !$0.text.contains("{") })
            #expect(detail.deal.createdAt < messages[0].at)
            let last = try #require(messages.last)
            #expect(last.at < Fixture.now && last.at > Fixture.now.addingTimeInterval(-31 * 86_400))
            #expect(card.lastMessageAt == last.at && card.lastMessageAuthor == last.author)
            if last.author == .agent { lastByUs += 1 }
            if card.ticketClosed { closed += 1 }
            if let value = card.valueCents { withValue += 1; #expect(value > 0) }
        }
        #expect(phones.count == 200, "one contact per deal")
        #expect((60...170).contains(lastByUs), "a mix of 'last from us' and 'last from the customer': \(lastByUs)")
        #expect((10...80).contains(closed), "some closed tickets: \(closed)")
        #expect(withValue > 150)
        // Conversations vary in length, up to the long ones.
        let counts = try cards.map { try store.dealDetail(id: $0.id).messages.count }
        #expect(counts.min()! <= 5 && counts.max()! >= 40)
    }
}
