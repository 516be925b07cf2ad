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

    @Test func boardNamesAreUniqueIgnoringCase() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let vendas = try store.addBoard(name: "Vendas")
        #expect(throws: StoreError.invalid(.duplicateBoardName("Vendas"))) { try store.addBoard(name: "vendas") }
        let suporte = try store.addBoard(name: "Suporte")
        #expect(throws: StoreError.invalid(.duplicateBoardName("Vendas"))) { try store.renameBoard(id: suporte.id, name: " VENDAS ") }
        #expect(try store.renameBoard(id: vendas.id, name: "VENDAS") == Board(id: vendas.id, name: "VENDAS"), "its own name, in another case")
        #expect(throws: StoreError.invalid(.emptyBoardName)) { try store.renameBoard(id: vendas.id, name: " ") }
        #expect(throws: StoreError.notFound(entity: "board", id: 99)) { try store.renameBoard(id: 99, name: "X") }
        #expect(try store.boardListings().map(\.name) == ["VENDAS", "Suporte"])
    }

    @Test func boardIsFoundByIdThenNameThenNameIgnoringCase() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let vendas = try store.addBoard(name: "Vendas")
        let numeric = try store.addBoard(name: "2027")
        #expect(try store.board(idOrName: String(vendas.id)) == vendas)
        #expect(try store.board(idOrName: " vendas ") == vendas)
        #expect(try store.board(idOrName: "2027") == numeric, "no board has id 2027, so it is a name")
        #expect(try store.board(idOrName: "Compras") == nil)
        #expect(try store.board(idOrName: "  ") == nil)
    }

    @Test func deletingABoardWithDealsNeedsAPlaceForThem() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        try Fixture.deal(store, column: columns[1].id, title: "Um")
        try Fixture.deal(store, column: columns[1].id, title: "Dois", phone: "21987654321")
        let empty = try store.addBoard(name: "Vazio")
        let before = try StoreDump(store)
        #expect(throws: StoreError.invalid(.boardHasDeals("Funil", deals: 2))) { try store.deleteBoard(id: board.id) }
        #expect(throws: StoreError.invalid(.boardMovesToItself)) { try store.deleteBoard(id: board.id, moveDealsTo: board.id) }
        #expect(throws: StoreError.invalid(.boardHasNoColumns("Vazio"))) { try store.deleteBoard(id: board.id, moveDealsTo: empty.id) }
        #expect(throws: StoreError.notFound(entity: "board", id: 99)) { try store.deleteBoard(id: board.id, moveDealsTo: 99) }
        #expect(throws: StoreError.notFound(entity: "board", id: 99)) { try store.deleteBoard(id: 99) }
        #expect(try StoreDump(store) == before, "a refused delete changes nothing")
        #expect(try store.deleteBoard(id: empty.id) == 0)
        #expect(try store.boardListings().map(\.name) == ["Funil"])
    }

    @Test func deletingABoardMovesItsDealsToTheSameNamedColumnElseTheFirstInOrder() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        let target = try store.addBoard(name: "Destino")
        let inbox = try store.addColumn(boardID: target.id, name: "Entrada")
        let b = try store.addColumn(boardID: target.id, name: "b")
        try Fixture.deal(store, column: inbox.id, title: "Já estava", phone: "31991234567")
        let a1 = try Fixture.deal(store, column: columns[0].id, title: "A1")
        try Fixture.deal(store, column: columns[0].id, title: "A2", phone: "21987654321")
        try Fixture.deal(store, column: columns[1].id, title: "B1", phone: "41991234567")
        try Fixture.deal(store, column: columns[2].id, title: "C1", phone: "51991234567")
        _ = try store.addMessage(dealID: a1.id, author: .agent, text: "Oi", at: Fixture.now.addingTimeInterval(-3600))

        #expect(try store.deleteBoard(id: board.id, moveDealsTo: target.id) == 4)
        #expect(try store.boardListings().map(\.name) == ["Destino"])
        #expect(try Fixture.titles(store, board: target.id) == [["Já estava", "A1", "A2", "C1"], ["B1"]])
        let snapshot = try store.loadBoard(id: target.id)
        #expect(snapshot.columns.map { $0.cards.map(\.position) } == [[0, 1, 2, 3], [0]])
        #expect(try store.dealDetail(id: a1.id).messages.map(\.text) == ["Oi"], "the conversation goes along")
        #expect(try store.dealDetail(id: a1.id).column.id == inbox.id && b.boardID == target.id)
    }

    @Test func movedDealsFollowTheirNewColumnsFollowUp() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        let target = try store.addBoard(name: "Destino")
        let on = try store.addColumn(boardID: target.id, name: "A")
        var config = FollowUpConfig.off
        config.enabled = true
        config.businessHoursOnly = false
        config.interval = Interval(amount: 1, unit: .hours)
        try store.setFollowUp(columnID: on.id, config: config)
        let deal = try Fixture.deal(store, column: columns[0].id, title: "A1")
        _ = try store.addMessage(dealID: deal.id, author: .agent, text: "Oi", at: Fixture.now.addingTimeInterval(-7200))
        #expect(try store.dueCount(atOrBefore: Fixture.now) == 0, "column A of Funil has follow-up off")
        try store.deleteBoard(id: board.id, moveDealsTo: target.id)
        #expect(try store.dueCount(atOrBefore: Fixture.now) == 1)
    }
}
