import Foundation
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaStore
import Testing

/// Follow-ups repeating until the customer answers, the maximum and its action, and replies racing sends.
@Suite("Engine sequences")
struct SequenceTests {
    @Test func followUpsRepeatAtTheIntervalThenTheMaximumMovesTheDeal() throws {
        let world = try World(at: br(2026, 3, 2, 10))
        try world.store.setFollowUp(columnID: world.waiting.id,
                                    config: World.config(businessHours: false, max: 3, onMax: .moveTo(columnID: world.lost.id)))
        let deal = try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 2, 10))
        let channel = RecordingChannel(), events = EventLog(), writer = ScriptedWriter()
        let engine = world.engine(writer: writer, channel: channel, events: events)

        for day in 3...5 {
            world.clock.set(br(2026, 3, day, 10))
            engine.runUntilIdle()
        }
        let followUps = try world.followUps(deal.id)
        #expect(followUps.map(\.at) == [br(2026, 3, 3, 10), br(2026, 3, 4, 10), br(2026, 3, 5, 10)])
        let sent = try world.store.ledger().filter { $0.state == .sent }.sorted { $0.id < $1.id }
        #expect(sent.map(\.sequenceNumber) == [1, 2, 3])
        #expect(Set(sent.map(\.key.anchorMessageID)).count == 3, "each follow-up answers its own anchor")
        #expect(sent.dropFirst().map(\.key.anchorMessageID) == followUps.dropLast().map(\.id))
        #expect(writer.contexts.map(\.followUpsSinceReply) == [0, 1, 2])
        #expect(writer.earlierSeen.map(\.count) == [0, 1, 2], "earlier follow-ups are handed to the writer")
        #expect(try engine.decision(dealID: deal.id, at: br(2026, 3, 5, 12)).reason == .maxAttempts)
        #expect(try world.store.dealDetail(id: deal.id).deal.columnID == world.waiting.id, "moves only when the next was due")

        events.clear()
        world.clock.set(br(2026, 3, 6, 10))
        engine.runUntilIdle()
        #expect(channel.sent.count == 3, "no fourth follow-up")
        #expect(try world.store.dealDetail(id: deal.id).deal.columnID == world.lost.id)
        let moved = events.all.compactMap { event -> (DealRef, DealRef?)? in
            if case .maxReached(let from, let to, _) = event { return (from, to) }
            return nil
        }
        #expect(moved.count == 1)
        #expect(moved.first?.0.columnName == "Aguardando resposta" && moved.first?.1?.columnName == "Perdido")
        // The engine's move and its follow-ups are signed by no person.
        let detail = try world.store.dealDetail(id: deal.id)
        #expect(detail.history.map(\.kind) == [.movedOnMax] && detail.history[0].operatorName == nil
                && detail.history[0].fromColumn == "Aguardando resposta" && detail.history[0].toColumn == "Perdido")
        #expect(detail.messages.filter { $0.author == .followup }.allSatisfy { $0.operatorName == nil })

        // "Perdido" also follows up, with its own settings; the reached maximum does not bounce the deal back.
        try world.store.setFollowUp(columnID: world.lost.id,
                                    config: World.config(businessHours: false, max: 3, onMax: .moveTo(columnID: world.waiting.id)))
        world.clock.set(br(2026, 3, 20, 10))
        engine.runUntilIdle()
        #expect(try world.store.dealDetail(id: deal.id).deal.columnID == world.lost.id)
        #expect(channel.sent.count == 3)
    }

    @Test func theMaximumWithoutAnActionJustStops() throws {
        let world = try World(at: br(2026, 3, 2, 10), config: World.config(businessHours: false, max: 1))
        let deal = try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 2, 10))
        let channel = RecordingChannel(), events = EventLog()
        let engine = world.engine(channel: channel, events: events)
        world.clock.set(br(2026, 3, 3, 10))
        #expect(engine.runUntilIdle() == br(2026, 3, 4, 10))
        world.clock.set(br(2026, 3, 4, 10))
        #expect(engine.runUntilIdle() == nil, "nothing left to do for this deal")
        #expect(events.kinds.filter { $0 == "max_attempts" }.count == 1)
        world.clock.set(br(2026, 4, 4, 10))
        engine.runUntilIdle()
        #expect(channel.sent.count == 1)
        #expect(try world.store.dealDetail(id: deal.id).deal.columnID == world.waiting.id)
    }

    @Test func aCustomerReplyEndsTheSequenceAndOurNextMessageStartsANewOne() throws {
        let world = try World(at: br(2026, 3, 2, 10), config: World.config(businessHours: false, max: 2))
        let deal = try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 2, 10))
        let channel = RecordingChannel(), writer = ScriptedWriter()
        let engine = world.engine(writer: writer, channel: channel)
        world.clock.set(br(2026, 3, 3, 10))
        engine.runUntilIdle()
        try world.store.addMessage(dealID: deal.id, author: .customer, text: "Ainda estou vendo", at: br(2026, 3, 3, 11))
        world.clock.set(br(2026, 3, 10, 10))
        #expect(engine.runUntilIdle() == nil)
        #expect(channel.sent.count == 1)
        try world.store.addMessage(dealID: deal.id, author: .agent, text: "Combinado!", at: br(2026, 3, 10, 10))
        world.clock.set(br(2026, 3, 11, 10))
        engine.runUntilIdle()
        world.clock.set(br(2026, 3, 12, 10))
        engine.runUntilIdle()
        #expect(channel.sent.count == 3, "a new sequence of up to 2")
        #expect(writer.contexts.map(\.followUpsSinceReply) == [0, 0, 1])
    }

    @Test func aReplyWhileTheTextIsBeingWrittenCancelsTheAttempt() throws {
        let world = try World(at: br(2026, 3, 3, 10))
        let deal = try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 2, 10))
        let store = world.store, dealID = deal.id
        let writer = ScriptedWriter(onWrite: { _ in
            _ = try? store.addMessage(dealID: dealID, author: .customer, text: "Oi, vi agora!", at: br(2026, 3, 3, 10))
        })
        let channel = RecordingChannel(), events = EventLog()
        let engine = world.engine(writer: writer, channel: channel, events: events)
        engine.runUntilIdle()
        #expect(channel.sent.isEmpty)
        let attempt = try #require(try world.store.ledger().first)
        #expect(attempt.state == .cancelled && attempt.reason == "customer_replied_last")
        #expect(attempt.text != nil, "the unsent text stays in the ledger for the record")
        #expect(events.kinds.suffix(2) == ["generating", "cancelled"])
        #expect(try world.followUps(deal.id).isEmpty)
    }

    @Test func aReplyAfterTheTextWasWrittenCancelsItBeforeSending() throws {
        let world = try World(at: br(2026, 3, 3, 10))
        let deal = try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 2, 10))
        let channel = RecordingChannel(), events = EventLog()
        let engine = world.engine(channel: channel, events: events)
        engine.runDueWork()
        #expect(try world.store.openAttempts().map(\.state) == [.ready])
        try world.store.addMessage(dealID: deal.id, author: .customer, text: "Já resolvi, obrigado", at: br(2026, 3, 3, 10))
        engine.runUntilIdle()
        #expect(channel.sent.isEmpty)
        #expect(try world.store.ledger().map(\.state) == [.cancelled])
        #expect(try engine.decision(dealID: deal.id, at: world.clock.now()).reason == .customerRepliedLast)
    }

    @Test func ourOwnNewMessageCancelsAWrittenFollowUp() throws {
        let world = try World(at: br(2026, 3, 3, 10))
        let deal = try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 2, 10))
        let channel = RecordingChannel()
        let engine = world.engine(channel: channel)
        engine.runDueWork()
        try world.store.addMessage(dealID: deal.id, author: .agent, text: "Maria, atualizei o orçamento.", at: br(2026, 3, 3, 10))
        #expect(engine.runUntilIdle() == br(2026, 3, 4, 10))
        #expect(channel.sent.isEmpty)
        #expect(try world.store.ledger().first?.reason == CancelReason.conversationChanged)
    }
}
