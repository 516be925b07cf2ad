import Foundation
@testable import RetomaStore
import RetomaCore
import Testing

/// The board's size target (10,000 deals) seeds and loads whole; its speed is measured by bench/board.sh,
/// not asserted here, so a busy machine cannot make this test flaky.
@Suite("A board of 10,000 deals")
struct LargeBoardTests {
    @Test func seedAndLoadTenThousandDeals() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        #expect(try store.seedDemo(deals: 10_000, now: Fixture.now))
        let boardID = try #require(try store.firstBoardID())
        let snapshot = try store.loadBoard(id: boardID)
        #expect(snapshot.columns.map(\.cards.count).reduce(0, +) == 10_000)
        for column in snapshot.columns {
            #expect(column.cards.map(\.position) == Array(0..<column.cards.count), "positions stay dense in \(column.column.name)")
        }
    }
}
