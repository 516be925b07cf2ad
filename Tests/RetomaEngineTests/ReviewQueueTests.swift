import Foundation
import RetomaChannels
import RetomaCore
import RetomaEngine
@testable import RetomaStore
import Synchronization
import Testing

/// "Revisar antes de enviar": written follow-ups wait in the review queue; only a person's approval lets the
/// engine send them, with every rule re-checked then, under the same key.
@Suite("Engine: the review queue")
struct ReviewQueueTests {
    static func reviewing(_ on: Bool = true) -> FollowUpConfig {
        var config = World.config(businessHours: false, max: 0)
        config.review = on
        return config
    }

    /// One deal due now in a reviewing column, its draft written and waiting.
    func waitingDraft(_ world: World, engine: Engine, phone: String = "11900000001") throws -> (Deal, Attempt) {
        let deal = try world.deal("Orçamento", phone: phone, lastAgentAt: br(2026, 3, 10, 9))
        engine.runUntilIdle()
        let queue = try world.store.reviewQueue()
        let draft = try #require(queue.first { $0.attempt.dealID == deal.id })
        return (deal, draft.attempt)
    }

    @Test func aDraftWaitsUntilApprovedAndGoesOutOnceEvenApprovedTwice() throws {
        let world = try World(at: br(2026, 3, 12, 10), config: Self.reviewing())
        let channel = RecordingChannel()
        let events = EventLog()
        let engine = world.engine(channel: channel, events: events)
        let (deal, draft) = try waitingDraft(world, engine: engine)
        #expect(draft.state == .review && draft.text != nil && draft.reviewAt != nil)
        #expect(channel.sent.isEmpty && events.kinds.contains("review"))
        #expect(try world.store.reviewCount(boardID: world.board.id) == 1)
        // Passes while it waits send nothing.
        world.clock.advance(3600)
        engine.runUntilIdle()
        #expect(channel.sent.isEmpty)

        guard case .done(let approved) = try world.store.approveDraft(attemptID: draft.id, reviewer: "ana") else {
            Issue.record("not approved"); return
        }
        #expect(approved.state == .ready && approved.reviewedBy == "ana" && !approved.edited)
        guard case .notWaiting = try world.store.approveDraft(attemptID: draft.id, reviewer: "ana") else {
            Issue.record("approved twice"); return
        }
        engine.runUntilIdle()
        #expect(channel.sent.map(\.text) == [draft.text ?? ""])
        #expect(channel.sent.first?.idempotencyKey == draft.key.text, "the same key as the draft")
        #expect(try world.store.attempt(id: draft.id).state == .sent)
        #expect(try world.followUps(deal.id).count == 1)
        #expect(try world.store.reviewCount() == 0)
    }

    @Test func twoProcessesApprovingTheSameDraftApproveItOnce() throws {
        let world = try World(at: br(2026, 3, 12, 10), config: Self.reviewing())
        let engine = world.engine()
        let (_, draft) = try waitingDraft(world, engine: engine)
        let other = try world.reopen(now: { br(2026, 3, 12, 10) })
        defer { try? other.close() }
        let outcomes = Mutex<[ReviewOutcome]>([])
        let stores = [world.store, other]
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let store = stores[i]
            if let outcome = try? store.approveDraft(attemptID: draft.id, reviewer: "p\(i)") {
                outcomes.withLock { $0.append(outcome) }
            }
        }
        let all = outcomes.withLock { $0 }
        let done = all.filter { if case .done = $0 { true } else { false } }
        #expect(all.count == 2 && done.count == 1)
    }

    @Test func anEditedTextIsSentAsWrittenAndMarkedEdited() throws {
        let world = try World(at: br(2026, 3, 12, 10), config: Self.reviewing())
        let channel = RecordingChannel()
        let engine = world.engine(channel: channel)
        let (_, draft) = try waitingDraft(world, engine: engine)
        let text = "Oi Maria! Conseguiu ver o orçamento? Posso ajudar em algo?"
        guard case .done(let approved) = try world.store.approveDraft(attemptID: draft.id, text: text) else {
            Issue.record("not approved"); return
        }
        #expect(approved.edited && approved.text == text)
        engine.runUntilIdle()
        #expect(channel.sent.map(\.text) == [text])
    }

    @Test func writeAgainMakesANewDraftThatStillWaits() throws {
        let world = try World(at: br(2026, 3, 12, 10), config: Self.reviewing())
        let channel = RecordingChannel()
        let engine = world.engine(writer: ScriptedWriter([.text("Primeiro texto, Maria?"), .text("Segundo texto, Maria?")]),
                                  channel: channel)
        let (_, draft) = try waitingDraft(world, engine: engine)
        #expect(draft.text == "Primeiro texto, Maria?")
        guard case .done(let back) = try world.store.rewriteDraft(attemptID: draft.id) else { Issue.record("not sent back"); return }
        #expect(back.state == .generating)
        engine.runUntilIdle()
        let again = try world.store.attempt(id: draft.id)
        #expect(again.state == .review && again.text == "Segundo texto, Maria?" && channel.sent.isEmpty)
    }

    @Test func skipCancelsThisAttemptAndTheNextFallsDueOneIntervalLater() throws {
        let world = try World(at: br(2026, 3, 12, 10), config: Self.reviewing())
        let channel = RecordingChannel()
        let engine = world.engine(channel: channel)
        let (deal, draft) = try waitingDraft(world, engine: engine)
        guard case .done(let skipped) = try world.store.skipDraft(attemptID: draft.id) else { Issue.record("not skipped"); return }
        #expect(skipped.state == .cancelled && skipped.reason == CancelReason.skippedByOperator)
        #expect(try world.store.reviewQueue().isEmpty, "a skipped draft is not listed as stale")
        engine.runUntilIdle()
        #expect(try world.store.openAttempts().isEmpty, "nothing planned again at once")
        #expect(try engine.decision(dealID: deal.id, at: world.clock.now()).dueAt == br(2026, 3, 13, 10))
        world.clock.set(br(2026, 3, 13, 10))
        engine.runUntilIdle()
        let next = try #require(try world.store.reviewQueue().first)
        #expect(next.attempt.key.attemptNumber == 2 && next.waiting && channel.sent.isEmpty)
    }

    @Test func aDraftGoesStaleOnAReplyAMoveAClosedTicketOrAnOptOutAndSaysWhy() throws {
        let world = try World(at: br(2026, 3, 12, 10), config: Self.reviewing())
        let engine = world.engine()
        let (replied, d1) = try waitingDraft(world, engine: engine, phone: "11900000001")
        let (moved, d2) = try waitingDraft(world, engine: engine, phone: "11900000002")
        let (closed, d3) = try waitingDraft(world, engine: engine, phone: "11900000003")
        let (opted, d4) = try waitingDraft(world, engine: engine, phone: "11900000004")
        try world.store.addMessage(dealID: replied.id, author: .customer, text: "Vou ver e te falo", at: br(2026, 3, 12, 10))
        // Into a column that also follows up: the draft was written for the other column's settings.
        try world.store.setFollowUp(columnID: world.lost.id, config: Self.reviewing())
        _ = try world.store.moveDeal(id: moved.id, toColumn: world.lost.id)
        _ = try world.store.setTicketClosed(dealID: closed.id, closed: true)
        _ = try world.store.setOptOut(contactID: opted.contactID, optedOut: true)
        let reasons = Dictionary(uniqueKeysWithValues: try world.store.reviewQueue().map { ($0.attempt.id, $0) })
        #expect(reasons[d1.id]?.attempt.reason == ReasonCode.customerRepliedLast.rawValue)
        #expect(reasons[d2.id]?.attempt.reason == CancelReason.moved)
        #expect(reasons[d3.id]?.attempt.reason == ReasonCode.ticketClosed.rawValue)
        #expect(reasons[d4.id]?.attempt.reason == ReasonCode.optedOut.rawValue)
        #expect(reasons.values.allSatisfy { !$0.waiting })
        guard case .stale(let stale) = try world.store.approveDraft(attemptID: d1.id) else { Issue.record("approved a stale draft"); return }
        #expect(stale.reason == ReasonCode.customerRepliedLast.rawValue)
    }

    @Test func skippingTheColumnForTodayCancelsItsDraftsAndPlansNothingUntilTomorrow() throws {
        let world = try World(at: br(2026, 3, 12, 10), config: Self.reviewing())
        let channel = RecordingChannel()
        let engine = world.engine(channel: channel)
        let (a, _) = try waitingDraft(world, engine: engine, phone: "11900000001")
        _ = try waitingDraft(world, engine: engine, phone: "11900000002")
        let cancelled = try world.store.skipColumnForToday(columnID: world.waiting.id)
        #expect(cancelled.count == 2 && cancelled.allSatisfy { $0.reason == CancelReason.skippedForToday })
        world.clock.advance(3600)
        engine.runUntilIdle()
        #expect(try world.store.reviewCount() == 0)
        #expect(try world.store.openAttempts().isEmpty)
        let why = try engine.decision(dealID: a.id, at: world.clock.now())
        #expect(why.reason == .skippedToday && why.dueAt == br(2026, 3, 13, 0))
        world.clock.set(br(2026, 3, 13, 0, 1))
        engine.runUntilIdle()
        #expect(try world.store.reviewCount() == 2 && channel.sent.isEmpty)
    }

    @Test func forcedReviewHoldsEveryColumnEvenWithReviewOff() throws {
        let world = try World(at: br(2026, 3, 12, 10), config: Self.reviewing(false))
        let channel = RecordingChannel()
        let engine = world.engine(channel: channel, forcedReview: true)
        let (_, draft) = try waitingDraft(world, engine: engine)
        #expect(draft.state == .review && channel.sent.isEmpty)
        // A text left ready before review was required is held too, not sent unapproved.
        _ = try world.store.approveDraft(attemptID: draft.id)
        try world.store.write { db in
            try db.execute(sql: "UPDATE followup_attempt SET reviewed_at = NULL WHERE id = ?", arguments: [draft.id])
        }
        engine.runUntilIdle()
        #expect(channel.sent.isEmpty)
        #expect(try world.store.attempt(id: draft.id).state == .review)
        _ = try world.store.approveDraft(attemptID: draft.id)
        engine.runUntilIdle()
        #expect(channel.sent.count == 1)
    }

    @Test func reviewOffSendsWithoutWaiting() throws {
        let world = try World(at: br(2026, 3, 12, 10), config: Self.reviewing(false))
        let channel = RecordingChannel()
        let engine = world.engine(channel: channel)
        _ = try world.deal("Orçamento", phone: "11900000001", lastAgentAt: br(2026, 3, 10, 9))
        engine.runUntilIdle()
        #expect(channel.sent.count == 1)
        #expect(try world.store.reviewQueue().isEmpty)
    }
}
