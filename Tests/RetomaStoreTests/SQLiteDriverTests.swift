import Foundation
import RetomaCore
@testable import RetomaStore
import Testing
import StoreTestBackend

/// The SQLite driver behind the database seam, and the store on a database opened by its driver.
@Suite("SQLite driver", .sqliteOnly("the SQLite driver itself; RetomaPostgresTests hold the PostgreSQL driver's"))
struct SQLiteDriverTests {
    @Test func aStoreRunsOnADatabaseItsDriverOpened() throws {
        let scratch = try Scratch()
        let path = scratch.path("retoma.db")
        let database = try SQLiteDatabase(path: path)
        let store = Store(database: database, now: { Fixture.now })
        #expect(store.path == path && database.displayName == path)
        let before = try store.dataVersion()
        let board = try store.addBoard(name: "Vendas")
        #expect(try store.boardListings().map(\.id) == [board.id])
        // A write of its own connection leaves the change counter alone: it counts other connections' commits.
        #expect(try store.dataVersion() == before)
        try store.close()
        #expect(try scratch.files() == ["retoma.db"])
    }

    @Test func anotherProcessesCommitIsSeenAtOnceAndIdleLooksAskTheFileNothing() throws {
        let scratch = try Scratch()
        let path = scratch.path("retoma.db")
        let watcher = Store(database: try SQLiteDatabase(path: path), now: { Fixture.now })
        defer { try? watcher.close() }
        #expect(watcher.dataVersionIsLocal, "the kernel watches the file")
        let before = try watcher.dataVersion()
        // Another program's connection (another process, as far as SQLite's counter goes).
        let other = Store(database: try SQLiteDatabase(path: path), now: { Fixture.now })
        defer { try? other.close() }
        Thread.sleep(forTimeInterval: 1.1)  // past the once-a-second read: only a write can move the counter now
        let written = Date()
        _ = try other.addBoard(name: "Vendas")
        var seen: TimeInterval?
        while seen == nil && Date().timeIntervalSince(written) < 2 {
            if try watcher.dataVersion() != before { seen = Date().timeIntervalSince(written) }
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect((seen ?? .infinity) < 0.5, "seen after \(seen.map { "\($0) s" } ?? "never")")
        // Idle: looks in between answer from this process, the same counter, and take no time on the file.
        let version = try watcher.dataVersion()
        let started = Date()
        for _ in 0..<200 { #expect(try watcher.dataVersion() == version) }
        #expect(Date().timeIntervalSince(started) < 0.5)
    }

    @Test func aRefusedStatementSaysWhichRuleWithoutTheBoundValues() throws {
        let scratch = try Scratch()
        let database = try SQLiteDatabase(path: scratch.path("retoma.db"))
        defer { try? database.close() }
        try database.write { db in try db.execute(sql: "INSERT INTO board (name) VALUES (?)", arguments: ["Segredo-4471"]) }
        let error = try #require(throws: SQLError.self) {
            try database.write { db in
                try db.execute(sql: "INSERT INTO board (name) VALUES (?)", arguments: ["Segredo-4471"])
            }
        }
        #expect(error.kind == .constraint)
        #expect(error.message.contains("UNIQUE") && !error.message.contains("Segredo-4471"))
        // The refused transaction left nothing: still the one board.
        #expect(try database.read { try $0.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM board") } == 1)
        // The store tells the seam's kinds apart: a damaged file is named, the rest reads as the message.
        #expect(Store.storeError(from: SQLError(.notADatabase, "file is not a database"), path: "x.db")
                == .notADatabase(path: "x.db"))
        #expect(Store.storeError(from: error, path: "x.db") == .io(error.message))
    }

    @Test func aLoopOverRowsMayWriteAsItReads() throws {
        let scratch = try Scratch()
        let database = try SQLiteDatabase(path: scratch.path("retoma.db"))
        defer { try? database.close() }
        let names = try database.write { db -> [String] in
            for name in ["A", "B", "C"] { _ = try db.insert(sql: "INSERT INTO board (name) VALUES (?)", arguments: [name]) }
            var seen: [Int64] = []
            try db.forEachRow(sql: "SELECT id, name FROM board ORDER BY id") { row in
                seen.append(row[0])
                guard seen.count <= 3 else { throw SQLError(.other, "the loop started over") }
                // The same statement text the loop steps through, run again inside it.
                _ = try db.fetchAll(sql: "SELECT id, name FROM board ORDER BY id")
                try db.execute(sql: "UPDATE board SET name = ? WHERE id = ?", arguments: [(row["name"] as String) + "!", row[0] as Int64])
            }
            #expect(seen.count == 3)
            return try db.fetchAll(String.self, sql: "SELECT name FROM board ORDER BY id")
        }
        #expect(names == ["A!", "B!", "C!"])
    }

    @Test func insertGivesTheNewIdAndExecuteTheRowsChanged() throws {
        let scratch = try Scratch()
        let database = try SQLiteDatabase(path: scratch.path("retoma.db"))
        defer { try? database.close() }
        try database.write { db in
            let first = try db.insert(sql: "INSERT INTO board (name) VALUES (?)", arguments: ["A"])
            let second = try db.insert(sql: "INSERT INTO board (name) VALUES (?)", arguments: ["B"])
            #expect(second == first + 1)
            #expect(try db.fetchOne(Int64.self, sql: "SELECT id FROM board WHERE name = 'B'") == second)
            #expect(try db.execute(sql: "INSERT INTO board (name) VALUES (?), (?)", arguments: ["C", "D"]) == 2)
            #expect(try db.execute(sql: "UPDATE board SET name = name || '.' WHERE id > ?", arguments: [first]) == 3)
        }
    }

    /// A follow-up's message id is taken when its send starts; the message is written later.
    @Test func aReservedIdIsNeverTakenByALaterInsert() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let board = try store.addBoard(name: "Vendas")
        let column = try store.addColumn(boardID: board.id, name: "Entrada")
        let deal = try store.addDeal(NewDeal(columnID: column.id, title: "Proposta", contactName: "Ana", phone: "11987654321"))
        let first = try store.addMessage(dealID: deal.id, author: .agent, text: "Olá", at: Fixture.now)
        let (reserved, next, last) = try store.write { db in
            let reserved = try db.reserveID(in: "message")
            let next = try db.insert(sql: "INSERT INTO message (deal_id, author, text, at) VALUES (?, 'agent', 'x', 0)",
                                     arguments: [deal.id])
            try db.execute(sql: "DELETE FROM message WHERE id = ?", arguments: [next])
            return (reserved, next, try db.lastID(in: "message"))
        }
        #expect(reserved == first.id + 1)
        #expect(next == reserved + 1)
        // Gone from the table, still given out: ids counted on from here collide with nothing.
        #expect(last == next)
    }

    @Test func theDialectsSpellWhatDiffers() {
        #expect(SQLDialect.sqlite.indexHint("deal_by_due") == "INDEXED BY deal_by_due")
        #expect(SQLDialect.postgres.indexHint("deal_by_due") == "")
        #expect(SQLDialect.sqlite.joinInOrder == "CROSS JOIN" && SQLDialect.postgres.joinInOrder == "JOIN")
        #expect(CardSearch.query("ana", operatorName: "ana", dialect: .postgres)?.sql.contains("search_text ILIKE ?") == true)
        #expect(CardSearch.query("ana", operatorName: "ana")?.sql.contains("search_text LIKE ?") == true)
        #expect(sqlPlaceholders(count: 3) == "?, ?, ?")
    }
}
