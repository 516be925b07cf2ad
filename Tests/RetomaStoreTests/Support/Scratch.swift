import Foundation
import RetomaCore
import RetomaStore
import StoreTestBackend

/// A private temporary folder for one test, removed when the test lets go of it.
final class Scratch {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("retoma-store-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Names of the files in the folder, sorted.
    func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    /// The test's databases by name, made on first use: files in the folder, or databases on the PostgreSQL
    /// test server under RETOMA_TEST_BACKEND=postgres (dropped with the scratch).
    private var databases: [String: TestDatabase] = [:]

    func database(_ name: String = "retoma.db") throws -> TestDatabase {
        if let known = databases[name] { return known }
        let made = try TestDatabase(file: path(name))
        databases[name] = made
        return made
    }

    /// A store with a fixed clock on the database `name` (fresh the first time; the same data again after).
    func store(_ name: String = "retoma.db", now: Date = Fixture.now, operatorName: String = OperatorName.loginName)
        throws -> Store {
        try database(name).open(now: { now }, operatorName: operatorName)
    }
}

enum Fixture {
    /// 2026-03-10 12:00:00 UTC, a Tuesday.
    static let now = Date(timeIntervalSince1970: 1_773_144_000)

    /// A board "Funil" with columns A, B, C.
    static func board(_ store: Store) throws -> (board: Board, columns: [Column]) {
        let board = try store.addBoard(name: "Funil")
        let columns = try ["A", "B", "C"].map { try store.addColumn(boardID: board.id, name: $0) }
        return (board, columns)
    }

    @discardableResult
    static func deal(_ store: Store, column: Int64, title: String, phone: String = "11987654321",
                     contact: String = "Maria Souza") throws -> Deal {
        try store.addDeal(NewDeal(columnID: column, title: title, contactName: contact, phone: phone))
    }

    /// Card titles of each column, left to right.
    static func titles(_ store: Store, board: Int64) throws -> [[String]] {
        try store.loadBoard(id: board).columns.map { $0.cards.map(\.title) }
    }
}

/// Everything the public API can see, to prove a refused operation changed nothing.
struct StoreDump: Equatable {
    var listings: [BoardListing]
    var boards: [BoardSnapshot]
    var details: [DealDetail]

    init(_ store: Store) throws {
        listings = try store.boardListings()
        boards = try listings.map { try store.loadBoard(id: $0.id) }
        details = try boards.flatMap { $0.columns.flatMap { $0.cards.map(\.id) } }.map { try store.dealDetail(id: $0) }
    }
}
