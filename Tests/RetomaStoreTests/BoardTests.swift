import Foundation
import RetomaCore
import RetomaStore
import Testing

@Suite("Boards")
struct BoardTests {
    @Test func addBoardRefusesEmptyAndDuplicateNames() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let board = try store.addBoard(name: " Vendas ")
        #expect(board.name == "Vendas")
        #expect(throws: StoreError.invalid(.duplicateBoardName("Vendas"))) { try store.addBoard(name: "Vendas") }
        #expect(throws: StoreError.invalid(.emptyBoardName)) { try store.addBoard(name: "   ") }
        #expect(try store.boardListings().map(\.name) == ["Vendas"])
    }

    @Test func firstBoardIsTheOldest() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let first = try store.addBoard(name: "Vendas")
        _ = try store.addBoard(name: "Pós-venda")
        #expect(try store.firstBoardID() == first.id)
    }

    @Test func listingsCountDealsPerColumn() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        let other = try store.addBoard(name: "Outro")
        try Fixture.deal(store, column: columns[0].id, title: "1")
        try Fixture.deal(store, column: columns[0].id, title: "2")
        try Fixture.deal(store, column: columns[2].id, title: "3")
        let listings = try store.boardListings()
        #expect(listings.map(\.id) == [board.id, other.id])
        #expect(listings[0].columns.map(\.dealCount) == [2, 0, 1])
        #expect(listings[0].columns.map(\.position) == [0, 1, 2])
        #expect(listings[1].columns.isEmpty)
    }

    @Test func loadBoardReturnsColumnsAndCardsInOrderWithLastMessage() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        let first = try store.addDeal(NewDeal(columnID: columns[1].id, title: "Plano anual – Clínica Sorriso",
                                              contactName: "Ana Lima", phone: "(11) 98765-4321",
                                              valueCents: 1_200_050, ticketClosed: true))
        let second = try Fixture.deal(store, column: columns[1].id, title: "Segundo", phone: "+55 21 99876-5432",
                                      contact: "João")
        let at = Date(timeIntervalSince1970: 1_773_000_000)
        _ = try store.addMessage(dealID: first.id, author: .agent, text: "Segue a proposta", at: at)
        try store.moveColumn(id: columns[0].id, by: 2)

        let snapshot = try store.loadBoard(id: board.id)
        #expect(snapshot.board == board)
        #expect(snapshot.columns.map(\.column.name) == ["B", "C", "A"])
        let cards = snapshot.columns[0].cards
        #expect(cards.map(\.id) == [first.id, second.id])
        #expect(cards[0] == CardSummary(id: first.id, columnID: columns[1].id, position: 0,
                                        title: "Plano anual – Clínica Sorriso", contactName: "Ana Lima",
                                        phone: "+5511987654321", valueCents: 1_200_050, ticketClosed: true,
                                        lastMessageAt: at, lastMessageAuthor: .agent))
        #expect(cards[1].lastMessageAt == nil && cards[1].lastMessageAuthor == nil && cards[1].valueCents == nil)
        #expect(snapshot.columns[1].cards.isEmpty && snapshot.columns[2].cards.isEmpty)
        #expect(throws: StoreError.notFound(entity: "board", id: 77)) { try store.loadBoard(id: 77) }
    }

    @Test func loadBoardOnlyShowsItsOwnColumns() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        let other = try store.addBoard(name: "Outro")
        let otherColumn = try store.addColumn(boardID: other.id, name: "X")
        try Fixture.deal(store, column: columns[0].id, title: "Aqui")
        try Fixture.deal(store, column: otherColumn.id, title: "Lá", phone: "31991234567")
        #expect(try Fixture.titles(store, board: board.id) == [["Aqui"], [], []])
        #expect(try Fixture.titles(store, board: other.id) == [["Lá"]])
    }
}
