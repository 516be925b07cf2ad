import Foundation
import GRDB

/// The follow-up facts' backfill of the SQLite migrations (v2, run again by v9, v12 and v13): it asks SQLite's
/// catalog what the file holds so far, so it stays with the migrations rather than in the store's portable SQL.
extension FollowUpFacts {
    /// Every deal's facts and next-due time (the v2 migration, for databases written before it).
    /// Their statements read v9's, v12's and v13's columns: until v13 has run, the backfill waits for it, marked in
    /// a temporary table of this connection (the migrator runs the pending migrations on one), and v9, v12 and v13
    /// run it (the earlier runs defer again until v13).
    static func recomputeAll(_ db: Database) throws {
        guard try db.columns(in: "board_column").contains(where: { $0.name == "fu_revision" }) else {
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS pending_facts_backfill (id INTEGER)")
            return
        }
        let connection = SQLiteConnection(db)
        try connection.execute(sql: recomputeSQL)
        try Schedule.refreshAll(connection, now: Int64(Date().timeIntervalSince1970))
    }

    /// v9: the backfill an earlier migration of this run left waiting, if any.
    static func runPendingBackfill(_ db: Database) throws {
        // sqlite_temp_master, not tableExists(in: "temp"): GRDB refuses that schema before anything made it.
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM sqlite_temp_master WHERE name = 'pending_facts_backfill'") == true
        else { return }
        try db.execute(sql: "DROP TABLE temp.pending_facts_backfill")
        try recomputeAll(db)
    }
}
