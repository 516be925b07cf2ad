import Dispatch
import Foundation
import RetomaCore

/// A column's saved follow-up settings reach its deals in short transactions, so saving over a million deals
/// never holds the database's write lock for long: the engine's lease renewals and other writers get in between.
///
/// `board_column.fu_reschedule_from` is the smallest deal id of the column still to reschedule (NULL: none). It is
/// set in the transaction that saves the settings and survives an interrupted save; whoever writes next carries on
/// from it — the save itself, the engine's next pass (which looks at no due deal while any column is pending), or
/// another save (which starts the column over). Deals are taken in id order, which never changes, so a deal added,
/// moved or deleted between two batches is neither skipped nor harmed: every move reschedules its deal anyway.
enum Reschedule {
    /// How long one batch may hold the write lock, at most (it stops at the first deal past it).
    static let batchBudgetNanoseconds: UInt64 = 20_000_000
    /// Deals read at a time inside a batch.
    static let chunk = 500

    /// In the transaction that saves the settings: the attempts in flight that the change made pointless are
    /// cancelled at once (few rows), and every deal of the column is marked to reschedule.
    static func start(_ db: any SQLConnection, columnID: Int64, now: Int64) throws {
        let bulk = try Schedule.Bulk(db)
        let config = try db.requireColumn(columnID).followUp
        for dealID in bulk.active.keys.sorted() {
            guard let row = try db.fetchOne(sql: Schedule.DealRow.select + " WHERE id = ? AND column_id = ?",
                                             arguments: [dealID, columnID]).map(Schedule.DealRow.init) else { continue }
            try bulk.apply(db, row, config: config, now: now)
        }
        try db.execute(sql: "UPDATE board_column SET fu_reschedule_from = 0 WHERE id = ?", arguments: [columnID])
    }

    /// One batch in the caller's transaction: the next deals of the first pending column, until the budget or
    /// `maxRows` runs out (at least one deal), then the marker moves on, or is cleared after the column's last deal.
    /// Returns false when no column was pending.
    static func batch(_ db: any SQLConnection, now: Int64, maxRows: Int) throws -> Bool {
        guard let pending = try db.fetchOne(sql: """
            SELECT id, fu_reschedule_from FROM board_column WHERE fu_reschedule_from IS NOT NULL ORDER BY id LIMIT 1
            """) else { return false }
        let columnID: Int64 = pending[0]
        var from: Int64 = pending[1]
        let config = try db.requireColumn(columnID).followUp
        let bulk = try Schedule.Bulk(db)
        let deadline = DispatchTime.now().uptimeNanoseconds + batchBudgetNanoseconds
        var done = 0
        while true {
            let want = min(chunk, maxRows - done)   // at least 1: a batch returns as soon as it reaches maxRows
            let rows = try db.fetchAll(sql: Schedule.DealRow.select
                                                               + " WHERE column_id = ? AND id >= ? ORDER BY id LIMIT ?",
                                        arguments: [columnID, from, want])
                .map(Schedule.DealRow.init)
            for row in rows {
                try bulk.apply(db, row, config: config, now: now)
                from = row.facts.dealID + 1
                done += 1
                if done >= maxRows || DispatchTime.now().uptimeNanoseconds >= deadline {
                    try db.execute(sql: "UPDATE board_column SET fu_reschedule_from = ? WHERE id = ?",
                                   arguments: [from, columnID])
                    return true
                }
            }
            if rows.count < want { break }
        }
        try db.execute(sql: "UPDATE board_column SET fu_reschedule_from = NULL WHERE id = ?", arguments: [columnID])
        return true
    }
}

extension Store {
    /// Columns whose saved settings are still reaching their deals, with the smallest deal id not yet rescheduled.
    public func pendingReschedules() throws(StoreError) -> [Int64: Int64] {
        try read { db in
            var pending: [Int64: Int64] = [:]
            for row in try db.fetchAll(sql: """
                SELECT id, fu_reschedule_from FROM board_column WHERE fu_reschedule_from IS NOT NULL
                """) {
                pending[row[0]] = row[1]
            }
            return pending
        }
    }

    /// Carries on every pending reschedule, each batch its own short transaction, for up to `timeLimit` seconds
    /// (nil: until none is left; at least one batch either way). Returns true when some are still pending.
    /// `onBatch` hears how long each batch's transaction took (the benchmark's longest write-lock hold).
    @discardableResult
    public func continueReschedules(for timeLimit: TimeInterval? = nil,
                                    onBatch: ((TimeInterval) -> Void)? = nil) throws(StoreError) -> Bool {
        try continueReschedules(for: timeLimit, maxRows: .max, onBatch: onBatch)
    }

    /// `maxRows` caps each batch, so tests can cut a column into many batches.
    func continueReschedules(for timeLimit: TimeInterval?, maxRows: Int,
                             onBatch: ((TimeInterval) -> Void)? = nil) throws(StoreError) -> Bool {
        // A read first: the engine asks on every pass, and nearly always nothing is pending.
        guard try !pendingReschedules().isEmpty else { return false }
        let started = Date()
        while true {
            let batchStarted = Date()
            guard try rescheduleBatch(maxRows: maxRows) else { return false }
            onBatch?(Date().timeIntervalSince(batchStarted))
            // A pause of half the batch: a writer of another process waiting on the lock polls it (SQLite's busy
            // handler sleeps up to 100 ms between tries) and would rarely find it free if batches followed at once.
            // Writers of this process queue in order and get in between anyway.
            Thread.sleep(forTimeInterval: min(0.05, max(0.002, Date().timeIntervalSince(batchStarted) / 2)))
            if let timeLimit, Date().timeIntervalSince(started) >= timeLimit {
                return try !pendingReschedules().isEmpty
            }
        }
    }

    /// One batch of the first pending column, in its own transaction. False when nothing was pending.
    func rescheduleBatch(maxRows: Int = .max) throws(StoreError) -> Bool {
        let stamp = UnixTime.seconds(now())
        return try write { db in try Reschedule.batch(db, now: stamp, maxRows: maxRows) }
    }
}
