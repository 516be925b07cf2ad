import Foundation
import RetomaCore

extension Store {
    /// Records a message in the deal's conversation (`at` defaults to now, kept to the second).
    /// The deal's last-message fields, follow-up facts and next-due time move in the same transaction
    /// (an older message imported behind newer ones keeps the "last message" but recomputes the facts),
    /// and a customer message cancels whatever follow-up was planned for the deal.
    @discardableResult
    public func addMessage(dealID: Int64, author: MessageAuthor, text: String,
                           at: Date? = nil) throws(StoreError) -> Message {
        let text = try Validate.messageText(text)
        let seconds = UnixTime.seconds(at ?? now())
        let stamp = UnixTime.seconds(self.now())
        // Only our side's messages are signed: a customer's recorded by hand is still the customer's.
        let typedBy = author == .agent ? operatorName : nil
        return try write { db in
            _ = try db.requireDeal(dealID)
            let id = try db.insertMessage(dealID: dealID, author: author, text: text, at: seconds, now: stamp,
                                          operatorName: typedBy)
            return Message(id: id, dealID: dealID, author: author, text: text,
                           at: UnixTime.date(seconds), operatorName: typedBy)
        }
    }
}

extension SQLConnection {
    /// Returns the new message's id. `operatorName`: who typed a message of ours. `now` stamps any ledger change
    /// the message causes. `channelMessageID`
    /// is the provider's id of a message that did not come from the ledger (a customer's, a phone echo);
    /// a follow-up's comes in `sent`, with the id reserved for it when its send started (`sent.slot`).
    /// A customer message is a fact about the contact too: `ContactChat.customerWrote` applies it to the
    /// contact's other deals and reads it for an opt-out.
    @discardableResult
    func insertMessage(dealID: Int64, author: MessageAuthor, text: String, at seconds: Int64, now: Int64,
                       sent: SentFollowUp? = nil, origin: MessageOrigin = .retoma,
                       channelMessageID: String? = nil, operatorName: String? = nil) throws -> Int64 {
        let seconds = min(seconds, now + UnixTime.allowedSkew)
        let channelID = sent?.channelMessageID ?? channelMessageID
        if let channelID, origin == .retoma { try replaceEcho(of: channelID, now: now) }
        // A reserved id is used once: a second record of the same send (an operator's decision) takes a new one.
        let slot = try sent?.slot.flatMap { slot in
            try fetchOne(Bool.self, sql: "SELECT 1 FROM message WHERE id = ?", arguments: [slot]) == true ? nil : slot
        }
        // Without a reserved id the database numbers the row (PostgreSQL refuses a NULL key, so none is given).
        let messageID = try insert(sql: """
            INSERT INTO message (\(slot == nil ? "" : "id, ")deal_id, author, text, at, model, channel_message_id,
                                 delivery_status, attempt_id, origin, operator)
            VALUES (\(slot == nil ? "" : "?, ")?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: SQLArguments(slot.map { [$0] } ?? [])
                + [dealID, author.rawValue, text, seconds, sent?.model, channelID, sent?.deliveryStatus?.rawValue,
                   sent?.attemptID, origin.rawValue, operatorName])
        if let sent {
            try execute(sql: "UPDATE followup_attempt SET delivery_status = ? WHERE id = ?",
                        arguments: [sent.deliveryStatus?.rawValue, sent.attemptID])
            if let channelID = sent.channelMessageID {
                try Delivery.applyEarly(self, channelMessageID: channelID, messageID: messageID)
            }
        }
        // Ties go by id, matching the conversation order (at, id): a follow-up's reserved id sorts before a
        // customer message of the same second that arrived while it was being sent.
        let isNewest = try execute(sql: """
            UPDATE deal SET last_message_at = ?, last_message_author = ?
            WHERE id = ? AND (last_message_at IS NULL OR last_message_at < ?
                              OR (last_message_at = ? AND NOT EXISTS (
                                  SELECT 1 FROM message m WHERE m.deal_id = ? AND m.at = ? AND m.id > ?)))
            """, arguments: [seconds, author.rawValue, dealID, seconds, seconds, dealID, seconds, messageID]) > 0
        try FollowUpFacts.messageInserted(self, dealID: dealID, messageID: messageID, author: author, at: seconds,
                                          isNewest: isNewest)
        try FollowUpResults.messageInserted(self, dealID: dealID, messageID: messageID, author: author, at: seconds,
                                            isNewest: isNewest)
        try Schedule.refresh(self, dealID: dealID, now: now)
        if author == .customer {
            try ContactChat.customerWrote(self, dealID: dealID, messageID: messageID, text: text, at: seconds, now: now)
        }
        return messageID
    }

    /// A provider that echoes what the API sent may deliver the echo before the send's answer is recorded
    /// (the webhook can beat the API's response). The echo, recorded meanwhile as a phone message, is the
    /// same message: it gives way to the record being inserted now, so the conversation holds it once and
    /// the provider id stays unique. The deal it sat in gets its facts and schedule back without it.
    func replaceEcho(of channelID: String, now: Int64) throws {
        if try execute(sql: "DELETE FROM unassigned_message WHERE channel_message_id = ? AND author = 'agent'",
                       arguments: [channelID]) > 0 {
            try execute(sql: """
                DELETE FROM unassigned_conversation
                WHERE NOT EXISTS (SELECT 1 FROM unassigned_message m WHERE m.conversation_id = unassigned_conversation.id)
                """)
        }
        guard let echo = try fetchOne(sql: """
            SELECT id, deal_id FROM message WHERE channel_message_id = ? AND origin = 'phone'
            """, arguments: [channelID]) else { return }
        let echoID: Int64 = echo[0]
        let dealID: Int64 = echo[1]
        try execute(sql: "DELETE FROM message WHERE id = ?", arguments: [echoID])
        try execute(sql: """
            UPDATE deal SET
                last_message_at = (SELECT m.at FROM message m WHERE m.deal_id = deal.id ORDER BY m.at DESC, m.id DESC LIMIT 1),
                last_message_author = (SELECT m.author FROM message m WHERE m.deal_id = deal.id
                                       ORDER BY m.at DESC, m.id DESC LIMIT 1)
            WHERE id = ?
            """, arguments: [dealID])
        try FollowUpFacts.recompute(self, dealID: dealID)
        try Schedule.refresh(self, dealID: dealID, now: now)
    }
}

/// What the ledger stores on a follow-up message it sends.
struct SentFollowUp {
    var model: String?
    var channelMessageID: String?
    var deliveryStatus: DeliveryStatus?
    var attemptID: Int64
    /// The message id reserved when the send started (`followup_attempt.message_slot`); nil before v9.
    var slot: Int64? = nil
}
