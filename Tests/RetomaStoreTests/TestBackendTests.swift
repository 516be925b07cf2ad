import Foundation
import RetomaCore
import RetomaStore
import StoreTestBackend
import Testing

/// The suite really runs on the backend RETOMA_TEST_BACKEND names (a misread variable would run SQLite twice).
@Suite("Test backend")
struct TestBackendTests {
    @Test func storesAreOnTheNamedBackendAndEachNameIsOneDatabase() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        switch TestBackend.current {
        case .sqlite: #expect(store.path == scratch.path("retoma.db"))
        case .postgres: #expect(store.path.hasPrefix("postgres://") && !FileManager.default.fileExists(atPath: scratch.path("retoma.db")))
        }
        let board = try store.addBoard(name: "Funil")
        #expect(try scratch.store().boardListings().map(\.id) == [board.id], "the same name opens the same data")
        #expect(try scratch.store("other.db").boardListings().isEmpty, "another name is another database")
    }
}
