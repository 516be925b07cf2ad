import RetomaStore

/// SQLite's "v14" (Sources/RetomaStore/SchemaV14.swift: one lease row per running engine, and due deals claimed
/// by one engine at a time) on PostgreSQL.
enum PostgresSchemaV14 {
    static func migrate(_ db: any SQLConnection) throws {
        try db.execute(sql: """
            CREATE TABLE engine_lease_v14 (
                holder_id TEXT PRIMARY KEY, sender TEXT NOT NULL, pid BIGINT NOT NULL, host TEXT NOT NULL,
                acquired_at BIGINT NOT NULL, renewed_at BIGINT NOT NULL, expires_at BIGINT NOT NULL
            );
            INSERT INTO engine_lease_v14 (holder_id, sender, pid, host, acquired_at, renewed_at, expires_at)
                SELECT holder_id, '', pid, host, acquired_at, renewed_at, expires_at FROM engine_lease;
            DROP TABLE engine_lease;
            ALTER TABLE engine_lease_v14 RENAME TO engine_lease;
            ALTER TABLE engine_lease RENAME CONSTRAINT engine_lease_v14_pkey TO engine_lease_pkey;

            ALTER TABLE deal ADD COLUMN fu_claimed_by TEXT, ADD COLUMN fu_claimed_until BIGINT;
            CREATE INDEX deal_by_claim ON deal(fu_claimed_until) WHERE fu_claimed_until IS NOT NULL;
            """)
    }
}
