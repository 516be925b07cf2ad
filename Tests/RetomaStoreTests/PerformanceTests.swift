import Foundation
import RetomaStore
import Testing

/// Guards against per-deal queries creeping in. The limits are for a debug build on a shared
/// 2-core machine; a release build loads 10,000 cards in about 10-20 ms and seeds them in 2-3 s.
@Suite("Performance with 10,000 deals")
struct PerformanceTests {
    @Test func seedAndLoadTenThousandDeals() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let clock = ContinuousClock()
        var seeded = false
        let seeding = try clock.measure { seeded = try store.seedDemo(deals: 10_000, now: Fixture.now) }
        #expect(seeded)
        let boardID = try #require(try store.firstBoardID())
        var snapshot = try store.loadBoard(id: boardID)
        let loading = try clock.measure { snapshot = try store.loadBoard(id: boardID) }
        #expect(snapshot.columns.map(\.cards.count).reduce(0, +) == 10_000)
        #expect(seeding < .seconds(30), "seeding took \(seeding)")
        #expect(loading < .milliseconds(500), "loading took \(loading)")
    }
}
