import Foundation
import RetomaAI
import RetomaChannels
import RetomaCore
import RetomaStore

/// Does the engine's work, one unit per pass: settle the lease, carry on an attempt in flight, or plan the
/// earliest due deal. Every decision is re-checked inside the store transaction that acts on it; this type
/// only chooses what to try next and says what happened. Used by one thread at a time (`Engine` serializes).
final class Worker {
    let store: Store
    let writer: any FollowUpWriting
    let channel: any WhatsAppChannel
    /// The channel's number as the rules see it (`PolicyContext`).
    let number: SendingNumber
    let configuration: EngineConfiguration
    let clock: any RetomaCore.Clock
    let emit: @Sendable (EngineEvent) -> Void
    let gate: Gate
    let lease: LeaseFlag
    /// Agents' messages go first: the worker drains the lane itself when its thread does not run.
    let lane: AgentLane
    /// Held across "governor slot check → mark sending", shared with the lane.
    let slots: SlotLock

    private var announcedSettings: EngineSettings?
    private var announcedHolder: String?
    private var leaseRetryAt: Date?
    /// When this worker last took or renewed the lease: passes in between only look for stopped engines.
    private var leaseWrittenAt: Date?
    private var throttleAnnounced: [Int64: Date] = [:]
    private var columnNames: [Int64: String] = [:]
    /// Due deals that made no progress in the previous pass: seeing them again means stop and wait a bit.
    private var stuck: [Int64] = []
    /// Outcomes the channel gave that the database refused to record: kept until it accepts them, so the
    /// attempt leaves `sending` with the truth instead of waiting for a restart (see `settleStuckSends`).
    private var unrecorded: [Int64: SendReceipt] = [:]
    private var unsettled: [Int64: ChannelError] = [:]

    /// How many due deals one pass looks at.
    static let dueBatch = 25
    /// How many of them a pass held back by the governor looks at (each a read): those that go out next.
    static let heldBackLook = 5
    /// How long one pass carries on pending reschedules (in batches of a few tens of milliseconds each).
    static let rescheduleSlice: TimeInterval = 0.25

    init(store: Store, writer: any FollowUpWriting, channel: any WhatsAppChannel, number: SendingNumber,
         configuration: EngineConfiguration, clock: any RetomaCore.Clock, gate: Gate, lease: LeaseFlag,
         lane: AgentLane, slots: SlotLock, emit: @escaping @Sendable (EngineEvent) -> Void) {
        self.store = store; self.writer = writer; self.channel = channel; self.number = number
        self.configuration = configuration
        self.clock = clock; self.gate = gate; self.lease = lease; self.lane = lane; self.slots = slots; self.emit = emit
    }

    /// Takes or renews the lease without doing any other work. False: another process holds it.
    func takeLease() -> Bool {
        let now = clock.now()
        do {
            return try holdLease(now)
        } catch {
            emit(.storeError(error.message, at: now))
            return false
        }
    }

    /// One pass. Returns when to run again: at or before now means at once; nil means only when woken.
    func pass() -> Date? {
        let now = clock.now()
        do {
            let settings = try store.engineSettings()
            announce(settings, now: now)
            guard try holdLease(now) else { return leaseRetryAt }
            try settleStuckSends(now)
            if settings.paused { return nil }
            var wake: Date?
            if !lane.running, try store.hasDueAgentSend(at: now) { wake = lane.drain() }

            for attempt in try store.openAttempts(holderID: configuration.holderID, at: now) {
                // A draft waiting for a person: the operator's decision (another process, a key) wakes the engine.
                if attempt.state == .review { continue }
                // Nobody's (a person's retry, a stopped engine's): this engine's once it takes it, unless another did.
                if attempt.holderID != configuration.holderID,
                   !(try store.adoptAttempt(id: attempt.id, holderID: configuration.holderID, at: now)) { continue }
                if let retryAt = attempt.retryAt, retryAt > now {
                    wake = earliest(wake, retryAt)
                    continue
                }
                if attempt.state != .ready {
                    try generate(attempt)
                    return clock.now()
                }
                switch try send(attempt, now: now) {
                case .done, .begun:
                    return clock.now()
                case .throttled(let slot):
                    announceThrottled(try dealRef(attempt), until: slot, now: now)
                    wake = earliest(wake, slot)
                case .agentFirst(let slot):
                    // The next slot is a person's: the lane sends it, then this follow-up (not before that slot).
                    let soon = max(slot, now.addingTimeInterval(0.05))
                    wake = earliest(wake, lane.running ? soon : (wake ?? max(slot, now.addingTimeInterval(1))))
                }
            }

            // A column's saved settings still reaching its deals (a save under way, or one cut short): carry on in
            // short batches first, and look at no due deal until that is done, so none is taken up by a due time
            // its column's old settings gave it.
            if try store.continueReschedules(for: Self.rescheduleSlice) { return clock.now() }

            let holder = configuration.holderID
            let due = try store.dueDeals(atOrBefore: now, limit: Self.dueBatch, claimableBy: holder)
            if due.isEmpty {
                stuck = []
                return earliest(wake, try store.nextDueAt(claimableBy: holder, at: now))
            }
            let slot = try gate.nextSlot(store, now: now)
            if slot > now {
                try holdBack(due, until: slot, now: now)
                return earliest(wake, slot)
            }
            // Other engines of this number may be looking at the same deals: plan only those claimed here, one
            // per pass (a pass plans one), so a claim never keeps a deal from an engine that is free for it.
            let claimed = try store.claimDueDeals(holderID: holder, atOrBefore: now, limit: 1,
                                                  until: now.addingTimeInterval(configuration.leaseTTL * 2))
            if claimed.isEmpty { return clock.now().addingTimeInterval(0.05) }
            for deal in claimed where try plan(deal.dealID, now: now) {
                stuck = []
                return clock.now()
            }
            // Everything looked at was rescheduled or skipped, so the next pass sees other deals. The same ones
            // twice would mean a schedule out of step with the rules: wait instead of spinning.
            let ids = claimed.map(\.dealID)
            defer { stuck = ids }
            return ids == stuck ? earliest(wake, now.addingTimeInterval(1)) : clock.now()
        } catch {
            emit(.storeError(error.message, at: now))
            return now.addingTimeInterval(2)
        }
    }

    // MARK: - Pause and lease

    private func announce(_ settings: EngineSettings, now: Date) {
        defer { announcedSettings = settings }
        guard let before = announcedSettings else {
            if settings.paused { emit(.paused(reason: settings.pauseReason ?? .operator, detail: settings.pauseDetail, at: now)) }
            return
        }
        if settings.paused && (!before.paused || before.pauseReason != settings.pauseReason) {
            emit(.paused(reason: settings.pauseReason ?? .operator, detail: settings.pauseDetail, at: now))
        } else if !settings.paused && before.paused {
            emit(.resumed(at: now))
        }
    }

    /// Takes or renews the lease. A new holder first turns whatever a previous engine left `sending` into
    /// `uncertain`, before anything else can happen.
    private func holdLease(_ now: Date) throws(StoreError) -> Bool {
        // Renewed a moment ago (the keeper renews too): a write per pass would wake every other engine and board.
        if lease.held, let written = leaseWrittenAt, now >= written, now.timeIntervalSince(written) < configuration.leaseRenewal {
            if try store.hasLapsedEngines(at: now) { try takeOverStoppedEngines(now) }
            return true
        }
        leaseWrittenAt = nil
        let claim = try store.acquireLease(holderID: configuration.holderID, pid: configuration.pid,
                                           host: configuration.host, sender: number.sender, at: now,
                                           ttl: configuration.leaseTTL)
        switch claim {
        case .acquired(let me, let previous):
            emit(.leaseAcquired(me, previous: previous, at: now))
            try takeOverStoppedEngines(now)
            try store.pruneSendLog(before: now.addingTimeInterval(-2 * 86_400))
            announcedHolder = nil
            lease.set(true)
            leaseWrittenAt = now
            lane.wake()
            return true
        case .renewed:
            lease.set(true)
            leaseWrittenAt = now
            if try store.hasLapsedEngines(at: now) { try takeOverStoppedEngines(now) }
            return true
        case .heldByOther(let holder):
            let wasOurs = lease.held
            lease.set(false)
            if wasOurs || announcedHolder != holder.holderID {
                emit(.leaseLost(holder: holder, at: now))
                announcedHolder = holder.holderID
            }
            // Whole seconds: the holder's lease is good through the second it expires.
            leaseRetryAt = holder.expiresAt.addingTimeInterval(1)
            return false
        }
    }

    /// What engines that stopped left: their sends in flight become uncertain (never resent without the operator),
    /// their open attempts this engine's.
    private func takeOverStoppedEngines(_ now: Date) throws(StoreError) {
        for attempt in try store.recoverInterruptedSends(holderID: configuration.holderID, at: now) {
            emit(.uncertain(try attemptRef(attempt), error: attempt.error, at: now))
        }
        for send in try store.recoverInterruptedAgentSends(holderID: configuration.holderID, at: now) {
            emit(.agent(AgentLane.ref(send, store), .uncertain(error: send.error ?? AgentSendReason.interrupted), at: now))
        }
        _ = try store.adoptOrphanedAttempts(holderID: configuration.holderID, at: now)
    }

    /// Between passes nothing of this engine's own is being sent, so an attempt it left in `sending` is one
    /// whose outcome the database refused. Record the outcome now if this process knows it; otherwise the
    /// send may have left and the attempt becomes uncertain (never resent without the operator).
    private func settleStuckSends(_ now: Date) throws(StoreError) {
        let stuckSends = try store.sendingAttempts(holderID: configuration.holderID)
        let ids = Set(stuckSends.map(\.id))
        unrecorded = unrecorded.filter { ids.contains($0.key) }
        unsettled = unsettled.filter { ids.contains($0.key) }
        for attempt in stuckSends {
            let ref = try attemptRef(attempt)
            if let receipt = unrecorded[attempt.id] {
                try record(attempt, ref, receipt)
                unrecorded[attempt.id] = nil
            } else if let error = unsettled[attempt.id] {
                try channelFailed(error, attempt, ref)
                unsettled[attempt.id] = nil
            } else {
                let why = "left sending without a recorded outcome; it may have been sent"
                _ = try store.recordUncertain(attemptID: attempt.id, error: why, at: now)
                emit(.uncertain(ref, error: why, at: now))
            }
        }
    }

    // MARK: - Planning

    /// Asks the store to plan a due deal. True when it planned (and wrote) an attempt.
    private func plan(_ dealID: Int64, now: Date) throws(StoreError) -> Bool {
        switch try store.planAttempt(dealID: dealID, holderID: configuration.holderID, at: now, number: number) {
        case .planned(let attempt):
            throttleAnnounced[dealID] = nil
            emit(.planned(try attemptRef(attempt), dueAt: attempt.dueAt, at: now))
            try generate(attempt)
            return true
        case .waiting(let decision):
            emit(.skipped(try dealRef(dealID), reason: decision.reason, until: decision.dueAt, at: now))
        case .skipped(let decision):
            emit(.skipped(try dealRef(dealID), reason: decision.reason, until: nil, at: now))
        case .maxReached(let decision, let moved):
            // Named from the column it was in when the maximum applied, not the one it moved to.
            let contact = try dealRef(dealID).contactName
            let from = DealRef(dealID: dealID, columnID: decision.columnID, columnName: try columnName(decision.columnID),
                               contactName: contact)
            let to = moved.map { DealRef(dealID: dealID, columnID: $0.id, columnName: $0.name, contactName: contact) }
            emit(.maxReached(from, movedTo: to, at: now))
        case .alreadyInFlight, .dealGone:
            break
        case .leaseLost:
            lease.set(false)
            return true
        }
        return false
    }

    /// The governor holds the due deals: those the rules would send now wait (throttled, in due order);
    /// the others are rescheduled by the store as usual.
    private func holdBack(_ due: [DueDeal], until slot: Date, now: Date) throws(StoreError) {
        // Already said for this slot: nothing to read again. Woken by every other engine's commit, this would
        // otherwise re-read the same deals each time; and only the head of the queue, which goes next, matters now.
        let due = due.prefix(Self.heldBackLook).filter { throttleAnnounced[$0.dealID] != slot }
        guard !due.isEmpty else { return }
        let policy = try store.policyContext(for: number, at: now)
        var waiting: Int?
        for deal in due {
            let followUp = try store.dealFollowUp(id: deal.dealID)
            let decision = try policy.decide(followUp.facts, config: followUp.config, hold: followUp.hold) {
                () throws(StoreError) in try store.lastCustomerMessageAt(dealID: deal.dealID)
            }
            if decision.action == .send {
                if throttleAnnounced[deal.dealID] != slot {
                    if waiting == nil { waiting = try store.dueCount(atOrBefore: now) }
                    let count = waiting ?? 0
                    throttleAnnounced[deal.dealID] = slot
                    emit(.throttled(ref(followUp), until: slot, waiting: count, at: now))
                }
            } else {
                _ = try plan(deal.dealID, now: now)
            }
        }
    }

    private func announceThrottled(_ deal: DealRef, until slot: Date, now: Date) {
        guard throttleAnnounced[deal.dealID] != slot else { return }
        throttleAnnounced[deal.dealID] = slot
        emit(.throttled(deal, until: slot, waiting: (try? store.dueCount(atOrBefore: now)).map { $0 + 1 } ?? 1, at: now))
    }

    // MARK: - Writing

    /// planned → generating → ready, with the writer called outside any transaction.
    private func generate(_ planned: Attempt) throws(StoreError) {
        let attempt = try store.markGenerating(attemptID: planned.id, at: clock.now())
        guard attempt.state == .generating else {
            if attempt.state == .cancelled { emit(.cancelled(try attemptRef(attempt), reason: attempt.reason ?? "", at: clock.now())) }
            return
        }
        let ref = try attemptRef(attempt)
        emit(.generating(ref, at: clock.now()))
        let material: FollowUpMaterial
        do {
            material = try store.followUpMaterial(dealID: attempt.dealID, messageLimit: configuration.messageWindow)
        } catch .notFound {
            let cancelled = try store.cancelAttempt(attemptID: attempt.id, reason: CancelReason.dealDeleted, at: clock.now())
            emit(.cancelled(ref, reason: cancelled.reason ?? CancelReason.dealDeleted, at: clock.now()))
            return
        }
        let context = FollowUpContext(contact: material.contact, deal: material.deal, columnName: material.column.name,
                                      config: material.column.followUp, recentMessages: material.recentMessages,
                                      followUpsSinceReply: material.followUpsSinceReply, now: clock.now())
        let written: WrittenFollowUp
        do {
            written = try writer.write(context, earlierFollowUps: material.earlierFollowUps)
        } catch let error as AIError {
            return try writerFailed(error, attempt, ref)
        } catch {
            return try writerFailed(.transient(String(describing: error)), attempt, ref)
        }
        if let problem = FollowUpText.finalCheck(written.text, earlier: material.earlierFollowUps) {
            let failed = try store.recordFailure(attemptID: attempt.id, reason: "text_rejected", error: problem, at: clock.now())
            emit(.failed(ref, reason: failed.reason ?? "text_rejected", error: problem, at: clock.now()))
            return
        }
        let ready = try store.markReady(attemptID: attempt.id, text: written.text, model: written.model,
                                        forcedReview: configuration.forcedReview, at: clock.now())
        if ready.state == .review {
            emit(.awaitingReview(ref, text: written.text, at: clock.now()))
        } else if ready.state == .cancelled {
            // A customer reply (or another change) arrived while the text was being written.
            emit(.cancelled(ref, reason: ready.reason ?? "", at: clock.now()))
        }
    }

    private func writerFailed(_ error: AIError, _ attempt: Attempt, _ ref: AttemptRef) throws(StoreError) {
        let now = clock.now()
        switch error {
        case .permanent:
            // Nothing was written, so nothing can have been sent: cancel (a new attempt follows the resume) and
            // pause until someone fixes the AI configuration.
            let cancelled = try store.cancelAttempt(attemptID: attempt.id, reason: error.code, error: error.message(.en), at: now)
            emit(.cancelled(ref, reason: cancelled.reason ?? error.code, at: now))
            try store.pauseSending(reason: .ai, detail: error.message(.en), at: now)
        case .transient:
            let retryAt = now.addingTimeInterval(configuration.backoff.delay(afterTry: attempt.nextTry))
            _ = try store.retryAttemptLater(attemptID: attempt.id, backTo: .planned, error: error.message(.en),
                                            retryAt: retryAt, at: now)
            emit(.retrying(ref, error: error.message(.en), retryAt: retryAt, at: now))
        case .duplicateGeneration, .unusableReply, .lowQuality:
            _ = try store.recordFailure(attemptID: attempt.id, reason: error.code, error: error.message(.en), at: now)
            emit(.failed(ref, reason: error.code, error: error.message(.en), at: now))
        }
    }

    // MARK: - Sending

    private enum SendStart: Sendable {
        case done, throttled(Date), agentFirst(Date)
        case begun(SendingOutcome)
    }

    /// Under the slot lock: an agent's message due first yields the slot; then the governor; then the re-check
    /// and `sending` mark in one transaction. Outside it: the channel, then `sent` and the conversation's new
    /// follow-up in one transaction.
    private func send(_ ready: Attempt, now: Date) throws(StoreError) -> SendStart {
        // The time now, not the pass's start: the send's start is what the governor counts, on every engine.
        let start = try slots.run { () throws(StoreError) -> SendStart in
            let at = clock.now()
            let slot = try gate.nextSlot(store, now: at)
            if try store.hasDueAgentSend(at: at) { return .agentFirst(slot) }
            if slot > at { return .throttled(slot) }
            return .begun(try store.beginSending(attemptID: ready.id, holderID: configuration.holderID, at: at,
                                                 number: number, forcedReview: configuration.forcedReview,
                                                 slot: gate.rule(now: at)))
        }
        guard case .begun(let outcome) = start else { return start }
        if case .throttled(_, let until) = outcome { return .throttled(until) }
        try carryOn(outcome, now: clock.now())
        return .done
    }

    private func carryOn(_ outcome: SendingOutcome, now: Date) throws(StoreError) {
        switch outcome {
        case .sending(let attempt):
            let ref = try attemptRef(attempt)
            let text = attempt.text ?? ""
            emit(.sending(ref, text: text, at: now))
            // The Cloud API's 24-hour window counts from the customer's latest message.
            let lastCustomer = try store.lastCustomerMessageAt(dealID: attempt.dealID)
            guard try stillGo(attempt, ref) else { return }
            let receipt: SendReceipt
            do {
                receipt = try channel.send(OutgoingMessage(to: attempt.phone, text: text, idempotencyKey: attempt.key.text,
                                                           customerLastMessageAt: lastCustomer))
            } catch {
                do {
                    try channelFailed(error, attempt, ref)
                } catch let storeError {
                    unsettled[attempt.id] = error
                    throw storeError
                }
                return
            }
            recordSent(attempt, ref, receipt)
        case .cancelled(let attempt):
            emit(.cancelled(try attemptRef(attempt), reason: attempt.reason ?? "", at: now))
        case .waiting(let attempt, let decision):
            emit(.skipped(try attemptRef(attempt).deal, reason: decision.reason, until: decision.dueAt, at: now))
        case .notReady, .throttled:
            break
        case .awaitingReview(let attempt):
            emit(.awaitingReview(try attemptRef(attempt), text: attempt.text ?? "", at: now))
        case .leaseLost:
            lease.set(false)
        }
    }

    /// The last look before the channel call (see `Store.confirmSendStart`). False: nothing goes out.
    private func stillGo(_ attempt: Attempt, _ ref: AttemptRef) throws(StoreError) -> Bool {
        let now = clock.now()
        switch try store.confirmSendStart(attemptID: attempt.id, holderID: configuration.holderID, at: now,
                                          maxAge: configuration.sendStartLimit) {
        case .go:
            return true
        case .abandoned(let standing, let why):
            if standing.state == .ready {
                emit(.retrying(ref, error: "not sent: " + why, retryAt: now, at: now))
            } else if standing.state == .cancelled {
                emit(.cancelled(ref, reason: standing.reason ?? CancelReason.notSent, at: now))
            } else {
                emit(.storeError("attempt \(attempt.id) not sent: \(why)", at: now))
            }
            if !(try store.holdsLease(holderID: configuration.holderID, at: now)) { lease.set(false) }
            return false
        }
    }

    /// The message is out: recording it must not give up on a briefly locked database. If the database
    /// still refuses, the receipt is kept and recorded on a later pass (`settleStuckSends`).
    private func recordSent(_ attempt: Attempt, _ ref: AttemptRef, _ receipt: SendReceipt) {
        var lastError: StoreError?
        for wait in [0, 0.2, 0.5, 1, 2] as [TimeInterval] {
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            do {
                return try record(attempt, ref, receipt)
            } catch {
                lastError = error
            }
        }
        unrecorded[attempt.id] = receipt
        emit(.storeError("attempt \(attempt.id) was sent (\(receipt.channelMessageID)) but could not be recorded yet: "
                         + (lastError?.message ?? "") + "; it stays sending and is recorded when the database accepts it",
                         at: clock.now()))
    }

    private func record(_ attempt: Attempt, _ ref: AttemptRef, _ receipt: SendReceipt) throws(StoreError) {
        let recorded = try store.recordSent(attemptID: attempt.id, channelMessageID: receipt.channelMessageID,
                                            deliveryStatus: receipt.status, at: clock.now())
        emit(.sent(ref, text: recorded.attempt.text ?? "", model: recorded.attempt.model,
                   channelMessageID: receipt.channelMessageID, at: clock.now()))
        // Replies come from the account the provider resolved the number to; best effort.
        if let recipient = receipt.recipientID { try? store.recordRecipient(attemptID: attempt.id, recipientID: recipient) }
    }

    private func channelFailed(_ error: ChannelError, _ attempt: Attempt, _ ref: AttemptRef) throws(StoreError) {
        let now = clock.now()
        switch error {
        case .retryLater(let reason, let asked):
            let tries = attempt.nextTry
            if tries >= configuration.backoff.maxSendTries {
                _ = try store.recordFailure(attemptID: attempt.id, reason: "retries_exhausted", error: reason, at: now)
                emit(.failed(ref, reason: "retries_exhausted", error: reason, at: now))
                return
            }
            let retryAt = now.addingTimeInterval(configuration.backoff.delay(afterTry: tries, providerAsked: asked))
            _ = try store.retryAttemptLater(attemptID: attempt.id, backTo: .ready, error: reason, retryAt: retryAt, at: now)
            emit(.retrying(ref, error: reason, retryAt: retryAt, at: now))
        case .permanent(let reason):
            _ = try store.recordFailure(attemptID: attempt.id, reason: reason, error: nil, at: now)
            emit(.failed(ref, reason: reason, error: nil, at: now))
        case .pauseChannel(let reason):
            // The provider refused before taking the message: it stays ready and goes out after the resume.
            _ = try store.retryAttemptLater(attemptID: attempt.id, backTo: .ready, error: reason, retryAt: now, at: now)
            try store.pauseSending(reason: .channel, detail: reason, at: now)
        case .outcomeUnknown(let reason):
            _ = try store.recordUncertain(attemptID: attempt.id, error: reason, at: now)
            emit(.uncertain(ref, error: reason, at: now))
        }
    }

    // MARK: - Names for events

    func attemptRef(_ attempt: Attempt) throws(StoreError) -> AttemptRef {
        AttemptRef(attemptID: attempt.id, key: attempt.key, sequence: attempt.sequenceNumber,
                   deal: DealRef(dealID: attempt.dealID, columnID: attempt.columnID,
                                 columnName: try columnName(attempt.columnID), contactName: attempt.contactName))
    }

    private func dealRef(_ attempt: Attempt) throws(StoreError) -> DealRef { try attemptRef(attempt).deal }

    private func dealRef(_ dealID: Int64) throws(StoreError) -> DealRef {
        do {
            return ref(try store.dealFollowUp(id: dealID))
        } catch .notFound {
            return DealRef(dealID: dealID, columnID: 0, columnName: nil, contactName: nil)
        }
    }

    private func ref(_ followUp: DealFollowUp) -> DealRef {
        DealRef(dealID: followUp.facts.dealID, columnID: followUp.facts.columnID, columnName: followUp.columnName,
                contactName: followUp.contactName)
    }

    private func columnName(_ id: Int64) throws(StoreError) -> String? {
        if let name = columnNames[id] { return name }
        guard let column = try? store.column(id: id) else { return nil }
        columnNames[id] = column.name
        return column.name
    }
}

func earliest(_ a: Date?, _ b: Date?) -> Date? {
    switch (a, b) {
    case let (a?, b?): min(a, b)
    case let (a?, nil): a
    case let (nil, b): b
    }
}

extension Attempt {
    /// The try about to be counted; a corrupt stored count cannot overflow it.
    var nextTry: Int { tries < Int.max ? tries + 1 : tries }
}
