import Foundation
import RetomaAI
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaStore
import Testing

/// What the engine does with each kind of error from the writer and the channel.
@Suite("Engine failures")
struct FailureTests {
    func world() throws -> (World, Deal) {
        let world = try World(at: br(2026, 3, 11, 10))
        return (world, try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 10, 10)))
    }

    @Test func aTransientChannelErrorRetriesTheSameKeyWithBackoff() throws {
        let (world, deal) = try world()
        let channel = RecordingChannel(script: [.retryLater(reason: "130429 throughput exceeded", retryAfter: nil)])
        let events = EventLog()
        let engine = world.engine(channel: channel, events: events)
        #expect(engine.runUntilIdle() == br(2026, 3, 11, 10, 0, 30))
        let waiting = try #require(try world.store.openAttempts().first)
        #expect(waiting.state == .ready && waiting.tries == 1 && waiting.error == "130429 throughput exceeded")
        #expect(events.kinds.contains("retrying"))
        world.clock.set(br(2026, 3, 11, 10, 0, 30))
        engine.runUntilIdle()
        #expect(channel.sent.count == 2)
        #expect(Set(channel.sent.map(\.idempotencyKey)).count == 1, "the same key both times")
        #expect(channel.sent[0].text == channel.sent[1].text)
        #expect(try world.store.ledger().map(\.state) == [.sent])
        #expect(try world.followUps(deal.id).count == 1)
    }

    @Test func transientErrorsGiveUpAfterTheMaximumTries() throws {
        let (world, _) = try world()
        let busy = ChannelError.retryLater(reason: "131056 pair rate limit", retryAfter: 60)
        let channel = RecordingChannel(script: [busy, busy])
        let engine = Engine(store: world.store, writer: ScriptedWriter(), channel: channel,
                            configuration: EngineConfiguration(governor: SendGovernor(minGap: 0, jitter: 0...0),
                                                               backoff: Backoff(base: 30, cap: 900, maxSendTries: 2),
                                                               jitterSeed: 1, holderID: "a"),
                            clock: world.clock)
        #expect(engine.runUntilIdle() == br(2026, 3, 11, 10, 1), "the provider asked for 60 s")
        world.clock.set(br(2026, 3, 11, 10, 1))
        engine.runUntilIdle()
        let attempt = try #require(try world.store.ledger().first)
        #expect(attempt.state == .failed && attempt.reason == "retries_exhausted" && attempt.error == "131056 pair rate limit")
    }

    @Test func aPermanentRefusalFailsWithTheProvidersReasonAndHoldsTheDealForTheOperator() throws {
        let (world, deal) = try world()
        let channel = RecordingChannel(script: [.permanent(reason: "131026 message undeliverable")])
        let engine = world.engine(channel: channel)
        #expect(engine.runUntilIdle() == nil)
        let failed = try #require(try world.store.ledger().first)
        #expect(failed.state == .failed && failed.reason == "131026 message undeliverable")
        let decision = try engine.decision(dealID: deal.id, at: world.clock.now())
        #expect(decision.action == .wait && decision.reason == .paused)
        #expect(decision.explain(.en).last?.contains("Attempt \(failed.id) failed: 131026 message undeliverable") == true)

        world.clock.advance(7 * 86_400)
        engine.runUntilIdle()
        #expect(channel.sent.count == 1, "not retried by itself")

        // It reached the provider before failing: the operator is told it may be a second message, and asked.
        #expect(failed.mayHaveBeenDelivered)
        #expect(throws: StoreError.invalid(.retryMayDuplicate(id: failed.id))) { try engine.retryFailed(attemptID: failed.id) }
        #expect(channel.sent.count == 1)
        let retry = try engine.retryFailed(attemptID: failed.id, confirmed: true)
        #expect(retry.key.attemptNumber == 2 && retry.key.anchorMessageID == failed.key.anchorMessageID)
        engine.runUntilIdle()
        #expect(channel.sent.count == 2)
        #expect(try world.store.attempt(id: retry.id).state == .sent)
        #expect(try world.store.attempt(id: failed.id).resolution == .retried)
        #expect(throws: StoreError.self) { try engine.retryFailed(attemptID: failed.id, confirmed: true) }
    }

    @Test func aChannelThatMustBePausedKeepsTheAttemptReadyUntilResumed() throws {
        let (world, deal) = try world()
        let channel = RecordingChannel(script: [.pauseChannel(reason: "190 access token expired")])
        let events = EventLog()
        let engine = world.engine(channel: channel, events: events)
        #expect(engine.runUntilIdle() == nil)
        let settings = try engine.settings()
        #expect(settings.paused && settings.pauseReason == .channel && settings.pauseDetail == "190 access token expired")
        #expect(events.all.contains { if case .paused(.channel, "190 access token expired", _) = $0 { true } else { false } })
        #expect(try world.store.openAttempts().map(\.state) == [.ready])

        try engine.resume()
        engine.runUntilIdle()
        #expect(channel.sent.count == 2 && channel.sent[0].text == channel.sent[1].text)
        #expect(try world.followUps(deal.id).count == 1)
        #expect(events.kinds.contains("resumed"))
    }

    @Test func anUnknownOutcomeIsUncertainAndNeverResentByItself() throws {
        let (world, deal) = try world()
        let channel = RecordingChannel(script: [.outcomeUnknown(reason: "timeout after the request was sent")])
        let engine = world.engine(channel: channel)
        engine.runUntilIdle()
        let uncertain = try #require(try world.store.ledger().first)
        #expect(uncertain.state == .uncertain)
        world.clock.advance(30 * 86_400)
        #expect(engine.runUntilIdle() == nil)
        #expect(channel.sent.count == 1)
        #expect(try world.store.unresolvedUncertainAttempts().map(\.id) == [uncertain.id])

        // The operator resends: same text, a new try on the same anchor.
        let resent = try engine.resendUncertain(attemptID: uncertain.id)
        #expect(resent.state == .ready && resent.text == uncertain.text && resent.key.attemptNumber == 2)
        engine.runUntilIdle()
        #expect(channel.sent.count == 2 && channel.sent[1].text == channel.sent[0].text)
        #expect(try world.followUps(deal.id).count == 1)
        #expect(try world.store.unresolvedUncertainAttempts().isEmpty)
    }

    @Test func theOperatorCanConfirmAnUncertainSendInstead() throws {
        let (world, deal) = try world()
        let channel = RecordingChannel(script: [.outcomeUnknown(reason: "connection reset")])
        let engine = world.engine(channel: channel)
        engine.runUntilIdle()
        let uncertain = try #require(try world.store.ledger().first)
        let done = try engine.markUncertainDone(attemptID: uncertain.id)
        #expect(done.resolution == .confirmedSent && done.state == .uncertain)
        let followUps = try world.followUps(deal.id)
        #expect(followUps.map(\.text) == [uncertain.text] && followUps.first?.at == br(2026, 3, 11, 10))
        #expect(engine.runUntilIdle() == br(2026, 3, 12, 10), "the confirmed follow-up is the new anchor")
        #expect(throws: StoreError.self) { try engine.resendUncertain(attemptID: uncertain.id) }
    }

    @Test func aPermanentAIErrorPausesSendingAndCancelsTheAttempt() throws {
        let (world, _) = try world()
        let writer = ScriptedWriter([.error(.permanent("401 invalid API key"))])
        let channel = RecordingChannel()
        let engine = world.engine(writer: writer, channel: channel)
        #expect(engine.runUntilIdle() == nil)
        let settings = try engine.settings()
        #expect(settings.paused && settings.pauseReason == .ai && settings.pauseDetail?.contains("401 invalid API key") == true)
        #expect(try world.store.ledger().map { "\($0.state.rawValue)/\($0.reason ?? "")" } == ["cancelled/ai_paused"])
        #expect(!(settings.pauseDetail ?? "").contains("sk-"), "no key in the reason")

        try engine.resume()
        engine.runUntilIdle()
        #expect(channel.sent.count == 1)
        #expect(try world.store.ledger().first?.key.attemptNumber == 2)
    }

    @Test func aTransientAIErrorRetriesTheSameAttempt() throws {
        let (world, _) = try world()
        let writer = ScriptedWriter([.error(.transient("HTTP 503"))])
        let channel = RecordingChannel()
        let engine = world.engine(writer: writer, channel: channel)
        #expect(engine.runUntilIdle() == br(2026, 3, 11, 10, 0, 30))
        #expect(try world.store.openAttempts().map(\.state) == [.planned])
        world.clock.set(br(2026, 3, 11, 10, 0, 30))
        engine.runUntilIdle()
        #expect(channel.sent.count == 1)
        let ledger = try world.store.ledger()
        #expect(ledger.count == 1 && ledger[0].state == .sent && ledger[0].tries == 1)
    }

    @Test func duplicateGenerationsAndRejectedTextsFailWithoutSending() throws {
        let (world, deal) = try world()
        try world.store.addMessage(dealID: deal.id, author: .followup, text: "Oi Maria, conseguiu ver?", at: br(2026, 3, 10, 11))
        world.clock.set(br(2026, 3, 11, 11))
        let writer = ScriptedWriter([.error(.duplicateGeneration(attempts: 3, similarity: 0.91))])
        let channel = RecordingChannel()
        let engine = world.engine(writer: writer, channel: channel)
        engine.runUntilIdle()
        #expect(try world.store.ledger().map(\.reason) == ["duplicate_generation"])

        try engine.retryFailed(attemptID: try #require(try world.store.ledger().first).id)
        let copying = world.engine(writer: ScriptedWriter([.text("oi maria,  conseguiu ver?")]), channel: channel)
        copying.runUntilIdle()
        let rejected = try #require(try world.store.ledger().first)
        #expect(rejected.state == .failed && rejected.reason == "text_rejected")
        #expect(rejected.error == "the text repeats an earlier follow-up to this customer")
        #expect(channel.sent.isEmpty)
    }
}
