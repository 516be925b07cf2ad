import Foundation
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaStore
import Testing

/// Each reason code, end to end through the engine and its store, with a fixed clock.
@Suite("Engine rules")
struct RuleTests {
    @Test func aDueDealGetsExactlyOneFollowUpRecordedInTheConversation() throws {
        let world = try World(at: br(2026, 3, 10, 10))
        let deal = try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 10, 10))
        let channel = RecordingChannel(), events = EventLog(), writer = ScriptedWriter()
        let engine = world.engine(writer: writer, channel: channel, events: events)

        #expect(engine.runUntilIdle() == br(2026, 3, 11, 10), "sleeps until the due time")
        #expect(channel.sent.isEmpty)

        world.clock.set(br(2026, 3, 11, 10))
        let next = engine.runUntilIdle()
        try #require(channel.sent.count == 1)
        #expect(channel.sent[0].to == "+5511987654321")
        let followUps = try world.followUps(deal.id)
        try #require(followUps.count == 1)
        #expect(followUps[0].text == channel.sent[0].text)
        #expect(followUps[0].model == "test-model")
        #expect(followUps[0].deliveryStatus == .sent)
        #expect(followUps[0].at == br(2026, 3, 11, 10))
        let ledger = try world.store.ledger()
        #expect(ledger.count == 1)
        #expect(ledger[0].state == .sent && ledger[0].key.attemptNumber == 1 && ledger[0].sequenceNumber == 1)
        #expect(ledger[0].messageID == followUps[0].id)
        #expect(followUps[0].channelMessageID == "wamid.\(ledger[0].key.text)")
        #expect(channel.sent[0].idempotencyKey == ledger[0].key.text)
        #expect(events.kinds == ["lease_acquired", "planned", "generating", "sending", "sent"])
        #expect(next == br(2026, 3, 12, 10), "the follow-up is the new anchor")

        let context = try #require(writer.contexts.first)
        #expect(context.columnName == "Aguardando resposta")
        #expect(context.contact.name == "Maria Souza")
        #expect(context.recentMessages.map(\.author) == [.customer, .agent])
        #expect(context.config.instructions == "Pergunte se conseguiu analisar o orçamento.")
        #expect(context.followUpsSinceReply == 0)
    }

    @Test func everyReasonCodeAsTheEngineDecidesIt() throws {
        // Tuesday 19:00 in Brasília: after business hours.
        let now = br(2026, 3, 10, 19)
        let world = try World(at: now)
        let anyTime = try world.store.addColumn(boardID: world.board.id, name: "Qualquer hora")
        try world.store.setFollowUp(columnID: anyTime.id, config: World.config(businessHours: false))
        let dayAgo = now.addingTimeInterval(-86_400 - 60)

        let due = try world.deal("due", phone: "11900000001", column: anyTime.id, lastAgentAt: dayAgo)
        let throttled = try world.deal("throttled", phone: "11900000002", column: anyTime.id,
                                       lastAgentAt: dayAgo.addingTimeInterval(30))
        let notDue = try world.deal("not_due", phone: "11900000003", column: anyTime.id,
                                    lastAgentAt: now.addingTimeInterval(-3600))
        let replied = try world.deal("customer_replied_last", phone: "11900000004", column: anyTime.id, lastAgentAt: dayAgo)
        try world.store.addMessage(dealID: replied.id, author: .customer, text: "Vou ver e te falo", at: dayAgo.addingTimeInterval(60))
        let silent = try world.deal("no_conversation", phone: "11900000005", column: anyTime.id, lastAgentAt: nil)
        let onlyCustomer = try world.deal("no_conversation 2", phone: "11900000006", column: anyTime.id, lastAgentAt: nil)
        try world.store.addMessage(dealID: onlyCustomer.id, author: .customer, text: "Oi?", at: dayAgo)
        let closed = try world.deal("ticket_closed", phone: "11900000007", column: anyTime.id, lastAgentAt: dayAgo, closed: true)
        let evening = try world.deal("outside_business_hours", phone: "11900000008", lastAgentAt: dayAgo)
        let disabled = try world.deal("followup_disabled", phone: "11900000009", column: world.lost.id, lastAgentAt: dayAgo)
        let maxed = try world.deal("max_attempts", phone: "11900000010", column: anyTime.id, lastAgentAt: nil)
        try world.store.addMessage(dealID: maxed.id, author: .agent, text: "Orçamento", at: dayAgo.addingTimeInterval(-4 * 86_400))
        for day in 1...3 {
            try world.store.addMessage(dealID: maxed.id, author: .followup, text: "Follow-up \(day)",
                                       at: dayAgo.addingTimeInterval(Double(day - 4) * 86_400))
        }

        let channel = RecordingChannel()
        let engine = world.engine(channel: channel, governor: SendGovernor(minGap: 60, jitter: 0...0))
        let decisions = Dictionary(uniqueKeysWithValues: try engine.decisions(at: now).map { ($0.dealID, $0) })
        func code(_ deal: Deal) -> String { decisions[deal.id].map { "\($0.action.rawValue)/\($0.reason.rawValue)" } ?? "?" }
        #expect(code(due) == "send/due")
        #expect(code(throttled) == "wait/throttled")
        #expect(decisions[throttled.id]?.dueAt == now.addingTimeInterval(60))
        #expect(code(notDue) == "wait/not_due")
        #expect(decisions[notDue.id]?.dueAt == now.addingTimeInterval(86_400 - 3600))
        #expect(code(replied) == "skip/customer_replied_last")
        #expect(code(silent) == "skip/no_conversation")
        #expect(code(onlyCustomer) == "skip/no_conversation")
        #expect(code(closed) == "skip/ticket_closed")
        #expect(code(evening) == "wait/outside_business_hours")
        #expect(decisions[evening.id]?.dueAt == br(2026, 3, 11, 8))
        #expect(code(disabled) == "skip/followup_disabled")
        #expect(code(maxed) == "skip/max_attempts")
        #expect(decisions[due.id]?.dueAt == dayAgo.addingTimeInterval(86_400))

        engine.runUntilIdle()
        #expect(channel.sent.map(\.to) == ["+5511900000001"], "one send now; the governor holds the other")

        try engine.pause()
        let paused = try engine.decisions(at: now)
        #expect(paused.first { $0.dealID == throttled.id }.map { "\($0.action.rawValue)/\($0.reason.rawValue)" } == "wait/paused")
        #expect(paused.first { $0.dealID == disabled.id }?.reason == .followupDisabled)
        world.clock.advance(3600)
        engine.runUntilIdle()
        #expect(channel.sent.count == 1, "nothing goes out while paused")
        try engine.resume()
        engine.runUntilIdle()
        #expect(channel.sent.map(\.to) == ["+5511900000001", "+5511900000002"])
    }

    @Test func aClosedTicketStopsFollowUpsUnlessTheColumnSendsAfterClosing() throws {
        let world = try World(at: br(2026, 3, 11, 10))
        let deal = try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 10, 10), closed: true)
        let channel = RecordingChannel()
        let engine = world.engine(channel: channel)
        #expect(engine.runUntilIdle() == nil)
        #expect(channel.sent.isEmpty)
        #expect(try engine.decision(dealID: deal.id, at: world.clock.now()).reason == .ticketClosed)

        try world.store.setFollowUp(columnID: world.waiting.id, config: World.config(afterClose: true))
        engine.runUntilIdle()
        #expect(channel.sent.count == 1)

        // Switched back: nothing more goes out while the ticket is closed; reopening it lets the overdue deal go.
        try world.store.setFollowUp(columnID: world.waiting.id, config: World.config(afterClose: false))
        world.clock.advance(2 * 86_400)
        engine.runUntilIdle()
        #expect(channel.sent.count == 1)
        try world.store.setTicketClosed(dealID: deal.id, closed: false)
        engine.runUntilIdle()
        #expect(channel.sent.count == 2, "reopening the ticket makes the overdue deal due again")
    }

    @Test func switchingTheColumnOffCancelsWhatWasPlannedAtOnce() throws {
        let world = try World(at: br(2026, 3, 11, 10))
        let deal = try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 10, 10))
        let channel = RecordingChannel(), events = EventLog()
        let engine = world.engine(channel: channel, events: events)
        engine.runDueWork() // lease, plan and write: the attempt is ready
        #expect(try world.store.openAttempts().map(\.state) == [.ready])
        try world.store.setFollowUp(columnID: world.waiting.id, config: World.config(enabled: false))
        #expect(try world.store.openAttempts().isEmpty)
        engine.runUntilIdle()
        #expect(channel.sent.isEmpty)
        let attempt = try #require(try world.store.ledger().first)
        #expect(attempt.state == .cancelled && attempt.reason == "followup_disabled")
        #expect(try engine.decision(dealID: deal.id, at: world.clock.now()).reason == .followupDisabled)
    }

    @Test func aMovedDealFollowsItsNewColumn() throws {
        let world = try World(at: br(2026, 3, 11, 10))
        let deal = try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 10, 10))
        let channel = RecordingChannel()
        let engine = world.engine(channel: channel)
        engine.runDueWork()
        try world.store.moveDeal(id: deal.id, toColumn: world.lost.id)
        let cancelled = try #require(try world.store.ledger().first)
        #expect(cancelled.state == .cancelled && cancelled.reason == "followup_disabled")
        engine.runUntilIdle()
        #expect(channel.sent.isEmpty)

        try world.store.setFollowUp(columnID: world.lost.id,
                                    config: World.config(every: Interval(amount: 2, unit: .days), businessHours: false))
        #expect(engine.runUntilIdle() == br(2026, 3, 12, 10), "the new column's interval applies")
        world.clock.set(br(2026, 3, 12, 10))
        engine.runUntilIdle()
        #expect(channel.sent.count == 1)
        #expect(try world.store.ledger().first?.key.attemptNumber == 2, "a new try on the same anchor after a cancel")
    }
}
