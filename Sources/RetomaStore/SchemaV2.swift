import GRDB

/// Migration "v2": what the follow-up engine needs (issue 4).
/// - per-deal follow-up facts kept in step with every write, and an indexed next-due time;
/// - the send ledger (`followup_attempt`), the governor's send log, the engine lease and settings;
/// - on messages: the model that wrote a follow-up, the channel's id and the delivery status.
enum SchemaV2 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            -- A brake per column (issue 7): its settings stay, its deals keep no due time.
            ALTER TABLE board_column ADD COLUMN fu_paused INTEGER NOT NULL DEFAULT 0;
            -- The column's daily limit (issue 15). Added here too because this migration's backfill reads every
            -- column's settings as they are read today; v5 adds it to databases that ran v2 before it existed.
            ALTER TABLE board_column ADD COLUMN fu_max_per_day INTEGER NOT NULL DEFAULT 0 CHECK (fu_max_per_day >= 0);
            ALTER TABLE message ADD COLUMN model TEXT;
            ALTER TABLE message ADD COLUMN channel_message_id TEXT;
            ALTER TABLE message ADD COLUMN delivery_status TEXT
                CHECK (delivery_status IN ('sent', 'delivered', 'read', 'failed'));
            ALTER TABLE message ADD COLUMN attempt_id INTEGER;
            CREATE INDEX message_by_channel_id ON message(channel_message_id) WHERE channel_message_id IS NOT NULL;

            -- The anchor (our latest message), follow-ups since the customer's latest message, the anchor on
            -- which the column's "on max" action was applied, and when the engine must next look at the deal.
            ALTER TABLE deal ADD COLUMN fu_anchor_message_id INTEGER;
            ALTER TABLE deal ADD COLUMN fu_anchor_at INTEGER;
            ALTER TABLE deal ADD COLUMN fu_since_reply INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE deal ADD COLUMN fu_max_done_anchor_id INTEGER;
            ALTER TABLE deal ADD COLUMN fu_due_at INTEGER;
            CREATE INDEX deal_by_due ON deal(fu_due_at) WHERE fu_due_at IS NOT NULL;

            -- The ledger outlives deleted deals (it records what we sent to whom), so no foreign keys.
            CREATE TABLE followup_attempt (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                deal_id INTEGER NOT NULL,
                anchor_message_id INTEGER NOT NULL,
                attempt_number INTEGER NOT NULL CHECK (attempt_number >= 1),
                sequence_number INTEGER NOT NULL,
                column_id INTEGER NOT NULL,
                contact_name TEXT NOT NULL,
                phone TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('planned', 'generating', 'ready', 'sending', 'sent',
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
                UNIQUE (deal_id, anchor_message_id, attempt_number)
            );
            -- At most one attempt in flight per deal, whatever process plans it.
            CREATE UNIQUE INDEX followup_attempt_one_active ON followup_attempt(deal_id)
                WHERE state IN ('planned', 'generating', 'ready', 'sending');
            CREATE INDEX followup_attempt_open ON followup_attempt(state, id)
                WHERE state IN ('planned', 'generating', 'ready', 'sending', 'uncertain');
            CREATE INDEX followup_attempt_by_update ON followup_attempt(updated_at);

            -- Start times of sends per sending number: the governor's memory across restarts. In milliseconds
            -- (unlike every other time here) so the gaps it enforces are exact.
            CREATE TABLE send_log (
                id INTEGER PRIMARY KEY,
                sender TEXT NOT NULL,
                at_ms INTEGER NOT NULL,
                attempt_id INTEGER NOT NULL
            );
            CREATE INDEX send_log_by_sender_time ON send_log(sender, at_ms);

            -- Exactly one engine per database: whoever holds an unexpired lease.
            CREATE TABLE engine_lease (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                holder_id TEXT NOT NULL,
                pid INTEGER NOT NULL,
                host TEXT NOT NULL,
                acquired_at INTEGER NOT NULL,
                renewed_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL
            );

            CREATE TABLE engine_settings (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                paused INTEGER NOT NULL DEFAULT 0,
                pause_reason TEXT CHECK (pause_reason IN ('operator', 'channel', 'ai')),
                pause_detail TEXT,
                paused_at INTEGER,
                honor_holidays INTEGER NOT NULL DEFAULT 1,
                skip_pontos_facultativos INTEGER NOT NULL DEFAULT 0
            );
            INSERT INTO engine_settings (id) VALUES (1);
            """)
        try FollowUpFacts.recomputeAll(db)
    }
}
