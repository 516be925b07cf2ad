import Foundation
@testable import RetomaStore
import RetomaCore
import Testing
import StoreTestBackend

/// Saving a column's settings reschedules its deals in short batches; the result must be the one a single
/// transaction gives, whatever happens between the batches.
@Suite("Batched reschedule")
struct RescheduleTests {
    static let now = Fixture.now

    static func config(hours: Int, enabled: Bool = true, businessHours: Bool = false, max: Int = 3) -> FollowUpConfig {
        FollowUpConfig(enabled: enabled, interval: Interval(amount: hours, unit: .hours), businessHoursOnly: businessHours,
                       sendAfterClose: false, instructions: "", extraInfo: "", maxAttempts: max, onMax: .none)
    }

    /// A board whose first column holds 60 deals in every state the schedule knows: silent for various times,
    /// answered by the customer, closed tickets, the maximum reached, attempts in flight.
    static func seeded(_ store: Store) throws -> (column: Int64, other: Int64) {
        let (_, columns) = try Fixture.board(store)
        let column = columns[0].id
        try store.setFollowUp(columnID: column, config: config(hours: 2))
        for i in 0..<60 {
            let deal = try store.addDeal(NewDeal(columnID: column, title: "Deal \(i)", contactName: "Cliente \(i)",
                                                 phone: "1198700\(String(format: "%04d", i))", ticketClosed: i % 11 == 3))
            let ours = now.addingTimeInterval(-Double(600 + i * 1_700))
            try store.addMessage(dealID: deal.id, author: .customer, text: "Oi", at: ours.addingTimeInterval(-60))
            try store.addMessage(dealID: deal.id, author: .agent, text: "Segue a proposta", at: ours)
            if i % 7 == 0 { try store.addMessage(dealID: deal.id, author: .customer, text: "Vou ver", at: ours.addingTimeInterval(30)) }
            if i % 9 == 0 {
                for n in 1...3 {
                    try store.addMessage(dealID: deal.id, author: .followup, text: "Conseguiu ver? \(n)",
                                         at: ours.addingTimeInterval(Double(n * 60)))
                }
            }
        }
        // Attempts in flight on a few due deals: the new settings keep or cancel them.
        _ = try store.acquireLease(holderID: "me", pid: 1, host: "h", at: now, ttl: 60)
        let number = SendingNumber(sender: "s", governor: .standard, window: .unrestricted)
        for deal in try store.dueDeals(atOrBefore: now, limit: 4) {
            _ = try store.planAttempt(dealID: deal.dealID, holderID: "me", at: now, number: number)
        }
        return (column, columns[1].id)
    }

    /// Everything the schedule writes: each deal's due time, each attempt's state and reason.
    static func dump(_ store: Store) throws -> [String] {
        try (store.readBehind("SELECT id || ':' || column_id || ':' || COALESCE(CAST(fu_due_at AS TEXT), '-') FROM deal ORDER BY id")
            + store.readBehind("SELECT id || ':' || state || ':' || COALESCE(reason, '-') FROM followup_attempt ORDER BY id"))
            .map { $0[0] }
    }

    /// Two databases seeded alike (fresh databases hand out the same ids), on either backend.
    static func twins(_ scratch: Scratch) throws -> (Store, Store, column: Int64, other: Int64) {
        let a = try scratch.store("a.db", now: now), b = try scratch.store("b.db", now: now)
        let (column, other) = try seeded(a)
        guard try seeded(b) == (column, other) else { throw StoreError.io("the twins were seeded apart") }
        return (a, b, column, other)
    }

    /// The single-transaction way: settings and every deal of the column in one write.
    static func singleTransaction(_ store: Store, column: Int64, _ config: FollowUpConfig) throws {
        try store.setFollowUp(columnID: column, config: config, applyNow: false)
        let stamp = UnixTime.seconds(now)
        try store.write { db in
            try Schedule.refreshColumn(db, columnID: column, now: stamp)
            try db.execute(sql: "UPDATE board_column SET fu_reschedule_from = NULL WHERE id = ?", arguments: [column])
        }
    }

    @Test(arguments: [config(hours: 5), config(hours: 1, businessHours: true), config(hours: 2, enabled: false),
                      config(hours: 3, max: 0)])
    func batchesGiveWhatOneTransactionGives(_ config: FollowUpConfig) throws {
        let scratch = try Scratch()
        let (single, batched, column, _) = try Self.twins(scratch)
        try Self.singleTransaction(single, column: column, config)
        try batched.setFollowUp(columnID: column, config: config, applyNow: false)
        var batches = 0
        while try batched.rescheduleBatch(maxRows: 7) { batches += 1 }
        #expect(batches == 9, "60 deals, 7 a batch, and the last one that finds none left")
        #expect(try batched.pendingReschedules().isEmpty)
        let expected = try Self.dump(single)
        #expect(try Self.dump(batched) == expected)
        #expect(expected.contains { $0.hasSuffix(":-") } && expected.contains { !$0.hasSuffix(":-") },
                "some deals are scheduled and some are not: the comparison means something")
    }

    @Test func anInterruptedSaveIsCarriedOnFromItsMarkAfterARestart() throws {
        let scratch = try Scratch()
        let (single, batched, column, _) = try Self.twins(scratch)
        try Self.singleTransaction(single, column: column, Self.config(hours: 5))
        batched.failNextWrites("rescheduleBatch", times: 1)
        #expect(throws: StoreError.self) {
            try batched.setFollowUp(columnID: column, config: Self.config(hours: 5))
        }
        #expect(try batched.column(id: column).followUp.interval == Interval(amount: 5, unit: .hours), "the settings are saved")
        #expect(try batched.rescheduleBatch(maxRows: 10))
        let mark = try #require(try batched.pendingReschedules()[column])
        #expect(mark > 1, "ten deals done, the mark moved past them")
        try batched.close()
        let reopened = try scratch.store("b.db", now: Self.now)
        #expect(try reopened.pendingReschedules() == [column: mark], "the mark outlives the process")
        #expect(try reopened.continueReschedules() == false)
        #expect(try Self.dump(reopened) == (try Self.dump(single)))
    }

    @Test func dealsChangedBetweenBatchesEndRescheduledByTheirColumnsSettings() throws {
        let scratch = try Scratch()
        let store = try scratch.store(now: Self.now)
        let (column, other) = try Self.seeded(store)
        try store.setFollowUp(columnID: other, config: Self.config(hours: 1))
        try store.setFollowUp(columnID: column, config: Self.config(hours: 4), applyNow: false)
        #expect(try store.rescheduleBatch(maxRows: 20))
        // Between batches: a deal already done and one still to do leave, one arrives, one is new, one answers.
        try store.moveDeal(id: 3, toColumn: other)
        try store.moveDeal(id: 40, toColumn: other)
        let back = try store.addDeal(NewDeal(columnID: other, title: "Volta", contactName: "Rui", phone: "11911112222"))
        try store.addMessage(dealID: back.id, author: .agent, text: "Proposta", at: Self.now.addingTimeInterval(-20_000))
        try store.moveDeal(id: back.id, toColumn: column)
        try store.addMessage(dealID: 50, author: .customer, text: "Fechado!", at: Self.now.addingTimeInterval(-10))
        _ = try store.addDeal(NewDeal(columnID: column, title: "Nova", contactName: "Ana", phone: "11933334444"))
        #expect(try store.continueReschedules(for: nil, maxRows: 20) == false)
        // Nothing is left for a single transaction to change.
        let before = try Self.dump(store)
        let stamp = UnixTime.seconds(Self.now)
        try store.write { db in
            try Schedule.refreshColumn(db, columnID: column, now: stamp)
            try Schedule.refreshColumn(db, columnID: other, now: stamp)
        }
        #expect(try Self.dump(store) == before)
    }

    @Test func savingAgainWhileBatchesArePendingStartsTheColumnOver() throws {
        let scratch = try Scratch()
        let (single, batched, column, _) = try Self.twins(scratch)
        try Self.singleTransaction(single, column: column, Self.config(hours: 6))
        try batched.setFollowUp(columnID: column, config: Self.config(hours: 1), applyNow: false)
        #expect(try batched.rescheduleBatch(maxRows: 25))
        try batched.setFollowUp(columnID: column, config: Self.config(hours: 6), applyNow: false)
        #expect(try batched.pendingReschedules() == [column: 0])
        #expect(try batched.continueReschedules() == false)
        #expect(try Self.dump(batched) == (try Self.dump(single)))
    }
}
