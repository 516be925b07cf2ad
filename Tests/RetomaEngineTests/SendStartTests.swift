import Foundation
import RetomaAI
import RetomaChannels
import RetomaCore
import RetomaEngine
@testable import RetomaStore
import Synchronization
import Testing

/// A process stopped between the `sending` mark and the channel call (Ctrl-Z, SIGSTOP, a VM pause) must not
/// send late; an answer that comes after the operator decided must not undo the decision; an outcome the
/// database refused must not leave the attempt stuck in `sending`.
@Suite("Send start and late outcomes")
struct SendStartTests {
    func world() throws -> (World, Deal) {
        let world = try World(at: br(2026, 3, 11, 10))
        return (world, try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 10, 10)))
    }

    /// An engine whose event sink runs `onSending` once, at the moment the attempt was marked sending:
    /// that is where a stopped process would sit.
    func engine(_ world: World, holder: String = "engine-a", channel: RecordingChannel, events: EventLog = EventLog(),
                onSending: @escaping @Sendable () -> Void) -> Engine {
        let fired = Mutex(false)
        let configuration = EngineConfiguration(governor: SendGovernor(minGap: 0, jitter: 0...0, hourlyCap: 1000, dailyCap: 10_000),
                                                leaseTTL: 6, jitterSeed: 42, holderID: holder, pid: 4242, host: "test-host")
        return Engine(store: world.store, writer: ScriptedWriter(), channel: channel, configuration: configuration,
                      clock: world.clock, events: { event in
                          events.record(event)
                          if case .sending = event, fired.withLock({ f in defer { f = true }; return !f }) { onSending() }
                      })
    }

    @Test func aReplyDuringAStopIsSeenBeforeTheLateSend() throws {
        let (world, deal) = try world()
        let channel = RecordingChannel()
        let events = EventLog()
        let clock = world.clock, store = world.store
        let engine = engine(world, channel: channel, events: events) {
            // Stopped for two hours; meanwhile the customer answered (a webhook in another process).
            clock.advance(7200)
            _ = try? store.addMessage(dealID: deal.id, author: .customer, text: "Vi sim, obrigado!")
        }
        engine.runUntilIdle()
        #expect(channel.sent.isEmpty, "nothing may leave after the stop")
        let attempt = try #require(try world.store.ledger().first)
        #expect(attempt.state == .cancelled && attempt.reason == ReasonCode.customerRepliedLast.rawValue)
        #expect(try world.store.sendHistory(sender: channel.sender, since: .distantPast, until: .distantFuture).isEmpty,
                "the abandoned start does not count for the governor")
        #expect(try world.followUps(deal.id).isEmpty)
    }

    @Test func aStaleMarkStillValidIsRecheckedAndSentOnce() throws {
        let (world, deal) = try world()
        let channel = RecordingChannel()
        let clock = world.clock
        let engine = engine(world, channel: channel) { clock.advance(30) }
        engine.runUntilIdle()
        #expect(channel.sent.count == 1, "sent after a full re-check, once")
        #expect(try world.store.ledger().map(\.state) == [.sent])
        #expect(try world.followUps(deal.id).count == 1)
        #expect(try world.store.sendHistory(sender: channel.sender, since: .distantPast, until: .distantFuture).count == 1)
    }

    @Test func anotherEngineThatTookOverDuringTheStopLeavesOneSend() throws {
        let (world, deal) = try world()
        let first = RecordingChannel(), second = RecordingChannel()
        let otherEvents = EventLog(), firstEvents = EventLog()
        let other = world.engine(channel: second, holder: "engine-b", events: otherEvents)
        let clock = world.clock
        let stopped = engine(world, channel: first, events: firstEvents) {
            // Past the lease: the other engine takes over and calls the send uncertain.
            clock.advance(60)
            other.runUntilIdle()
        }
        stopped.runUntilIdle()
        #expect(otherEvents.kinds == ["lease_acquired", "uncertain"])
        let original = try #require(try world.store.ledger().last)
        #expect(original.state == .cancelled && original.reason == CancelReason.notSent,
                "it is known not to have left, so it is no longer uncertain: \(original)")
        #expect(firstEvents.kinds.prefix(5) == ["lease_acquired", "planned", "generating", "sending", "cancelled"],
                "the late send did not leave")
        // Both engines run (the stopped one rejoined): the deal is planned again, re-checked, and sent once.
        other.runUntilIdle()
        stopped.runUntilIdle()
        #expect(first.sent.count + second.sent.count == 1)
        #expect(try world.followUps(deal.id).count == 1)
        #expect(try world.store.unresolvedUncertainAttempts().isEmpty)
    }

    // MARK: - Late answers and the operator

    /// Marks an attempt sending as `holder`, then lets another engine call it uncertain.
    func uncertainAttempt(_ world: World, _ deal: Deal) throws -> Attempt {
        let store = world.store
        let now = world.clock.now()
        _ = try store.acquireLease(holderID: "a", pid: 1, host: "h", at: now, ttl: 6)
        guard case .planned(let planned) = try store.planAttempt(dealID: deal.id, holderID: "a", at: now, number: SendingNumber(sender: "s", governor: .standard, window: .unrestricted)) else {
            throw StoreError.io("not planned")
        }
        _ = try store.markGenerating(attemptID: planned.id, at: now)
        _ = try store.markReady(attemptID: planned.id, text: "Oi Maria, conseguiu ver o orçamento?", model: "m", at: now)
        guard case .sending = try store.beginSending(attemptID: planned.id, holderID: "a", at: now, number: SendingNumber(sender: "s", governor: .standard, window: .unrestricted)) else {
            throw StoreError.io("not sending")
        }
        let later = now.addingTimeInterval(60)
        world.clock.set(later)
        _ = try store.acquireLease(holderID: "b", pid: 2, host: "h", at: later, ttl: 6)
        let recovered = try store.recoverInterruptedSends(holderID: "b", at: later)
        #expect(recovered.map(\.state) == [.uncertain])
        return try store.attempt(id: planned.id)
    }

    @Test func aLateAnswerAfterDoneAddsNoSecondMessage() throws {
        let (world, deal) = try world()
        let attempt = try uncertainAttempt(world, deal)
        try world.store.markUncertainDone(attemptID: attempt.id, at: world.clock.now())
        let late = try world.store.recordSent(attemptID: attempt.id, channelMessageID: "wamid.late", deliveryStatus: .sent,
                                              at: world.clock.now())
        #expect(late.attempt.state == .uncertain && late.attempt.resolution == .confirmedSent, "the decision stands")
        let followUps = try world.followUps(deal.id)
        #expect(followUps.count == 1)
        #expect(followUps.first?.channelMessageID == "wamid.late", "delivery statuses can now find it")
    }

    @Test func aLateAnswerAfterResendStopsTheResendThatHasNotLeft() throws {
        let (world, deal) = try world()
        let attempt = try uncertainAttempt(world, deal)
        let successor = try world.store.resendUncertain(attemptID: attempt.id, at: world.clock.now())
        #expect(successor.state == .ready)
        let late = try world.store.recordSent(attemptID: attempt.id, channelMessageID: "wamid.late", deliveryStatus: .sent,
                                              at: world.clock.now())
        #expect(late.attempt.state == .uncertain && late.attempt.resolution == .resent)
        let after = try world.store.attempt(id: successor.id)
        #expect(after.state == .cancelled && after.reason == CancelReason.originalSent, "no second copy: \(after)")
        #expect(try world.followUps(deal.id).count == 1, "the message that went out is in the conversation")
    }

    // MARK: - Outcomes the database refused

    @Test func aSendTheDatabaseWouldNotRecordIsRecordedOnTheNextPass() throws {
        let (world, deal) = try world()
        let channel = RecordingChannel()
        let events = EventLog()
        let engine = world.engine(channel: channel, events: events)
        world.store.failNextWrites("recordSent", times: 5)   // every try of the first pass
        engine.runDueWork()   // plans and writes
        engine.runDueWork()   // sends; recording fails
        #expect(channel.sent.count == 1)
        #expect(try world.store.ledger().map(\.state) == [.sending])
        #expect(events.all.contains { if case .storeError(let m, _) = $0 { m.contains("could not be recorded yet") } else { false } })
        engine.runUntilIdle()
        #expect(try world.store.ledger().map(\.state) == [.sent], "recorded with the channel's own answer")
        #expect(channel.sent.count == 1, "and not sent again")
        #expect(try world.followUps(deal.id).first?.channelMessageID == channel.sent.first.map { "wamid.\($0.idempotencyKey)" })
    }

    @Test func aChannelRefusalTheDatabaseWouldNotRecordIsRecordedOnTheNextPass() throws {
        let (world, _) = try world()
        let channel = RecordingChannel(script: [.retryLater(reason: "131016 service unavailable", retryAfter: nil)])
        let engine = world.engine(channel: channel)
        world.store.failNextWrites("retryAttemptLater")
        engine.runDueWork()
        engine.runDueWork()
        #expect(try world.store.ledger().map(\.state) == [.sending])
        engine.runDueWork()
        let attempt = try #require(try world.store.ledger().first)
        #expect(attempt.state == .ready && attempt.tries == 1 && attempt.error == "131016 service unavailable")
        #expect(channel.sent.count == 1)
    }

    @Test func aSendLeftWithoutAKnownOutcomeBecomesUncertain() throws {
        let (world, deal) = try world()
        let store = world.store
        let now = world.clock.now()
        _ = try store.acquireLease(holderID: "engine-a", pid: 1, host: "h", at: now, ttl: 6)
        guard case .planned(let planned) = try store.planAttempt(dealID: deal.id, holderID: "engine-a", at: now, number: SendingNumber(sender: "s", governor: .standard, window: .unrestricted)) else {
            Issue.record("not planned"); return
        }
        _ = try store.markGenerating(attemptID: planned.id, at: now)
        _ = try store.markReady(attemptID: planned.id, text: "Oi Maria, conseguiu ver o orçamento?", model: "m", at: now)
        _ = try store.beginSending(attemptID: planned.id, holderID: "engine-a", at: now, number: SendingNumber(sender: "s", governor: .standard, window: .unrestricted))
        // The same holder, with no outcome in memory (it could not keep one): it may have gone out.
        let channel = RecordingChannel()
        world.engine(channel: channel).runUntilIdle()
        #expect(try store.attempt(id: planned.id).state == .uncertain)
        #expect(channel.sent.isEmpty, "never resent by itself")
    }

    // MARK: - The lease keeper

    @Test func aFailedLeaseRenewalIsReportedNotTakenForSuccess() throws {
        let world = try World(at: Date())
        let events = EventLog()
        let configuration = EngineConfiguration(governor: SendGovernor(minGap: 0, jitter: 0...0), leaseTTL: 6,
                                                leaseRenewal: 0.05, jitterSeed: 1, holderID: "keeper", pid: 1, host: "h")
        let engine = Engine(store: world.store, writer: ScriptedWriter(), channel: RecordingChannel(),
                            configuration: configuration, clock: SystemClock(), events: events.sink)
        engine.start()
        defer { engine.stop() }
        let deadline = Date().addingTimeInterval(5)
        while !engine.holdsLease && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(engine.holdsLease)
        world.store.failNextWrites("renewLease")
        while Date() < deadline, !events.all.contains(where: { if case .storeError(let m, _) = $0 { m.contains("renew the engine lease") } else { false } }) {
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(events.all.contains { if case .storeError(let m, _) = $0 { m.contains("renew the engine lease") } else { false } })
        // The engine thread takes it back on its next pass.
        while !engine.holdsLease && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(engine.holdsLease)
    }
}
