import Foundation
import RetomaAI
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaStore
import Synchronization

/// A model that takes `seconds` to write each follow-up, like the local one: the worker is busy meanwhile.
private final class SlowWriter: FollowUpWriting {
    let seconds: TimeInterval
    private let count = Mutex(0)
    init(seconds: TimeInterval) { self.seconds = seconds }
    func write(_ context: FollowUpContext, earlierFollowUps: [String]) throws -> WrittenFollowUp {
        Thread.sleep(forTimeInterval: seconds)
        let n = count.withLock { c -> Int in c += 1; return c }
        return WrittenFollowUp(text: "Oi \(context.contact.name), conseguiu ver o orçamento? (\(n))", model: "slow-bench")
    }
}

/// Notes the instant `send` is called for each key; answers like a provider after `answer` seconds.
private final class TimingChannel: WhatsAppChannel {
    let kind = "bench"
    let sender = "bench"
    let answer: TimeInterval
    private let calls = Mutex<[String: UInt64]>([:])
    private let followUps = Mutex(0)
    init(answer: TimeInterval) { self.answer = answer }

    func send(_ message: OutgoingMessage) throws(ChannelError) -> SendReceipt {
        let at = DispatchTime.now().uptimeNanoseconds
        calls.withLock { $0[message.idempotencyKey] = at }
        if message.route == .followUp { followUps.withLock { $0 += 1 } }
        if answer > 0 { Thread.sleep(forTimeInterval: answer) }
        return SendReceipt(channelMessageID: "bench-" + message.idempotencyKey, status: .sent)
    }

    func calledAt(_ key: String) -> UInt64? { calls.withLock { $0[key] } }
    var followUpsSent: Int { followUps.withLock { $0 } }
}

/// `retoma-bench agent-send [trials] [queued]`: the time from the call the deal screen makes on Enter
/// (`Engine.sendAsAgent`) to the channel's `send`, with `queued` follow-ups due (half of them written and
/// ready, half waiting for a model that takes 2 s a text), the engine running on its threads and the
/// governor open.
func benchAgentSend(trials: Int, queued: Int) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("retoma-agent-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: 0o700])
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try Store(path: folder.appendingPathComponent("bench.db").path)
    defer { try? store.close() }
    let board = try store.addBoard(name: "Vendas")
    let column = try store.addColumn(boardID: board.id, name: "Aguardando resposta")
    try store.setFollowUp(columnID: column.id, config: FollowUpConfig(
        enabled: true, interval: Interval(amount: 1, unit: .minutes), businessHoursOnly: false, sendAfterClose: true,
        instructions: "", extraInfo: "", maxAttempts: 0, onMax: .none))
    let old = Date().addingTimeInterval(-3600)
    for i in 0..<queued {
        let deal = try store.addDeal(NewDeal(columnID: column.id, title: "Orçamento \(i)", contactName: "Cliente \(i)",
                                             phone: String(format: "11%09d", 900_000_000 + i)))
        try store.addMessage(dealID: deal.id, author: .agent, text: "Segue o orçamento.", at: old)
    }
    let quiet = try store.addColumn(boardID: board.id, name: "Em atendimento")
    let person = try store.addDeal(NewDeal(columnID: quiet.id, title: "Atendimento", contactName: "Maria",
                                           phone: "11987654321"))
    try store.addMessage(dealID: person.id, author: .customer, text: "Qual o prazo?", at: Date().addingTimeInterval(-60))

    // Half the follow-ups written and ready to go, as if the model had been running for a while.
    let holder = "agent-bench"
    let governor = SendGovernor(minGap: 0, jitter: 0...0, hourlyCap: 1_000_000, dailyCap: 10_000_000)
    let number = SendingNumber(sender: "bench", governor: governor, window: .unrestricted)
    _ = try store.acquireLease(holderID: holder, pid: getpid(), host: "bench", at: Date(), ttl: 30)
    var ready = 0
    for due in try store.dueDeals(atOrBefore: Date(), limit: queued / 2) {
        guard case .planned(let attempt) = try store.planAttempt(dealID: due.dealID, holderID: holder, at: Date(),
                                                                 number: number) else { continue }
        _ = try store.markGenerating(attemptID: attempt.id, at: Date())
        _ = try store.markReady(attemptID: attempt.id, text: "Oi! Conseguiu ver o orçamento? (\(attempt.id))",
                                model: "bench", at: Date())
        ready += 1
    }
    try store.releaseLease(holderID: holder)

    // Follow-up sends answer in 20 ms, like a provider on the network; the model takes 2 s a text.
    let channel = TimingChannel(answer: 0.02)
    let engine = Engine(store: store, writer: SlowWriter(seconds: 2), channel: channel,
                        configuration: EngineConfiguration(governor: governor, holderID: holder + "-engine"))
    engine.start()
    defer { engine.stop(waitingUpTo: 10) }
    let started = Date()
    while !engine.holdsLease && Date().timeIntervalSince(started) < 10 { Thread.sleep(forTimeInterval: 0.01) }
    guard engine.holdsLease else { throw StoreError.io("the engine did not take the lease") }
    Thread.sleep(forTimeInterval: 0.3)

    print("agent send start latency: Engine.sendAsAgent (the deal screen's Enter) → channel send called")
    print("\(queued) follow-ups due (\(ready) written and ready, the rest for a model taking 2 s a text), governor open, "
          + "\(trials) trials, \(ProcessInfo.processInfo.activeProcessorCount) cores")
    var latencies: [Double] = []
    var lost = 0
    for i in 0..<trials {
        let t0 = DispatchTime.now().uptimeNanoseconds
        guard case .queued(let send, _) = try engine.sendAsAgent(dealID: person.id, text: "Resposta \(i)") else {
            throw StoreError.io("the agent's message was refused")
        }
        let deadline = Date().addingTimeInterval(5)
        var called: UInt64?
        while called == nil && Date() < deadline {
            called = channel.calledAt(send.key)
            if called == nil { Thread.sleep(forTimeInterval: 0.0005) }
        }
        guard let called else { lost += 1; continue }
        latencies.append(Double(called - t0) / 1_000_000)
        Thread.sleep(forTimeInterval: 0.05)
    }
    let sorted = latencies.sorted()
    guard !sorted.isEmpty else { throw StoreError.io("no agent send reached the channel") }
    print(String(format: "p50 %.2f ms · p95 %.2f ms · max %.2f ms · %d of %d within 100 ms · %d not sent within 5 s",
                 percentile(sorted, 0.5), percentile(sorted, 0.95), sorted.last!,
                 sorted.filter { $0 <= 100 }.count, trials, lost))
    print("follow-ups sent meanwhile: \(channel.followUpsSent)")
}
