import GRDB

/// Migration "v6": a board that reads only what is on screen, at any size (issue 15).
/// - each column's deal count, kept by triggers on every insert, delete and move (whoever writes them);
/// - each deal's search text (title, contact name, company and phone digits, folded), and one index that
///   walks a column in board order with it, so a page of filtered cards reads no table rows;
/// - the reschedule marker of a column whose saved settings are still being applied in batches, and the
///   index those batches walk (a column's deals in id order);
/// - today's customer replies found by time (the figures the board reads every second).
enum SchemaV6 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE board_column ADD COLUMN deal_count INTEGER NOT NULL DEFAULT 0;
            UPDATE board_column SET deal_count = (SELECT COUNT(*) FROM deal WHERE deal.column_id = board_column.id);
            CREATE TRIGGER deal_count_insert AFTER INSERT ON deal BEGIN
                UPDATE board_column SET deal_count = deal_count + 1 WHERE id = new.column_id;
            END;
            CREATE TRIGGER deal_count_delete AFTER DELETE ON deal BEGIN
                UPDATE board_column SET deal_count = deal_count - 1 WHERE id = old.column_id;
            END;
            CREATE TRIGGER deal_count_move AFTER UPDATE OF column_id ON deal WHEN old.column_id IS NOT new.column_id BEGIN
                UPDATE board_column SET deal_count = deal_count - 1 WHERE id = old.column_id;
                UPDATE board_column SET deal_count = deal_count + 1 WHERE id = new.column_id;
            END;

            -- NULL means "to compute": a change to what it is made of clears it, in SQL, so any writer keeps it
            -- honest; the store fills it at the end of its own write transactions (`CardSearch.fillMissing`).
            ALTER TABLE deal ADD COLUMN search_text TEXT;
            CREATE INDEX deal_search_missing ON deal(id) WHERE search_text IS NULL;
            CREATE TRIGGER deal_search_deal AFTER UPDATE OF title, contact_id ON deal BEGIN
                UPDATE deal SET search_text = NULL WHERE id = new.id;
            END;
            CREATE TRIGGER deal_search_contact AFTER UPDATE OF name, company, phone ON contact BEGIN
                UPDATE deal SET search_text = NULL WHERE contact_id = new.id;
            END;
            -- Board order (position, id) with the search text: replaces deal_by_column, whose queries it serves.
            CREATE INDEX deal_by_column_order ON deal(column_id, position, id, search_text);
            DROP INDEX deal_by_column;

            ALTER TABLE board_column ADD COLUMN fu_reschedule_from INTEGER;
            CREATE INDEX deal_by_column_id ON deal(column_id);

            -- The board's figures, read every second, count today's customer replies: a range, not every message.
            CREATE INDEX message_customer_by_time ON message(at) WHERE author = 'customer';
            """)
        try CardSearch.fillMissing(SQLiteConnection(db), limit: .max)
    }
}
