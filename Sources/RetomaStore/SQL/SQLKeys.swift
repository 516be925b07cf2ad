/// Ids handed out ahead of their rows. The follow-up whose send starts now takes its message's id before the
/// provider answers, and an import numbers its messages before writing them: each database keeps its key
/// sequence its own way (SQLite's `sqlite_sequence` for AUTOINCREMENT tables, PostgreSQL's serial sequences),
/// so the store asks here. `table` is always one of the store's own names, never input.
extension SQLConnection {
    /// Takes the next id of `table`'s sequence without inserting a row: a row inserted later with this id sorts
    /// after every row before it, and no other insert takes it. Unused ids are only gaps.
    func reserveID(in table: String) throws -> Int64 {
        switch dialect {
        case .sqlite:
            if try execute(sql: "UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = ?", arguments: [table]) == 0 {
                try execute(sql: """
                    INSERT INTO sqlite_sequence (name, seq) VALUES (?, COALESCE((SELECT MAX(id) FROM \(table)), 0) + 1)
                    """, arguments: [table])
            }
            return try fetchOne(Int64.self, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [table]) ?? 0
        case .postgres:
            return try fetchOne(Int64.self, sql: "SELECT nextval(pg_get_serial_sequence(?, 'id'))", arguments: [table]) ?? 0
        }
    }

    /// The largest id `table` has given out, inserted or reserved: rows inserted with ids counted on from here
    /// collide with nothing (writers are serialised, so nobody else takes ids meanwhile).
    func lastID(in table: String) throws -> Int64 {
        switch dialect {
        case .sqlite:
            return try fetchOne(Int64.self, sql: """
                SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0),
                           COALESCE((SELECT MAX(id) FROM \(table)), 0))
                """, arguments: [table]) ?? 0
        case .postgres:
            return try fetchOne(Int64.self, sql: """
                SELECT GREATEST(COALESCE(pg_sequence_last_value(pg_get_serial_sequence(?, 'id')::regclass), 0),
                                COALESCE((SELECT MAX(id) FROM \(table)), 0))
                """, arguments: [table]) ?? 0
        }
    }

    /// After rows were inserted with their ids given, up to `id`: later inserts without one start above it.
    /// SQLite's AUTOINCREMENT already keeps its sequence at the largest id inserted.
    func idsGiven(upTo id: Int64, in table: String) throws {
        guard dialect == .postgres else { return }
        try execute(sql: """
            SELECT setval(pg_get_serial_sequence(?, 'id'),
                          GREATEST(?, COALESCE(pg_sequence_last_value(pg_get_serial_sequence(?, 'id')::regclass), 1)))
            """, arguments: [table, id, table])
    }
}

/// "?, ?, ?" for an IN list of `count` values.
func sqlPlaceholders(count: Int) -> String {
    Array(repeating: "?", count: count).joined(separator: ", ")
}
