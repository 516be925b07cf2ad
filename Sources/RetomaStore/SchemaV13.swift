import Foundation
import GRDB
import RetomaCore

/// Migration "v13": operators, owners and edits that never silently overwrite (issue 13, "Operators").
/// - `message.operator`: who typed a message of ours (board or CLI); NULL for the customer's, the engine's
///   follow-ups and phone echoes.
/// - `deal.owner`: the deal's "responsável" (an operator's name), or NULL. `deal.revision` moves on with every
///   change of what the deal form holds (title, contact, phone, value, ticket); `revised_by`/`revised_at` say who
///   and when, for the "alterado por…" prompt of a form opened before it.
/// - `deal_history`: cards moved (with the columns' names at the time), tickets closed or reopened and owners
///   assigned, each with its operator and time. The engine's own moves ("on max") are `moved_on_max` with no operator.
/// - `board_column.fu_revision` and `column_config_version`: each saved follow-up configuration, every field of
///   the dialog, with its operator and time; the revision is the column's latest. `instruction_version` ties it to
///   `column_instruction_version`, which stays what the results count by. Every column that exists now gets
///   revision 1 with what it holds, signed as its first instruction version was.
enum SchemaV13 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE message ADD COLUMN operator TEXT;
            ALTER TABLE deal ADD COLUMN owner TEXT;
            ALTER TABLE deal ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
            ALTER TABLE deal ADD COLUMN revised_by TEXT;
            ALTER TABLE deal ADD COLUMN revised_at INTEGER;
            ALTER TABLE board_column ADD COLUMN fu_revision INTEGER NOT NULL DEFAULT 1;
            CREATE INDEX deal_by_owner ON deal(owner, column_id, position) WHERE owner IS NOT NULL;

            CREATE TABLE deal_history (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                deal_id INTEGER NOT NULL REFERENCES deal(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('moved', 'moved_on_max', 'closed', 'reopened', 'owner')),
                from_column TEXT,
                to_column TEXT,
                owner TEXT,
                operator TEXT,
                at INTEGER NOT NULL,
                -- The engine signs nothing; every other change has its person.
                CHECK ((operator IS NULL) = (kind = 'moved_on_max'))
            );
            CREATE INDEX deal_history_by_deal ON deal_history(deal_id, at);

            CREATE TABLE column_config_version (
                column_id INTEGER NOT NULL REFERENCES board_column(id) ON DELETE CASCADE,
                revision INTEGER NOT NULL CHECK (revision >= 1),
                instruction_version INTEGER NOT NULL,
                enabled INTEGER NOT NULL,
                interval_amount INTEGER NOT NULL,
                interval_unit TEXT NOT NULL,
                business_hours INTEGER NOT NULL,
                after_close INTEGER NOT NULL,
                instructions TEXT NOT NULL,
                extra TEXT NOT NULL,
                max_attempts INTEGER NOT NULL,
                on_max_column_id INTEGER,
                paused INTEGER NOT NULL,
                max_per_day INTEGER NOT NULL,
                review INTEGER NOT NULL,
                saved_at INTEGER NOT NULL,
                operator TEXT NOT NULL,
                PRIMARY KEY (column_id, revision)
            );
            """)
        try db.execute(sql: """
            INSERT INTO column_config_version (column_id, revision, instruction_version, enabled, interval_amount,
                interval_unit, business_hours, after_close, instructions, extra, max_attempts, on_max_column_id,
                paused, max_per_day, review, saved_at, operator)
            SELECT c.id, 1, COALESCE(v.version, 1), c.fu_enabled, c.fu_interval_amount, c.fu_interval_unit,
                c.fu_business_hours, c.fu_after_close, c.fu_instructions, c.fu_extra, c.fu_max_attempts,
                c.fu_on_max_column_id, c.fu_paused, c.fu_max_per_day, c.fu_review, COALESCE(v.saved_at, ?),
                COALESCE(v.author, ?)
            FROM board_column c
            LEFT JOIN column_instruction_version v ON v.column_id = c.id
                AND v.version = (SELECT MAX(x.version) FROM column_instruction_version x WHERE x.column_id = c.id)
            """, arguments: [Int64(Date().timeIntervalSince1970), OperatorName.unknown])
        // The backfill earlier migrations left for the columns the schedule reads now (see v12).
        try FollowUpFacts.runPendingBackfill(db)
    }
}

