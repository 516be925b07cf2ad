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
            try spoke(db, dealID: dealID, messageID: messageID, at: seconds)
        case .followup:
            try db.cachedStatement(sql: """
                UPDATE deal SET fu_anchor_message_id = ?, fu_anchor_at = ?, fu_since_reply = fu_since_reply + 1
                WHERE id = ?
                """).execute(arguments: [messageID, seconds, dealID])
            try spoke(db, dealID: dealID, messageID: messageID, at: seconds)
        }
    }

    /// Our side spoke in the deal: a reply the customer gave in another deal before it no longer stops this one.
    private static func spoke(_ db: Database, dealID: Int64, messageID: Int64, at seconds: Int64) throws {
        try db.cachedStatement(sql: """
            UPDATE deal SET fu_replied_in_deal_id = NULL, fu_replied_in_at = NULL, fu_replied_in_message_id = NULL
            WHERE id = ? AND fu_replied_in_deal_id IS NOT NULL
              AND (fu_replied_in_at < ? OR (fu_replied_in_at = ? AND fu_replied_in_message_id < ?))
            """).execute(arguments: [dealID, seconds, seconds, messageID])
    }

    /// Facts of one deal from its whole conversation, ordered by (at, id) like `DealFacts(deal:messages:)`.
    static func recompute(_ db: Database, dealID: Int64) throws {
        try db.execute(sql: recomputeSQL + " WHERE id = ?", arguments: [dealID])
    }

    /// Every deal's facts and next-due time (the v2 migration, for databases written before it).
    /// Their statements read v9's, v12's and v13's columns: until v13 has run, the backfill waits for it, marked in
    /// a temporary table of this connection (the migrator runs the pending migrations on one), and v9, v12 and v13
    /// run it (the earlier runs defer again until v13).
    static func recomputeAll(_ db: Database) throws {
        guard try db.columns(in: "board_column").contains(where: { $0.name == "fu_revision" }) else {
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS pending_facts_backfill (id INTEGER)")
            return
        }
        try db.execute(sql: recomputeSQL)
        try Schedule.refreshAll(db, now: Int64(Date().timeIntervalSince1970))
    }

    /// v9: the backfill an earlier migration of this run left waiting, if any.
    static func runPendingBackfill(_ db: Database) throws {
        // sqlite_temp_master, not tableExists(in: "temp"): GRDB refuses that schema before anything made it.
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM sqlite_temp_master WHERE name = 'pending_facts_backfill'") == true
        else { return }
        try db.execute(sql: "DROP TABLE temp.pending_facts_backfill")
        try recomputeAll(db)
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
                                                  AND (c.at > f.at OR (c.at = f.at AND c.id > f.id)))),
            -- A reply in another deal stops this one until a message of ours comes after it.
            fu_replied_in_deal_id = CASE WHEN \(spokeSince) THEN NULL ELSE fu_replied_in_deal_id END,
            fu_replied_in_at = CASE WHEN \(spokeSince) THEN NULL ELSE fu_replied_in_at END,
            fu_replied_in_message_id = CASE WHEN \(spokeSince) THEN NULL ELSE fu_replied_in_message_id END
        """

    private static let spokeSince = """
        fu_replied_in_deal_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM message o WHERE o.deal_id = deal.id AND o.author != 'customer'
              AND (o.at > deal.fu_replied_in_at OR (o.at = deal.fu_replied_in_at AND o.id > deal.fu_replied_in_message_id)))
        """
}
