import Foundation
import RetomaCore

/// A conversation with a number that has no deal (yet): the webhook keeps it for a person to assign.
public struct UnassignedConversation: Sendable, Equatable, Identifiable {
    public var id: Int64
    /// E.164.
    public var phone: String
    /// The WhatsApp profile name the customer chose, if the provider sent it.
    public var profileName: String?
    public var channel: String
    public var firstAt: Date
    public var lastAt: Date
    public var messageCount: Int
    public var lastText: String
    /// The latest message is ours (an echo of what the business sent from its phone).
    public var lastIsOurs: Bool
}

public struct UnassignedMessage: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var conversationID: Int64
    public var channelMessageID: String
    public var text: String
    public var at: Date
    /// `.customer`, or `.agent` for an echo of what the business sent from its phone.
    public var author: MessageAuthor
}

extension Store {
    /// Records a customer's WhatsApp message, once per provider id, in ONE transaction:
    /// - on the deal of the contact with this number (Brazilian mobiles match with or without the ninth
    ///   digit; a reply quoting one of our messages goes to that message's deal; otherwise the contact's most
    ///   recently active deal), cancelling every follow-up attempt of that deal not yet sending; the contact's
    ///   other deals stop too (`replied_in_other_deal`), and a message asking to stop opts the contact out
    ///   (`ContactChat.customerWrote`);
    /// - or, when no deal has the number, in an unassigned conversation.
    ///
    /// The message is placed no earlier than the deal's latest message (a reply delivered late still ends
    /// the conversation, so the follow-ups stop) nor than the start of a follow-up being sent, and no later
    /// than now.
    public func recordInbound(_ inbound: InboundMessage) throws(StoreError) -> InboundOutcome {
        let text = try Validate.messageText(inbound.text)
        let now = UnixTime.seconds(self.now())
        let sent = min(now, UnixTime.seconds(inbound.sentAt))
        return try write { db in
            if try Inbound.known(db, channelMessageID: inbound.channelMessageID) { return .duplicate }
            guard let dealID = try Inbound.deal(db, phone: inbound.from, replyTo: inbound.replyTo) else {
                return .unassigned(conversationID: try Inbound.keepUnassigned(
                    db, phone: inbound.from, profileName: inbound.profileName, channel: inbound.channel,
                    channelMessageID: inbound.channelMessageID, author: .customer, text: text, at: sent))
            }
            let last = try db.fetchOne(Int64.self, sql: "SELECT last_message_at FROM deal WHERE id = ?", arguments: [dealID]) ?? nil
            // A reply that arrives while a follow-up is being sent comes after it: that follow-up is placed
            // at its send's start, and the customer's answer must keep the deal stopped.
            let sending = try db.fetchOne(Int64.self, sql: """
                SELECT MAX(sending_at) FROM followup_attempt WHERE deal_id = ? AND state = 'sending'
                """, arguments: [dealID]) ?? nil
            let at = min(now, max(sent, last ?? sent, sending ?? sent))
            try db.execute(sql: """
                UPDATE followup_attempt SET state = 'cancelled', reason = ?, finished_at = ?, updated_at = ?
                WHERE deal_id = ? AND state IN ('planned', 'generating', 'ready')
                """, arguments: [ReasonCode.customerRepliedLast.rawValue, now, now, dealID])
            let messageID = try db.insertMessage(dealID: dealID, author: .customer, text: text, at: at, now: now,
                                                 origin: .whatsapp, channelMessageID: inbound.channelMessageID)
            return .recorded(dealID: dealID, messageID: messageID)
        }
    }

    /// Records what our side sent from the business's phone (a provider's echo), once per provider id, in
    /// ONE transaction, as an agent message with origin `phone`:
    /// - an echo of a message Retoma sent itself (its id is a follow-up's or any stored message's) is a
    ///   duplicate and changes nothing;
    /// - it goes to the deal of the customer it was sent to, found as a customer's reply finds it (the
    ///   ninth digit either way, else the account a follow-up reached), at the provider's time, and no later
    ///   than now: a message cannot have been sent after it arrived, and a customer's reply that comes next
    ///   (placed no later than now) must sort after it. Unlike a reply it is not moved after the deal's latest
    ///   message: a customer message that came after it keeps the customer speaking last.
    /// - Being ours, it becomes the deal's anchor when it is the newest message: the interval restarts from
    ///   it, and a planned or written follow-up that no longer fits is cancelled (`conversation_changed`),
    ///   as when an agent writes in the board. It never stops the sequence, resets the count of follow-ups
    ///   without a reply, or opens WhatsApp's 24-hour window: those read customer messages only.
    /// - A number with no deal keeps it in the unassigned conversations, marked as ours, rather than dropping
    ///   it: the business wrote first to someone not on the board yet, and when that person answers, the
    ///   conversation a person assigns to a deal must hold both sides (and its anchor), or the reply would
    ///   look unprompted and the follow-up clock would start from nothing.
    public func recordEcho(_ echo: EchoMessage) throws(StoreError) -> InboundOutcome {
        let text = try Validate.messageText(echo.text)
        let now = UnixTime.seconds(self.now())
        let sent = min(now, UnixTime.seconds(echo.sentAt))
        return try write { db in
            if try Inbound.known(db, channelMessageID: echo.channelMessageID) { return .duplicate }
            if try db.fetchOne(Bool.self, sql: """
                SELECT 1 FROM followup_attempt WHERE channel_message_id = ?
                UNION ALL SELECT 1 FROM agent_send WHERE channel_message_id = ? LIMIT 1
                """, arguments: [echo.channelMessageID, echo.channelMessageID]) == true {
                return .duplicate
            }
            guard let dealID = try Inbound.deal(db, phone: echo.to, replyTo: nil) else {
                return .unassigned(conversationID: try Inbound.keepUnassigned(
                    db, phone: echo.to, profileName: nil, channel: echo.channel, channelMessageID: echo.channelMessageID,
                    author: .agent, text: text, at: sent))
            }
            let messageID = try db.insertMessage(dealID: dealID, author: .agent, text: text, at: sent, now: now,
                                                 origin: .phone, channelMessageID: echo.channelMessageID)
            return .recorded(dealID: dealID, messageID: messageID)
        }
    }

    /// Applies a provider's status to the message we sent with that id and to its ledger row. Statuses only
    /// move forward (a late "delivered" never replaces "read"); a status for an id not recorded yet is kept
    /// and applied when the send is recorded.
    public func applyDelivery(_ update: DeliveryUpdate) throws(StoreError) -> DeliveryOutcome {
        let now = UnixTime.seconds(self.now())
        return try write { db in
            try Delivery.apply(db, update, now: now)
        }
    }

    /// Unassigned conversations, the most recent first.
    public func unassignedConversations(limit: Int = 500) throws(StoreError) -> [UnassignedConversation] {
        try read { db in
            try db.fetchAll(sql: """
                SELECT c.id, c.phone, c.profile_name, c.channel, c.first_at, c.last_at,
                       (SELECT COUNT(*) FROM unassigned_message m WHERE m.conversation_id = c.id),
                       (SELECT m.text FROM unassigned_message m WHERE m.conversation_id = c.id ORDER BY m.at DESC, m.id DESC LIMIT 1),
                       (SELECT m.author FROM unassigned_message m WHERE m.conversation_id = c.id ORDER BY m.at DESC, m.id DESC LIMIT 1)
                FROM unassigned_conversation c ORDER BY c.last_at DESC, c.id DESC LIMIT ?
                """, arguments: [limit]).map { row in
                let author: String? = row[8]
                return UnassignedConversation(id: row[0], phone: row[1], profileName: row[2], channel: row[3],
                                              firstAt: UnixTime.date(row[4]), lastAt: UnixTime.date(row[5]),
                                              messageCount: row[6], lastText: row[7] ?? "", lastIsOurs: author == "agent")
            }
        }
    }

    /// The messages of an unassigned conversation, oldest first.
    public func unassignedMessages(conversationID: Int64) throws(StoreError) -> [UnassignedMessage] {
        try read { db in
            try db.fetchAll(sql: """
                SELECT id, conversation_id, channel_message_id, text, at, author FROM unassigned_message
                WHERE conversation_id = ? ORDER BY at, id
                """, arguments: [conversationID]).map { row in
                let author: String = row[5]
                return UnassignedMessage(id: row[0], conversationID: row[1], channelMessageID: row[2], text: row[3],
                                         at: UnixTime.date(row[4]), author: author == "agent" ? .agent : .customer)
            }
        }
    }

    /// Moves an unassigned conversation into a deal's conversation and forgets it, keeping the provider ids:
    /// the customer's messages as customer messages (so the deal's follow-ups stop as for any reply), the
    /// echoes of what the business sent from its phone as agent messages from the phone. Returns the
    /// messages moved.
    @discardableResult
    public func assignUnassignedConversation(id: Int64, toDealID dealID: Int64) throws(StoreError) -> Int {
        let now = UnixTime.seconds(self.now())
        return try write { db in
            guard try db.fetchOne(Bool.self, sql: "SELECT 1 FROM unassigned_conversation WHERE id = ?", arguments: [id]) == true else {
                throw StoreError.notFound(entity: "unassigned conversation", id: id)
            }
            _ = try db.requireDeal(dealID)
            let rows = try db.fetchAll(sql: """
                SELECT channel_message_id, text, at, author FROM unassigned_message WHERE conversation_id = ? ORDER BY at, id
                """, arguments: [id])
            let fromCustomer = rows.contains { ($0[3] as String) == "customer" }
            if fromCustomer {
                try db.execute(sql: """
                    UPDATE followup_attempt SET state = 'cancelled', reason = ?, finished_at = ?, updated_at = ?
                    WHERE deal_id = ? AND state IN ('planned', 'generating', 'ready')
                    """, arguments: [ReasonCode.customerRepliedLast.rawValue, now, now, dealID])
            }
            try db.execute(sql: "DELETE FROM unassigned_conversation WHERE id = ?", arguments: [id])
            for row in rows {
                let ours = (row[3] as String) == "agent"
                try db.insertMessage(dealID: dealID, author: ours ? .agent : .customer, text: row[1], at: row[2], now: now,
                                     origin: ours ? .phone : .whatsapp, channelMessageID: row[0])
            }
            return rows.count
        }
    }

    /// When the customer last wrote on this deal (nil: never): opens WhatsApp's 24-hour window
    /// (`CustomerServiceWindow`, `OutgoingMessage.customerLastMessageAt`).
    public func lastCustomerMessageAt(dealID: Int64) throws(StoreError) -> Date? {
        try read { db in try Inbound.lastCustomerMessageAt(db, dealID: dealID) }
    }

    /// Remembers the WhatsApp account a sent follow-up reached (`SendReceipt.recipientID`), so replies from
    /// that account find the deal even when it differs from the stored number.
    public func recordRecipient(attemptID: Int64, recipientID: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE followup_attempt SET recipient_id = ? WHERE id = ?", arguments: [recipientID, attemptID])
        }
    }

    /// Forgets an unassigned conversation (spam, a wrong number).
    public func dismissUnassignedConversation(id: Int64) throws(StoreError) {
        try write { db in
            if try db.execute(sql: "DELETE FROM unassigned_conversation WHERE id = ?", arguments: [id]) == 0 {
                throw StoreError.notFound(entity: "unassigned conversation", id: id)
            }
        }
    }
}

enum Inbound {
    /// When the customer last wrote on the deal, read inside the deciding transaction (the 24-hour window).
    static func lastCustomerMessageAt(_ db: any SQLConnection, dealID: Int64) throws -> Date? {
        try db.fetchOne(Int64.self, sql: """
            SELECT MAX(at) FROM message WHERE deal_id = ? AND author = 'customer'
            """, arguments: [dealID]).map(UnixTime.date)
    }

    /// The provider's id was recorded before, in a deal or unassigned. (A follow-up the ledger sent is in
    /// the conversation with its id, unless its deal was deleted: `recordEcho` also asks the ledger.)
    static func known(_ db: any SQLConnection, channelMessageID: String) throws -> Bool {
        try db.fetchOne(Bool.self, sql: """
            SELECT 1 FROM message WHERE channel_message_id = ?
            UNION ALL SELECT 1 FROM unassigned_message WHERE channel_message_id = ? LIMIT 1
            """, arguments: [channelMessageID, channelMessageID]) ?? false
    }

    /// The deal a message from `phone` belongs to, or nil.
    static func deal(_ db: any SQLConnection, phone: String, replyTo: String?) throws -> Int64? {
        let forms = Phone.matchingForms(phone)
        let placeholders = forms.map { _ in "?" }.joined(separator: ", ")
        if let replyTo {
            // The customer quoted one of our messages: that deal, if it is theirs.
            if let dealID = try db.fetchOne(Int64.self, sql: """
                SELECT d.id FROM message m JOIN deal d ON d.id = m.deal_id JOIN contact c ON c.id = d.contact_id
                WHERE m.channel_message_id = ? AND c.phone IN (\(placeholders))
                """, arguments: SQLArguments([replyTo] + forms)) {
                return dealID
            }
        }
        // The exact number first, then the other form of a Brazilian mobile, then the account a follow-up reached.
        for form in forms {
            if let dealID = try db.fetchOne(Int64.self, sql: """
                SELECT d.id FROM deal d JOIN contact c ON c.id = d.contact_id
                WHERE c.phone = ?
                ORDER BY COALESCE(d.last_message_at, d.created_at) DESC, d.id DESC LIMIT 1
                """, arguments: [form]) {
                return dealID
            }
        }
        return try db.fetchOne(Int64.self, sql: """
            SELECT a.deal_id FROM followup_attempt a JOIN deal d ON d.id = a.deal_id
            WHERE a.recipient_id IN (\(placeholders)) ORDER BY a.id DESC LIMIT 1
            """, arguments: SQLArguments(forms))
    }

    /// Keeps a message to or from a number with no deal in that number's unassigned conversation. `author`
    /// is `.customer` or `.agent` (an echo).
    static func keepUnassigned(_ db: any SQLConnection, phone: String, profileName: String?, channel: String,
                               channelMessageID: String, author: MessageAuthor, text: String, at: Int64) throws -> Int64 {
        let forms = Phone.matchingForms(phone)
        let placeholders = forms.map { _ in "?" }.joined(separator: ", ")
        let id: Int64
        if let existing = try db.fetchOne(Int64.self, sql: """
            SELECT id FROM unassigned_conversation WHERE phone IN (\(placeholders)) ORDER BY phone = ? DESC LIMIT 1
            """, arguments: SQLArguments(forms + [phone])) {
            id = existing
            try db.execute(sql: """
                UPDATE unassigned_conversation
                SET last_at = \(db.dialect.greatest("last_at", "?")), first_at = \(db.dialect.least("first_at", "?")),
                    profile_name = COALESCE(?, profile_name)
                WHERE id = ?
                """, arguments: [at, at, profileName, id])
        } else {
            id = try db.insert(sql: """
                INSERT INTO unassigned_conversation (phone, profile_name, channel, first_at, last_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [phone, profileName, channel, at, at])
        }
        try db.execute(sql: """
            INSERT INTO unassigned_message (conversation_id, channel_message_id, text, at, author) VALUES (?, ?, ?, ?, ?)
            """, arguments: [id, channelMessageID, text, at, author == .customer ? "customer" : "agent"])
        return id
    }
}

enum Delivery {
    static func apply(_ db: any SQLConnection, _ update: DeliveryUpdate, now: Int64) throws -> DeliveryOutcome {
        guard let row = try db.fetchOne(sql: """
            SELECT id, delivery_status FROM message WHERE channel_message_id = ?
            """, arguments: [update.channelMessageID]) else {
            try keepEarly(db, update, now: now)
            return .pending
        }
        let messageID: Int64 = row[0]
        let current: String? = row[1]
        guard update.status.isAdvance(over: current.flatMap(DeliveryStatus.init(rawValue:))) else {
            return .unchanged(messageID: messageID)
        }
        try db.execute(sql: "UPDATE message SET delivery_status = ?, delivery_error = ? WHERE id = ?",
                       arguments: [update.status.rawValue, update.error, messageID])
        try db.execute(sql: """
            UPDATE followup_attempt SET delivery_status = ?, delivery_error = ?, updated_at = ?
            WHERE message_id = ? OR channel_message_id = ?
            """, arguments: [update.status.rawValue, update.error, now, messageID, update.channelMessageID])
        return .updated(messageID: messageID)
    }

    /// Keeps the most advanced early status per id, and forgets those older than two days.
    static func keepEarly(_ db: any SQLConnection, _ update: DeliveryUpdate, now: Int64) throws {
        try db.execute(sql: "DELETE FROM early_delivery_status WHERE received_at < ?", arguments: [now - 2 * 86_400])
        let current = try db.fetchOne(String.self, sql: "SELECT status FROM early_delivery_status WHERE channel_message_id = ?",
                                          arguments: [update.channelMessageID])
        guard update.status.isAdvance(over: current.flatMap(DeliveryStatus.init(rawValue:))) else { return }
        try db.execute(sql: """
            INSERT INTO early_delivery_status (channel_message_id, status, error, at, received_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (channel_message_id) DO UPDATE SET status = excluded.status, error = excluded.error,
                at = excluded.at, received_at = excluded.received_at
            """, arguments: [update.channelMessageID, update.status.rawValue, update.error,
                             UnixTime.seconds(update.at), now])
    }

    /// A message with this id was just recorded: apply what arrived before it.
    static func applyEarly(_ db: any SQLConnection, channelMessageID: String, messageID: Int64) throws {
        guard let row = try db.fetchOne(sql: """
            SELECT status, error, at, received_at FROM early_delivery_status WHERE channel_message_id = ?
            """, arguments: [channelMessageID]) else { return }
        try db.execute(sql: "DELETE FROM early_delivery_status WHERE channel_message_id = ?", arguments: [channelMessageID])
        let status: String = row[0]
        guard let parsed = DeliveryStatus(rawValue: status) else { return }
        _ = try apply(db, DeliveryUpdate(channelMessageID: channelMessageID, status: parsed, at: UnixTime.date(row[2]),
                                         error: row[1]), now: row[3])
    }
}
