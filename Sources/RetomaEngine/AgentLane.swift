import Foundation
import RetomaChannels
import RetomaCore
import RetomaStore
import Synchronization

/// One process-local lock held across "governor slot check → mark sending" by the worker and the agent lane,
/// so two sends of this process never take the same slot.
final class SlotLock: Sendable {
    private let mutex = Mutex(())

    func run<T: Sendable, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try mutex.withLock { (_: inout ()) throws(E) -> T in try body() }
    }
}

/// Sends the messages agents write by hand, on its own thread, while this process holds the engine lease:
/// a person waiting on a customer is never held behind a follow-up being written (the local model takes
/// seconds). Each send passes the same governor as follow-ups (the shared `Gate`, under the shared
/// `SlotLock`), goes before any queued follow-up, and follows the follow-ups' outbox discipline: the
/// re-check and the `sending` mark in one transaction, a last look before the channel call, transient
/// errors retried under the same key, an unknown outcome left uncertain.
final class AgentLane: Sendable {
    let store: Store
    let channel: any WhatsAppChannel
    let number: SendingNumber
    let configuration: EngineConfiguration
    let clock: any RetomaCore.Clock
    let gate: Gate
    let lease: LeaseFlag
    let slots: SlotLock
    let emit: @Sendable (EngineEvent) -> Void

    private let doorbell: Doorbell
    private let finished = DispatchSemaphore(value: 0)
    private let control = Mutex(Control())
    /// One drain at a time (the lane's thread, or the worker's pass when the thread does not run).
    private let memory = Mutex(Memory())

    private struct Control {
        var running = false
        var stopping = false
    }

    private struct Memory {
        /// Receipts the database refused to record: recorded on a later drain.
        var unrecorded: [Int64: SendReceipt] = [:]
        /// What was last said about each waiting send, so a held send is announced once per cause.
        var announced: [Int64: AgentSendStep] = [:]
    }

    init(store: Store, channel: any WhatsAppChannel, number: SendingNumber, configuration: EngineConfiguration,
         clock: any RetomaCore.Clock, gate: Gate, lease: LeaseFlag, slots: SlotLock,
         emit: @escaping @Sendable (EngineEvent) -> Void) {
        self.store = store; self.channel = channel; self.number = number; self.configuration = configuration
        self.clock = clock; self.gate = gate; self.lease = lease; self.slots = slots; self.emit = emit
        doorbell = Doorbell(store: store, clock: clock)
    }

    var running: Bool { control.withLock { $0.running && !$0.stopping } }

    func start() {
        let started = control.withLock { c -> Bool in
            if c.running { return false }
            c.running = true; c.stopping = false
            return true
        }
        guard started else { return }
        let thread = Thread { [self] in run() }
        thread.name = "retoma-agent-lane"
        thread.start()
    }

    /// Stops after the send in progress is recorded.
    @discardableResult
    func stop(waitingUpTo timeout: TimeInterval) -> Bool {
        let wasRunning = control.withLock { c -> Bool in
            guard c.running, !c.stopping else { return false }
            c.stopping = true
            return true
        }
        guard wasRunning else { return true }
        doorbell.ring()
        guard finished.wait(timeout: .now() + timeout) == .success else { return false }
        control.withLock { $0.running = false }
        return true
    }

    func wake() { doorbell.ring() }

    private func run() {
        // The baseline first: a write made before the first look is still seen by it.
        doorbell.takeBaseline()
        while !control.withLock({ $0.stopping }) {
            let next = drain()
            if let next, next <= clock.now() { continue }
            sleep(until: next)
        }
        finished.signal()
    }

    /// Sleeps until `deadline`, `wake()`, `stop()`, or another process's write (see `Doorbell`). Polls a little
    /// faster than the engine: a send queued by another process (`retoma message send` while the board holds the
    /// lease) waits for this.
    private func sleep(until deadline: Date?) {
        doorbell.sleep(until: deadline, poll: min(configuration.watchInterval, 0.25),
                       stopping: { control.withLock { $0.stopping } })
    }

    // MARK: - Sending

    private enum Slot: Sendable {
        case throttled(Date)
        case begun(AgentSendBegin)
    }

    /// Sends every queued agent message whose time has come, as far as the governor allows now. Returns when
    /// to look again (nil: only when something changes). Does nothing without the lease.
    @discardableResult
    func drain() -> Date? {
        memory.withLock { memory in drain(&memory) }
    }

    private func drain(_ memory: inout Memory) -> Date? {
        let now = clock.now()
        // Not ours (yet): look again shortly, since the worker may take the lease any moment.
        guard lease.held else { return now.addingTimeInterval(1) }
        do {
            try settleStuck(&memory, now: now)
            var wake = try store.nextAgentSendRetry().flatMap { $0 > now ? $0 : nil }
            for send in try store.dueAgentSends(at: now) {
                let slot = try slots.run { () throws(StoreError) -> Slot in
                    let at = clock.now()
                    let slot = try gate.nextSlot(store, now: at)
                    if slot > at { return .throttled(slot) }
                    return .begun(try store.beginAgentSend(id: send.id, holderID: configuration.holderID, at: at,
                                                           number: number, slot: gate.rule(now: at)))
                }
                switch slot {
                case .throttled(let until), .begun(.throttled(_, let until)):
                    try announce(send, .throttled(until: until), &memory)
                    return earliest(wake, until)
                case .begun(.sending(let sending)):
                    memory.announced[send.id] = nil
                    try transmit(sending, &memory)
                case .begun(.paused(let held)):
                    // Resuming wakes the engine (and this lane).
                    try announce(held, .paused, &memory)
                    return wake
                case .begun(.settled(let settled)):
                    memory.announced[send.id] = nil
                    let step: AgentSendStep = settled.state == .failed
                        ? .failed(reason: settled.reason ?? "") : .cancelled(reason: settled.reason ?? "")
                    emit(.agent(ref(settled), step, at: clock.now()))
                case .begun(.notReady(let other)):
                    if let retryAt = other.retryAt, other.state == .queued { wake = earliest(wake, retryAt) }
                case .begun(.leaseLost):
                    lease.set(false)
                    return nil
                }
            }
            return wake
        } catch {
            emit(.storeError(error.message, at: now))
            return now.addingTimeInterval(2)
        }
    }

    private func announce(_ send: AgentSend, _ step: AgentSendStep, _ memory: inout Memory) throws(StoreError) {
        guard memory.announced[send.id] != step else { return }
        memory.announced[send.id] = step
        emit(.agent(ref(send), step, at: clock.now()))
    }

    /// Between two drains nothing of this lane's own is in flight, so a row it left `sending` is one whose
    /// outcome the database refused: record it if known, otherwise it may have left and becomes uncertain.
    private func settleStuck(_ memory: inout Memory, now: Date) throws(StoreError) {
        let stuck = try store.sendingAgentSends(holderID: configuration.holderID)
        let ids = Set(stuck.map(\.id))
        memory.unrecorded = memory.unrecorded.filter { ids.contains($0.key) }
        for send in stuck {
            if let receipt = memory.unrecorded[send.id] {
                try record(send, receipt)
                memory.unrecorded[send.id] = nil
            } else {
                let why = "left sending without a recorded outcome; it may have been sent"
                let uncertain = try store.recordAgentUncertain(id: send.id, error: why, at: now)
                emit(.agent(ref(uncertain), .uncertain(error: why), at: now))
            }
        }
    }

    private func transmit(_ send: AgentSend, _ memory: inout Memory) throws(StoreError) {
        let ref = ref(send)
        emit(.agent(ref, .sending(text: send.text), at: clock.now()))
        let lastCustomer = try store.lastCustomerMessageAt(dealID: send.dealID)
        switch try store.confirmAgentSendStart(id: send.id, holderID: configuration.holderID, at: clock.now(),
                                               maxAge: configuration.sendStartLimit) {
        case .go:
            break
        case .abandoned(let standing, let why):
            if standing.state == .queued {
                emit(.agent(ref, .retrying(error: "not sent: " + why, retryAt: clock.now()), at: clock.now()))
            }
            if !(try store.leaseHolder(at: clock.now()).map { $0.holderID == configuration.holderID } ?? false) {
                lease.set(false)
            }
            return
        }
        let route: OutgoingMessage.Route = send.template.map { .template($0) } ?? .freeText
        let receipt: SendReceipt
        do {
            receipt = try channel.send(OutgoingMessage(to: send.phone, text: send.text, idempotencyKey: send.key,
                                                       customerLastMessageAt: lastCustomer, route: route))
        } catch {
            return try failed(error, send, ref)
        }
        var lastError: StoreError?
        for wait in [0, 0.2, 0.5, 1, 2] as [TimeInterval] {
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            do {
                return try record(send, receipt)
            } catch {
                lastError = error
            }
        }
        memory.unrecorded[send.id] = receipt
        emit(.storeError("agent send \(send.id) was sent (\(receipt.channelMessageID)) but could not be recorded yet: "
                         + (lastError?.message ?? "") + "; it is recorded when the database accepts it", at: clock.now()))
    }

    private func record(_ send: AgentSend, _ receipt: SendReceipt) throws(StoreError) {
        let recorded = try store.recordAgentSent(id: send.id, channelMessageID: receipt.channelMessageID,
                                                 deliveryStatus: receipt.status, recipientID: receipt.recipientID,
                                                 at: clock.now())
        emit(.agent(ref(recorded), .sent(channelMessageID: receipt.channelMessageID), at: clock.now()))
    }

    private func failed(_ error: ChannelError, _ send: AgentSend, _ ref: AgentSendRef) throws(StoreError) {
        let now = clock.now()
        switch error {
        case .retryLater(let reason, let asked):
            let tries = send.nextTry
            if tries >= configuration.backoff.maxSendTries {
                _ = try store.recordAgentFailure(id: send.id, reason: "retries_exhausted: " + reason, at: now)
                emit(.agent(ref, .failed(reason: "retries_exhausted: " + reason), at: now))
                return
            }
            let retryAt = now.addingTimeInterval(configuration.backoff.delay(afterTry: tries, providerAsked: asked))
            _ = try store.retryAgentSendLater(id: send.id, error: reason, retryAt: retryAt, at: now)
            emit(.agent(ref, .retrying(error: reason, retryAt: retryAt), at: now))
        case .permanent(let reason):
            _ = try store.recordAgentFailure(id: send.id, reason: reason, at: now)
            emit(.agent(ref, .failed(reason: reason), at: now))
        case .pauseChannel(let reason):
            // The provider refused before taking it: queued again, it goes out after the resume.
            _ = try store.retryAgentSendLater(id: send.id, error: reason, retryAt: now, at: now)
            try store.pauseSending(reason: .channel, detail: reason, at: now)
        case .outcomeUnknown(let reason):
            _ = try store.recordAgentUncertain(id: send.id, error: reason, at: now)
            emit(.agent(ref, .uncertain(error: reason), at: now))
        }
    }

    func ref(_ send: AgentSend) -> AgentSendRef {
        Self.ref(send, store)
    }

    /// Named as the monitor shows deals; a deleted deal keeps the contact's name from the ledger row.
    static func ref(_ send: AgentSend, _ store: Store) -> AgentSendRef {
        let deal: DealRef
        if let followUp = try? store.dealFollowUp(id: send.dealID) {
            deal = DealRef(dealID: send.dealID, columnID: followUp.facts.columnID, columnName: followUp.columnName,
                           contactName: followUp.contactName)
        } else {
            deal = DealRef(dealID: send.dealID, columnID: 0, columnName: nil, contactName: send.contactName)
        }
        return AgentSendRef(sendID: send.id, key: send.key, messageID: send.messageID, deal: deal)
    }
}
