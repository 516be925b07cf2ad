import Foundation
import RetomaCore
@testable import RetomaStore
import Testing
import StoreTestBackend

/// The column's daily limit in the database (migration v5) and the one loader of the decision context.
@Suite("Daily limit and decision context in the store")
struct DailyLimitStoreTests {
    let number = SendingNumber(sender: "+5511900000000", governor: .standard, window: .unrestricted)

    @Test func theLimitIsSavedReadAndNoneByDefault() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        #expect(try store.column(id: columns[0].id).followUp.maxPerDay == 0)
        var config = FollowUpConfig.off
        config.maxPerDay = 15
        try store.setFollowUp(columnID: columns[0].id, config: config)
        #expect(try store.column(id: columns[0].id).followUp.maxPerDay == 15)
        #expect(try scratch.store().column(id: columns[0].id).followUp == config, "kept across a reopen")
        // The database refuses a negative one even from outside the store.
        #expect(throws: SQLError.self) { try store.writeBehind("UPDATE board_column SET fu_max_per_day = -1") }
    }

    /// A database from before v5 (its columns have no limit) upgrades in place, keeping its settings.
    @Test(.sqliteOnly("upgrades an SQLite file made by an earlier Retoma (GRDB migrations)")) func anOlderDatabaseGainsTheColumnWithNoLimit() throws {
        let scratch = try Scratch()
        let path = try scratch.olderDemoDatabase("old.db", undo: [
            "DROP INDEX followup_attempt_by_sending",
            "ALTER TABLE board_column DROP COLUMN fu_max_per_day",
            "DELETE FROM grdb_migrations WHERE identifier = 'v5'",
        ])
        let store = try Store(path: path)
        let board = try #require(try store.firstBoardID())
        let columns = try store.loadBoard(id: board).columns
        #expect(columns.map(\.cards.count).reduce(0, +) == 8)
        #expect(columns.allSatisfy { $0.column.followUp.maxPerDay == 0 })
    }

    @Test func theLoaderReadsTodaysSendsPerColumnAndTheNumbersHistory() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        var config = FollowUpConfig.off
        config.enabled = true
        config.businessHoursOnly = false
        config.interval = Interval(amount: 1, unit: .minutes)
        try store.setFollowUp(columnID: columns[0].id, config: config)
        let deals = try (0..<3).map { n in
            let d = try Fixture.deal(store, column: columns[0].id, title: "D\(n)", phone: "1198765432\(n)")
            try store.addMessage(dealID: d.id, author: .agent, text: "Oi",
                                 at: BrazilTime.startOfDay(Fixture.now).addingTimeInterval(-7200))
            return d
        }
        func plan(_ deal: Deal, at instant: Date) throws -> Attempt {
            guard case .planned(let attempt) = try store.planAttempt(dealID: deal.id, holderID: "me", at: instant,
                                                                     number: number) else {
                throw StoreError.notFound(entity: "planned attempt", id: deal.id)
            }
            return attempt
        }
        // Yesterday's send (Brasília): in the history only while the last hour reaches it, never in today's count.
        let lastNight = BrazilTime.startOfDay(Fixture.now).addingTimeInterval(-60)
        _ = try store.acquireLease(holderID: "me", pid: 1, host: "h", at: lastNight, ttl: 6)
        let old = try plan(deals[0], at: lastNight)
        _ = try store.markGenerating(attemptID: old.id, at: lastNight)
        _ = try store.markReady(attemptID: old.id, text: "Oi de novo", model: "m", at: lastNight)
        guard case .sending = try store.beginSending(attemptID: old.id, holderID: "me", at: lastNight, number: number) else {
            Issue.record("yesterday's send should start"); return
        }
        try store.recordSent(attemptID: old.id, channelMessageID: "wamid.1", deliveryStatus: .sent, at: lastNight)
        _ = try store.acquireLease(holderID: "me", pid: 1, host: "h", at: Fixture.now, ttl: 6)
        let planned = try plan(deals[1], at: Fixture.now)

        let context = try store.policyContext(for: number, at: Fixture.now)
        #expect(context.columnSendsToday == [columns[0].id: 1], "the one in flight counts; yesterday's does not")
        #expect(context.sendHistory.isEmpty, "12:00 UTC is 09:00 in Brasília: yesterday's send is past every cap")
        #expect(try store.policyContext(for: number, at: BrazilTime.startOfDay(Fixture.now).addingTimeInterval(60))
                .sendHistory.count == 1)
        #expect(context.calendar == BusinessCalendar() && !context.paused && context.number == number)
        // Another number's history is its own.
        let other = SendingNumber(sender: "+5521900000000", governor: .standard, window: .unrestricted)
        #expect(try store.policyContext(for: other, at: BrazilTime.startOfDay(Fixture.now).addingTimeInterval(60))
                .sendHistory.isEmpty)
        try store.pauseSending(reason: .operator, detail: nil, at: Fixture.now)
        #expect(try store.policyContext(for: number, at: Fixture.now).paused)
        try store.resumeSending()

        // With a limit of one a day, the planned attempt still goes out: it does not count against itself…
        config.maxPerDay = 1
        try store.setFollowUp(columnID: columns[0].id, config: config)
        _ = try store.markGenerating(attemptID: planned.id, at: Fixture.now)
        _ = try store.markReady(attemptID: planned.id, text: "Tudo certo?", model: "m", at: Fixture.now)
        guard case .sending = try store.beginSending(attemptID: planned.id, holderID: "me", at: Fixture.now, number: number) else {
            Issue.record("the attempt within the limit must go out"); return
        }
        try store.recordSent(attemptID: planned.id, channelMessageID: "wamid.2", deliveryStatus: .sent, at: Fixture.now)
        // …and the next deal waits for tomorrow.
        guard case .waiting(let decision) = try store.planAttempt(dealID: deals[2].id, holderID: "me", at: Fixture.now,
                                                                  number: number) else {
            Issue.record("the third deal is over the limit"); return
        }
        #expect(decision.reason == .columnDailyLimit)
        #expect(decision.dueAt == BrazilTime.startOfNextDay(after: Fixture.now))
        #expect(try store.dealFollowUp(id: deals[2].id).dueAt == BrazilTime.startOfNextDay(after: Fixture.now))
    }
}
