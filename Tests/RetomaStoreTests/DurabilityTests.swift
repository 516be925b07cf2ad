import Foundation
import GRDB
import RetomaStore
import Testing
import StoreTestBackend

@Suite("Durability of commits", .sqliteOnly("SQLite's synchronous pragma on the file"))
struct DurabilityTests {
    /// NORMAL (1), GRDB's WAL default, can lose the last commits on a power loss; the ledger needs FULL (2).
    @Test func theWritingConnectionSyncsEveryCommit() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        #expect(try store.synchronousLevel() == 2)
        // Still FULL after the writer has done real work (GRDB must not reset it per transaction).
        _ = try store.addBoard(name: "Vendas")
        #expect(try store.synchronousLevel() == 2)
    }

    @Test func reopeningAnExistingFileKeepsItFull() throws {
        let scratch = try Scratch()
        let path = scratch.path("retoma.db")
        do { let store = try Store(path: path); try store.close() }
        let store = try Store(path: path)
        #expect(try store.synchronousLevel() == 2)
    }
}

@Suite("Opening while another process holds the file", .sqliteOnly("SQLite's file lock"))
struct BusyOpeningTests {
    /// A connection in exclusive locking mode keeps every other one out, as a process recovering the log after
    /// a crash does for a moment. Opening must wait for it, not fail at once with "database is locked".
    @Test func openingWaitsForTheLockInsteadOfFailing() throws {
        let scratch = try Scratch()
        let path = scratch.path("retoma.db")
        do { let store = try Store(path: path); try store.close() }
        let holder = try DatabaseQueue(path: path)
        try holder.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE")
            try db.execute(sql: "BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS held (x); COMMIT")
        }
        let released = DispatchSemaphore(value: 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + 1) {
            try? holder.close()
            released.signal()
        }
        let store = try Store(path: path)
        #expect(try store.synchronousLevel() == 2)
        try store.close()
        released.wait()
    }
}
