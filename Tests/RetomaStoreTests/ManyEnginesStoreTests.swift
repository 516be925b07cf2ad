import Foundation
import RetomaCore
@testable import RetomaStore
import StoreTestBackend
import Testing

/// Several engines of one sending number on one database: claims keep them off each other's due deals, and the
/// governor asked inside the send transaction holds the gap between them.
@Suite("Many engines: claims and the shared governor")
struct ManyEnginesStoreTests {
    let number = SendingNumber(sender: "+5511900000000", governor: .standard, window: .unrestricted)

    func board(_ store: Store, deals: Int) throws -> [Deal] {
        let (_, columns) = try Fixture.board(store)
        try store.setFollowUp(columnID: columns[0].id, config: FollowUpConfig(
            enabled: true, interval: Interval(amount: 1, unit: .hours), businessHoursOnly: false, sendAfterClose: false,
            instructions: "", extraInfo: "", maxAttempts: 3, onMax: .none))
        return try (0..<deals).map { index in
            let deal = try Fixture.deal(store, column: columns[0].id, title: "D\(index)", phone: "1198765\(String(format: "%04d", index))")
            // Due one after the other: the earliest first.
            try store.addMessage(dealID: deal.id, author: .agent, text: "Oi",
                                 at: Fixture.now.addingTimeInterval(-7200 + Double(index) * 60))
            return deal
        }
    }

    @Test func claimsAreDisjointAndKeepOtherEnginesOffUntilPlannedOrRunOut() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let deals = try board(store, deals: 3)
        for holder in ["a", "b"] { _ = try store.acquireLease(holderID: holder, pid: 1, host: "h", at: Fixture.now, ttl: 60) }
        let until = Fixture.now.addingTimeInterval(12)
        let dueTimes = try store.dueDeals(atOrBefore: Fixture.now, limit: 3).map(\.dueAt)
        #expect(dueTimes.count == 3)

        #expect(try store.claimDueDeals(holderID: "a", atOrBefore: Fixture.now, limit: 2, until: until).map(\.dealID)
                == [deals[0].id, deals[1].id])
        #expect(try store.claimDueDeals(holderID: "b", atOrBefore: Fixture.now, limit: 2, until: until).map(\.dealID)
                == [deals[2].id], "b gets what a did not claim")
        #expect(try store.claimDueDeals(holderID: "a", atOrBefore: Fixture.now, limit: 5, until: until).map(\.dealID)
                == [deals[0].id, deals[1].id], "a's own claims are renewed, b's left alone")
        #expect(try store.dueDeals(atOrBefore: Fixture.now, limit: 25, claimableBy: "b").map(\.dealID) == [deals[2].id])
        #expect(try store.dueDeals(atOrBefore: Fixture.now, limit: 25).count == 3, "without a holder: every due deal")
        // b does not wake for a's work before a's claims run out, then it may take them.
        #expect(try store.nextDueAt(claimableBy: "b", at: Fixture.now) == dueTimes.last)
        try store.writeBehind("UPDATE deal SET fu_due_at = fu_due_at + 100000 WHERE id = ?", [deals[2].id])
        #expect(try store.nextDueAt(claimableBy: "b", at: Fixture.now) == until.addingTimeInterval(1))

        // Planning ends the claim, whatever it decides.
        guard case .planned = try store.planAttempt(dealID: deals[0].id, holderID: "a", at: Fixture.now, number: number) else {
            Issue.record("a plans its claimed deal"); return
        }
        let claims: Int = try #require(try store.readBehind("SELECT COUNT(*) FROM deal WHERE fu_claimed_by IS NOT NULL").first)[0]
        #expect(claims == 2, "deals 1 (a's) and 2 (b's) keep their claims")
        let later = until.addingTimeInterval(1)
        #expect(try store.claimDueDeals(holderID: "b", atOrBefore: later, limit: 5, until: later.addingTimeInterval(12))
                .map(\.dealID) == [deals[1].id], "a claim that ran out is up for grabs")
    }

    @Test func theGovernorIsAskedAgainInsideTheSendTransaction() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let deals = try board(store, deals: 2)
        for holder in ["a", "b"] { _ = try store.acquireLease(holderID: holder, pid: 1, host: "h", at: Fixture.now, ttl: 600) }
        var attempts: [Attempt] = []
        for (deal, holder) in zip(deals, ["a", "b"]) {
            guard case .planned(let attempt) = try store.planAttempt(dealID: deal.id, holderID: holder, at: Fixture.now,
                                                                     number: number) else { Issue.record("planned"); return }
            _ = try store.markGenerating(attemptID: attempt.id, at: Fixture.now)
            attempts.append(try store.markReady(attemptID: attempt.id, text: "Oi \(deal.id), conseguiu ver?", model: "m",
                                                 forcedReview: false, at: Fixture.now))
        }
        let gap = SendGovernor(minGap: 60, jitter: 0...0, hourlyCap: 100, dailyCap: 1000)
        let rule = { (now: Date) in
            SlotRule(since: now.addingTimeInterval(-86_400)) { gap.nextSlot(after: now, history: $0, jitter: 0) }
        }
        guard case .sending = try store.beginSending(attemptID: attempts[0].id, holderID: "a", at: Fixture.now,
                                                     number: number, slot: rule(Fixture.now)) else {
            Issue.record("a's send starts: nothing was sent before"); return
        }
        // b looked at the governor before a's start was written; the transaction sees it.
        let soon = Fixture.now.addingTimeInterval(1)
        guard case .throttled(let held, let until) = try store.beginSending(attemptID: attempts[1].id, holderID: "b", at: soon,
                                                                            number: number, slot: rule(soon)) else {
            Issue.record("b must wait for the gap"); return
        }
        #expect(held.state == .ready && until >= Fixture.now.addingTimeInterval(60))
        #expect(try store.attempt(id: attempts[1].id).state == .ready, "nothing changed")
        #expect(try store.sendHistory(sender: number.sender, since: .distantPast, until: .distantFuture).count == 1)
        let afterGap = Fixture.now.addingTimeInterval(61)
        guard case .sending = try store.beginSending(attemptID: attempts[1].id, holderID: "b", at: afterGap,
                                                     number: number, slot: rule(afterGap)) else {
            Issue.record("after the gap b sends"); return
        }
    }

    @Test func anOpenAttemptOfAStoppedEngineIsAdoptedByOneEngineOnly() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let deals = try board(store, deals: 1)
        _ = try store.acquireLease(holderID: "gone", pid: 1, host: "h", at: Fixture.now, ttl: 6)
        guard case .planned(let attempt) = try store.planAttempt(dealID: deals[0].id, holderID: "gone", at: Fixture.now,
                                                                 number: number) else { Issue.record("planned"); return }
        let later = Fixture.now.addingTimeInterval(30)
        for holder in ["a", "b"] { _ = try store.acquireLease(holderID: holder, pid: 1, host: "h", at: later, ttl: 60) }
        #expect(try store.openAttempts(holderID: "a", at: later).map(\.id) == [attempt.id], "nobody's now")
        #expect(try store.adoptAttempt(id: attempt.id, holderID: "a", at: later))
        #expect(try store.adoptAttempt(id: attempt.id, holderID: "b", at: later) == false, "a took it")
        #expect(try store.openAttempts(holderID: "b", at: later).isEmpty)
        #expect(try store.openAttempts(holderID: "a", at: later).map(\.id) == [attempt.id])
    }
}
