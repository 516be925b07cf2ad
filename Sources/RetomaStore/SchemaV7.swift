import GRDB

/// Migration "v7": where each message came from (issue 11, "hearing our own side").
/// - `message.origin`: "retoma" (typed in the board or the CLI, or written by the engine), "phone" (sent by
///   our side from the business's phone or WhatsApp Business app, heard as the provider's echo) or
///   "whatsapp" (the customer's, received through the webhook). Earlier customer messages that carry a
///   provider id came through the webhook; everything else was written here.
/// - `unassigned_message.author`: an echo to a number with no deal is kept there as ours ("agent"), so the
///   conversation is whole when a person gives it to a deal.
enum SchemaV7 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE message ADD COLUMN origin TEXT NOT NULL DEFAULT 'retoma'
                CHECK (origin IN ('retoma', 'phone', 'whatsapp'));
            UPDATE message SET origin = 'whatsapp' WHERE author = 'customer' AND channel_message_id IS NOT NULL;
            ALTER TABLE unassigned_message ADD COLUMN author TEXT NOT NULL DEFAULT 'customer'
                CHECK (author IN ('customer', 'agent'));
            """)
    }
}
