import Foundation
import GRDB
@testable import RetomaStore
import RetomaCore
import Testing
import StoreTestBackend

/// The board's paged reads: counts from the maintained counter, keyset pages, the filter in the database.
@Suite("Board pages")
struct BoardPageTests {
    /// A board "Funil" (A, B, C) whose column A holds `count` deals titled "Deal 0"…, each its own contact.
    func filled(_ store: Store, count: Int) throws -> (board: Board, columns: [RetomaCore.Column], deals: [Deal]) {
        let (board, columns) = try Fixture.board(store)
        let deals = try (0..<count).map { i in
            try store.addDeal(NewDeal(columnID: columns[0].id, title: "Deal \(i)", contactName: "Cliente \(i)",
                                      phone: "1198765\(String(format: "%04d", i))"))
        }
        return (board, columns, deals)
    }

    @Test func pagesFollowOneAnotherByKeyWithTheirIndices() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns, deals) = try filled(store, count: 25)
        let column = columns[0].id
        func ids(_ page: CardPage) -> [Int64] { page.cards.map(\.id) }

        let first = try store.cardPage(columnID: column, request: .first, limit: 10)
        #expect(ids(first) == deals[0..<10].map(\.id) && first.firstIndex == 0)
        #expect(first.count == 25 && first.matching == 25)
        let second = try store.cardPage(columnID: column, request: .after(CardKey(try #require(first.cards.last))), limit: 10)
        #expect(ids(second) == deals[10..<20].map(\.id) && second.firstIndex == 10)
        let third = try store.cardPage(columnID: column, request: .after(CardKey(try #require(second.cards.last))), limit: 10)
        #expect(ids(third) == deals[20..<25].map(\.id) && third.firstIndex == 20)
        let beyond = try store.cardPage(columnID: column, request: .after(CardKey(try #require(third.cards.last))), limit: 10)
        #expect(beyond.cards.isEmpty && beyond.firstIndex == 25)

        let last = try store.cardPage(columnID: column, request: .last, limit: 10)
        #expect(ids(last) == deals[15..<25].map(\.id) && last.firstIndex == 15)
        let earlier = try store.cardPage(columnID: column, request: .before(CardKey(try #require(last.cards.first))), limit: 10)
        #expect(ids(earlier) == deals[5..<15].map(\.id) && earlier.firstIndex == 5)
        let top = try store.cardPage(columnID: column, request: .before(CardKey(try #require(earlier.cards.first))), limit: 10)
        #expect(ids(top) == deals[0..<5].map(\.id) && top.firstIndex == 0)

        let seek = try store.cardPage(columnID: column, request: .fromIndex(7), limit: 4)
        #expect(ids(seek) == deals[7..<11].map(\.id) && seek.firstIndex == 7)
        let around = try store.cardPage(columnID: column, request: .around(dealID: deals[12].id), limit: 6)
        #expect(ids(around) == deals[9..<15].map(\.id) && around.firstIndex == 9)
        let aroundTop = try store.cardPage(columnID: column, request: .around(dealID: deals[1].id), limit: 6)
        #expect(ids(aroundTop) == deals[0..<4].map(\.id) && aroundTop.firstIndex == 0,
                "near the top the window is shorter before the deal")
        let elsewhere = try store.cardPage(columnID: columns[1].id, request: .around(dealID: deals[3].id), limit: 6)
        #expect(elsewhere.cards.isEmpty && elsewhere.count == 0, "a deal of another column gives that column's first page")
        #expect(throws: StoreError.notFound(entity: "column", id: 999)) {
            try store.cardPage(columnID: 999, request: .first, limit: 10)
        }
    }

    @Test func theBoardPageHoldsEveryColumnsCountsAndFirstCardsOnly() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns, deals) = try filled(store, count: 30)
        try Fixture.deal(store, column: columns[2].id, title: "Lá", phone: "31991234567")
        let snapshot = try store.boardPage(id: board.id, pageSize: 8)
        #expect(snapshot.columns.map(\.column.name) == ["A", "B", "C"])
        #expect(snapshot.columns.map(\.count) == [30, 0, 1] && snapshot.columns.map(\.matching) == [30, 0, 1])
        #expect(snapshot.columns[0].cards.map(\.id) == deals[0..<8].map(\.id))
        #expect(snapshot.columns[0].cards[0] == (try store.loadBoard(id: board.id).columns[0].cards[0]),
                "a paged card is the card the whole board shows")
        // The column of the deal to keep in focus reads a window with it instead of its first page.
        let focused = try store.boardPage(id: board.id, pageSize: 8, focusDeal: deals[27].id)
        #expect(focused.columns[0].cards.contains { $0.id == deals[27].id })
        #expect(focused.columns[0].firstIndex == focused.columns[0].cards[0].position)
        #expect(throws: StoreError.notFound(entity: "board", id: 77)) { try store.boardPage(id: 77, pageSize: 8) }
    }

    @Test func countsStayRightAfterAddsMovesDeletesAndRawWrites() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns, deals) = try filled(store, count: 6)
        func counts() throws -> [Int] { try store.boardPage(id: board.id, pageSize: 2).columns.map(\.count) }
        func truth() throws -> [Int] { try store.loadBoard(id: board.id).columns.map(\.cards.count) }
        #expect(try counts() == [6, 0, 0])
        try store.moveDeal(id: deals[0].id, toColumn: columns[1].id)
        try store.moveDeal(id: deals[1].id, toColumn: columns[2].id)
        try store.moveDeal(id: deals[2].id, toColumn: columns[2].id)
        try store.moveDeal(id: deals[2].id, toColumn: columns[2].id)   // to its own column: nothing changes
        #expect(try counts() == [3, 1, 2])
        try store.deleteDeal(id: deals[3].id)
        try store.moveDealWithinColumn(id: deals[4].id, by: -5)
        try Fixture.deal(store, column: columns[1].id, title: "Nova", phone: "21999990000")
        #expect(try counts() == [2, 2, 2] && (try counts()) == (try truth()))
        // Written behind the store's back: the triggers keep the counter anyway.
        try store.writeBehind("UPDATE deal SET column_id = ?, position = 9 WHERE id = ?", [columns[2].id, deals[5].id])
        #expect(try counts() == [1, 2, 3])
        try store.deleteColumn(id: columns[2].id)
        #expect(try store.boardPage(id: board.id, pageSize: 2).columns.map(\.count) == [1, 2])
        let other = try store.addBoard(name: "Outro")
        let target = try store.addColumn(boardID: other.id, name: "A")
        _ = try store.deleteBoard(id: board.id, moveDealsTo: other.id)
        #expect(try store.boardPage(id: other.id, pageSize: 2).columns.map(\.count) == [3])
        #expect(try store.cardPage(columnID: target.id, request: .first, limit: 5).count == 3)
    }

    @Test func filteringIsDoneByTheDatabaseOnTitleContactCompanyAndPhoneDigits() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        let clinic = try store.addDeal(NewDeal(columnID: columns[0].id, title: "Orçamento Clínica", contactName: "Ana",
                                               phone: "11987650001"))
        let joao = try store.addDeal(NewDeal(columnID: columns[1].id, title: "Site", contactName: "João Conceição",
                                             phone: "21987650002"))
        let padaria = try store.addDeal(NewDeal(columnID: columns[1].id, title: "Pães", contactName: "Rita",
                                                phone: "31987650003", company: "Padaria Estrela Ltda"))
        let percent = try store.addDeal(NewDeal(columnID: columns[2].id, title: "Desconto 10% à vista", contactName: "Bia",
                                                phone: "41987650004"))
        func matches(_ filter: String) throws -> [[Int64]] {
            try store.boardPage(id: board.id, filter: filter, pageSize: 10).columns.map { $0.cards.map(\.id) }
        }
        #expect(try matches("CLINICA") == [[clinic.id], [], []], "case and accents are ignored")
        #expect(try matches("joao conc") == [[], [joao.id], []])
        #expect(try matches("estrela") == [[], [padaria.id], []], "the company counts")
        #expect(try matches("21 98765") == [[], [joao.id], []])
        #expect(try matches("(21) 98765-0002") == [[], [joao.id], []], "a phone typed with punctuation matches its digits")
        #expect(try matches("987650003") == [[], [padaria.id], []])
        #expect(try matches("10%") == [[], [], [percent.id]] && (try matches("1_%")) == [[], [], []],
                "LIKE's wildcards are taken literally")
        #expect(try matches("   ") == [[clinic.id], [joao.id, padaria.id], [percent.id]], "blank is no filter")
        let filtered = try store.boardPage(id: board.id, filter: "a", pageSize: 10)
        #expect(filtered.filter == "a")
        #expect(filtered.columns.map(\.count) == [1, 2, 1])
        #expect(filtered.columns.map(\.matching) == filtered.columns.map(\.cards.count))

        // Renaming the contact, editing the title or the company: the search text follows in the same write.
        try store.updateDeal(id: clinic.id, title: "Implantes", contactName: "Ana", phone: "11987650001", valueCents: nil)
        #expect(try matches("clinica") == [[], [], []] && (try matches("implantes")) == [[clinic.id], [], []])
        _ = try store.addDeal(NewDeal(columnID: columns[0].id, title: "Outra", contactName: "Joana Dark", phone: "21987650002"))
        #expect(try matches("joao") == [[], [], []], "the contact was renamed by the second deal with its number")
        #expect(try matches("joana").joined().count == 2)
        // A deal written by another program has no search text yet: the filter fills it before it reads.
        try store.writeBehind("UPDATE contact SET company = 'Ótica Visão' WHERE id = ?", [percent.contactID])
        #expect(try matches("otica visao") == [[], [], [percent.id]])
    }

    @Test func filteredPagesCountOnlyTheCardsThatPass() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns, deals) = try filled(store, count: 40)
        // "Deal 1", "Deal 10"…"Deal 19": eleven match "deal 1".
        let expected = deals.filter { $0.title.hasPrefix("Deal 1") }.map(\.id)
        let first = try store.cardPage(columnID: columns[0].id, filter: "deal 1", request: .first, limit: 4)
        #expect(first.matching == 11 && first.count == 40 && first.filter == "deal 1")
        #expect(first.cards.map(\.id) == Array(expected[0..<4]) && first.firstIndex == 0)
        let next = try store.cardPage(columnID: columns[0].id, filter: "deal 1",
                                      request: .after(CardKey(try #require(first.cards.last))), limit: 4)
        #expect(next.cards.map(\.id) == Array(expected[4..<8]) && next.firstIndex == 4)
        let last = try store.cardPage(columnID: columns[0].id, filter: "deal 1", request: .last, limit: 4)
        #expect(last.cards.map(\.id) == Array(expected[7..<11]) && last.firstIndex == 7)
        let around = try store.cardPage(columnID: columns[0].id, filter: "deal 1", request: .around(dealID: expected[5]), limit: 4)
        #expect(around.cards.map(\.id) == Array(expected[3..<7]) && around.firstIndex == 3)
        let notMatching = try store.cardPage(columnID: columns[0].id, filter: "deal 1", request: .around(dealID: deals[2].id),
                                             limit: 4)
        #expect(notMatching.cards.map(\.id) == Array(expected[0..<4]), "a deal the filter hides gives the first page")
    }

    @Test(.sqliteOnly("reads SQLite's query planner (EXPLAIN QUERY PLAN)")) func theReadsOfEverySecondAndOfEachPageWalkTheirIndexes() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        _ = try filled(store, count: 3)
        let queue = try DatabaseQueue(path: store.path)
        defer { try? queue.close() }
        func plan(_ sql: String, _ arguments: StatementArguments = []) throws -> String {
            try queue.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
                    .joined(separator: "; ")
            }
        }
        // The figures' per-column schedule, read every second: not a walk of every deal in column order.
        #expect(try plan(Store.columnScheduleSQL, [0]).contains("deal_by_due"))
        // Today's replies: by time, not every message.
        #expect(try plan("SELECT COUNT(*) FROM message m WHERE m.author = 'customer' AND m.at >= ?", [0])
            .contains("message_customer_by_time"))
        // A page after a key and a reschedule batch: range searches.
        #expect(try plan("""
            SELECT d.id FROM deal d WHERE d.column_id = ? AND d.position >= ? AND (d.position > ? OR d.id > ?)
            ORDER BY d.position, d.id LIMIT 64
            """, [1, 5, 5, 9]).contains("deal_by_column_order (column_id=? AND position>?)"))
        #expect(try plan("SELECT id FROM deal WHERE column_id = ? AND id >= ? ORDER BY id LIMIT 500", [1, 5])
            .contains("deal_by_column_id (column_id=? AND rowid>?)"))
    }

    @Test(.sqliteOnly("upgrades an SQLite file made by an earlier Retoma (GRDB migrations)")) func anEarlierDatabaseGainsCountsAndSearchTexts() throws {
        let scratch = try Scratch()
        let path = scratch.path("v5.db")
        do {
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue, upTo: "v5")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO board (name) VALUES ('Vendas');
                    INSERT INTO board_column (board_id, name, position) VALUES (1, 'A', 0);
                    INSERT INTO board_column (board_id, name, position) VALUES (1, 'B', 1);
                    INSERT INTO contact (name, phone, company) VALUES ('Zé Ninguém', '+5511987654321', 'Açaí da Praia');
                    INSERT INTO deal (column_id, position, title, contact_id, created_at) VALUES (1, 0, 'Um', 1, 0);
                    INSERT INTO deal (column_id, position, title, contact_id, created_at) VALUES (1, 1, 'Dois', 1, 0);
                    INSERT INTO deal (column_id, position, title, contact_id, created_at) VALUES (2, 0, 'Três', 1, 0);
                    """)
            }
            try queue.close()
        }
        let store = try Store(path: path)
        defer { try? store.close() }
        let page = try store.boardPage(id: 1, filter: "acai", pageSize: 10)
        #expect(page.columns.map(\.count) == [2, 1] && page.columns.map(\.matching) == [2, 1])
        #expect(try store.boardPage(id: 1, filter: "tres", pageSize: 10).columns.map(\.matching) == [0, 1])
    }
}
