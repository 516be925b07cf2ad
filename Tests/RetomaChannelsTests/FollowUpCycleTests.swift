import Foundation
import LoopbackHTTPServer
import RetomaCore
import RetomaStore
import Synchronization
import Testing
@testable import RetomaChannels

/// A follow-up goes out through the Cloud API emulator, the customer's reply comes back through a signed
/// webhook, and nothing more is sent: the store's ledger, driven step by step as the engine drives it.
@Suite(.serialized) struct FollowUpCycleTests {
    final class Clock: Sendable {
        let value = Mutex(testNow)
        var now: Date { value.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { value.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    let scratch: Scratch
    let clock = Clock()
    let store: Store
    let recorder = Recorder()

    init() throws {
        scratch = try Scratch()
        let clock = self.clock
        store = try scratch.store(now: { clock.now })
    }

    /// Maria wrote two hours ago, we answered an hour ago; the column follows up after a minute, at any hour.
    func setUp() throws -> Deal {
        let board = try store.addBoard(name: "Funil")
        let column = try store.addColumn(boardID: board.id, name: "Aguardando resposta")
        let config = FollowUpConfig(enabled: true, interval: Interval(amount: 1, unit: .minutes), businessHoursOnly: false,
                                    sendAfterClose: false, instructions: "Pergunte se viu o orçamento.", extraInfo: "",
                                    maxAttempts: 3, onMax: .none)
        _ = try store.setFollowUp(columnID: column.id, config: config)
        let deal = try store.addDeal(NewDeal(columnID: column.id, title: "Orçamento", contactName: "Maria Souza",
                                             phone: "(31) 98765-4321"))
        _ = try store.addMessage(dealID: deal.id, author: .customer, text: "Me manda o orçamento?", at: testNow.addingTimeInterval(-7200))
        _ = try store.addMessage(dealID: deal.id, author: .agent, text: "Segue o orçamento.", at: testNow.addingTimeInterval(-3600))
        _ = try store.acquireLease(holderID: "engine", pid: 1, host: "h", at: clock.now, ttl: 86_400)
        return deal
    }

    /// plan → generating → ready with a text.
    func prepare(_ dealID: Int64) throws -> Attempt? {
        guard case .planned(let attempt) = try store.planAttempt(dealID: dealID, holderID: "engine", at: clock.now, number: SendingNumber(sender: "s", governor: .standard, window: .unrestricted)) else { return nil }
        _ = try store.markGenerating(attemptID: attempt.id, at: clock.now)
        return try store.markReady(attemptID: attempt.id, text: "Oi Maria! Conseguiu ver o orçamento?", model: "m", at: clock.now)
    }

    /// beginSending → channel → recordSent, as the engine's worker does.
    func send(_ attempt: Attempt, through channel: CloudAPIChannel) throws -> SendingOutcome {
        let outcome = try store.beginSending(attemptID: attempt.id, holderID: "engine", at: clock.now, number: SendingNumber(sender: channel.sender, governor: .standard, window: .unrestricted))
        guard case .sending(let sending) = outcome else { return outcome }
        let receipt = try channel.send(OutgoingMessage(to: sending.phone, text: sending.text ?? "", idempotencyKey: sending.key.text,
                                                       customerLastMessageAt: try store.lastCustomerMessageAt(dealID: sending.dealID)))
        try store.recordSent(attemptID: sending.id, channelMessageID: receipt.channelMessageID, deliveryStatus: receipt.status, at: clock.now)
        if let recipient = receipt.recipientID { try store.recordRecipient(attemptID: sending.id, recipientID: recipient) }
        return outcome
    }

    @Test func aReplyThroughTheSignedWebhookStopsTheSequence() async throws {
        let deal = try setUp()
        let meta = try LoopbackHTTPServer()
        defer { meta.stop() }
        // WhatsApp resolves the number without the ninth digit, as it does for many DDD ≥ 31 accounts.
        meta.script([cloudAccepted(id: "wamid.FOLLOWUP1", input: "5531987654321", waID: "553187654321")])
        let clock = self.clock
        let channel = CloudAPIChannel(config: cloudConfig(meta), clock: { clock.now })
        let hook = try await LiveWebhook(settings: cloudSettings, sink: .store(store, recorder), recorder: recorder)
        defer { hook.listener.stop() }

        // The follow-up goes out.
        let attempt = try #require(try prepare(deal.id))
        guard case .sending = try send(attempt, through: channel) else { Issue.record("not sent"); return }
        #expect(meta.requests.count == 1)
        #expect(meta.requests.first?.json?["to"] as? String == "5531987654321")
        #expect((meta.requests.first?.json?["text"] as? [String: Any])?["body"] as? String == "Oi Maria! Conseguiu ver o orçamento?")
        #expect(try store.attempt(id: attempt.id).state == .sent)

        // Meta reports it delivered, then Maria answers from her WhatsApp id (without the 9).
        clock.advance(30)
        let delivered = cloudWebhook([cloudStatusValue(id: "wamid.FOLLOWUP1", status: "delivered", timestamp: Int(clock.now.timeIntervalSince1970))])
        #expect(try await hook.postSigned(delivered).status == 200)
        let reply = cloudWebhook([cloudMessageValue(from: "553187654321", id: "wamid.REPLY1", text: "Vi sim, vou fechar!",
                                                    timestamp: Int(clock.now.timeIntervalSince1970))])
        #expect(try await hook.postSigned(reply).status == 200)
        #expect(recorder.woken == [deal.id])
        let detail = try store.dealDetail(id: deal.id)
        #expect(detail.messages.last?.author == .customer && detail.messages.last?.text == "Vi sim, vou fechar!")
        #expect(detail.messages.first { $0.channelMessageID == "wamid.FOLLOWUP1" }?.deliveryStatus == .delivered)

        // Hours later nothing is due and planning refuses: no further follow-up.
        clock.advance(6 * 3600)
        #expect(try store.dueDeals(atOrBefore: clock.now, limit: 10).isEmpty)
        guard case .skipped(let decision) = try store.planAttempt(dealID: deal.id, holderID: "engine", at: clock.now, number: SendingNumber(sender: "s", governor: .standard, window: .unrestricted)) else {
            Issue.record("a follow-up was planned after the reply"); return
        }
        #expect(decision.reason == .customerRepliedLast)
        #expect(meta.requests.count == 1)
    }

    @Test func aReplyArrivingWhileTheTextIsReadyCancelsItBeforeAnythingIsSent() async throws {
        let deal = try setUp()
        let meta = try LoopbackHTTPServer()
        defer { meta.stop() }
        meta.script([cloudAccepted()])
        let clock = self.clock
        let channel = CloudAPIChannel(config: cloudConfig(meta), clock: { clock.now })
        let hook = try await LiveWebhook(settings: cloudSettings, sink: .store(store, recorder), recorder: recorder)
        defer { hook.listener.stop() }

        let ready = try #require(try prepare(deal.id))
        #expect(ready.state == .ready)
        // The reply lands between writing and sending (stamped a second before our planned send).
        let reply = cloudWebhook([cloudMessageValue(from: "5531987654321", id: "wamid.REPLY2", text: "Já vi, obrigado",
                                                    timestamp: Int(clock.now.timeIntervalSince1970) - 1)])
        #expect(try await hook.postSigned(reply).status == 200)
        // The webhook's own transaction cancelled the attempt.
        let cancelled = try store.attempt(id: ready.id)
        #expect(cancelled.state == .cancelled && cancelled.reason == "customer_replied_last")
        guard case .notReady = try send(ready, through: channel) else { Issue.record("the cancelled attempt was sent"); return }
        #expect(meta.requests.isEmpty)
    }

    @Test func outsideTheWindowWithoutATemplateTheEngineSkipsBeforeWriting() throws {
        let deal = try setUp()
        // A day and a half later the window (from Maria's message two hours before the start) is closed.
        clock.advance(36 * 3600)
        let followUp = try store.dealFollowUp(id: deal.id)
        let settings = try store.engineSettings()
        let decision = Eligibility.decide(followUp.facts, config: followUp.config, paused: false, calendar: settings.calendar, at: clock.now)
        #expect(decision.action == .send)
        let limited = decision.limited(by: .customerService(templateConfigured: false),
                                       lastCustomerMessageAt: try store.lastCustomerMessageAt(dealID: deal.id), at: clock.now)
        #expect(limited.action == .skip && limited.reason == .outside24hWindow)
    }
}

extension FollowUpCycleTests {
    @Test func aWindowThatClosesWhileTheTextWaitsCancelsTheAttemptUnsent() throws {
        let deal = try setUp()
        let ready = try #require(try prepare(deal.id))
        // Held (by the governor, say) until Maria's message is more than a day old.
        clock.advance(23 * 3600)
        let window = MessagingWindow.customerService(templateConfigured: false)
        let outcome = try store.beginSending(attemptID: ready.id, holderID: "engine", at: clock.now, number: SendingNumber(sender: "cloud:1", governor: .standard, window: window))
        guard case .cancelled(let attempt) = outcome else { Issue.record("got \(outcome)"); return }
        #expect(attempt.reason == "outside_24h_window")
        // And the deal is not planned again until its conversation changes.
        #expect(try store.dueDeals(atOrBefore: clock.now.addingTimeInterval(86_400), limit: 10).isEmpty)
        guard case .skipped(let decision) = try store.planAttempt(dealID: deal.id, holderID: "engine", at: clock.now, number: SendingNumber(sender: "cloud:1", governor: .standard, window: window)) else {
            Issue.record("planned outside the window"); return
        }
        #expect(decision.reason == .outside24hWindow)
    }
}
