import RetomaStore

/// Versioned, forward-only migrations of the PostgreSQL schema, numbered as SQLite's so one version means one
/// shape on both. An empty database goes to v12 at once (`PostgresSchemaV12`); each later version is one step.
enum PostgresSchema {
    static let table = "retoma_schema"

    /// (version reached, what brings the database there), in order.
    static let migrations: [(version: Int, migrate: @Sendable (any SQLConnection) throws -> Void)] = [
        (12, { try $0.execute(sql: PostgresSchemaV12.sql) }),
        (13, PostgresSchemaV13.migrate),
        (14, PostgresSchemaV14.migrate),
    ]

    static var latest: Int { migrations.last?.version ?? 0 }

    /// Brings the database to `latest` in one write transaction, under the same advisory lock as every write,
    /// so two processes starting at once migrate it once. Refuses, changing nothing, a database that a newer
    /// Retoma migrated and a non-empty one that is not Retoma's.
    static func migrate(_ database: PostgresDatabase) throws {
        try database.write { db in
            let known = try db.fetchOne(Int64.self, sql: """
                SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relname = ? AND c.relkind = 'r'
                """, arguments: [table]) ?? 0
            if known == 0 {
                let others = try db.fetchOne(Int64.self, sql: """
                    SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
                    """) ?? 0
                if others > 0 { throw PostgresSetupError.foreignDatabase(database: database.displayName) }
                try db.execute(sql: """
                    CREATE TABLE \(table) (
                        version BIGINT PRIMARY KEY,
                        migrated_at BIGINT NOT NULL
                    )
                    """)
            }
            let current = try db.fetchOne(Int.self, sql: "SELECT MAX(version) FROM \(table)") ?? 0
            if current > latest {
                throw PostgresSetupError.newerSchema(database: database.displayName, found: current, known: latest)
            }
            for migration in migrations where migration.version > current {
                try migration.migrate(db)
                try db.execute(sql: "INSERT INTO \(table) (version, migrated_at) VALUES (?, EXTRACT(EPOCH FROM now())::BIGINT)",
                               arguments: [migration.version])
            }
        }
    }

    /// The version the database is at (for tests and `retoma` messages).
    static func version(_ database: PostgresDatabase) throws -> Int {
        try database.read { db in try db.fetchOne(Int.self, sql: "SELECT MAX(version) FROM \(table)") ?? 0 }
    }
}
