import Foundation
import RetomaCore

/// What `planAttempt` did with a deal whose next-due time came.
public enum PlanOutcome: Sendable, Equatable {
    /// A new ledger row in `planned`, ours to carry on.
    case planned(Attempt)
    /// Not now (closed hours, a holiday, not due after all, paused or held); rescheduled to `dueAt`.
    case waiting(Decision)
    /// The rules say no until the deal changes; its schedule was cleared.
    case skipped(Decision)
    /// The maximum of follow-ups without a reply was reached: the column's "on max" action applied.
    case maxReached(Decision, movedTo: RetomaCore.Column?)
    /// Another attempt of this deal is already in flight.
    case alreadyInFlight(attemptID: Int64)
    /// We no longer hold the engine lease: nothing was written.
    case leaseLost
    case dealGone
}

/// What `beginSending` decided, in the transaction that re-read the conversation.
public enum SendingOutcome: Sendable, Equatable {
    /// Marked `sending`: hand it to the channel now.
    case sending(Attempt)
    /// The deal changed (the customer answered, we wrote, it moved, the column was switched off…).
    case cancelled(Attempt)
    /// Still valid but not now (paused, business hours closed); stays `ready`.
    case waiting(Attempt, Decision)
    /// The attempt is not `ready` (already handled elsewhere, or its retry time has not come).
    case notReady(Attempt)
    /// Review is required and nobody approved the text: it went back to `review` and waits for a person.
    case awaitingReview(Attempt)
    /// The governor's slot (`SlotRule`) has not come: another engine of the number sent meanwhile. Stays `ready`.
    case throttled(Attempt, until: Date)
    case leaseLost
}

extension Store {
    /// In one transaction under the lease: re-reads the deal, decides, and either records a `planned`
    /// attempt keyed (deal, anchor, next try number), reschedules the deal, or applies the "on max" action.
    /// The rules read the `PolicyContext` of `number` loaded in the same transaction: the channel's 24-hour rule
    /// (a deal it forbids is skipped with `outside_24h_window` and leaves the schedule until its conversation
    /// changes) and the column's daily limit (a deal over it waits for the next Brasília day).
    public func planAttempt(dealID: Int64, holderID: String, at instant: Date,
                            number: SendingNumber) throws(StoreError) -> PlanOutcome {
        let now = UnixTime.seconds(instant)
        return try write { db in
            guard try LeaseCheck.holds(db, holderID: holderID, now: now) else { return .leaseLost }
            guard let row = try db.fetchOne(sql: Schedule.DealRow.select + " WHERE id = ?", arguments: [dealID])
                .map(Schedule.DealRow.init) else { return .dealGone }
            // Whatever is decided here ends the deal's claim (`claimDueDeals`).
            try db.execute(sql: "UPDATE deal SET fu_claimed_by = NULL, fu_claimed_until = NULL WHERE id = ? AND fu_claimed_by IS NOT NULL",
                           arguments: [dealID])
            let config = try db.requireColumn(row.facts.columnID).followUp
            let policy = try Self.policyContext(db, number: number, at: instant)
            let hold = try Schedule.hold(db, dealID: dealID, anchorMessageID: row.anchorMessageID)
            let decision = try policy.decide(row.facts, config: config, hold: hold) {
                try Inbound.lastCustomerMessageAt(db, dealID: dealID)
            }
            if decision.reason == .outside24hWindow {
                // Nothing to do until the customer writes (which reopens the window) or the deal changes.
                try db.execute(sql: "UPDATE deal SET fu_due_at = NULL WHERE id = ?", arguments: [dealID])
                return .skipped(decision)
            }
            switch decision.action {
            case .send:
                if let inFlight = try Ledger.inFlight(db, dealID: dealID) { return .alreadyInFlight(attemptID: inFlight) }
                guard let anchor = row.anchorMessageID else { return .skipped(decision) }
                let deal = try db.requireDeal(dealID)
                let contact = try db.requireContact(deal.contactID)
                let key = AttemptKey(dealID: dealID, anchorMessageID: anchor,
                                     attemptNumber: try Ledger.nextAttemptNumber(db, dealID: dealID, anchorMessageID: anchor))
                let id = try Ledger.insert(db, key: key, sequence: row.facts.followUpsSinceLastCustomerReply + 1,
                                           columnID: row.facts.columnID, contactName: contact.name, phone: contact.phone,
                                           state: .planned, text: nil, model: nil, dueAt: row.dueAt ?? now,
                                           holderID: holderID, now: now)
                // The attempt carries the deal's schedule while it is in flight.
                try db.execute(sql: "UPDATE deal SET fu_due_at = NULL WHERE id = ?", arguments: [dealID])
                return .planned(try Ledger.require(db, id))
            case .wait:
                if let next = decision.dueAt, !policy.paused {
                    try db.execute(sql: "UPDATE deal SET fu_due_at = ? WHERE id = ?",
                                   arguments: [UnixTime.seconds(next), dealID])
                } else if !policy.paused {
                    try Schedule.refresh(db, dealID: dealID, now: now)
                }
                return .waiting(decision)
            case .skip:
                if decision.reason == .maxAttempts, !row.maxHandled, let anchorAt = row.facts.lastOurMessageAt,
                   DueTime.add(config.interval, to: anchorAt) <= instant {
                    return .maxReached(decision, movedTo: try Self.applyOnMax(db, row, config: config, now: now))
                }
                try Schedule.refresh(db, dealID: dealID, now: now)
                return .skipped(decision)
            }
        }
    }

    /// Marks the anchor as handled (so a deal moved between two "on max" columns cannot bounce) and
    /// moves the deal when the column says so. Returns the column it moved to.
    private static func applyOnMax(_ db: any SQLConnection, _ row: Schedule.DealRow, config: FollowUpConfig,
                                   now: Int64) throws -> RetomaCore.Column? {
        try db.execute(sql: "UPDATE deal SET fu_max_done_anchor_id = ? WHERE id = ?",
                       arguments: [row.anchorMessageID, row.facts.dealID])
        if case .moveTo(let targetID) = config.onMax,
           let target = try db.fetchOne(sql: Rows.columnSelect + " WHERE id = ?", arguments: [targetID]).map(Rows.column),
           target.id != row.facts.columnID {
            try FollowUpResults.record(db, .movedOnMax, dealID: row.facts.dealID, columnID: row.facts.columnID, at: now)
            try db.moveDeal(try db.requireDeal(row.facts.dealID), to: target.id, now: now, by: nil)
            return target
        }
        try Schedule.refresh(db, dealID: row.facts.dealID, now: now)
        return nil
    }

    /// planned → generating. Returns the row as it stands (still `planned`/`cancelled` if it could not move).
    public func markGenerating(attemptID: Int64, at instant: Date) throws(StoreError) -> Attempt {
        let now = UnixTime.seconds(instant)
        return try write { db in
            try db.execute(sql: """
                UPDATE followup_attempt SET state = '\(AttemptState.generating.rawValue)', updated_at = ?
                WHERE id = ? AND state IN (\(AttemptState.sqlList(Self.engineWritesFrom)))
                  AND (retry_at IS NULL OR retry_at <= ?)
                """, arguments: [now, attemptID, now])
            return try Ledger.require(db, attemptID)
        }
    }

    /// The states the engine itself starts writing from: never `review`, which only a person sends back (`g`).
    static let engineWritesFrom = AttemptState.allowedSources(of: .generating).filter { $0 != .review }

    /// generating → ready with the text, or → review when its column reviews before sending (`ReviewRule`,
    /// `forcedReview` from the engine's writer and channel). A row cancelled meanwhile keeps the text for the
    /// record only.
    public func markReady(attemptID: Int64, text: String, model: String, forcedReview: Bool = false,
                          at instant: Date) throws(StoreError) -> Attempt {
        let now = UnixTime.seconds(instant)
        return try write { db in
            let columnID = try Ledger.require(db, attemptID).columnID
            let config = try db.fetchOne(sql: Rows.columnSelect + " WHERE id = ?", arguments: [columnID])
                .map(Rows.column)?.followUp
            let review = config.map { ReviewRule.required($0, forced: forcedReview) } ?? forcedReview
            let changed = try db.execute(sql: """
                UPDATE followup_attempt SET state = ?, text = ?, model = ?, generated_at = ?,
                       retry_at = NULL, updated_at = ?, review_at = ?, reviewed_by = NULL, reviewed_at = NULL, edited = 0
                WHERE id = ? AND state = '\(AttemptState.generating.rawValue)'
                """, arguments: [review ? AttemptState.review.rawValue : AttemptState.ready.rawValue, text, model, now,
                                 now, review ? now : nil, attemptID])
            if changed == 0 {
                try db.execute(sql: "UPDATE followup_attempt SET text = ?, model = ? WHERE id = ? AND text IS NULL",
                               arguments: [text, model, attemptID])
            }
            return try Ledger.require(db, attemptID)
        }
    }

    /// A transient error: back to `planned` (writing failed) or `ready` (the provider did not take the
    /// message), not before `retryAt`, same key.
    public func retryAttemptLater(attemptID: Int64, backTo state: AttemptState, error: String, retryAt: Date,
                                  at instant: Date) throws(StoreError) -> Attempt {
        guard state == .planned || state == .ready else { throw .invalid(.attemptState(id: attemptID, state: state.rawValue)) }
        // Only from the steps that call out (writing, sending), and only where the state machine allows it.
        let from = AttemptState.allowedSources(of: state).filter { $0 == .generating || $0 == .sending }
        let now = UnixTime.seconds(instant)
        return try write { db in
            try db.execute(sql: """
                UPDATE followup_attempt SET state = ?, error = ?, retry_at = ?, tries = tries + 1, updated_at = ?
                WHERE id = ? AND state IN (\(AttemptState.sqlList(from)))
                """, arguments: [state.rawValue, error, UnixTime.seconds(retryAt.addingTimeInterval(0.999)), now, attemptID])
            return try Ledger.require(db, attemptID)
        }
    }

    /// In ONE transaction under the lease: re-reads the deal and its conversation, cancels the attempt if
    /// the deal no longer wants it (a customer message that arrived meanwhile, above all), keeps it `ready`
    /// while sending is paused or the window is closed, and otherwise marks it `sending` and records the
    /// send's start for the governor of `number`. The rules read `number`'s `PolicyContext`, loaded here.
    public func beginSending(attemptID: Int64, holderID: String, at instant: Date, number: SendingNumber,
                             forcedReview: Bool = false, slot: SlotRule? = nil) throws(StoreError) -> SendingOutcome {
        let now = UnixTime.seconds(instant)
        return try write { db in
            guard try LeaseCheck.holds(db, holderID: holderID, now: now) else { return .leaseLost }
            let attempt = try Ledger.require(db, attemptID)
            guard attempt.state == .ready, attempt.text != nil,
                  (attempt.retryAt.map { UnixTime.seconds($0) <= now } ?? true) else { return .notReady(attempt) }
            // A text nobody approved where review is now required (switched on, or forced) waits for a person.
            if attempt.reviewedAt == nil,
               let column = try db.fetchOne(sql: Rows.columnSelect + " WHERE id = ?", arguments: [attempt.columnID])
                .map(Rows.column), ReviewRule.required(column.followUp, forced: forcedReview) {
                try db.execute(sql: """
                    UPDATE followup_attempt SET state = '\(AttemptState.review.rawValue)', review_at = ?, updated_at = ?
                    WHERE id = ?
                    """, arguments: [now, now, attemptID])
                return .awaitingReview(try Ledger.require(db, attemptID))
            }
            guard let row = try db.fetchOne(sql: Schedule.DealRow.select + " WHERE id = ?", arguments: [attempt.dealID])
                .map(Schedule.DealRow.init) else {
                try Ledger.cancel(db, attemptID: attemptID, reason: CancelReason.dealDeleted, now: now)
                return .cancelled(try Ledger.require(db, attemptID))
            }
            let config = try db.requireColumn(row.facts.columnID).followUp
            // Not counted against its own column's daily limit: it was counted when it was planned.
            let policy = try Self.policyContext(db, number: number, at: instant, excludingAttempt: attemptID)
            let active = Schedule.ActiveAttempt(id: attempt.id, dealID: attempt.dealID,
                                                anchorMessageID: attempt.key.anchorMessageID, columnID: attempt.columnID)
            if let reason = Schedule.cancelReason(active, row, config: config, calendar: policy.calendar, now: now) {
                try Ledger.cancel(db, attemptID: attemptID, reason: reason, now: now)
                return .cancelled(try Ledger.require(db, attemptID))
            }
            let decision = try policy.decide(row.facts, config: config, hold: nil) {
                try Inbound.lastCustomerMessageAt(db, dealID: attempt.dealID)
            }
            if decision.reason == .outside24hWindow {
                // The window closed while the attempt waited (the governor, closed hours): nothing went out.
                try Ledger.cancel(db, attemptID: attemptID, reason: decision.reason.rawValue, now: now)
                try Schedule.refresh(db, dealID: attempt.dealID, now: now)
                try db.execute(sql: "UPDATE deal SET fu_due_at = NULL WHERE id = ?", arguments: [attempt.dealID])
                return .cancelled(try Ledger.require(db, attemptID))
            }
            guard decision.action == .send else {
                // Closed hours: the ready attempt sleeps until the window opens (paused ones until resumed).
                if let next = decision.dueAt, !policy.paused {
                    try db.execute(sql: "UPDATE followup_attempt SET retry_at = ?, updated_at = ? WHERE id = ?",
                                   arguments: [UnixTime.seconds(next), now, attemptID])
                }
                return .waiting(try Ledger.require(db, attemptID), decision)
            }
            if let until = try slot?.wait(db, sender: number.sender, at: instant) { return .throttled(attempt, until: until) }
            let deal = try db.requireDeal(attempt.dealID)
            let contact = try db.requireContact(deal.contactID)
            try db.execute(sql: """
                UPDATE followup_attempt SET state = '\(AttemptState.sending.rawValue)', sending_at = ?, holder_id = ?,
                       channel = ?, phone = ?, contact_name = ?, retry_at = NULL, updated_at = ?,
                       message_slot = ?
                WHERE id = ?
                """, arguments: [now, holderID, number.sender, contact.phone, contact.name, now,
                                 try Ledger.reserveMessageID(db), attemptID])
            // Rounded up: the governor's gaps are measured from a start that is never earlier than the real one.
            try db.execute(sql: "INSERT INTO send_log (sender, at_ms, attempt_id) VALUES (?, ?, ?)",
                           arguments: [number.sender, UnixTime.milliseconds(instant, .up), attemptID])
            return .sending(try Ledger.require(db, attemptID))
        }
    }

    /// The channel took the message: in one transaction the attempt becomes `sent` and the follow-up joins
    /// the conversation at the moment its send started, under the id reserved then, so a customer message
    /// that arrived during the send (even in the same second) comes after it and keeps the deal stopped;
    /// otherwise it becomes the deal's new anchor. Also settles an attempt another engine had
    /// marked `uncertain` meanwhile, unless the operator already decided about it: that decision stands
    /// (see `keepOperatorDecision`). Returns the attempt and the message (nil if none was added).
    @discardableResult
    public func recordSent(attemptID: Int64, channelMessageID: String, deliveryStatus: DeliveryStatus,
                           at instant: Date) throws(StoreError) -> (attempt: Attempt, message: Message?) {
        let now = UnixTime.seconds(instant)
        return try write { db in
            let attempt = try Ledger.require(db, attemptID)
            if attempt.state == .uncertain, let resolution = attempt.resolution {
                try Self.keepOperatorDecision(db, attempt, resolution, channelMessageID: channelMessageID, now: now)
                return (try Ledger.require(db, attemptID), nil)
            }
            guard attempt.state == .sending || attempt.state == .uncertain, let text = attempt.text else {
                return (attempt, nil)
            }
            // Sent first, so the deal's rescheduling below no longer sees an attempt in flight.
            try db.execute(sql: """
                UPDATE followup_attempt SET state = '\(AttemptState.sent.rawValue)', channel_message_id = ?, finished_at = ?,
                       updated_at = ?
                WHERE id = ?
                """, arguments: [channelMessageID, now, now, attemptID])
            var message: Message?
            if try db.fetchOne(Bool.self, sql: "SELECT 1 FROM deal WHERE id = ?", arguments: [attempt.dealID]) == true {
                let sent = SentFollowUp(model: attempt.model, channelMessageID: channelMessageID,
                                        deliveryStatus: deliveryStatus, attemptID: attemptID,
                                        slot: try Ledger.messageSlot(db, attemptID: attemptID))
                let at = min(now, attempt.sendingAt.map(UnixTime.seconds) ?? now)
                let id = try db.insertMessage(dealID: attempt.dealID, author: .followup, text: text, at: at, now: now,
                                              sent: sent)
                message = Message(id: id, dealID: attempt.dealID, author: .followup, text: text,
                                  at: UnixTime.date(at), model: attempt.model, channelMessageID: channelMessageID,
                                  deliveryStatus: deliveryStatus)
            }
            try db.execute(sql: "UPDATE followup_attempt SET message_id = ? WHERE id = ?",
                           arguments: [message?.id, attemptID])
            return (try Ledger.require(db, attemptID), message)
        }
    }

    /// A late answer for an uncertain attempt the operator already settled. "Done" put the text in the
    /// conversation: only the provider's id is added, so delivery statuses find it. "Resend" made a successor:
    /// if it has not started sending it is cancelled, since the customer already has the message; if it has,
    /// both went out and the original joins the conversation too. The attempt keeps its state and resolution.
    private static func keepOperatorDecision(_ db: any SQLConnection, _ attempt: Attempt, _ resolution: AttemptResolution,
                                             channelMessageID: String, now: Int64) throws {
        try db.execute(sql: "UPDATE followup_attempt SET channel_message_id = ?, updated_at = ? WHERE id = ?",
                       arguments: [channelMessageID, now, attempt.id])
        switch resolution {
        case .confirmedSent:
            if let messageID = attempt.messageID {
                try db.execute(sql: "UPDATE message SET channel_message_id = ? WHERE id = ? AND channel_message_id IS NULL",
                               arguments: [channelMessageID, messageID])
            }
        case .resent:
            try db.execute(sql: """
                UPDATE followup_attempt SET state = '\(AttemptState.cancelled.rawValue)', reason = ?, finished_at = ?,
                       updated_at = ?
                WHERE deal_id = ? AND id > ? AND state IN (\(AttemptState.sqlList(AttemptState.beforeSending)))
                  AND anchor_message_id = ? AND text IS NOT DISTINCT FROM ?
                """, arguments: [CancelReason.originalSent, now, now, attempt.dealID, attempt.id,
                                 attempt.key.anchorMessageID, attempt.text])
            if let text = attempt.text, try db.fetchOne(Bool.self, sql: "SELECT 1 FROM deal WHERE id = ?", arguments: [attempt.dealID]) == true {
                let sent = SentFollowUp(model: attempt.model, channelMessageID: channelMessageID, deliveryStatus: .sent,
                                        attemptID: attempt.id, slot: try Ledger.messageSlot(db, attemptID: attempt.id))
                let at = attempt.sendingAt.map(UnixTime.seconds) ?? now
                let id = try db.insertMessage(dealID: attempt.dealID, author: .followup, text: text, at: at, now: now, sent: sent)
                try db.execute(sql: "UPDATE followup_attempt SET message_id = ? WHERE id = ?", arguments: [id, attempt.id])
            }
        case .retried:
            break
        }
        try Schedule.refresh(db, dealID: attempt.dealID, now: now)
    }

    /// Gives up on an attempt for good (the provider's permanent refusal, a rejected text…). The deal
    /// then waits for the operator (`retryFailed`) or for its conversation to change.
    @discardableResult
    public func recordFailure(attemptID: Int64, reason: String, error: String?,
                              at instant: Date) throws(StoreError) -> Attempt {
        try finish(attemptID, to: .failed, from: AttemptState.allowedSources(of: .failed), reason: reason, error: error,
                   at: instant)
    }

    /// The send's outcome is unknown (it may have reached the customer): never resent automatically.
    @discardableResult
    public func recordUncertain(attemptID: Int64, error: String, at instant: Date) throws(StoreError) -> Attempt {
        try finish(attemptID, to: .uncertain, from: AttemptState.allowedSources(of: .uncertain), reason: nil, error: error,
                   at: instant)
    }

    /// Cancels an attempt that has not started sending (nothing went out; the deal may be planned again).
    @discardableResult
    public func cancelAttempt(attemptID: Int64, reason: String, error: String? = nil,
                              at instant: Date) throws(StoreError) -> Attempt {
        try finish(attemptID, to: .cancelled, from: AttemptState.beforeSending, reason: reason, error: error, at: instant)
    }

    /// Moves the attempt to `state` when it stands in one of `states` that the state machine lets move there.
    private func finish(_ attemptID: Int64, to state: AttemptState, from states: [AttemptState], reason: String?,
                        error: String?, at instant: Date) throws(StoreError) -> Attempt {
        let now = UnixTime.seconds(instant)
        let list = AttemptState.sqlList(states.filter { $0.canMove(to: state) })
        return try write { db in
            try db.execute(sql: """
                UPDATE followup_attempt SET state = ?, reason = COALESCE(?, reason), error = COALESCE(?, error),
                       finished_at = ?, updated_at = ?
                WHERE id = ? AND state IN (\(list))
                """, arguments: [state.rawValue, reason, error, now, now, attemptID])
            let attempt = try Ledger.require(db, attemptID)
            try Schedule.refresh(db, dealID: attempt.dealID, now: now)
            return attempt
        }
    }

    /// Recovery of a stopped engine's work: every attempt an engine no longer running left in `sending` becomes
    /// `uncertain` (it may have reached the customer) and is never resent without the operator. Those of running
    /// engines are theirs to finish.
    public func recoverInterruptedSends(holderID: String, at instant: Date) throws(StoreError) -> [Attempt] {
        let now = UnixTime.seconds(instant)
        return try write { db in
            guard try LeaseCheck.holds(db, holderID: holderID, now: now) else { return [] }
            let ids = try db.fetchAll(Int64.self, sql: """
                SELECT id FROM followup_attempt WHERE state = '\(AttemptState.sending.rawValue)'
                  AND \(LeaseCheck.orphaned("followup_attempt.holder_id"))
                """, arguments: [now])
            var recovered: [Attempt] = []
            for id in ids {
                try db.execute(sql: """
                    UPDATE followup_attempt SET state = '\(AttemptState.uncertain.rawValue)', finished_at = ?, updated_at = ?,
                           error = 'interrupted while sending: the engine stopped before the channel answered'
                    WHERE id = ?
                    """, arguments: [now, now, id])
                let attempt = try Ledger.require(db, id)
                try Schedule.refresh(db, dealID: attempt.dealID, now: now)
                recovered.append(attempt)
            }
            return recovered
        }
    }

    public func attempt(id: Int64) throws(StoreError) -> Attempt {
        try read { db in try Ledger.require(db, id) }
    }

    /// Attempts not yet sending (planned, generating, ready), oldest first; with `holderID`, only those that engine
    /// may carry on: its own, and those no running engine holds (a stopped engine's, or a person's retry), which it
    /// takes with `adoptAttempt` first.
    public func openAttempts(holderID: String? = nil, at instant: Date = Date()) throws(StoreError) -> [Attempt] {
        try read { db in
            let open = " WHERE state IN (\(AttemptState.sqlList(AttemptState.beforeSending)))"
            guard let holderID else { return try db.fetchAll(sql: Ledger.select + open + " ORDER BY id").map(Ledger.attempt) }
            return try db.fetchAll(sql: Ledger.select + open + """
                 AND (holder_id = ? OR \(LeaseCheck.orphaned("followup_attempt.holder_id"))) ORDER BY id
                """, arguments: [holderID, UnixTime.seconds(instant)]).map(Ledger.attempt)
        }
    }

    /// Makes an open attempt no running engine holds `holderID`'s. False when another engine took it first.
    public func adoptAttempt(id: Int64, holderID: String, at instant: Date) throws(StoreError) -> Bool {
        let now = UnixTime.seconds(instant)
        return try write { db in
            guard try LeaseCheck.holds(db, holderID: holderID, now: now) else { return false }
            return try db.execute(sql: """
                UPDATE followup_attempt SET holder_id = ?
                WHERE id = ? AND state IN (\(AttemptState.sqlList(AttemptState.beforeSending)))
                  AND (holder_id = ? OR \(LeaseCheck.orphaned("followup_attempt.holder_id")))
                """, arguments: [holderID, id, holderID, now]) > 0
        }
    }

    /// After `recoverInterruptedSends`: the open attempts of engines no longer running (planned, being written,
    /// ready, waiting for review) become `holderID`'s to carry on, and the lapsed leases go. Returns how many.
    public func adoptOrphanedAttempts(holderID: String, at instant: Date) throws(StoreError) -> Int {
        let now = UnixTime.seconds(instant)
        return try write { db in
            guard try LeaseCheck.holds(db, holderID: holderID, now: now) else { return 0 }
            let adopted = try db.execute(sql: """
                UPDATE followup_attempt SET holder_id = ?
                WHERE state IN (\(AttemptState.sqlList(AttemptState.beforeSending)))
                  AND \(LeaseCheck.orphaned("followup_attempt.holder_id"))
                """, arguments: [holderID, now])
            try db.execute(sql: "DELETE FROM engine_lease WHERE expires_at < ?", arguments: [now])
            return adopted
        }
    }

    /// Uncertain attempts the operator has not settled yet, oldest first.
    public func unresolvedUncertainAttempts() throws(StoreError) -> [Attempt] {
        try read { db in
            try db.fetchAll(sql: Ledger.select
                             + " WHERE state = '\(AttemptState.uncertain.rawValue)' AND resolution IS NULL ORDER BY id")
                .map(Ledger.attempt)
        }
    }

    /// The ledger, most recently changed first; `since` keeps rows changed at or after it.
    public func ledger(since: Date? = nil, limit: Int = 1000) throws(StoreError) -> [Attempt] {
        try read { db in
            try db.fetchAll(sql: Ledger.select + " WHERE updated_at >= ? ORDER BY updated_at DESC, id DESC LIMIT ?",
                             arguments: [since.map(UnixTime.seconds) ?? Int64.min, limit]).map(Ledger.attempt)
        }
    }

    /// Start times of sends through `sender` from `since` through `until`: the governor's history. Starts
    /// after `until` (written by a process whose clock ran ahead) are not history and must not hold sends back.
    public func sendHistory(sender: String, since: Date, until: Date) throws(StoreError) -> [Date] {
        try read { db in try Self.sendHistory(db, sender: sender, since: since, until: until) }
    }

    /// Forgets send starts older than any cap can count (the governor looks back at most a day).
    public func pruneSendLog(before instant: Date) throws(StoreError) {
        try write { db in
            try db.execute(sql: "DELETE FROM send_log WHERE at_ms < ?",
                           arguments: [UnixTime.milliseconds(instant, .down)])
        }
    }
}
