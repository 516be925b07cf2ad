import GRDB

/// Migration "v9": a customer is one chat (issue 11).
/// - `contact.opted_out_at` (NULL: not opted out), `opted_out_source` ("customer": their own message asked it;
///   "operator": set by hand) and `opted_out_text` (the customer's message): an opted-out contact gets no
///   follow-up on any deal.
/// - `deal.fu_replied_in_deal_id`, `fu_replied_in_at`, `fu_replied_in_message_id`: the customer answered in
///   another deal of the same contact after our latest message here, so this deal's sequence stopped too; cleared
///   when our side speaks in this deal again (kept in step by `FollowUpFacts`).
/// - `followup_attempt.message_slot`: the conversation id reserved for a follow-up when its send starts, so its
///   message sorts before any customer message that arrives during the send, even in the same second.
enum SchemaV9 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE contact ADD COLUMN opted_out_at INTEGER;
            ALTER TABLE contact ADD COLUMN opted_out_source TEXT CHECK (opted_out_source IN ('customer', 'operator'));
            ALTER TABLE contact ADD COLUMN opted_out_text TEXT;
            ALTER TABLE deal ADD COLUMN fu_replied_in_deal_id INTEGER;
            ALTER TABLE deal ADD COLUMN fu_replied_in_at INTEGER;
            ALTER TABLE deal ADD COLUMN fu_replied_in_message_id INTEGER;
            ALTER TABLE followup_attempt ADD COLUMN message_slot INTEGER;
            """)
        // The backfill v2 left for this migration on a database that starts before both.
        try FollowUpFacts.runPendingBackfill(db)
    }
}
