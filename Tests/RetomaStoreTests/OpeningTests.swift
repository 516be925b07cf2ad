import Foundation
import GRDB
import RetomaCore
import RetomaStore
import Testing
import StoreTestBackend

@Suite("Opening a database file", .sqliteOnly("opening SQLite files: WAL, empty, foreign, newer and corrupt files"))
struct OpeningTests {
    @Test func createsTheFileAndItsFolders() throws {
        let scratch = try Scratch()
        let path = scratch.path("deep/er/retoma.db")
        let store = try Store(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try store.boardListings().isEmpty)
        #expect(try store.firstBoardID() == nil)
    }

    @Test func appliesTheMigrationsInWALMode() throws {
        let scratch = try Scratch()
        let path = scratch.path("retoma.db")
        _ = try Store(path: path)
        let queue = try DatabaseQueue(path: path)
        let (migrations, tables, journalMode) = try queue.read { db in
            (try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"),
             try Set(String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")),
             try String.fetchOne(db, sql: "PRAGMA journal_mode"))
        }
        #expect(migrations == ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14"])
        #expect(tables.isSuperset(of: ["board", "board_column", "contact", "deal", "message", "followup_attempt",
                                       "send_log", "engine_lease", "engine_settings", "early_delivery_status",
                                       "unassigned_conversation", "unassigned_message"]))
        #expect(journalMode == "wal")
    }

    @Test func reopensAnExistingDatabaseWithItsData() throws {
        let scratch = try Scratch()
        let board: Board
        do {
            let store = try scratch.store()
            board = try store.addBoard(name: "Vendas")
            _ = try store.addColumn(boardID: board.id, name: "Prospecção")
        }
        let reopened = try scratch.store()
        #expect(try reopened.boardListings().map(\.name) == ["Vendas"])
        #expect(try reopened.loadBoard(id: board.id).columns.map(\.column.name) == ["Prospecção"])
    }

    @Test func acceptsAnEmptyFileAsANewDatabase() throws {
        let scratch = try Scratch()
        let path = scratch.path("empty.db")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let store = try Store(path: path)
        #expect(try store.addBoard(name: "Vendas").name == "Vendas")
    }

    @Test(arguments: [
        Data("name,phone\nMaria,+5511987654321\n".utf8),
        Data("SQLite format 2\0 and then some more bytes".utf8),
        Data([0x53, 0x51]),
    ])
    func refusesAFileThatIsNotSQLiteAndLeavesItUntouched(contents: Data) throws {
        let scratch = try Scratch()
        let path = scratch.path("contacts.csv")
        #expect(FileManager.default.createFile(atPath: path, contents: contents))
        #expect(throws: StoreError.notADatabase(path: path)) { try Store(path: path) }
        #expect(FileManager.default.contents(atPath: path) == contents)
        #expect(try scratch.files() == ["contacts.csv"])
    }

    @Test func refusesADatabaseWrittenByANewerRetoma() throws {
        let scratch = try Scratch()
        let path = scratch.path("retoma.db")
        do {
            let store = try Store(path: path)
            _ = try store.addBoard(name: "Vendas")
        }
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v999-from-the-future')")
            }
            try queue.close()
        }
        let before = try #require(FileManager.default.contents(atPath: path))
        let filesBefore = try scratch.files()
        #expect(throws: StoreError.newerSchema(path: path)) { try Store(path: path) }
        #expect(FileManager.default.contents(atPath: path) == before)
        let filesAfter = try scratch.files()
        #expect(filesAfter == filesBefore)
    }

    @Test func refusesAnotherProgramsSQLiteDatabase() throws {
        let scratch = try Scratch()
        let path = scratch.path("other.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in try db.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)") }
            try queue.close()
        }
        let before = try #require(FileManager.default.contents(atPath: path))
        #expect(throws: StoreError.foreignDatabase(path: path)) { try Store(path: path) }
        #expect(FileManager.default.contents(atPath: path) == before)
    }

    @Test func refusesADirectory() throws {
        let scratch = try Scratch()
        #expect {
            try Store(path: scratch.directory.path)
        } throws: { error in
            guard case .io(let reason) = error as? StoreError else { return false }
            return reason.contains("is a directory")
        }
    }

    @Test func errorMessagesAreOneLineInBothLanguages() {
        let errors: [StoreError] = [
            .notADatabase(path: "/tmp/x.csv"), .foreignDatabase(path: "/tmp/o.db"), .newerSchema(path: "/tmp/r.db"),
            .notFound(entity: "deal", id: 42), .invalid(.emptyTitle), .io("disk I/O error"),
            .invalid(.phone(raw: "12ab", problem: .invalidCharacters("a"))),
        ]
        for error in errors {
            for lang in [Lang.en, Lang.pt] {
                let text = error.message(lang)
                #expect(!text.isEmpty && !text.contains("\n"), "\(error) in \(lang)")
            }
        }
        #expect(StoreError.notFound(entity: "deal", id: 42).message == "there is no deal with id 42")
        #expect(StoreError.notFound(entity: "deal", id: 42).message(.pt) == "não existe negociação com id 42")
        #expect(StoreError.notADatabase(path: "/tmp/x.csv").message.contains("/tmp/x.csv"))
    }
}

@Suite("Closing a database file", .sqliteOnly("the SQLite file left after close (no -wal or -shm)"))
struct ClosingTests {
    @Test func closeLeavesOneSelfContainedFile() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        #expect(try store.seedDemo(deals: 5, now: Fixture.now))
        _ = try store.loadBoard(id: try #require(try store.firstBoardID()))
        try store.close()
        #expect(try scratch.files() == ["retoma.db"])
        #expect(try scratch.store().boardListings()[0].columns.map(\.dealCount).reduce(0, +) == 5)
        #expect(throws: StoreError.self) { try store.boardListings() }
    }
}
