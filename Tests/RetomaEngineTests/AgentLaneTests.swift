import Foundation
import RetomaAI
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaStore
import StoreTestBackend
import Synchronization
import Testing

/// A channel with the Cloud API's 24-hour rule and templates, recording what it was asked.
final class WindowedChannel: WhatsAppChannel {
    let kind = "cloud"
    let sender = "cloud:123"
    let templates: [MessageTemplate]
    let inner = RecordingChannel(sender: "cloud:123")
    init(templates: [MessageTemplate]) { self.templates = templates }
    var messagingWindow: MessagingWindow { .customerService(templateConfigured: !templates.isEmpty) }
    func send(_ message: OutgoingMessage) throws(ChannelError) -> SendReceipt { try inner.send(message) }
}

/// The engine's agent lane: agents' messages go first, through the same governor, on their own thread.
@Suite("Agent lane")
struct AgentLaneTests {
    func queued(_ outcome: AgentQueueOutcome) throws -> (AgentSend, Message) {
        guard case .queued(let send, let message) = outcome else { throw StoreError.io("refused: \(outcome)") }
        return (send, message)
    }

    @Test func aPassSendsTheAgentsMessageAndRecordsTheReceipt() throws {
        let world = try World(at: br(2026, 3, 11, 10))
        let deal = try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 11, 9))
        let channel = RecordingChannel()
        let events = EventLog()
        let engine = world.engine(channel: channel, events: events)
        let (send, message) = try queued(try engine.sendAsAgent(dealID: deal.id, text: "Te mando hoje."))
        engine.runUntilIdle()
        #expect(channel.sent.map(\.text) == ["Te mando hoje."])
        #expect(channel.sent.first?.idempotencyKey == send.key && channel.sent.first?.route == .freeText)
        let stored = try world.store.message(id: message.id)
        #expect(stored.channelMessageID == "wamid.\(send.key)" && stored.deliveryStatus == .sent && stored.sendState == .sent)
        #expect(events.kinds.filter { $0.hasPrefix("agent_") } == ["agent_queued", "agent_sending", "agent_sent"])
        #expect(try world.store.sendHistory(sender: channel.sender, since: .distantPast, until: .distantFuture).count == 1)
    }

    @Test func theNextSlotGoesToThePersonAndTheAgentCountsTowardTheCaps() throws {
        let world = try World(at: br(2026, 3, 11, 10))
        let robot = try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 10, 9))   // a follow-up is due
        let person = try world.deal("Outro", contact: "João", phone: "11912345678", lastAgentAt: br(2026, 3, 11, 9))
        let channel = RecordingChannel()
        let engine = world.engine(channel: channel,
                                  governor: SendGovernor(minGap: 0, jitter: 0...0, hourlyCap: 1, dailyCap: 100))
        // The follow-up is written and ready; then an agent answers someone else.
        engine.runDueWork()
        #expect(try world.store.openAttempts().first?.state == .ready)
        _ = try queued(try engine.sendAsAgent(dealID: person.id, text: "Oi João, tudo certo?"))
        engine.runUntilIdle()
        #expect(channel.sent.map(\.to) == ["+5511912345678"], "the person's message went, the robot waits for the cap")
        #expect(try world.store.openAttempts().first?.state == .ready)
        #expect(try world.followUps(robot.id).isEmpty)
        world.clock.advance(3601)
        engine.runUntilIdle()
        #expect(channel.sent.map(\.to) == ["+5511912345678", "+5511987654321"])
    }

    @Test func outsideTheWindowFreeTextIsRefusedAndATemplateGoesOutAsOne() throws {
        let world = try World(at: br(2026, 3, 11, 10))
        let deal = try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 10, 9))
        let template = MessageTemplate(name: "resposta_1", language: "pt_BR")
        let channel = WindowedChannel(templates: [template])
        let engine = world.engine(channel: channel)
        let before = try world.messages(deal.id)
        guard case .refused(.outsideWindow) = try engine.sendAsAgent(dealID: deal.id, text: "Oi!") else {
            Issue.record("free text queued outside the window"); return
        }
        #expect(try world.messages(deal.id) == before)
        _ = try queued(try engine.sendAsAgent(dealID: deal.id, text: "Maria, podemos retomar?", template: template))
        engine.runUntilIdle()
        let sent = channel.inner.sent.filter { $0.text == "Maria, podemos retomar?" }
        #expect(sent.map(\.route) == [.template(template)])
    }

    @Test func aTransientErrorRetriesUnderTheSameKey() throws {
        let world = try World(at: br(2026, 3, 11, 10))
        let deal = try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 11, 9))
        let channel = RecordingChannel(script: [.retryLater(reason: "cloud_throughput (130429)", retryAfter: 5)])
        let events = EventLog()
        let engine = world.engine(channel: channel, events: events)
        let (send, _) = try queued(try engine.sendAsAgent(dealID: deal.id, text: "Oi"))
        engine.runUntilIdle()
        #expect(try world.store.agentSend(id: send.id).state == .queued)
        #expect(events.kinds.contains("agent_retrying"))
        world.clock.advance(60)
        engine.runUntilIdle()
        #expect(channel.sent.map(\.idempotencyKey) == [send.key, send.key])
        #expect(try world.store.agentSend(id: send.id).state == .sent)
    }

    @Test func aPermanentRefusalFailsWithTheReasonAndAnUnknownOutcomeIsNotResent() throws {
        let world = try World(at: br(2026, 3, 11, 10))
        let deal = try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 11, 9))
        let channel = RecordingChannel(script: [.permanent(reason: "undeliverable (131026)"),
                                                .outcomeUnknown(reason: "Cloud API: no answer in time; it may have been sent")])
        let engine = world.engine(channel: channel)
        let (first, message) = try queued(try engine.sendAsAgent(dealID: deal.id, text: "Um"))
        engine.runUntilIdle()
        #expect(try world.store.agentSend(id: first.id).state == .failed)
        #expect(try world.store.message(id: message.id).deliveryError == "undeliverable (131026)")
        let (second, _) = try queued(try engine.sendAsAgent(dealID: deal.id, text: "Dois"))
        engine.runUntilIdle()
        world.clock.advance(3600)
        engine.runUntilIdle()
        #expect(try world.store.agentSend(id: second.id).state == .uncertain)
        #expect(channel.sent.count == 2, "an uncertain send is never sent again by itself")
    }

    @Test func anotherEngineTakingOverCallsAnInterruptedSendUncertain() throws {
        let world = try World(at: br(2026, 3, 11, 10))
        let deal = try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 11, 9))
        let number = SendingNumber(sender: "+5511900000000", governor: SendGovernor(), window: .unrestricted)
        let (send, _) = try queued(try world.store.queueAgentSend(dealID: deal.id, text: "Oi", number: number))
        _ = try world.store.acquireLease(holderID: "dead", pid: 1, host: "h", at: world.clock.now(), ttl: 5)
        _ = try world.store.beginAgentSend(id: send.id, holderID: "dead", at: world.clock.now(), number: number)
        world.clock.advance(30)
        let channel = RecordingChannel()
        let events = EventLog()
        world.engine(channel: channel, holder: "engine-b", events: events).runUntilIdle()
        #expect(try world.store.agentSend(id: send.id).state == .uncertain)
        #expect(events.kinds.contains("agent_uncertain") && channel.sent.isEmpty)
    }

    /// The lane runs on its own thread: the agent's message starts while the worker is still writing a
    /// follow-up with a slow model.
    @Test func theLaneSendsWhileTheWorkerIsBusyWriting() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("retoma-lane-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try TestDatabase(file: folder.appendingPathComponent("retoma.db").path)
        let store = try database.open()
        defer { try? store.close() }
        let board = try store.addBoard(name: "Vendas")
        let column = try store.addColumn(boardID: board.id, name: "Aguardando")
        try store.setFollowUp(columnID: column.id, config: World.config(every: Interval(amount: 1, unit: .minutes),
                                                                        businessHours: false, max: 0))
        let robot = try store.addDeal(NewDeal(columnID: column.id, title: "T", contactName: "Ana", phone: "11900000001"))
        try store.addMessage(dealID: robot.id, author: .agent, text: "Orçamento", at: Date().addingTimeInterval(-120))
        let person = try store.addDeal(NewDeal(columnID: column.id, title: "P", contactName: "Bia", phone: "11900000002"))
        try store.addMessage(dealID: person.id, author: .customer, text: "Oi?", at: Date().addingTimeInterval(-10))

        let writing = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let writer = ScriptedWriter(onWrite: { _ in writing.signal(); _ = release.wait(timeout: .now() + 10) })
        let channel = RecordingChannel()
        let engine = Engine(store: store, writer: writer, channel: channel,
                            configuration: EngineConfiguration(governor: SendGovernor(minGap: 0, jitter: 0...0),
                                                               watchInterval: 0.25, holderID: "lane"))
        engine.start()
        defer { release.signal(); engine.stop() }
        #expect(writing.wait(timeout: .now() + 5) == .success, "the worker is writing")
        let asked = Date()
        _ = try queued(try engine.sendAsAgent(dealID: person.id, text: "Oi Bia!"))
        let deadline = Date().addingTimeInterval(3)
        while channel.sent.isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.002) }
        let took = Date().timeIntervalSince(asked)
        #expect(channel.sent.map(\.text) == ["Oi Bia!"], "sent while the follow-up is still being written")
        #expect(took < 0.1, "started \(took) s after the request")
    }
}
