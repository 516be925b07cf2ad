import GRDB

/// Migration "v12": "Revisar antes de enviar" (issue 12).
/// - `board_column.fu_review`: the column's written follow-ups wait in the review queue for a person;
///   `fu_skipped_day`: the start (Unix seconds) of the Brasília day the operator skipped the column (`S`);
///   `deal.fu_skipped_at`: when the operator skipped a draft of the deal (`s`): the next interval counts from it.
/// - `followup_attempt` is rebuilt so its state may be `review` (the draft waits between writing and `ready`),
///   and the one-in-flight index counts it: a waiting draft holds its deal like any attempt in flight.
///   `review_at`: when the draft began to wait; `reviewed_by`/`reviewed_at`: who approved it (the OS user, as instruction versions record their author)
///   and when; `edited`: 1 when that person rewrote the text. Every index is recreated as it was; no trigger
///   or view reads this table.
enum SchemaV12 {
    static func migrate(_ db: Database) throws {
        // Ids are never reused, even those of rows deleted by hand: the rebuilt table's sequence goes on from the old one.
        let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'followup_attempt'") ?? 0
        try db.execute(sql: """
            ALTER TABLE board_column ADD COLUMN fu_review INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE board_column ADD COLUMN fu_skipped_day INTEGER;
            ALTER TABLE deal ADD COLUMN fu_skipped_at INTEGER;

            CREATE TABLE followup_attempt_v12 (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                deal_id INTEGER NOT NULL,
                anchor_message_id INTEGER NOT NULL,
                attempt_number INTEGER NOT NULL CHECK (attempt_number >= 1),
                sequence_number INTEGER NOT NULL,
                column_id INTEGER NOT NULL,
                contact_name TEXT NOT NULL,
                phone TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('planned', 'generating', 'review', 'ready', 'sending', 'sent',
                                                     'cancelled', 'failed', 'uncertain')),
                reason TEXT,
                error TEXT,
                text TEXT,
                model TEXT,
                channel TEXT,
                channel_message_id TEXT,
                message_id INTEGER,
                holder_id TEXT,
                tries INTEGER NOT NULL DEFAULT 0,
                retry_at INTEGER,
                due_at INTEGER NOT NULL,
                planned_at INTEGER NOT NULL,
                generated_at INTEGER,
                sending_at INTEGER,
                finished_at INTEGER,
                updated_at INTEGER NOT NULL,
                resolution TEXT CHECK (resolution IN ('resent', 'confirmed_sent', 'retried')),
                delivery_status TEXT CHECK (delivery_status IN ('sent', 'delivered', 'read', 'failed')),
                delivery_error TEXT,
                recipient_id TEXT,
                message_slot INTEGER,
                review_at INTEGER,
                reviewed_by TEXT,
                reviewed_at INTEGER,
                edited INTEGER NOT NULL DEFAULT 0,
                UNIQUE (deal_id, anchor_message_id, attempt_number)
            );
            INSERT INTO followup_attempt_v12 (id, deal_id, anchor_message_id, attempt_number, sequence_number, column_id,
                contact_name, phone, state, reason, error, text, model, channel, channel_message_id, message_id,
                holder_id, tries, retry_at, due_at, planned_at, generated_at, sending_at, finished_at, updated_at,
                resolution, delivery_status, delivery_error, recipient_id, message_slot)
            SELECT id, deal_id, anchor_message_id, attempt_number, sequence_number, column_id,
                contact_name, phone, state, reason, error, text, model, channel, channel_message_id, message_id,
                holder_id, tries, retry_at, due_at, planned_at, generated_at, sending_at, finished_at, updated_at,
                resolution, delivery_status, delivery_error, recipient_id, message_slot
            FROM followup_attempt;
            DROP TABLE followup_attempt;
            ALTER TABLE followup_attempt_v12 RENAME TO followup_attempt;

            CREATE UNIQUE INDEX followup_attempt_one_active ON followup_attempt(deal_id)
                WHERE state IN ('planned', 'generating', 'review', 'ready', 'sending');
            CREATE INDEX followup_attempt_open ON followup_attempt(state, id)
                WHERE state IN ('planned', 'generating', 'review', 'ready', 'sending', 'uncertain');
            CREATE INDEX followup_attempt_by_update ON followup_attempt(updated_at);
            CREATE INDEX followup_attempt_by_recipient ON followup_attempt(recipient_id) WHERE recipient_id IS NOT NULL;
            CREATE INDEX followup_attempt_by_channel_id ON followup_attempt(channel_message_id)
                WHERE channel_message_id IS NOT NULL;
            CREATE INDEX followup_attempt_by_sending ON followup_attempt(sending_at) WHERE sending_at IS NOT NULL;
            """)
        let rebuilt = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM sqlite_sequence WHERE name = 'followup_attempt'") ?? 0
        try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name = 'followup_attempt'")
        if max(sequence, rebuilt) > 0 {
            try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('followup_attempt', ?)",
                           arguments: [max(sequence, rebuilt)])
        }
        // The backfill v2 left for the columns the schedule reads now, on a database that starts before both.
        try FollowUpFacts.runPendingBackfill(db)
    }
}
