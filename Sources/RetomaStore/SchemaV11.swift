import Foundation
import GRDB
import RetomaCore

/// Migration "v11": results per column, attempt and instruction version (issue 14, "Results").
/// - `column_instruction_version`: each saved change of a column's instructions or extras, with when and who
///   (`Store.setFollowUp` writes it); every column that exists now gets version 1 with what it holds.
/// - `followup_result`: one row per follow-up message with its attempt, the column and version it went out
///   under and the reply attributed to it (`ReplyAttribution`), written in the transaction that inserts the
///   follow-up or the reply. Like the ledger it outlives deleted deals.
/// - `followup_daily`: counters per column, Brasília day, attempt and version, kept by triggers on
///   `followup_result` (whoever writes it), so a report sums days instead of reading every follow-up.
/// - `followup_event`: opt-outs, deals moved by the "on max" action and tickets closed after a follow-up.
/// The backfill reads every conversation once, through the same code as later writes. Deals moved by the "on max"
/// action before v11 cannot be told (nothing recorded where they came from) and start at zero.
enum SchemaV11 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE column_instruction_version (
                column_id INTEGER NOT NULL REFERENCES board_column(id) ON DELETE CASCADE,
                version INTEGER NOT NULL CHECK (version >= 1),
                instructions TEXT NOT NULL,
                extra TEXT NOT NULL,
                saved_at INTEGER NOT NULL,
                author TEXT NOT NULL,
                PRIMARY KEY (column_id, version)
            ) WITHOUT ROWID;

            CREATE TABLE followup_result (
                message_id INTEGER PRIMARY KEY,
                deal_id INTEGER NOT NULL,
                column_id INTEGER NOT NULL,
                attempt INTEGER NOT NULL CHECK (attempt >= 1),
                version INTEGER NOT NULL,
                sent_at INTEGER NOT NULL,
                sent_day INTEGER NOT NULL,
                reply_message_id INTEGER,
                reply_at INTEGER,
                reply_day INTEGER,
                reply_minutes INTEGER,
                reply_within_24h INTEGER NOT NULL DEFAULT 0,
                CHECK ((reply_at IS NULL) = (reply_message_id IS NULL))
            );
            CREATE INDEX followup_result_by_deal ON followup_result(deal_id, sent_at);
            -- The median reads only the answered follow-ups of a column's days.
            CREATE INDEX followup_result_replied ON followup_result(column_id, sent_day, reply_minutes)
                WHERE reply_at IS NOT NULL;

            CREATE TABLE followup_daily (
                column_id INTEGER NOT NULL,
                day INTEGER NOT NULL,
                attempt INTEGER NOT NULL,
                version INTEGER NOT NULL,
                sent INTEGER NOT NULL DEFAULT 0,
                replied_24h INTEGER NOT NULL DEFAULT 0,
                replied_72h INTEGER NOT NULL DEFAULT 0,
                -- Replies that came on this day (the sparkline), by the attempt and version they answered.
                replies INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (column_id, day, attempt, version)
            ) WITHOUT ROWID;
            \(counterTriggers)

            CREATE TABLE followup_event (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('opt_out', 'moved_on_max', 'closed_after_followup')),
                column_id INTEGER NOT NULL,
                deal_id INTEGER NOT NULL,
                at INTEGER NOT NULL,
                day INTEGER NOT NULL
            );
            CREATE INDEX followup_event_by_column_day ON followup_event(column_id, day, kind);
            """)
        try db.execute(sql: """
            INSERT INTO column_instruction_version (column_id, version, instructions, extra, saved_at, author)
            SELECT id, 1, fu_instructions, fu_extra, ?, ? FROM board_column
            """, arguments: [Int64(Date().timeIntervalSince1970), OperatorName.unknown])
        try FollowUpResults.backfill(SQLiteConnection(db))
        try FollowUpResults.backfillEvents(SQLiteConnection(db))
    }

    /// Each change of a result row moves its day's counters: the old row's share out, the new one's in.
    private static let counterTriggers: String = {
        func add(_ row: String, _ sign: String) -> String {
            """
            INSERT INTO followup_daily (column_id, day, attempt, version, sent, replied_24h, replied_72h)
                VALUES (\(row).column_id, \(row).sent_day, \(row).attempt, \(row).version, \(sign)1,
                        \(sign)\(row).reply_within_24h, \(sign)(\(row).reply_at IS NOT NULL))
                ON CONFLICT (column_id, day, attempt, version) DO UPDATE SET sent = sent + excluded.sent,
                    replied_24h = replied_24h + excluded.replied_24h, replied_72h = replied_72h + excluded.replied_72h;
            INSERT INTO followup_daily (column_id, day, attempt, version, replies)
                SELECT \(row).column_id, \(row).reply_day, \(row).attempt, \(row).version, \(sign)1
                WHERE \(row).reply_at IS NOT NULL
                ON CONFLICT (column_id, day, attempt, version) DO UPDATE SET replies = replies + excluded.replies;
            """
        }
        return """
            CREATE TRIGGER followup_result_insert AFTER INSERT ON followup_result BEGIN
            \(add("new", "+"))
            END;
            CREATE TRIGGER followup_result_delete AFTER DELETE ON followup_result BEGIN
            \(add("old", "-"))
            END;
            CREATE TRIGGER followup_result_update AFTER UPDATE ON followup_result BEGIN
            \(add("old", "-"))
            \(add("new", "+"))
            END;
            """
    }()
}
