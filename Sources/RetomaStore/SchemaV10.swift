import GRDB

/// Migration "v10": the board's `/` keywords stay fast at any size (issue 11, "the board shows who is waiting").
/// - `deal_awaiting_order`: the deals whose last message is the customer's, in board order with their search
///   text, so `:aguardando` (alone or with text) counts and pages walk only those, reading no table rows.
///   The author is a column too: as a second equality the planner prefers it to `deal_by_column_id`
///   (at 1,000,000 deals a count read 0.57 s through that one, 0.06 s through this);
/// - `contact_opted_out`: the few contacts who opted out, so `:optout` starts from them and reaches their
///   deals through `deal_by_contact` (its count 0.50 s when it looked at every deal's contact, under 0.01 s).
enum SchemaV10 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX deal_awaiting_order ON deal(column_id, last_message_author, position, id, search_text)
                WHERE last_message_author = 'customer';
            CREATE INDEX contact_opted_out ON contact(id) WHERE opted_out_at IS NOT NULL;
            """)
    }
}
