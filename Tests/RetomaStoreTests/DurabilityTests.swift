import Foundation
import RetomaStore
import Testing

@Suite("Durability of commits")
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
