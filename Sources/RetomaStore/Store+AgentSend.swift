import Foundation
import RetomaCore

/// One message an agent sent by hand: its ledger row (`agent_send`).
public struct AgentSend: Sendable, Equatable, Identifiable {
    public var id: Int64
    /// "agent-<deal>-<message id>": unique, kept across retries, handed to the channel as the idempotency key.
    public var key: String
    public var dealID: Int64
    /// The conversation message it belongs to (inserted when it was queued); nil once its deal is deleted.
    public var messageID: Int64?
    public var contactName: String
    /// E.164, as it was when queued (updated when sending starts).
    public var phone: String
    public var text: String
    /// The approved template it goes out as (the text as its body parameter); nil: free text.
    public var template: MessageTemplate?
    public var state: AgentSendState
    /// Why it failed or was cancelled, in words (the provider's reason, `outside_24h_window`…).
    public var reason: String?
    /// The latest error met on the way (also kept while retrying).
    public var error: String?
    /// Transient errors met so far.
    public var tries: Int
    public var retryAt: Date?
    public var holderID: String?
    /// The sending number's identity (one governor each).
    public var channel: String?
    public var channelMessageID: String?
    public var recipientID: String?
    public var queuedAt: Date
    public var sendingAt: Date?
    public var finishedAt: Date?
    public var updatedAt: Date

    /// The try about to be counted; a corrupt stored count cannot overflow it.
    public var nextTry: Int { tries < Int.max ? tries + 1 : tries }
}

/// What `queueAgentSend` did.
public enum AgentQueueOutcome: Sendable, Equatable {
    /// The message is in the conversation (shown at once) and its send is queued.
    case queued(AgentSend, Message)
    /// Nothing was written: the channel's rules refuse it as asked.
    case refused(AgentSendRefusal)
}

/// What `beginAgentSend` decided, in the transaction that marks it `sending`.
public enum AgentSendBegin: Sendable, Equatable {
    /// Marked `sending` and counted by the governor: hand it to the channel now.
    case sending(AgentSend)
    /// Sending is paused (the brake): it stays queued.
    case paused(AgentSend)
    /// Not queued (already handled elsewhere) or its retry time has not come.
    case notReady(AgentSend)
    /// It can no longer go out as queued (the deal was deleted, the 24-hour window closed): settled.
    case settled(AgentSend)
    /// The governor's slot (`SlotRule`) has not come: another engine of the number sent meanwhile. Stays queued.
    case throttled(AgentSend, until: Date)
    case leaseLost
}

/// What the last look before the channel call found (see `confirmSendStart` for follow-ups).
public enum AgentSendStartCheck: Sendable, Equatable {
    case go
    /// Nothing left and it must not now; the row as it stands (back to `queued`, or settled elsewhere).
    case abandoned(AgentSend, why: String)
}

/// Reasons the agent ledger gives besides the provider's.
public enum AgentSendReason {
    public static let dealDeleted = "deal_deleted"
    public static let interrupted = "interrupted while sending: the engine stopped before the channel answered"
}

extension Store {
    /// Queues a message an agent writes, in ONE transaction: the channel's rules are checked first
    /// (`CustomerServiceWindow.checkAgentSend`, against the customer's latest message read here), then the
    /// message joins the conversation as ours (author agent, origin retoma: it restarts the interval clock
    /// and cancels a follow-up that no longer fits, as any message of ours) and its ledger row is written,
    /// keyed by the deal and the message.
    public func queueAgentSend(dealID: Int64, text: String, template: MessageTemplate? = nil, number: SendingNumber,
                               at instant: Date? = nil) throws(StoreError) -> AgentQueueOutcome {
        let text = try Validate.messageText(text)
        let now = UnixTime.seconds(instant ?? self.now())
        let typedBy = operatorName
        return try write { db in
            let deal = try db.requireDeal(dealID)
            let contact = try db.requireContact(deal.contactID)
            if let refusal = CustomerServiceWindow.checkAgentSend(
                window: number.window, channel: number.sender, templates: number.templates, template: template,
                lastCustomerMessageAt: try Inbound.lastCustomerMessageAt(db, dealID: dealID), at: UnixTime.date(now)) {
                return .refused(refusal)
            }
            let messageID = try db.insertMessage(dealID: dealID, author: .agent, text: text, at: now, now: now,
                                                 operatorName: typedBy)
            let sendID = try db.insert(sql: """
                INSERT INTO agent_send (send_key, deal_id, message_id, contact_name, phone, text, template_name,
                                        template_language, state, queued_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)
                """, arguments: ["agent-\(dealID)-\(messageID)", dealID, messageID, contact.name, contact.phone, text,
                                 template?.name, template?.language, now, now])
            let send = try AgentLedger.require(db, sendID)
            let message = try db.fetchOne(sql: Rows.messageSelect + " WHERE id = ?", arguments: [messageID])
                .map(Rows.message)
            return .queued(send, message ?? Message(id: messageID, dealID: dealID, author: .agent, text: text,
                                                    at: UnixTime.date(now), sendState: .queued, operatorName: typedBy))
        }
    }

    /// In ONE transaction under the lease: the row is still queued and due, its deal still there, sending not
    /// paused, and free text still inside the 24-hour window; then it is marked `sending` and its start goes
    /// into the governor's history of `number`. With `slot`, the governor is asked again in the transaction.
    public func beginAgentSend(id: Int64, holderID: String, at instant: Date, number: SendingNumber,
                               slot: SlotRule? = nil) throws(StoreError) -> AgentSendBegin {
        let now = UnixTime.seconds(instant)
        return try write { db in
            guard try LeaseCheck.holds(db, holderID: holderID, now: now) else { return .leaseLost }
            let send = try AgentLedger.require(db, id)
            guard send.state == .queued, (send.retryAt.map { UnixTime.seconds($0) <= now } ?? true) else {
                return .notReady(send)
            }
            guard let deal = try? db.requireDeal(send.dealID) else {
                try AgentLedger.settle(db, id, to: .cancelled, reason: AgentSendReason.dealDeleted, error: nil, now: now)
                return .settled(try AgentLedger.require(db, id))
            }
            if try db.fetchOne(Bool.self, sql: "SELECT paused FROM engine_settings WHERE id = 1") == true { return .paused(send) }
            if send.template == nil, CustomerServiceWindow.checkAgentSend(
                window: number.window, channel: number.sender, templates: number.templates, template: nil,
                lastCustomerMessageAt: try Inbound.lastCustomerMessageAt(db, dealID: send.dealID), at: instant) != nil {
                // It waited (the governor, the brake) past the window's end: nothing went out.
                try AgentLedger.settle(db, id, to: .failed, reason: ReasonCode.outside24hWindow.rawValue, error: nil, now: now)
                return .settled(try AgentLedger.require(db, id))
            }
            if let until = try slot?.wait(db, sender: number.sender, at: instant) { return .throttled(send, until: until) }
            let contact = try db.requireContact(deal.contactID)
            try db.execute(sql: """
                UPDATE agent_send SET state = 'sending', sending_at = ?, holder_id = ?, channel = ?, phone = ?,
                       contact_name = ?, retry_at = NULL, updated_at = ?
                WHERE id = ?
                """, arguments: [now, holderID, number.sender, contact.phone, contact.name, now, id])
            // Rounded up, as for follow-ups: the governor's gaps never start earlier than the real start.
            try db.execute(sql: "INSERT INTO send_log (sender, at_ms, agent_send_id) VALUES (?, ?, ?)",
                           arguments: [number.sender, UnixTime.milliseconds(instant, .up), id])
            return .sending(try AgentLedger.require(db, id))
        }
    }

    /// The last look before the channel call: still ours, still `sending`, lease held, marked moments ago. A
    /// stale mark (the process was stopped) goes back to `queued` and leaves the governor's history.
    public func confirmAgentSendStart(id: Int64, holderID: String, at instant: Date,
                                      maxAge: TimeInterval) throws(StoreError) -> AgentSendStartCheck {
        let now = UnixTime.seconds(instant)
        // Go writes nothing: a read says it, as for follow-ups (`confirmSendStart`).
        if try read({ db in
            let send = try AgentLedger.require(db, id)
            return try SendStartLook.refusal(db, ours: send.state == .sending && send.holderID == holderID, what: "",
                                             holderID: holderID, sendingAt: send.sendingAt, at: instant, maxAge: maxAge) == nil
        }) { return .go }
        return try write { db in
            let send = try AgentLedger.require(db, id)
            let ours = send.state == .sending && send.holderID == holderID
            guard let why = try SendStartLook.refusal(db, ours: ours, what: "the send is \(send.state.rawValue) now",
                                                      holderID: holderID, sendingAt: send.sendingAt,
                                                      at: instant, maxAge: maxAge) else { return .go }
            if ours {
                try db.execute(sql: """
                    UPDATE agent_send SET state = 'queued', retry_at = NULL, sending_at = NULL, error = ?, updated_at = ?
                    WHERE id = ?
                    """, arguments: ["not sent: " + why, now, id])
                try db.execute(sql: "DELETE FROM send_log WHERE agent_send_id = ?", arguments: [id])
            }
            return .abandoned(try AgentLedger.require(db, id), why: why)
        }
    }

    /// The channel took the message: the row becomes `sent` and the conversation message gets the provider's
    /// id and status (with any status that arrived first). An echo of it that beat this answer gives way (the
    /// conversation holds it once); an echo arriving later is a duplicate. Also settles a row another engine
    /// had called uncertain meanwhile: the provider's answer is the truth.
    @discardableResult
    public func recordAgentSent(id: Int64, channelMessageID: String, deliveryStatus: DeliveryStatus,
                                recipientID: String? = nil, at instant: Date) throws(StoreError) -> AgentSend {
        let now = UnixTime.seconds(instant)
        return try write { db in
            let send = try AgentLedger.require(db, id)
            guard send.state.canMove(to: .sent) else { return send }
            try db.execute(sql: """
                UPDATE agent_send SET state = 'sent', channel_message_id = ?, recipient_id = COALESCE(?, recipient_id),
                       finished_at = ?, updated_at = ?
                WHERE id = ?
                """, arguments: [channelMessageID, recipientID, now, now, id])
            if let messageID = send.messageID,
               try db.fetchOne(Bool.self, sql: "SELECT 1 FROM message WHERE id = ?", arguments: [messageID]) == true {
                try db.replaceEcho(of: channelMessageID, now: now)
                try db.execute(sql: """
                    UPDATE message SET channel_message_id = ?, delivery_status = ?, delivery_error = NULL WHERE id = ?
                    """, arguments: [channelMessageID, deliveryStatus.rawValue, messageID])
                try Delivery.applyEarly(db, channelMessageID: channelMessageID, messageID: messageID)
            }
            return try AgentLedger.require(db, id)
        }
    }

    /// The provider refused it for good: `failed`, its reason kept in words on the row and on the message (✗).
    @discardableResult
    public func recordAgentFailure(id: Int64, reason: String, error: String? = nil,
                                   at instant: Date) throws(StoreError) -> AgentSend {
        let now = UnixTime.seconds(instant)
        return try write { db in
            try AgentLedger.settle(db, id, to: .failed, reason: reason, error: error, now: now)
            return try AgentLedger.require(db, id)
        }
    }

    /// The outcome is unknown (it may have reached the customer): never resent automatically.
    @discardableResult
    public func recordAgentUncertain(id: Int64, error: String, at instant: Date) throws(StoreError) -> AgentSend {
        let now = UnixTime.seconds(instant)
        return try write { db in
            try AgentLedger.settle(db, id, to: .uncertain, reason: nil, error: error, now: now)
            return try AgentLedger.require(db, id)
        }
    }

    /// A transient error (the provider did not take it): back to `queued` under the same key, not before
    /// `retryAt`, one more try counted.
    @discardableResult
    public func retryAgentSendLater(id: Int64, error: String, retryAt: Date,
                                    at instant: Date) throws(StoreError) -> AgentSend {
        let now = UnixTime.seconds(instant)
        return try write { db in
            try db.execute(sql: """
                UPDATE agent_send SET state = 'queued', error = ?, retry_at = ?, sending_at = NULL,
                       tries = CASE WHEN tries < 9223372036854775807 THEN tries + 1 ELSE tries END, updated_at = ?
                WHERE id = ? AND state = 'sending'
                """, arguments: [error, UnixTime.seconds(retryAt.addingTimeInterval(0.999)), now, id])
            return try AgentLedger.require(db, id)
        }
    }

    /// Recovery of a stopped engine's work: every agent send an engine no longer running left `sending` becomes
    /// `uncertain` (it may have reached the customer) and is never resent automatically. Those of running
    /// engines are theirs to finish.
    public func recoverInterruptedAgentSends(holderID: String, at instant: Date) throws(StoreError) -> [AgentSend] {
        let now = UnixTime.seconds(instant)
        return try write { db in
            guard try LeaseCheck.holds(db, holderID: holderID, now: now) else { return [] }
            let ids = try db.fetchAll(Int64.self, sql: """
                SELECT id FROM agent_send WHERE state = 'sending' AND \(LeaseCheck.orphaned("agent_send.holder_id"))
                """, arguments: [now])
            for id in ids {
                try AgentLedger.settle(db, id, to: .uncertain, reason: nil, error: AgentSendReason.interrupted, now: now)
            }
            return try ids.map { try AgentLedger.require(db, $0) }
        }
    }

    /// Agent sends this holder left `sending` (between two looks of one lane nothing of its own is in flight).
    public func sendingAgentSends(holderID: String) throws(StoreError) -> [AgentSend] {
        try read { db in
            try db.fetchAll(sql: AgentLedger.select + " WHERE state = 'sending' AND holder_id = ? ORDER BY id",
                             arguments: [holderID]).map(AgentLedger.send)
        }
    }

    /// Queued agent sends whose time has come, oldest first (walks the partial index `agent_send_open`).
    public func dueAgentSends(at instant: Date, limit: Int = 50) throws(StoreError) -> [AgentSend] {
        try read { db in
            try db.fetchAll(sql: AgentLedger.select + """
                 WHERE state = 'queued' AND (retry_at IS NULL OR retry_at <= ?) ORDER BY id LIMIT ?
                """, arguments: [UnixTime.seconds(instant), limit]).map(AgentLedger.send)
        }
    }

    /// True while an agent send is queued and due: the next governor slot is a person's, not a follow-up's.
    public func hasDueAgentSend(at instant: Date) throws(StoreError) -> Bool {
        try read { db in
            try db.fetchOne(Bool.self, sql: """
                SELECT 1 FROM agent_send WHERE state = 'queued' AND (retry_at IS NULL OR retry_at <= ?) LIMIT 1
                """, arguments: [UnixTime.seconds(instant)]) ?? false
        }
    }

    /// The earliest retry time of a queued agent send (nil: none waits).
    public func nextAgentSendRetry() throws(StoreError) -> Date? {
        try read { db in
            try db.fetchOne(Int64.self, sql: "SELECT MIN(retry_at) FROM agent_send WHERE state = 'queued'").map(UnixTime.date)
        }
    }

    public func agentSend(id: Int64) throws(StoreError) -> AgentSend {
        try read { db in try AgentLedger.require(db, id) }
    }

    /// The send of a conversation message, if an agent sent it through Retoma.
    public func agentSend(messageID: Int64) throws(StoreError) -> AgentSend? {
        try read { db in
            try db.fetchOne(sql: AgentLedger.select + " WHERE message_id = ? ORDER BY id DESC LIMIT 1",
                             arguments: [messageID]).map(AgentLedger.send)
        }
    }

    /// The message as the conversation holds it now (its provider id, delivery status and send state).
    public func message(id: Int64) throws(StoreError) -> Message {
        try read { db in
            guard let row = try db.fetchOne(sql: Rows.messageSelect + " WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound(entity: "message", id: id)
            }
            return Rows.message(row)
        }
    }
}

/// Agent ledger rows in and out of SQL.
enum AgentLedger {
    static let select = """
        SELECT id, send_key, deal_id, message_id, contact_name, phone, text, template_name, template_language, state,
               reason, error, tries, retry_at, holder_id, channel, channel_message_id, recipient_id, queued_at,
               sending_at, finished_at, updated_at
        FROM agent_send
        """

    static func send(_ row: SQLRow) -> AgentSend {
        func date(_ i: Int) -> Date? { (row[i] as Int64?).map(UnixTime.date) }
        let name: String? = row[7]
        let language: String? = row[8]
        let state: String = row[9]
        let template = name.flatMap { n in language.map { MessageTemplate(name: n, language: $0) } }
        return AgentSend(id: row[0], key: row[1], dealID: row[2], messageID: row[3], contactName: row[4], phone: row[5],
                         text: row[6], template: template, state: AgentSendState(rawValue: state) ?? .uncertain,
                         reason: row[10], error: row[11], tries: row[12], retryAt: date(13), holderID: row[14],
                         channel: row[15], channelMessageID: row[16], recipientID: row[17],
                         queuedAt: UnixTime.date(row[18]), sendingAt: date(19), finishedAt: date(20),
                         updatedAt: UnixTime.date(row[21]))
    }

    static func require(_ db: any SQLConnection, _ id: Int64) throws -> AgentSend {
        guard let row = try db.fetchOne(sql: select + " WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound(entity: "agent send", id: id)
        }
        return send(row)
    }

    /// Moves the row to an end state from any state allowed to move there; a failure also marks its message
    /// failed (✗) with the reason in words.
    static func settle(_ db: any SQLConnection, _ id: Int64, to state: AgentSendState, reason: String?, error: String?,
                       now: Int64) throws {
        let sources = AgentSendState.sqlList(AgentSendState.allowedSources(of: state))
        let changed = try db.execute(sql: """
            UPDATE agent_send SET state = ?, reason = COALESCE(?, reason), error = COALESCE(?, error), finished_at = ?,
                   updated_at = ?
            WHERE id = ? AND state IN (\(sources))
            """, arguments: [state.rawValue, reason, error, now, now, id])
        guard changed > 0, state == .failed else { return }
        let words = [reason, error].compactMap { $0 }.joined(separator: ": ")
        try db.execute(sql: """
            UPDATE message SET delivery_status = 'failed', delivery_error = ?
            WHERE id = (SELECT message_id FROM agent_send WHERE id = ?)
            """, arguments: [words, id])
    }
}
