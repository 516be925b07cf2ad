import Foundation
import GRDB
import RetomaCore

extension Store {
    /// Records a message in the deal's conversation (`at` defaults to now, kept to the second).
    /// The deal's last-message fields move in the same transaction, unless an older message is
    /// being imported behind a newer one.
    public func addMessage(dealID: Int64, author: MessageAuthor, text: String,
                           at: Date? = nil) throws(StoreError) -> Message {
        let text = try Validate.messageText(text)
        let seconds = UnixTime.seconds(at ?? now())
        return try write { db in
            _ = try db.requireDeal(dealID)
            let id = try db.insertMessage(dealID: dealID, author: author, text: text, at: seconds)
            return Message(id: id, dealID: dealID, author: author, text: text,
                           at: UnixTime.date(seconds))
        }
    }
}

extension Database {
    /// Returns the new message's id.
    @discardableResult
    func insertMessage(dealID: Int64, author: MessageAuthor, text: String, at seconds: Int64) throws -> Int64 {
        try cachedStatement(sql: "INSERT INTO message (deal_id, author, text, at) VALUES (?, ?, ?, ?)")
            .execute(arguments: [dealID, author.rawValue, text, seconds])
        let messageID = lastInsertedRowID
        // Ties go to the newer insert, matching the conversation order (at, id).
        try cachedStatement(sql: """
            UPDATE deal SET last_message_at = ?, last_message_author = ?
            WHERE id = ? AND (last_message_at IS NULL OR last_message_at <= ?)
            """).execute(arguments: [seconds, author.rawValue, dealID, seconds])
        return messageID
    }
}
