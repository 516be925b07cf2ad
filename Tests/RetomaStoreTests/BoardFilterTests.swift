import Foundation
import GRDB
@testable import RetomaStore
import RetomaCore
import Testing
import StoreTestBackend

/// The `/` filter's keywords: `:aguardando` (the customer wrote last) and `:optout` (the contact opted out),
/// answered by the database, with each other and with text.
@Suite("Board filter keywords")
struct BoardFilterTests {
    @Test func keywordsAreReadOutOfWhatWasTyped() {
        let plain = BoardFilter("  maria  silva ")
        #expect(plain.keywords.isEmpty && plain.text == "  maria  silva ", "without keywords the text is as typed")
        let both = BoardFilter("maria :AGUARDANDO :optout silva")
        #expect(both.keywords == [.awaiting, .optedOut] && both.text == "maria silva")
        #expect(BoardFilter(":Aguardândo").keywords == [.awaiting], "case and accents are ignored")
        let unknown = BoardFilter(":aguardando :vip 10:30")
        #expect(unknown.keywords == [.awaiting] && unknown.text == ":vip 10:30" && unknown.unknownKeywords == [":vip"])
        #expect(BoardFilter(":").unknownKeywords.isEmpty && BoardFilter(":").text == ":")
        #expect(BoardFilter(":optout").text.isEmpty && !BoardFilter(":optout").isEmpty && BoardFilter(" ").isEmpty)
    }

    /// Column A: Ana (the customer wrote last), Bruno (we answered), Carla (no messages);
    /// column B: Ana again on another deal, customer last.
    func seeded(_ store: Store) throws -> (board: Board, ana: Deal, bruno: Deal, carla: Deal, ana2: Deal) {
        let (board, columns) = try Fixture.board(store)
        let ana = try store.addDeal(NewDeal(columnID: columns[0].id, title: "Site da clínica", contactName: "Ana Souza",
                                            phone: "11987650001"))
        let bruno = try store.addDeal(NewDeal(columnID: columns[0].id, title: "Site da padaria", contactName: "Bruno Lima",
                                              phone: "11987650002"))
        let carla = try store.addDeal(NewDeal(columnID: columns[0].id, title: "Logo", contactName: "Carla Dias",
                                              phone: "11987650003"))
        let ana2 = try store.addDeal(NewDeal(columnID: columns[1].id, title: "Cartões", contactName: "Ana Souza",
                                             phone: "11987650001"))
        let t = Fixture.now.addingTimeInterval(-3600)
        try store.addMessage(dealID: ana.id, author: .agent, text: "Segue o orçamento.", at: t)
        try store.addMessage(dealID: ana.id, author: .customer, text: "Quanto fica em 3 vezes?", at: t.addingTimeInterval(60))
        try store.addMessage(dealID: bruno.id, author: .customer, text: "Tem prazo?", at: t)
        try store.addMessage(dealID: bruno.id, author: .agent, text: "Sim, 10 dias.", at: t.addingTimeInterval(60))
        try store.addMessage(dealID: ana2.id, author: .customer, text: "E os cartões?", at: t.addingTimeInterval(120))
        return (board, ana, bruno, carla, ana2)
    }

    func matches(_ store: Store, _ board: Board, _ filter: String) throws -> [[Int64]] {
        try store.boardPage(id: board.id, filter: filter, pageSize: 10).columns.map { $0.cards.map(\.id) }
    }

    /// Another program (or the opt-out marking) sets the column; the board reads it from the database.
    func setOptedOut(_ store: Store, phone: String, _ on: Bool) throws {
        try store.writeBehind("UPDATE contact SET opted_out_at = ? WHERE phone LIKE ?",
                              [on ? UnixTime.seconds(Fixture.now) : nil, "%" + phone])
    }

    @Test func awaitingKeepsTheDealsWhoseLastMessageIsTheCustomers() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, ana, bruno, carla, ana2) = try seeded(store)
        #expect(try matches(store, board, ":aguardando") == [[ana.id], [ana2.id], []])
        let page = try store.boardPage(id: board.id, filter: ":aguardando", pageSize: 10)
        #expect(page.columns.map(\.matching) == [1, 1, 0] && page.columns.map(\.count) == [3, 1, 0])
        // With text, both must hold, in either order.
        #expect(try matches(store, board, "clinica :aguardando") == [[ana.id], [], []])
        #expect(try matches(store, board, ":aguardando padaria") == [[], [], []])
        #expect(try matches(store, board, ":aguardando ana souza") == [[ana.id], [ana2.id], []])
        #expect(try matches(store, board, "padaria") == [[bruno.id], [], []])
        // An answer from our side takes the deal out; the customer writing again brings it back.
        try store.addMessage(dealID: ana.id, author: .agent, text: "3 vezes sem juros.")
        #expect(try matches(store, board, ":aguardando") == [[], [ana2.id], []])
        try store.addMessage(dealID: carla.id, author: .customer, text: "Oi, tudo bem?")
        #expect(try matches(store, board, ":aguardando") == [[carla.id], [ana2.id], []])
        // One column's pages, as the board asks for more.
        let column = try store.cardPage(columnID: carla.columnID, filter: ":aguardando", request: .first, limit: 5)
        #expect(column.cards.map(\.id) == [carla.id] && column.matching == 1 && column.firstIndex == 0)
        let around = try store.cardPage(columnID: carla.columnID, filter: ":aguardando", request: .around(dealID: carla.id), limit: 5)
        #expect(around.cards.map(\.id) == [carla.id])
    }

    @Test func optOutKeepsTheDealsOfContactsWhoOptedOutAndTheirCardsSaySo() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, ana, _, _, ana2) = try seeded(store)
        #expect(try matches(store, board, ":optout") == [[], [], []])
        let before = try store.boardPage(id: board.id, pageSize: 10)
        #expect(before.columns.flatMap(\.cards).allSatisfy { !$0.contactOptedOut })
        try setOptedOut(store, phone: "987650001", true)
        #expect(try matches(store, board, ":optout") == [[ana.id], [ana2.id], []], "every deal of the contact")
        #expect(try matches(store, board, ":optout cartoes") == [[], [ana2.id], []])
        #expect(try matches(store, board, ":optout bruno") == [[], [], []])
        let cards = try store.boardPage(id: board.id, pageSize: 10).columns.flatMap(\.cards)
        #expect(cards.filter(\.contactOptedOut).map(\.id).sorted() == [ana.id, ana2.id])
        // Both keywords: opted out and waiting for us.
        try store.addMessage(dealID: ana.id, author: .agent, text: "Tudo certo, não enviaremos mais.")
        #expect(try matches(store, board, ":optout :aguardando") == [[], [ana2.id], []])
        #expect(try store.cardPage(columnID: ana.columnID, filter: ":optout", request: .first, limit: 5).matching == 1)
        try setOptedOut(store, phone: "987650001", false)
        #expect(try matches(store, board, ":optout") == [[], [], []])
    }

    /// At 1,000,000 deals a walk of every deal's row is too slow for a key press: each keyword has its index.
    @Test(.sqliteOnly("reads SQLite's query planner (EXPLAIN QUERY PLAN)")) func eachKeywordReadsThroughItsIndex() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        _ = try seeded(store)
        let queue = try DatabaseQueue(path: store.path)
        defer { try? queue.close() }
        func plan(_ filter: String, _ sql: (String) -> String, _ arguments: [any DatabaseValueConvertible]) throws -> String {
            let query = try #require(CardSearch.query(filter, operatorName: "ana"))
            return try queue.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql(query.sql),
                                 arguments: StatementArguments(arguments + query.arguments.map { $0 as any DatabaseValueConvertible }))
                    .map { $0["detail"] as String }.joined(separator: "; ")
            }
        }
        let count = { (c: String) in "SELECT d.column_id, COUNT(*) FROM deal d WHERE d.column_id IN (SELECT id FROM board_column WHERE board_id = ?) AND \(c) GROUP BY d.column_id" }
        let page = { (c: String) in "SELECT d.id FROM deal d CROSS JOIN contact ct ON ct.id = d.contact_id WHERE d.column_id = ? AND \(c) ORDER BY d.position, d.id LIMIT 64" }
        for filter in [":aguardando", "ana :aguardando"] {
            #expect(try plan(filter, count, [1]).contains("COVERING INDEX deal_awaiting_order"), "\(filter)")
            #expect(try plan(filter, page, [1]).contains("deal_awaiting_order (column_id=? AND last_message_author=?)"),
                    "\(filter)")
        }
        // :optout finds the ids from the opted-out contacts, then each one in the column's index.
        let optOutCount = try plan(":optout", count, [1])
        #expect(optOutCount.contains("SCAN oc USING INDEX contact_opted_out")
                && optOutCount.contains("COVERING INDEX deal_by_contact")
                && optOutCount.contains("(column_id=? AND rowid=?)"), "\(optOutCount)")
        let optOutPage = try plan(":optout", page, [1])
        #expect(optOutPage.contains("SCAN oc USING INDEX contact_opted_out") && !optOutPage.contains("SCAN d"), "\(optOutPage)")
        // :meus walks the owner's entries of the partial index, column by column, in the board's order.
        for filter in [":meus", "ana :meus", ":meus :aguardando"] {
            #expect(try plan(filter, count, [1]).contains("INDEX deal_by_owner (owner=? AND column_id=?)"), "\(filter)")
            let mine = try plan(filter, page, [1])
            #expect(mine.contains("deal_by_owner (owner=? AND column_id=?)") && !mine.contains("TEMP B-TREE"), "\(filter): \(mine)")
        }
    }

    /// `:meus` (and `:mine`) keeps the deals whose owner is the store's operator, with text and other keywords.
    @Test func mineKeepsTheOperatorsOwnDeals() throws {
        let scratch = try Scratch()
        let store = try scratch.store(operatorName: "ana")
        let (board, ana, bruno, _, ana2) = try seeded(store)
        #expect(BoardFilter(":MEUS").keywords == [.mine] && BoardFilter(":mine").keywords == [.mine])
        #expect(try matches(store, board, ":meus") == [[], [], []])
        try store.assignOwner(dealID: ana.id, to: "ana")
        try store.assignOwner(dealID: ana2.id, to: "ana")
        try store.assignOwner(dealID: bruno.id, to: "bia")
        #expect(try matches(store, board, ":meus") == [[ana.id], [ana2.id], []])
        #expect(try matches(store, board, ":mine cartoes") == [[], [ana2.id], []])
        try store.addMessage(dealID: ana.id, author: .agent, text: "3 vezes sem juros.")
        #expect(try matches(store, board, ":meus :aguardando") == [[], [ana2.id], []])
        #expect(try store.boardPage(id: board.id, filter: ":meus", pageSize: 10).columns.map(\.matching) == [1, 1, 0])
        // Another operator's store reads the same file with their own deals.
        let bia = try scratch.store(operatorName: "bia")
        #expect(try matches(bia, board, ":meus") == [[bruno.id], [], []])
        try store.assignOwner(dealID: ana2.id, to: nil)
        #expect(try matches(store, board, ":meus") == [[ana.id], [], []])
        #expect(try store.boardPage(id: board.id, pageSize: 10).columns[0].cards.map(\.owner) == ["ana", "bia", nil])
    }
}
