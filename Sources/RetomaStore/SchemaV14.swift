import GRDB

/// Migration "v14": several engines on one database (issue 13, "Correct with many writers").
/// - `engine_lease` holds one row per running engine instead of one for the database. Engines of the same
///   sending number share the work; one configured for another number stands by while they run. A row not
///   renewed in time is a stopped engine: whoever notices takes over its work. A lease held now carries over.
/// - `deal.fu_claimed_by`/`fu_claimed_until`: the engine that claimed a due deal, and until when. Others pass over
///   it; the claim ends when its deal is planned, or when the time runs out (its engine stopped).
enum SchemaV14 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE engine_lease_v14 (
                holder_id TEXT PRIMARY KEY,
                sender TEXT NOT NULL,
                pid INTEGER NOT NULL,
                host TEXT NOT NULL,
                acquired_at INTEGER NOT NULL,
                renewed_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL
            );
            INSERT INTO engine_lease_v14 (holder_id, sender, pid, host, acquired_at, renewed_at, expires_at)
                SELECT holder_id, '', pid, host, acquired_at, renewed_at, expires_at FROM engine_lease;
            DROP TABLE engine_lease;
            ALTER TABLE engine_lease_v14 RENAME TO engine_lease;

            ALTER TABLE deal ADD COLUMN fu_claimed_by TEXT;
            ALTER TABLE deal ADD COLUMN fu_claimed_until INTEGER;
            CREATE INDEX deal_by_claim ON deal(fu_claimed_until) WHERE fu_claimed_until IS NOT NULL;
            """)
    }
}
