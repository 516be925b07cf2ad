import Foundation
import RetomaCore
import RetomaStore
import Testing

@Suite("Messages")
struct MessageTests {
    @Test func conversationIsOldestFirstAndTheCardFollowsTheLatest() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        let deal = try Fixture.deal(store, column: columns[0].id, title: "T")
        let t0 = Date(timeIntervalSince1970: 1_773_100_000)
        let first = try store.addMessage(dealID: deal.id, author: .agent, text: "Olá, Maria! Tudo bem?", at: t0)
        let reply = try store.addMessage(dealID: deal.id, author: .customer, text: "Tudo ótimo 😊\nE você?",
                                         at: t0.addingTimeInterval(300))
        #expect(first.dealID == deal.id && first.author == .agent && first.at == t0)
        #expect(reply.text == "Tudo ótimo 😊\nE você?")
        // An imported older message joins the history without becoming the "last message".
        let imported = try store.addMessage(dealID: deal.id, author: .followup, text: "Mensagem antiga",
                                            at: t0.addingTimeInterval(-3_600))
        let detail = try store.dealDetail(id: deal.id)
        #expect(detail.messages == [imported, first, reply])
        let card = try store.loadBoard(id: board.id).columns[0].cards[0]
        #expect(card.lastMessageAt == t0.addingTimeInterval(300) && card.lastMessageAuthor == .customer)
    }

    @Test func sameSecondGoesToTheLaterInsert() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        let deal = try Fixture.deal(store, column: columns[0].id, title: "T")
        let t = Date(timeIntervalSince1970: 1_773_100_000)
        let a = try store.addMessage(dealID: deal.id, author: .customer, text: "a", at: t)
        let b = try store.addMessage(dealID: deal.id, author: .followup, text: "b", at: t.addingTimeInterval(0.4))
        #expect(b.at == t, "kept to the second")
        #expect(try store.dealDetail(id: deal.id).messages == [a, b])
        #expect(try store.loadBoard(id: board.id).columns[0].cards[0].lastMessageAuthor == .followup)
    }

    @Test func defaultsToTheStoreClock() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        let deal = try Fixture.deal(store, column: columns[0].id, title: "T")
        #expect(try store.addMessage(dealID: deal.id, author: .agent, text: "Oi").at == Fixture.now)
    }

    @Test func emptyTextAndUnknownDealsAreRefused() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        let deal = try Fixture.deal(store, column: columns[0].id, title: "T")
        let before = try StoreDump(store)
        #expect(throws: StoreError.invalid(.emptyMessage)) { try store.addMessage(dealID: deal.id, author: .agent, text: " \n ") }
        #expect(throws: StoreError.notFound(entity: "deal", id: 9)) { try store.addMessage(dealID: 9, author: .agent, text: "Oi") }
        #expect(try StoreDump(store) == before)
    }
}
