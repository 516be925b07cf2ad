import Foundation
import GRDB
import RetomaCore
@testable import RetomaStore
import Testing
import StoreTestBackend

/// The per-deal follow-up facts and next-due time the store keeps in step with every write (issue 4).
@Suite("Follow-up facts and schedule")
struct FollowUpStoreTests {
    func config(enabled: Bool = true, businessHours: Bool = false, max: Int = 3, afterClose: Bool = false,
                onMax: OnMaxAction = .none) -> FollowUpConfig {
        FollowUpConfig(enabled: enabled, interval: Interval(amount: 2, unit: .hours), businessHoursOnly: businessHours,
                       sendAfterClose: afterClose, instructions: "", extraInfo: "", maxAttempts: max, onMax: onMax)
    }

    @Test func factsFollowEveryMessageIncludingOlderOnesImportedLater() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        var random = SplitMix64(seed: 7)
        for n in 0..<40 {
            let deal = try Fixture.deal(store, column: columns[0].id, title: "D\(n)", phone: "1198765\(String(format: "%04d", n))")
            for _ in 0..<Int.random(in: 0...12, using: &random) {
                let author = MessageAuthor.allCases.randomElement(using: &random)!
                // Mostly forward in time, sometimes an older message imported late, sometimes the same second.
                let offset = Double(Int.random(in: -2_000...50_000, using: &random))
                try store.addMessage(dealID: deal.id, author: author, text: "m", at: Fixture.now.addingTimeInterval(offset))
            }
        }
        let stored = try store.followUpFacts(columnID: columns[0].id)
        #expect(stored.count == 40)
        for facts in stored {
            let detail = try store.dealDetail(id: facts.dealID)
            #expect(facts == DealFacts(deal: detail.deal, messages: detail.messages), "deal \(facts.dealID)")
        }
    }

    @Test func theStoredDueTimeIsTheRulesNextDueAfterEveryKindOfChange() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        let on = config(), hours = config(businessHours: true)
        let deal = try Fixture.deal(store, column: columns[0].id, title: "T")
        func due() throws -> Date? { try store.dealFollowUp(id: deal.id).dueAt }
        func expected() throws -> Date? {
            let f = try store.dealFollowUp(id: deal.id)
            return NextDue.instant(f.facts, config: f.config, calendar: BusinessCalendar(), hold: f.hold, maxHandled: f.maxHandled)
        }
        try store.addMessage(dealID: deal.id, author: .agent, text: "Oi", at: Fixture.now)
        #expect(try due() == nil, "column A is off")
        try store.setFollowUp(columnID: columns[0].id, config: on)
        #expect(try due() == Fixture.now.addingTimeInterval(7200))
        try store.setTicketClosed(dealID: deal.id, closed: true)
        #expect(try due() == nil)
        try store.setTicketClosed(dealID: deal.id, closed: false)
        #expect(try due() == Fixture.now.addingTimeInterval(7200))
        try store.addMessage(dealID: deal.id, author: .customer, text: "Oi!", at: Fixture.now.addingTimeInterval(60))
        #expect(try due() == nil)
        try store.addMessage(dealID: deal.id, author: .agent, text: "Tudo certo?", at: Fixture.now.addingTimeInterval(120))
        #expect(try due() == Fixture.now.addingTimeInterval(7320))
        try store.setFollowUp(columnID: columns[1].id, config: hours)
        try store.moveDeal(id: deal.id, toColumn: columns[1].id)
        #expect(try due() == (try expected()))
        #expect(try due() != nil)
        try store.moveDeal(id: deal.id, toColumn: columns[2].id)
        #expect(try due() == nil, "column C is off")
        try store.moveDeal(id: deal.id, toColumn: columns[0].id)
        try store.setFollowUp(columnID: columns[0].id, config: config(enabled: false))
        #expect(try due() == nil)
    }

    @Test(.sqliteOnly("reads SQLite's query planner (EXPLAIN QUERY PLAN)")) func findingDueDealsWalksTheDueIndex() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let queue = try DatabaseQueue(path: store.path)
        defer { try? queue.close() }
        let plans = try queue.read { db in
            [try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Store.dueDealsSQL, arguments: [0, 10]),
             try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Store.nextDueSQL)]
                .map { rows in rows.map { $0["detail"] as String } }
        }
        for plan in plans {
            #expect(plan.contains { $0.hasPrefix("SEARCH deal USING COVERING INDEX deal_by_due") }, "a range search: \(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN deal") && !$0.contains("INDEX") }, "plan: \(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "no sort step: \(plan)")
        }
    }

    @Test func aCustomerMessageCancelsWhatWasPlannedInTheSameTransaction() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        try store.setFollowUp(columnID: columns[0].id, config: config())
        let deal = try Fixture.deal(store, column: columns[0].id, title: "T")
        try store.addMessage(dealID: deal.id, author: .agent, text: "Oi", at: Fixture.now.addingTimeInterval(-7200))
        _ = try store.acquireLease(holderID: "me", pid: 1, host: "h", at: Fixture.now, ttl: 6)
        guard case .planned(let attempt) = try store.planAttempt(dealID: deal.id, holderID: "me", at: Fixture.now, number: SendingNumber(sender: "s", governor: .standard, window: .unrestricted)) else {
            Issue.record("expected a planned attempt"); return
        }
        #expect(try store.dealFollowUp(id: deal.id).dueAt == nil, "an attempt in flight carries the schedule")
        guard case .alreadyInFlight = try store.planAttempt(dealID: deal.id, holderID: "me", at: Fixture.now, number: SendingNumber(sender: "s", governor: .standard, window: .unrestricted)) else {
            Issue.record("a second plan must see the first"); return
        }
        try store.addMessage(dealID: deal.id, author: .customer, text: "Já vi!")
        let cancelled = try store.attempt(id: attempt.id)
        #expect(cancelled.state == .cancelled && cancelled.reason == "customer_replied_last")
    }

    @Test func theSendingRecheckReadsTheConversationItself() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        try store.setFollowUp(columnID: columns[0].id, config: config())
        let deal = try Fixture.deal(store, column: columns[0].id, title: "T")
        try store.addMessage(dealID: deal.id, author: .agent, text: "Oi", at: Fixture.now.addingTimeInterval(-7200))
        _ = try store.acquireLease(holderID: "me", pid: 1, host: "h", at: Fixture.now, ttl: 6)
        guard case .planned(let planned) = try store.planAttempt(dealID: deal.id, holderID: "me", at: Fixture.now, number: SendingNumber(sender: "s", governor: .standard, window: .unrestricted)) else {
            Issue.record("expected a planned attempt"); return
        }
        _ = try store.markGenerating(attemptID: planned.id, at: Fixture.now)
        _ = try store.markReady(attemptID: planned.id, text: "Oi Maria!", model: "m", at: Fixture.now)
        // A reply written by a program that knows nothing of the ledger (no cancellation on the way in).
        try store.writeBehind("INSERT INTO message (deal_id, author, text, at) VALUES (?, 'customer', 'oi', ?)",
                              [deal.id, Int64(Fixture.now.timeIntervalSince1970)])
        try store.writeBehind("UPDATE deal SET last_message_author = 'customer' WHERE id = ?", [deal.id])
        guard case .cancelled(let attempt) = try store.beginSending(attemptID: planned.id, holderID: "me", at: Fixture.now, number: SendingNumber(sender: "s", governor: .standard, window: .unrestricted)) else {
            Issue.record("the re-check must cancel"); return
        }
        #expect(attempt.reason == "customer_replied_last")
        #expect(try store.sendHistory(sender: "s", since: .distantPast, until: .distantFuture).isEmpty)
    }

    @Test func onlyAnEngineWithALiveLeasePlansOrSendsAndAnotherNumberStandsBy() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        try store.setFollowUp(columnID: columns[0].id, config: config())
        let deal = try Fixture.deal(store, column: columns[0].id, title: "T")
        try store.addMessage(dealID: deal.id, author: .agent, text: "Oi", at: Fixture.now.addingTimeInterval(-7200))
        let number = SendingNumber(sender: "s", governor: .standard, window: .unrestricted)
        #expect(try store.planAttempt(dealID: deal.id, holderID: "me", at: Fixture.now, number: number) == .leaseLost)
        guard case .acquired = try store.acquireLease(holderID: "a", pid: 10, host: "h1", sender: "s", at: Fixture.now, ttl: 6) else {
            Issue.record("a free lease is taken"); return
        }
        guard case .heldByOther(let holder) = try store.acquireLease(holderID: "b", pid: 11, host: "h2", sender: "other",
                                                                      at: Fixture.now.addingTimeInterval(6), ttl: 6) else {
            Issue.record("an engine of another number stands by"); return
        }
        #expect(holder.holderID == "a" && holder.pid == 10 && holder.host == "h1" && holder.sender == "s")
        #expect(try store.planAttempt(dealID: deal.id, holderID: "b", at: Fixture.now, number: number) == .leaseLost)
        guard case .acquired(_, nil) = try store.acquireLease(holderID: "c", pid: 12, host: "h3", sender: "s",
                                                               at: Fixture.now.addingTimeInterval(1), ttl: 6) else {
            Issue.record("an engine of the same number runs alongside"); return
        }
        #expect(try store.runningEngines(at: Fixture.now.addingTimeInterval(1)).map(\.holderID) == ["a", "c"])
        #expect(try store.renewLease(holderID: "a", at: Fixture.now.addingTimeInterval(2), ttl: 6))
        #expect(try store.hasLapsedEngines(at: Fixture.now.addingTimeInterval(7)) == false)
        // a renewed through +8, c through +7: at +9 both ran out and the other number may run.
        guard case .acquired(_, let previous) = try store.acquireLease(holderID: "b", pid: 11, host: "h2", sender: "other",
                                                                        at: Fixture.now.addingTimeInterval(9), ttl: 6) else {
            Issue.record("lapsed leases are taken over"); return
        }
        #expect(previous?.holderID == "a")
        #expect(try store.hasLapsedEngines(at: Fixture.now.addingTimeInterval(9)))
        #expect(try store.adoptOrphanedAttempts(holderID: "b", at: Fixture.now.addingTimeInterval(9)) == 0)
        #expect(try store.hasLapsedEngines(at: Fixture.now.addingTimeInterval(9)) == false, "the lapsed leases went")
        #expect(try store.renewLease(holderID: "a", at: Fixture.now.addingTimeInterval(9), ttl: 6) == false)
        #expect(try store.leaseHolder(at: Fixture.now.addingTimeInterval(9))?.holderID == "b")
        try store.releaseLease(holderID: "b")
        #expect(try store.leaseHolder(at: Fixture.now.addingTimeInterval(9)) == nil, "a released lease shows nobody")
        #expect(try store.hasLapsedEngines(at: Fixture.now.addingTimeInterval(9)), "and its work is up for takeover")
    }

    @Test func theLedgerKeyIsUniqueAndOneAttemptPerDealIsInFlight() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let insert = """
            INSERT INTO followup_attempt (deal_id, anchor_message_id, attempt_number, sequence_number, column_id,
                contact_name, phone, state, due_at, planned_at, updated_at) VALUES (1, 5, ?, 1, 1, 'x', '+1', ?, 0, 0, 0)
            """
        func refused(_ arguments: SQLArguments) -> Bool {
            do { try store.writeBehind(insert, arguments); return false } catch { return (error as? SQLError)?.kind == .constraint }
        }
        try store.writeBehind(insert, [1, "sent"])
        #expect(refused([1, "planned"]), "the same key twice")
        try store.writeBehind(insert, [2, "ready"])
        #expect(refused([3, "planned"]), "a second attempt in flight for the deal")
    }

    @Test func pauseAndHolidayRulesSurviveAReopen() throws {
        let scratch = try Scratch()
        do {
            let store = try scratch.store()
            try store.pauseSending(reason: .operator, detail: nil, at: Fixture.now)
            try store.setHolidayRules(honorHolidays: false, skipPontosFacultativos: true)
            try store.close()
        }
        let reopened = try scratch.store()
        let settings = try reopened.engineSettings()
        #expect(settings.paused && settings.pauseReason == .operator && settings.pausedAt == Fixture.now)
        #expect(!settings.honorHolidays && settings.skipPontosFacultativos)
        try reopened.resumeSending()
        #expect(try reopened.engineSettings().paused == false)
    }

    @Test func deletingADealKeepsItsLedgerAndCancelsWhatWasPlanned() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        try store.setFollowUp(columnID: columns[0].id, config: config())
        let deal = try Fixture.deal(store, column: columns[0].id, title: "T")
        try store.addMessage(dealID: deal.id, author: .agent, text: "Oi", at: Fixture.now.addingTimeInterval(-7200))
        _ = try store.acquireLease(holderID: "me", pid: 1, host: "h", at: Fixture.now, ttl: 6)
        guard case .planned(let attempt) = try store.planAttempt(dealID: deal.id, holderID: "me", at: Fixture.now, number: SendingNumber(sender: "s", governor: .standard, window: .unrestricted)) else {
            Issue.record("expected a planned attempt"); return
        }
        try store.deleteDeal(id: deal.id)
        let kept = try store.attempt(id: attempt.id)
        #expect(kept.state == .cancelled && kept.reason == CancelReason.dealDeleted && kept.contactName == "Maria Souza")
    }

    @Test(.sqliteOnly("upgrades an SQLite file made by an earlier Retoma (GRDB migrations)")) func aVersionOneDatabaseGainsItsFactsAndSchedule() throws {
        let scratch = try Scratch()
        let path = scratch.path("old.db")
        do {
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue, upTo: "v1")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO board (name) VALUES ('Vendas');
                    INSERT INTO board_column (board_id, name, position, fu_enabled, fu_interval_amount, fu_interval_unit,
                                              fu_business_hours, fu_max_attempts)
                        VALUES (1, 'Aguardando', 0, 1, 1, 'days', 0, 5);
                    INSERT INTO contact (name, phone) VALUES ('Ana', '+5511987654321');
                    INSERT INTO deal (column_id, position, title, contact_id, created_at, last_message_at, last_message_author)
                        VALUES (1, 0, 'T', 1, 0, 1773144000, 'followup');
                    INSERT INTO message (deal_id, author, text, at) VALUES (1, 'customer', 'oi', 1773100000);
                    INSERT INTO message (deal_id, author, text, at) VALUES (1, 'agent', 'orçamento', 1773110000);
                    INSERT INTO message (deal_id, author, text, at) VALUES (1, 'followup', 'e aí?', 1773144000);
                    """)
            }
            try queue.close()
        }
        let store = try Store(path: path)
        defer { try? store.close() }
        let facts = try #require(try store.followUpFacts(columnID: 1).first)
        #expect(facts.lastOurMessageAt == Date(timeIntervalSince1970: 1_773_144_000))
        #expect(facts.followUpsSinceLastCustomerReply == 1 && facts.lastMessageAuthor == .followup)
        #expect(try store.dealFollowUp(id: 1).dueAt == Date(timeIntervalSince1970: 1_773_144_000 + 86_400))
    }
}
