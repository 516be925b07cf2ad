import GRDB

/// Migration "v3": what the WhatsApp channels need (issue 6).
/// - a provider's message id is recorded once (a unique index), so a redelivered webhook changes nothing;
/// - delivery statuses on follow-up ledger rows, the provider's error on failed messages, and statuses that
///   arrive before their message is recorded;
/// - messages from numbers with no deal, kept as unassigned conversations.
enum SchemaV3 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX message_by_channel_id;
            CREATE UNIQUE INDEX message_by_channel_id ON message(channel_message_id)
                WHERE channel_message_id IS NOT NULL;
            ALTER TABLE message ADD COLUMN delivery_error TEXT;

            ALTER TABLE followup_attempt ADD COLUMN delivery_status TEXT
                CHECK (delivery_status IN ('sent', 'delivered', 'read', 'failed'));
            ALTER TABLE followup_attempt ADD COLUMN delivery_error TEXT;
            -- The WhatsApp account the provider resolved the number to (Cloud API wa_id), E.164.
            ALTER TABLE followup_attempt ADD COLUMN recipient_id TEXT;
            CREATE INDEX followup_attempt_by_recipient ON followup_attempt(recipient_id) WHERE recipient_id IS NOT NULL;
            CREATE INDEX followup_attempt_by_channel_id ON followup_attempt(channel_message_id)
                WHERE channel_message_id IS NOT NULL;

            -- A status the provider sent before the send it describes was recorded (the webhook can beat the
            -- API's answer). Applied when a message with that id is recorded; forgotten after two days.
            CREATE TABLE early_delivery_status (
                channel_message_id TEXT PRIMARY KEY,
                status TEXT NOT NULL CHECK (status IN ('sent', 'delivered', 'read', 'failed')),
                error TEXT,
                at INTEGER NOT NULL,
                received_at INTEGER NOT NULL
            );

            -- Messages from numbers that match no contact with a deal: never lost, shown for a person to assign.
            CREATE TABLE unassigned_conversation (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                phone TEXT NOT NULL UNIQUE,
                profile_name TEXT,
                channel TEXT NOT NULL,
                first_at INTEGER NOT NULL,
                last_at INTEGER NOT NULL
            );
            CREATE INDEX unassigned_conversation_by_last ON unassigned_conversation(last_at);
            CREATE TABLE unassigned_message (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                conversation_id INTEGER NOT NULL REFERENCES unassigned_conversation(id) ON DELETE CASCADE,
                channel_message_id TEXT NOT NULL UNIQUE,
                text TEXT NOT NULL,
                at INTEGER NOT NULL
            );
            CREATE INDEX unassigned_message_by_conversation ON unassigned_message(conversation_id, at);
            """)
    }
}
