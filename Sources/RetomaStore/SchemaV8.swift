import GRDB

/// Migration "v8": messages agents send by hand (issue 11, "sending as the agent").
/// - `agent_send`: one ledger row per agent send, keyed "agent-<deal>-<message id>", with the same outbox
///   discipline as follow-ups (queued → sending → sent | failed | uncertain | cancelled). Like the follow-up
///   ledger it outlives deleted deals, so no foreign keys.
/// - `send_log` is rebuilt so a send start says which ledger it came from: `attempt_id` (a follow-up) or
///   `agent_send_id` (an agent's message), exactly one of them. Both count toward the governor's caps.
enum SchemaV8 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE agent_send (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                send_key TEXT NOT NULL UNIQUE,
                deal_id INTEGER NOT NULL,
                message_id INTEGER,
                contact_name TEXT NOT NULL,
                phone TEXT NOT NULL,
                text TEXT NOT NULL,
                template_name TEXT,
                template_language TEXT,
                state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'uncertain', 'cancelled')),
                reason TEXT,
                error TEXT,
                tries INTEGER NOT NULL DEFAULT 0,
                retry_at INTEGER,
                holder_id TEXT,
                channel TEXT,
                channel_message_id TEXT,
                recipient_id TEXT,
                queued_at INTEGER NOT NULL,
                sending_at INTEGER,
                finished_at INTEGER,
                updated_at INTEGER NOT NULL,
                CHECK ((template_name IS NULL) = (template_language IS NULL))
            );
            CREATE INDEX agent_send_open ON agent_send(state, id) WHERE state IN ('queued', 'sending');
            CREATE INDEX agent_send_by_message ON agent_send(message_id) WHERE message_id IS NOT NULL;
            CREATE INDEX agent_send_by_channel_id ON agent_send(channel_message_id) WHERE channel_message_id IS NOT NULL;

            CREATE TABLE send_log_v8 (
                id INTEGER PRIMARY KEY,
                sender TEXT NOT NULL,
                at_ms INTEGER NOT NULL,
                attempt_id INTEGER,
                agent_send_id INTEGER,
                CHECK ((attempt_id IS NULL) != (agent_send_id IS NULL))
            );
            INSERT INTO send_log_v8 (id, sender, at_ms, attempt_id) SELECT id, sender, at_ms, attempt_id FROM send_log;
            DROP TABLE send_log;
            ALTER TABLE send_log_v8 RENAME TO send_log;
            CREATE INDEX send_log_by_sender_time ON send_log(sender, at_ms);
            CREATE INDEX send_log_by_agent_send ON send_log(agent_send_id) WHERE agent_send_id IS NOT NULL;
            """)
    }
}
