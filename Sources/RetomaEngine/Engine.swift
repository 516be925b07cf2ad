import Foundation
import RetomaAI
import RetomaChannels
import RetomaCore
import RetomaStore
import Synchronization

/// The follow-up engine. It runs on its own thread, sleeps until the earliest due time, the governor's next
/// slot or a retry (or until `wake()`), and makes each follow-up go out once: planned → generating → ready →
/// sending → sent, with the conversation re-read in the transaction that marks it sending.
///
/// Several engines may run on one database, on several hosts: each holds its own lease, claims the due deals it
/// plans (`Store.claimDueDeals`) and asks the governor again inside each send's transaction, so every follow-up
/// goes out once and the number's gap and caps hold across all of them. When one stops, another takes over its
/// work within seconds. An engine of another sending number stands by while they run (`leaseHolder()`).
public final class Engine: Sendable {
    public let store: Store
    public let configuration: EngineConfiguration
    /// "sandbox", "cloud", "evolution": for the status line.
    public let channelKind: String
    /// The sending number: its name (one governor per sender), the configured governor, the channel's 24-hour rule.
    public let number: SendingNumber
    public var messagingWindow: MessagingWindow { number.window }
    public var sender: String { number.sender }
    private let clock: any RetomaCore.Clock
    private let emit: @Sendable (EngineEvent) -> Void
    private let gate: Gate
    private let lease = LeaseFlag()
    /// The worker is used by one caller at a time: the engine thread, or `runDueWork()` without it.
    private let worker: Mutex<Worker>
    /// Sends agents' messages on its own thread, ahead of follow-ups (see `AgentLane`).
    private let lane: AgentLane
    private let control = Mutex(Control())
    /// Rung by `wake()` and `stop()`; the thread sleeps on it.
    private let doorbell: Doorbell
    private let keeperBell = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    private struct Control {
        var running = false
        var stopping = false
    }

    /// `events` is called on the engine's thread; keep it short (post to a mailbox).
    public init(store: Store, writer: any FollowUpWriting, channel: any WhatsAppChannel,
                configuration: EngineConfiguration = EngineConfiguration(),
                clock: (any RetomaCore.Clock)? = nil,
                events: @escaping @Sendable (EngineEvent) -> Void = { _ in }) {
        // Without a clock of its own, the engine keeps the database's time (the server's, on PostgreSQL).
        let clock = clock ?? DatabaseClock(store: store)
        self.store = store; self.configuration = configuration; self.clock = clock; self.emit = events
        doorbell = Doorbell(store: store, clock: clock)
        channelKind = channel.kind
        let number = channel.sendingNumber(governor: configuration.governor)
        self.number = number
        gate = Gate(GovernorGate(governor: configuration.governor, sender: channel.sender,
                                 seed: configuration.jitterSeed ?? UInt64.random(in: .min ... .max)))
        let slots = SlotLock()
        let lane = AgentLane(store: store, channel: channel, number: number, configuration: configuration, clock: clock,
                             gate: gate, lease: lease, slots: slots, emit: events)
        self.lane = lane
        worker = Mutex(Worker(store: store, writer: writer, channel: channel, number: number,
                              configuration: configuration, clock: clock, gate: gate, lease: lease, lane: lane,
                              slots: slots, emit: events))
    }

    // MARK: - Running

    /// Starts the engine thread (and the lease keeper). Calling it twice does nothing.
    public func start() {
        let alreadyRunning = control.withLock { c -> Bool in
            if c.running { return true }
            c.running = true; c.stopping = false
            return false
        }
        guard !alreadyRunning else { return }
        emit(.started(at: clock.now()))
        let engine = Thread { [self] in run() }
        engine.name = "retoma-engine"
        engine.start()
        let keeper = Thread { [self] in keepLease() }
        keeper.name = "retoma-engine-lease"
        keeper.start()
        lane.start()
    }

    /// Stops the thread after the unit of work in progress (a send under way finishes and is recorded) and
    /// gives the lease up. Returns false if that work did not end within `timeout` seconds; the process may
    /// still exit: an interrupted generation is resumed by the next engine, an interrupted send becomes
    /// uncertain.
    @discardableResult
    public func stop(waitingUpTo timeout: TimeInterval = 10) -> Bool {
        let wasRunning = control.withLock { c -> Bool in
            guard c.running, !c.stopping else { return false }
            c.stopping = true
            return true
        }
        guard wasRunning else { return true }
        doorbell.ring()
        keeperBell.signal()
        let started = Date()
        guard finished.wait(timeout: .now() + timeout) == .success,
              lane.stop(waitingUpTo: max(0, timeout - Date().timeIntervalSince(started))) else { return false }
        control.withLock { $0.running = false }
        if lease.held { try? store.releaseLease(holderID: configuration.holderID) }
        lease.set(false)
        emit(.stopped(at: clock.now()))
        return true
    }

    /// Makes the engine look again now: call it after writing a message, saving a column's dialog, moving a
    /// card or closing a ticket in this process. Other processes' writes are noticed within a second.
    public func wake() {
        doorbell.ring()
        lane.wake()
    }

    /// Writes an agent's message into the deal's conversation (shown at once) and queues it to be sent, ahead of
    /// any follow-up; the lane starts it as soon as the governor allows. Refused before anything is written when
    /// the channel's rules forbid it (`CustomerServiceWindow.checkAgentSend`): free text outside the Cloud API's
    /// 24-hour window, a template on a channel without templates or not configured. Sent only while this process
    /// holds the lease; otherwise the engine that holds it sends it (it notices the write within a second).
    public func sendAsAgent(dealID: Int64, text: String,
                            template: MessageTemplate? = nil) throws(StoreError) -> AgentQueueOutcome {
        let outcome = try store.queueAgentSend(dealID: dealID, text: text, template: template, number: number,
                                               at: clock.now())
        if case .queued(let send, _) = outcome {
            lane.wake()
            emit(.agent(lane.ref(send), .queued, at: clock.now()))
            // Our side spoke: the worker re-reads the deal's schedule too.
            doorbell.ring()
        }
        return outcome
    }

    /// Sends the agents' messages that are due, on the caller's thread, taking the lease for it when nobody
    /// holds it (as `runDueWork()` does): for `retoma message send` without a running engine. Writes no
    /// follow-up. Returns nil when another process holds the lease (it sends them); otherwise when to look
    /// again (a retry, the governor's next slot), nil inside meaning nothing waits.
    @discardableResult
    public func runAgentSends() -> Date?? {
        guard worker.withLock({ $0.takeLease() }) else { return nil }
        return .some(lane.drain())
    }

    /// One pass of work at the clock's current time, on the caller's thread: for tests and for
    /// `retoma engine --once`. Returns when the next pass is due (nil: only when something changes).
    @discardableResult
    public func runDueWork() -> Date? { worker.withLock { $0.pass() } }

    /// Passes until none is due at the clock's current time (at most `limit`). Returns the next wake time.
    @discardableResult
    public func runUntilIdle(limit: Int = 10_000) -> Date? {
        var next: Date?
        for _ in 0..<limit {
            next = runDueWork()
            guard let at = next, at <= clock.now() else { return next }
        }
        return next
    }

    private func run() {
        while !control.withLock({ $0.stopping }) {
            // The version before the pass reads anything: another process's write during it (or in the first
            // second of the sleep after it, before the first poll) still wakes the next sleep.
            doorbell.takeBaseline()
            let next = runDueWork()
            let now = clock.now()
            if let next, next <= now { continue }
            sleep(until: next)
        }
        finished.signal()
    }

    /// Sleeps until `deadline` (nil: indefinitely), `wake()`, `stop()`, or another process's write, which it
    /// notices about once a second (see `Doorbell`). With nothing due that is all the engine does.
    private func sleep(until deadline: Date?) {
        doorbell.sleep(until: deadline, poll: configuration.watchInterval, stopping: { control.withLock { $0.stopping } })
    }

    /// Renews the lease every `leaseRenewal` seconds while this process holds it, independently of the
    /// engine thread (which may be waiting on the AI or the channel). A lost lease wakes the engine.
    private func keepLease() {
        while keeperBell.wait(timeout: .now() + configuration.leaseRenewal) == .timedOut {
            if control.withLock({ $0.stopping }) { break }
            (clock as? DatabaseClock)?.calibrate()
            guard lease.held else { continue }
            // A renewal that fails is not a renewal: the lease may run out while this process still thinks it
            // holds it. Say so, and let the engine thread take or renew it again on its next pass.
            var renewed = false
            do {
                renewed = try store.renewLease(holderID: configuration.holderID, at: clock.now(), ttl: configuration.leaseTTL)
            } catch {
                emit(.storeError("could not renew the engine lease: \(error.message)", at: clock.now()))
            }
            if !renewed {
                lease.set(false)
                wake()
            } else if (try? store.hasLapsedEngines(at: clock.now())) == true {
                // Another engine stopped without a word (killed, its host gone): its work waits for a pass here.
                wake()
            }
        }
    }

    // MARK: - The operator's hand

    /// Pauses all sending now and across restarts; a send already under way finishes and is recorded.
    public func pause() throws(StoreError) {
        try store.pauseSending(reason: .operator, detail: nil, at: clock.now())
        wake()
    }

    /// Resumes sending (also after a pause the channel or the AI caused, once its cause is fixed).
    public func resume() throws(StoreError) {
        try store.resumeSending()
        wake()
    }

    public func settings() throws(StoreError) -> EngineSettings { try store.engineSettings() }

    /// The process running the engine on this database (this one or another), or nil if none is.
    public func leaseHolder() throws(StoreError) -> LeaseHolder? { try store.leaseHolder(at: clock.now()) }

    /// True while this process runs the engine.
    public var holdsLease: Bool { lease.held }

    /// When the governor lets the next send start (now or later).
    public func nextSlot() throws(StoreError) -> Date { try gate.nextSlot(store, now: clock.now()) }

    func clockNow() -> Date { clock.now() }

    /// Sends an uncertain attempt again, by the operator's explicit choice.
    @discardableResult
    public func resendUncertain(attemptID: Int64) throws(StoreError) -> Attempt {
        defer { wake() }
        return try store.resendUncertain(attemptID: attemptID, at: clock.now())
    }

    /// The operator confirms an uncertain attempt reached the customer.
    @discardableResult
    public func markUncertainDone(attemptID: Int64) throws(StoreError) -> Attempt {
        defer { wake() }
        return try store.markUncertainDone(attemptID: attemptID, at: clock.now())
    }

    /// Retries a failed attempt once its cause is fixed (`confirmed` when it may have been delivered).
    @discardableResult
    public func retryFailed(attemptID: Int64, confirmed: Bool = false) throws(StoreError) -> Attempt {
        defer { wake() }
        return try store.retryFailed(attemptID: attemptID, confirmed: confirmed, at: clock.now())
    }

    // MARK: - Decisions without acting

    /// The decisions this engine would take, through its own governor.
    public var evaluator: FollowUpEvaluator { FollowUpEvaluator(store: store, gate: gate, number: number) }

    /// The inputs every follow-up decision of this engine reads now (the dialog's counts and warning take it too).
    public func policyContext() throws(StoreError) -> PolicyContext {
        try store.policyContext(for: number, at: clock.now())
    }

    /// Every deal's decision at `instant` (see `FollowUpEvaluator.decisions(at:)`).
    public func decisions(at instant: Date) throws(StoreError) -> [Decision] { try evaluator.decisions(at: instant) }

    /// One deal's decision at `instant`, every rule explained (see `FollowUpEvaluator.decision(dealID:at:)`).
    public func decision(dealID: Int64, at instant: Date) throws(StoreError) -> Decision {
        try evaluator.decision(dealID: dealID, at: instant)
    }

    /// Gives the lease up if this engine holds it without running (after `runDueWork()` in `--once`).
    public func releaseLease() throws(StoreError) {
        try store.releaseLease(holderID: configuration.holderID)
        lease.set(false)
    }
}

extension WhatsAppChannel {
    /// This channel's number as the follow-up rules see it, paced by `governor`.
    public func sendingNumber(governor: SendGovernor) -> SendingNumber {
        SendingNumber(sender: sender, governor: governor, window: messagingWindow, templates: templates)
    }
}
