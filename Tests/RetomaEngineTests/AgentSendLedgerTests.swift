import Foundation
import RetomaCore
import RetomaStore
import Testing

/// The agent-send ledger (`agent_send`): every transition, with the re-checks of the transaction that marks
/// a send `sending`, and the conversation message it belongs to.
@Suite("Agent send ledger")
struct AgentSendLedgerTests {
    static let open = SendingNumber(sender: "+5511900000000", governor: SendGovernor(), window: .unrestricted)
    static let followUpTemplate = MessageTemplate(name: "followup_1", language: "pt_BR")
    static let replyTemplate = MessageTemplate(name: "resposta_1", language: "pt_BR")
    static let cloud = SendingNumber(sender: "cloud:123", governor: SendGovernor(),
                                     window: .customerService(templateConfigured: true),
                                     templates: [followUpTemplate, replyTemplate])

    func world() throws -> (World, Deal) {
        let world = try World(at: br(2026, 3, 11, 10))
        // The customer wrote at 09:00 the day before (window closed), our agent answered at 10:00.
        return (world, try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 10, 10)))
    }

    func lease(_ world: World, _ holder: String = "engine-a") throws {
        _ = try world.store.acquireLease(holderID: holder, pid: 1, host: "h", at: world.clock.now(), ttl: 30)
    }

    func queue(_ world: World, _ deal: Deal, _ text: String = "Consigo sim, te mando hoje.",
               template: MessageTemplate? = nil, number: SendingNumber = open) throws -> (AgentSend, Message) {
        guard case .queued(let send, let message) = try world.store.queueAgentSend(
            dealID: deal.id, text: text, template: template, number: number) else {
            Issue.record("not queued"); throw StoreError.io("not queued")
        }
        return (send, message)
    }

    func begin(_ world: World, _ id: Int64, holder: String = "engine-a",
               number: SendingNumber = open) throws -> AgentSendBegin {
        try world.store.beginAgentSend(id: id, holderID: holder, at: world.clock.now(), number: number)
    }

    func history(_ world: World, _ number: SendingNumber = open) throws -> [Date] {
        try world.store.sendHistory(sender: number.sender, since: .distantPast, until: .distantFuture)
    }

    @Test func queuingShowsTheMessageAtOnceAsOursAndRestartsTheClock() throws {
        let (world, deal) = try world()
        let (send, message) = try queue(world, deal)
        #expect(send.state == .queued && send.key == "agent-\(deal.id)-\(message.id)" && send.messageID == message.id)
        #expect(send.phone == "+5511987654321" && send.contactName == "Maria Souza" && send.tries == 0)
        let last = try #require(try world.messages(deal.id).last)
        #expect(last.id == message.id && last.author == .agent && last.origin == .retoma && last.sendState == .queued)
        #expect(last.channelMessageID == nil && last.deliveryStatus == nil)
        let facts = try world.store.dealFollowUp(id: deal.id).facts
        #expect(facts.lastOurMessageAt == world.clock.now(), "our side spoke last: the interval restarts now")
        #expect(try world.store.dueAgentSends(at: world.clock.now()).map(\.id) == [send.id])
        #expect(try world.store.hasDueAgentSend(at: world.clock.now()))
    }

    @Test func outsideTheWindowFreeTextIsRefusedAndNothingIsWritten() throws {
        let (world, deal) = try world()
        let before = try world.messages(deal.id)
        let outcome = try world.store.queueAgentSend(dealID: deal.id, text: "Oi!", number: Self.cloud)
        #expect(outcome == .refused(.outsideWindow(lastCustomerMessageAt: br(2026, 3, 10, 9),
                                                   templates: [Self.followUpTemplate, Self.replyTemplate])))
        #expect(try world.messages(deal.id) == before)
        #expect(try world.store.dueAgentSends(at: world.clock.now()).isEmpty)
        // A template not configured, and a template on a channel without templates, are refused as well.
        #expect(try world.store.queueAgentSend(dealID: deal.id, text: "Oi!", template: MessageTemplate(name: "x", language: "en"),
                                               number: Self.cloud)
                == .refused(.unknownTemplate(MessageTemplate(name: "x", language: "en"),
                                             configured: [Self.followUpTemplate, Self.replyTemplate])))
        #expect(try world.store.queueAgentSend(dealID: deal.id, text: "Oi!", template: Self.replyTemplate, number: Self.open)
                == .refused(.templatesUnsupported(channel: Self.open.sender)))
        #expect(try world.messages(deal.id) == before)
    }

    @Test func aConfiguredTemplateIsQueuedOutsideTheWindowAndInsideItFreeTextToo() throws {
        let (world, deal) = try world()
        let (send, _) = try queue(world, deal, "Maria, podemos retomar?", template: Self.replyTemplate, number: Self.cloud)
        #expect(send.template == Self.replyTemplate)
        try lease(world)
        guard case .sending = try begin(world, send.id, number: Self.cloud) else {
            Issue.record("a template goes out outside the window"); return
        }
        try world.store.addMessage(dealID: deal.id, author: .customer, text: "Oi, voltei")
        let (free, _) = try queue(world, deal, number: Self.cloud)
        #expect(free.template == nil)
    }

    @Test func beginNeedsTheLeaseThenMarksSendingAndCountsForTheGovernorOnce() throws {
        let (world, deal) = try world()
        let (send, _) = try queue(world, deal)
        #expect(try begin(world, send.id) == .leaseLost)
        try lease(world)
        guard case .sending(let sending) = try begin(world, send.id) else { Issue.record("not sending"); return }
        #expect(sending.state == .sending && sending.holderID == "engine-a" && sending.channel == Self.open.sender)
        #expect(sending.sendingAt == world.clock.now())
        #expect(try history(world).count == 1, "an agent send counts toward the caps")
        guard case .notReady = try begin(world, send.id) else { Issue.record("marked twice"); return }
        #expect(try history(world).count == 1)
        #expect(try world.messages(deal.id).last?.sendState == .sending)
    }

    @Test func theBrakeKeepsItQueued() throws {
        let (world, deal) = try world()
        let (send, _) = try queue(world, deal)
        try lease(world)
        try world.store.pauseSending(reason: .operator, detail: nil, at: world.clock.now())
        guard case .paused(let held) = try begin(world, send.id) else { Issue.record("not held"); return }
        #expect(try held.state == .queued && history(world).isEmpty)
        try world.store.resumeSending()
        guard case .sending = try begin(world, send.id) else { Issue.record("not sent after the resume"); return }
    }

    @Test func aDeletedDealCancelsItAndAClosedWindowFailsItBeforeAnythingLeaves() throws {
        let (world, deal) = try world()
        let (send, _) = try queue(world, deal)
        try lease(world)
        try world.store.deleteDeal(id: deal.id)
        guard case .settled(let cancelled) = try begin(world, send.id) else { Issue.record("not settled"); return }
        #expect(cancelled.state == .cancelled && cancelled.reason == AgentSendReason.dealDeleted)

        let other = try world.deal("Outro", contact: "João", phone: "11912345678", lastAgentAt: nil)
        try world.store.addMessage(dealID: other.id, author: .customer, text: "Oi", at: br(2026, 3, 11, 9))
        let (late, message) = try queue(world, other, number: Self.cloud)
        world.clock.advance(25 * 3600)   // it waited past the window's end (the brake, the governor)
        try lease(world)
        guard case .settled(let failed) = try begin(world, late.id, number: Self.cloud) else { Issue.record("sent late"); return }
        #expect(failed.state == .failed && failed.reason == ReasonCode.outside24hWindow.rawValue)
        let shown = try world.store.message(id: message.id)
        #expect(shown.deliveryStatus == .failed && shown.deliveryError == ReasonCode.outside24hWindow.rawValue)
        #expect(shown.sendState == .failed)
        #expect(try history(world, Self.cloud).isEmpty)
    }

    @Test func sentGetsTheProviderIdAndStatusesThatCameFirst() throws {
        let (world, deal) = try world()
        let (send, message) = try queue(world, deal)
        try lease(world)
        _ = try begin(world, send.id)
        // The webhook's "delivered" beat the API's answer.
        #expect(try world.store.applyDelivery(DeliveryUpdate(channelMessageID: "wamid.A", status: .delivered,
                                                             at: world.clock.now())) == .pending)
        let sent = try world.store.recordAgentSent(id: send.id, channelMessageID: "wamid.A", deliveryStatus: .sent,
                                                   recipientID: "+5511987654321", at: world.clock.now())
        #expect(sent.state == .sent && sent.channelMessageID == "wamid.A" && sent.recipientID == "+5511987654321")
        var shown = try world.store.message(id: message.id)
        #expect(shown.channelMessageID == "wamid.A" && shown.deliveryStatus == .delivered && shown.sendState == .sent)
        // Later statuses move the agent's message like any of ours: read, and a failure with its reason.
        #expect(try world.store.applyDelivery(DeliveryUpdate(channelMessageID: "wamid.A", status: .read,
                                                             at: world.clock.now())) == .updated(messageID: message.id))
        shown = try world.store.message(id: message.id)
        #expect(shown.deliveryStatus == .read)
        // A second answer for the same send changes nothing.
        #expect(try world.store.recordAgentSent(id: send.id, channelMessageID: "wamid.B", deliveryStatus: .sent,
                                                at: world.clock.now()).channelMessageID == "wamid.A")
    }

    @Test func anEchoThatBeatTheAnswerGivesWayAndOneAfterIsADuplicate() throws {
        let (world, deal) = try world()
        let (send, message) = try queue(world, deal, "Te mando hoje.")
        try lease(world)
        _ = try begin(world, send.id)
        let echo = EchoMessage(channel: "cloud", channelMessageID: "wamid.E", to: "+5511987654321", text: "Te mando hoje.",
                               sentAt: world.clock.now())
        guard case .recorded = try world.store.recordEcho(echo) else { Issue.record("echo not recorded"); return }
        _ = try world.store.recordAgentSent(id: send.id, channelMessageID: "wamid.E", deliveryStatus: .sent,
                                            at: world.clock.now())
        let withID = try world.messages(deal.id).filter { $0.channelMessageID == "wamid.E" }
        #expect(withID.map(\.id) == [message.id] && withID.first?.origin == .retoma, "held once, as ours from Retoma")
        #expect(try world.messages(deal.id).filter { $0.text == "Te mando hoje." }.count == 1)
        #expect(try world.store.recordEcho(echo) == .duplicate)
        // Even after the deal is gone, the ledger still knows the id.
        try world.store.deleteDeal(id: deal.id)
        #expect(try world.store.recordEcho(echo) == .duplicate)
    }

    @Test func aTransientErrorRetriesUnderTheSameKeyAfterItsTime() throws {
        let (world, deal) = try world()
        let (send, _) = try queue(world, deal)
        try lease(world)
        _ = try begin(world, send.id)
        let retryAt = world.clock.now().addingTimeInterval(30)
        let again = try world.store.retryAgentSendLater(id: send.id, error: "cloud_throughput (130429)", retryAt: retryAt,
                                                        at: world.clock.now())
        #expect(again.state == .queued && again.tries == 1 && again.key == send.key && again.retryAt == retryAt)
        #expect(again.error == "cloud_throughput (130429)")
        #expect(try world.store.dueAgentSends(at: world.clock.now()).isEmpty)
        guard case .notReady = try begin(world, send.id) else { Issue.record("sent before its retry time"); return }
        #expect(try world.store.nextAgentSendRetry() == retryAt)
        world.clock.advance(30)
        try lease(world)
        guard case .sending(let second) = try begin(world, send.id) else { Issue.record("not retried"); return }
        #expect(second.key == send.key && second.tries == 1)
        #expect(try history(world).count == 2, "each try is a start the governor counts")
    }

    @Test func aPermanentFailureKeepsTheReasonInWordsOnTheMessage() throws {
        let (world, deal) = try world()
        let (send, message) = try queue(world, deal)
        try lease(world)
        _ = try begin(world, send.id)
        let failed = try world.store.recordAgentFailure(id: send.id, reason: "undeliverable (131026): Message undeliverable",
                                                        at: world.clock.now())
        #expect(failed.state == .failed && failed.finishedAt == world.clock.now())
        let shown = try world.store.message(id: message.id)
        #expect(shown.deliveryStatus == .failed && shown.deliveryError == "undeliverable (131026): Message undeliverable")
        #expect(try world.store.retryAgentSendLater(id: send.id, error: "x", retryAt: world.clock.now(),
                                                    at: world.clock.now()).state == .failed, "a final state stays")
    }

    @Test func aTakeOverMakesSendingUncertainAndItIsNeverResent() throws {
        let (world, deal) = try world()
        let (send, message) = try queue(world, deal)
        _ = try world.store.acquireLease(holderID: "engine-a", pid: 1, host: "h", at: world.clock.now(), ttl: 5)
        _ = try begin(world, send.id)
        world.clock.advance(60)   // engine-a died; its lease ran out
        try lease(world, "engine-b")
        let recovered = try world.store.recoverInterruptedAgentSends(holderID: "engine-b", at: world.clock.now())
        #expect(recovered.map(\.id) == [send.id] && recovered.first?.state == .uncertain)
        #expect(recovered.first?.error == AgentSendReason.interrupted)
        #expect(try world.store.dueAgentSends(at: world.clock.now()).isEmpty, "never resent automatically")
        #expect(try world.store.message(id: message.id).sendState == .uncertain)
        // The late answer of the stopped process is still the truth.
        #expect(try world.store.recordAgentSent(id: send.id, channelMessageID: "wamid.L", deliveryStatus: .sent,
                                                at: world.clock.now()).state == .sent)
    }

    @Test func aStaleSendingMarkGoesBackToQueuedAndLeavesTheGovernor() throws {
        let (world, deal) = try world()
        let (send, _) = try queue(world, deal)
        try lease(world)
        _ = try begin(world, send.id)
        #expect(try world.store.confirmAgentSendStart(id: send.id, holderID: "engine-a", at: world.clock.now(),
                                                      maxAge: 3) == .go)
        world.clock.advance(20)
        try lease(world)
        guard case .abandoned(let back, _) = try world.store.confirmAgentSendStart(
            id: send.id, holderID: "engine-a", at: world.clock.now(), maxAge: 3) else { Issue.record("went"); return }
        #expect(back.state == .queued && back.sendingAt == nil)
        #expect(try history(world).isEmpty)
        guard case .abandoned = try world.store.confirmAgentSendStart(id: send.id, holderID: "engine-b",
                                                                      at: world.clock.now(), maxAge: 3) else {
            Issue.record("another holder may not send it"); return
        }
    }

    @Test func stateMachine() {
        #expect(AgentSendState.queued.canMove(to: .sending) && AgentSendState.sending.canMove(to: .queued))
        #expect(!AgentSendState.uncertain.canMove(to: .queued), "an uncertain send is never queued again")
        #expect(AgentSendState.uncertain.next == [.sent])
        #expect(AgentSendState.sent.next.isEmpty && AgentSendState.failed.next.isEmpty && AgentSendState.cancelled.next.isEmpty)
        #expect(AgentSendState.allowedSources(of: .uncertain) == [.sending])
    }
}
