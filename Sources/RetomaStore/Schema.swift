import GRDB

/// Versioned schema. Never edit a shipped migration: add "v2", "v3"… so older files upgrade in place.
/// Dates are whole Unix seconds (INTEGER) everywhere.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE board (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL UNIQUE
                );

                CREATE TABLE board_column (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    board_id INTEGER NOT NULL REFERENCES board(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    fu_enabled INTEGER NOT NULL DEFAULT 0,
                    fu_interval_amount INTEGER NOT NULL DEFAULT 1 CHECK (fu_interval_amount >= 1),
                    fu_interval_unit TEXT NOT NULL DEFAULT 'days'
                        CHECK (fu_interval_unit IN ('minutes', 'hours', 'days', 'months')),
                    fu_business_hours INTEGER NOT NULL DEFAULT 1,
                    fu_after_close INTEGER NOT NULL DEFAULT 0,
                    fu_instructions TEXT NOT NULL DEFAULT '',
                    fu_extra TEXT NOT NULL DEFAULT '',
                    fu_max_attempts INTEGER NOT NULL DEFAULT 5 CHECK (fu_max_attempts >= 0),
                    fu_on_max_column_id INTEGER REFERENCES board_column(id) ON DELETE SET NULL
                );
                CREATE INDEX board_column_by_board ON board_column(board_id, position);
                CREATE INDEX board_column_by_on_max ON board_column(fu_on_max_column_id);

                CREATE TABLE contact (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    phone TEXT NOT NULL UNIQUE,
                    email TEXT,
                    company TEXT
                );

                CREATE TABLE deal (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    column_id INTEGER NOT NULL REFERENCES board_column(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    value_cents INTEGER CHECK (value_cents >= 0),
                    contact_id INTEGER NOT NULL REFERENCES contact(id),
                    ticket_closed INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL,
                    last_message_at INTEGER,
                    last_message_author TEXT CHECK (last_message_author IN ('customer', 'agent', 'followup'))
                );
                CREATE INDEX deal_by_column ON deal(column_id, position);
                CREATE INDEX deal_by_contact ON deal(contact_id);

                CREATE TABLE message (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    deal_id INTEGER NOT NULL REFERENCES deal(id) ON DELETE CASCADE,
                    author TEXT NOT NULL CHECK (author IN ('customer', 'agent', 'followup')),
                    text TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                CREATE INDEX message_by_deal_time ON message(deal_id, at);
                """)
        }
        migrator.registerMigration("v2", migrate: SchemaV2.migrate)
        migrator.registerMigration("v3", migrate: SchemaV3.migrate)
        // v4: a database made by an earlier build of v2 lacks the per-column pause that v2 adds now; add it
        // where it is missing (v2 itself must keep it, since its backfill reads the column's settings).
        migrator.registerMigration("v4") { db in
            let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(board_column)").map { $0["name"] as String }
            if !columns.contains("fu_paused") {
                try db.execute(sql: "ALTER TABLE board_column ADD COLUMN fu_paused INTEGER NOT NULL DEFAULT 0")
            }
        }
        migrator.registerMigration("v5", migrate: SchemaV5.migrate)
        migrator.registerMigration("v6", migrate: SchemaV6.migrate)
        migrator.registerMigration("v7", migrate: SchemaV7.migrate)
        migrator.registerMigration("v8", migrate: SchemaV8.migrate)
        migrator.registerMigration("v9", migrate: SchemaV9.migrate)
        migrator.registerMigration("v10", migrate: SchemaV10.migrate)
        migrator.registerMigration("v11", migrate: SchemaV11.migrate)
        migrator.registerMigration("v12", migrate: SchemaV12.migrate)
        migrator.registerMigration("v13", migrate: SchemaV13.migrate)
        migrator.registerMigration("v14", migrate: SchemaV14.migrate)

        return migrator
    }
}
