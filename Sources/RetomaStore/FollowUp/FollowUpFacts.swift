import Foundation
import GRDB
import RetomaCore

/// Keeps each deal's follow-up facts (anchor, follow-ups since the customer's reply) in step with its
/// conversation, inside the transaction that changed it, so the engine never reads messages to decide.
enum FollowUpFacts {
    /// A message was just inserted. When it is the conversation's newest, the facts move incrementally;
    /// an older message imported behind newer ones makes them recompute from the conversation.
    static func messageInserted(_ db: Database, dealID: Int64, messageID: Int64, author: MessageAuthor,
                                at seconds: Int64, isNewest: Bool) throws {
        guard isNewest else { return try recompute(db, dealID: dealID) }
        switch author {
        case .customer:
            try db.cachedStatement(sql: "UPDATE deal SET fu_since_reply = 0 WHERE id = ?")
                .execute(arguments: [dealID])
        case .agent:
            try db.cachedStatement(sql: "UPDATE deal SET fu_anchor_message_id = ?, fu_anchor_at = ? WHERE id = ?")
                .execute(arguments: [messageID, seconds, dealID])
        case .followup:
            try db.cachedStatement(sql: """
                UPDATE deal SET fu_anchor_message_id = ?, fu_anchor_at = ?, fu_since_reply = fu_since_reply + 1
                WHERE id = ?
                """).execute(arguments: [messageID, seconds, dealID])
        }
    }

    /// Facts of one deal from its whole conversation, ordered by (at, id) like `DealFacts(deal:messages:)`.
    static func recompute(_ db: Database, dealID: Int64) throws {
        try db.execute(sql: recomputeSQL + " WHERE id = ?", arguments: [dealID])
    }

    /// Every deal's facts and next-due time (the v2 migration, for databases written before it).
    static func recomputeAll(_ db: Database) throws {
        try db.execute(sql: recomputeSQL)
        try Schedule.refreshAll(db, now: Int64(Date().timeIntervalSince1970))
    }

    private static let recomputeSQL = """
        UPDATE deal SET
            fu_anchor_message_id = (SELECT m.id FROM message m WHERE m.deal_id = deal.id AND m.author != 'customer'
                                    ORDER BY m.at DESC, m.id DESC LIMIT 1),
            fu_anchor_at = (SELECT m.at FROM message m WHERE m.deal_id = deal.id AND m.author != 'customer'
                            ORDER BY m.at DESC, m.id DESC LIMIT 1),
            fu_since_reply = (SELECT COUNT(*) FROM message f
                              WHERE f.deal_id = deal.id AND f.author = 'followup'
                                AND NOT EXISTS (SELECT 1 FROM message c
                                                WHERE c.deal_id = deal.id AND c.author = 'customer'
                                                  AND (c.at > f.at OR (c.at = f.at AND c.id > f.id))))
        """
}
