import Foundation
import GRDB
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
        return try write { db in
            _ = try db.requireDeal(dealID)
            let id = try db.insertMessage(dealID: dealID, author: author, text: text, at: seconds, now: stamp)
            return Message(id: id, dealID: dealID, author: author, text: text,
                           at: UnixTime.date(seconds))
        }
    }
}

extension Database {
    /// Returns the new message's id. `now` stamps any ledger change the message causes.
    @discardableResult
    func insertMessage(dealID: Int64, author: MessageAuthor, text: String, at seconds: Int64, now: Int64,
                       sent: SentFollowUp? = nil) throws -> Int64 {
        let seconds = min(seconds, now + UnixTime.allowedSkew)
        try cachedStatement(sql: """
            INSERT INTO message (deal_id, author, text, at, model, channel_message_id, delivery_status, attempt_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [dealID, author.rawValue, text, seconds, sent?.model, sent?.channelMessageID,
                                     sent?.deliveryStatus?.rawValue, sent?.attemptID])
        let messageID = lastInsertedRowID
        if let sent {
            try cachedStatement(sql: "UPDATE followup_attempt SET delivery_status = ? WHERE id = ?")
                .execute(arguments: [sent.deliveryStatus?.rawValue, sent.attemptID])
            if let channelID = sent.channelMessageID {
                try Delivery.applyEarly(self, channelMessageID: channelID, messageID: messageID)
            }
        }
        // Ties go to the newer insert, matching the conversation order (at, id).
        try cachedStatement(sql: """
            UPDATE deal SET last_message_at = ?, last_message_author = ?
            WHERE id = ? AND (last_message_at IS NULL OR last_message_at <= ?)
            """).execute(arguments: [seconds, author.rawValue, dealID, seconds])
        try FollowUpFacts.messageInserted(self, dealID: dealID, messageID: messageID, author: author, at: seconds,
                                          isNewest: changesCount > 0)
        try Schedule.refresh(self, dealID: dealID, now: now)
        return messageID
    }
}

/// What the ledger stores on a follow-up message it sends.
struct SentFollowUp {
    var model: String?
    var channelMessageID: String?
    var deliveryStatus: DeliveryStatus?
    var attemptID: Int64
}
