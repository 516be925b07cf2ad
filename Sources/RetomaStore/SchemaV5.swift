import GRDB

/// Migration "v5": the column's daily limit, "no máximo N follow-ups por dia nesta coluna" (0: no limit,
/// which every column has until someone sets one), where v2 did not already add it, and an index for counting
/// each column's follow-ups of the Brasília day without reading the whole ledger.
enum SchemaV5 {
    static func migrate(_ db: Database) throws {
        let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(board_column)").map { $0["name"] as String }
        if !columns.contains("fu_max_per_day") {
            try db.execute(sql: """
                ALTER TABLE board_column ADD COLUMN fu_max_per_day INTEGER NOT NULL DEFAULT 0 CHECK (fu_max_per_day >= 0)
                """)
        }
        try db.execute(sql: """
            CREATE INDEX followup_attempt_by_sending ON followup_attempt(sending_at) WHERE sending_at IS NOT NULL
            """)
    }
}
