import Foundation
import RetomaCore

/// The engine benchmark's rows (bench/engine.sh, `retoma-engine-bench populate`), written in bulk through the
/// database seam so SQLite and PostgreSQL get the same rows: a million deals one by one through the store's own
/// paths would take hours on a server.
extension Store {
    /// `count` deals at the bottom of `columnID`, each with a contact of its own ("Cliente n", +55119 and n in eight
    /// digits) and an agent's last message a day before its due time, due from 1 h to a year after `now` (seeded,
    /// so every run and both databases get the same times). Facts and due time agree as the store keeps them
    /// (due = anchor + 1 day), for a column whose follow-up is on at a one-day interval. Batches of
    /// `Self.benchmarkBatch`, each its own transaction; `progress` hears the deals written so far.
    public func writeBenchmarkDeals(columnID: Int64, count: Int, now: Date, seed: UInt64 = 4,
                                    progress: (Int) -> Void = { _ in }) throws(StoreError) {
        guard count > 0 else { return }
        let start = UnixTime.seconds(now)
        var random = SplitMix64(seed: seed)
        var written = 0
        while written < count {
            let rows = min(Self.benchmarkBatch, count - written)
            let numbers = (written + 1)...(written + rows)
            let dues = numbers.map { _ in start + 3600 + Int64.random(in: 0...(365 * 86_400), using: &random) }
            try write { db in
                let firstPosition = (try db.fetchOne(Int64.self, sql: "SELECT MAX(position) FROM deal WHERE column_id = ?",
                                                     arguments: [columnID]) ?? -1) + 1
                var contactArguments: [(any SQLValueConvertible)?] = []
                for n in numbers { contactArguments += ["Cliente \(n)", Self.benchmarkPhone(n)] }
                try db.execute(sql: "INSERT INTO contact (name, phone) VALUES "
                               + Array(repeating: "(?, ?)", count: rows).joined(separator: ", "),
                               arguments: SQLArguments(contactArguments))
                // One statement hands out consecutive ids (the write lock keeps every other writer out meanwhile).
                guard let firstContact = try db.fetchOne(Int64.self, sql: "SELECT id FROM contact WHERE phone = ?",
                                                         arguments: [Self.benchmarkPhone(numbers.lowerBound)]) else {
                    throw StoreError.io("the benchmark's contacts were not written")
                }
                var dealArguments: [(any SQLValueConvertible)?] = []
                for (k, n) in numbers.enumerated() {
                    let due = dues[k], anchor = due - 86_400
                    let title = "Negociação \(n)", name = "Cliente \(n)"
                    dealArguments += [columnID, firstPosition + Int64(k), title, firstContact + Int64(k), false, anchor,
                                      anchor, "agent", Int64(n), anchor, Int64(0), due,
                                      CardSearch.text(title: title, contactName: name, company: nil,
                                                      phone: Self.benchmarkPhone(n))]
                }
                // PostgreSQL keeps each version of the row a per-row trigger updates until a vacuum: a million +1s on
                // one column's count slowed batches to 200 deals a second after 40,000. So on PostgreSQL the batch
                // adds its rows to the count once, in the same transaction (the lock ALTER takes keeps every other
                // writer of deals out meanwhile): the count ends as the trigger would have left it.
                let countOnce = db.dialect == .postgres
                if countOnce { try db.execute(sql: "ALTER TABLE deal DISABLE TRIGGER deal_count_insert") }
                try db.execute(sql: """
                    INSERT INTO deal (column_id, position, title, contact_id, ticket_closed, created_at, last_message_at,
                                      last_message_author, fu_anchor_message_id, fu_anchor_at, fu_since_reply, fu_due_at,
                                      search_text)
                    VALUES
                    """ + Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", "),
                    arguments: SQLArguments(dealArguments))
                if countOnce {
                    try db.execute(sql: "ALTER TABLE deal ENABLE TRIGGER deal_count_insert")
                    try db.execute(sql: "UPDATE board_column SET deal_count = deal_count + ? WHERE id = ?",
                                   arguments: [Int64(rows), columnID])
                }
            }
            written += rows
            progress(written)
        }
        // The planner's statistics, as a server's autovacuum would soon gather them after so many rows.
        try write { db in if db.dialect == .postgres { try db.execute(sql: "ANALYZE deal") } }
    }

    /// 13 values a deal: 2,000 deals stay under SQLite's 32,766 variables and PostgreSQL's 65,535 parameters.
    static let benchmarkBatch = 2_000

    static func benchmarkPhone(_ n: Int) -> String { "+55119" + String(format: "%08d", n) }

    /// How the database answers `dueDeals(atOrBefore:limit:)`, in its own words (SQLite's EXPLAIN QUERY PLAN,
    /// PostgreSQL's EXPLAIN), for the benchmark to show the index range scan.
    public func dueLookupPlan(atOrBefore instant: Date, limit: Int) throws(StoreError) -> [String] {
        try read { db in
            let explain = db.dialect == .sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN "
            return try db.fetchAll(sql: explain + Self.dueDealsSQL, arguments: [UnixTime.seconds(instant), limit])
                .compactMap { row in row.values.compactMap { String.decode($0) }.last }
        }
    }

    /// How many deals the database holds (every board).
    public func totalDealCount() throws(StoreError) -> Int {
        try read { db in try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM deal") ?? 0 }
    }
}
