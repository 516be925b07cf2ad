import Foundation
import GRDB
@testable import RetomaStore
import RetomaCore
import Testing
import StoreTestBackend

@Suite("A column's own pause")
struct ColumnPauseStoreTests {
    @Test func pausingKeepsTheSettingsAndDropsTheDueTimesResumingBringsThemBack() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        #expect(try store.seedDemo(deals: 40, now: Fixture.now))
        let board = try #require(try store.firstBoardID())
        let column = try store.loadBoard(id: board).columns[0]
        var config = column.column.followUp
        config.enabled = true
        config.businessHoursOnly = false
        config.interval = Interval(amount: 1, unit: .minutes)
        _ = try store.setFollowUp(columnID: column.column.id, config: config)
        let ids = Set(column.cards.map(\.id))
        let scheduled = { try Set(store.followUpSchedule(boardID: board).keys).intersection(ids) }
        #expect(try !scheduled().isEmpty, "an enabled column schedules its silent deals")

        config.paused = true
        let saved = try store.setFollowUp(columnID: column.column.id, config: config)
        #expect(saved.followUp.paused && saved.followUp.enabled && saved.followUp.interval == config.interval)
        #expect(try scheduled().isEmpty, "a paused column gives the engine nothing to wake for")
        #expect(try store.loadBoard(id: board).columns[0].column.followUp.paused, "the pause survives a reload")

        config.paused = false
        _ = try store.setFollowUp(columnID: column.column.id, config: config)
        #expect(try !scheduled().isEmpty)
    }
}

@Suite("Upgrading a database made before the per-column pause", .sqliteOnly("upgrades an SQLite file made by an earlier Retoma (GRDB migrations)"))
struct ColumnPauseUpgradeTests {
    @Test func anEarlierV2DatabaseGetsThePauseColumnAndKeepsItsData() throws {
        // Rebuild the database as the earlier v2 left it: no fu_paused, no v4 recorded.
        let scratch = try Scratch()
        let path = try scratch.olderDemoDatabase("old.db", undo: [
            "ALTER TABLE board_column DROP COLUMN fu_paused",
            "DELETE FROM grdb_migrations WHERE identifier = 'v4'",
        ])
        let store = try Store(path: path)
        let board = try #require(try store.firstBoardID())
        let snapshot = try store.loadBoard(id: board)
        #expect(snapshot.columns.map(\.cards.count).reduce(0, +) == 8)
        #expect(snapshot.columns.allSatisfy { !$0.column.followUp.paused })
    }
}
