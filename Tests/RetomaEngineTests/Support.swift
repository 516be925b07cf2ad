import Foundation
import RetomaAI
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaStore
import StoreTestBackend
import Synchronization

/// A clock the test moves by hand.
final class ManualClock: RetomaCore.Clock {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    func now() -> Date { current.withLock { $0 } }
    func set(_ date: Date) { current.withLock { $0 = date } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A writer that answers from a script (texts or errors), then with a distinct text per call. `onWrite`
/// runs before it answers: a test can let the world change while "the AI is writing".
final class ScriptedWriter: FollowUpWriting {
    enum Step: Sendable { case text(String), error(AIError) }
    private struct State { var script: [Step]; var contexts: [FollowUpContext] = []; var earlier: [[String]] = [] }
    private let state: Mutex<State>
    let onWrite: (@Sendable (FollowUpContext) -> Void)?

    init(_ script: [Step] = [], onWrite: (@Sendable (FollowUpContext) -> Void)? = nil) {
        state = Mutex(State(script: script)); self.onWrite = onWrite
    }

    var contexts: [FollowUpContext] { state.withLock { $0.contexts } }
    var earlierSeen: [[String]] { state.withLock { $0.earlier } }

    func write(_ context: FollowUpContext, earlierFollowUps: [String]) throws -> WrittenFollowUp {
        onWrite?(context)
        let step = state.withLock { s -> Step in
            s.contexts.append(context); s.earlier.append(earlierFollowUps)
            return s.script.isEmpty ? .text("Oi \(context.contact.name), follow-up \(context.followUpsSinceReply + 1) "
                                            + "de \(context.deal.title) (\(s.contexts.count))") : s.script.removeFirst()
        }
        switch step {
        case .text(let text): return WrittenFollowUp(text: text, model: "test-model")
        case .error(let error): throw error
        }
    }
}

/// A channel that records what it was asked to send and answers from a script (default: accepted).
final class RecordingChannel: WhatsAppChannel {
    let kind = "test"
    let sender: String
    private struct State { var sent: [OutgoingMessage] = []; var script: [ChannelError?] = [] }
    private let state: Mutex<State>
    let beforeAnswer: (@Sendable (OutgoingMessage) -> Void)?

    init(sender: String = "+5511900000000", script: [ChannelError?] = [],
         beforeAnswer: (@Sendable (OutgoingMessage) -> Void)? = nil) {
        self.sender = sender; state = Mutex(State(script: script)); self.beforeAnswer = beforeAnswer
    }

    /// Every message handed over, errors included.
    var sent: [OutgoingMessage] { state.withLock { $0.sent } }

    func send(_ message: OutgoingMessage) throws(ChannelError) -> SendReceipt {
        let outcome = state.withLock { s -> ChannelError? in
            s.sent.append(message)
            return s.script.isEmpty ? nil : s.script.removeFirst()
        }
        beforeAnswer?(message)
        if let outcome { throw outcome }
        return SendReceipt(channelMessageID: "wamid.\(message.idempotencyKey)", status: .sent)
    }
}

/// Collects events.
final class EventLog: Sendable {
    private let events = Mutex<[EngineEvent]>([])
    var all: [EngineEvent] { events.withLock { $0 } }
    var kinds: [String] { all.map(\.kind) }
    func record(_ event: EngineEvent) { events.withLock { $0.append(event) } }
    func clear() { events.withLock { $0.removeAll() } }
    var sink: @Sendable (EngineEvent) -> Void { { [self] in record($0) } }
}

/// A private folder with a store whose clock is the test's (on the backend RETOMA_TEST_BACKEND names).
final class World {
    let folder: URL
    let clock: ManualClock
    let database: TestDatabase
    let store: Store
    let board: Board
    /// "Aguardando resposta" (follow-up on: 1 day, business hours, max 3), "Perdido" and "Fechado" (off).
    let waiting: Column
    let lost: Column
    let closed: Column

    init(at start: Date, config: FollowUpConfig? = nil, backend: TestBackend = .current) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("retoma-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        clock = ManualClock(start)
        let clock = clock
        database = try TestDatabase(file: folder.appendingPathComponent("retoma.db").path, backend: backend)
        store = try database.open(now: { clock.now() })
        board = try store.addBoard(name: "Vendas")
        waiting = try store.addColumn(boardID: board.id, name: "Aguardando resposta")
        lost = try store.addColumn(boardID: board.id, name: "Perdido")
        closed = try store.addColumn(boardID: board.id, name: "Fechado")
        try store.setFollowUp(columnID: waiting.id, config: config ?? World.config())
    }

    deinit {
        try? store.close()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Another store on the same data (another terminal or engine), with its own clock.
    func reopen(now: @escaping @Sendable () -> Date) throws -> Store { try database.open(now: now) }

    static func config(every interval: Interval = Interval(amount: 1, unit: .days), businessHours: Bool = true,
                       afterClose: Bool = false, max: Int = 3, onMax: OnMaxAction = .none,
                       enabled: Bool = true) -> FollowUpConfig {
        FollowUpConfig(enabled: enabled, interval: interval, businessHoursOnly: businessHours, sendAfterClose: afterClose,
                       instructions: "Pergunte se conseguiu analisar o orçamento.", extraInfo: "", maxAttempts: max,
                       onMax: onMax)
    }

    /// A deal in `column` whose conversation ends with our (agent) message at `lastAgentAt`.
    @discardableResult
    func deal(_ title: String = "Orçamento", contact: String = "Maria Souza", phone: String,
              column: Int64? = nil, lastAgentAt: Date?, closed: Bool = false) throws -> Deal {
        let deal = try store.addDeal(NewDeal(columnID: column ?? waiting.id, title: title, contactName: contact,
                                             phone: phone, ticketClosed: closed))
        if let lastAgentAt {
            try store.addMessage(dealID: deal.id, author: .customer, text: "Pode me mandar o orçamento?",
                                 at: lastAgentAt.addingTimeInterval(-3600))
            try store.addMessage(dealID: deal.id, author: .agent, text: "Segue o orçamento, \(contact)!", at: lastAgentAt)
        }
        return deal
    }

    func engine(writer: any FollowUpWriting = ScriptedWriter(), channel: any WhatsAppChannel = RecordingChannel(),
                governor: SendGovernor = SendGovernor(minGap: 0, jitter: 0...0, hourlyCap: 1000, dailyCap: 10_000),
                holder: String = "engine-a", events: EventLog? = nil, ttl: TimeInterval = 6,
                forcedReview: Bool = false) -> Engine {
        let log = events ?? EventLog()
        let configuration = EngineConfiguration(governor: governor, leaseTTL: ttl, jitterSeed: 42, holderID: holder,
                                                pid: 4242, host: "test-host", forcedReview: forcedReview)
        return Engine(store: store, writer: writer, channel: channel, configuration: configuration, clock: clock,
                      events: log.sink)
    }

    func messages(_ dealID: Int64) throws -> [Message] { try store.dealDetail(id: dealID).messages }
    func followUps(_ dealID: Int64) throws -> [Message] { try messages(dealID).filter { $0.author == .followup } }
}

/// Brasília wall-clock instant.
func br(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> Date {
    BrazilTime.date(y, mo, d, h, mi, s)
}
