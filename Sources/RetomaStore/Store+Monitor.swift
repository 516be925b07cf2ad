import Foundation
import RetomaCore

/// What the send monitor's header and the board's column headers show.
public struct MonitorCounts: Sendable, Equatable {
    public var sentToday = 0
    /// Of today's sends, those the channel reported delivered (read ones included) and read.
    public var deliveredToday = 0
    public var readToday = 0
    public var failedToday = 0
    public var repliesAfterFollowUpToday = 0
    /// Per column: deals whose follow-up is due now, and the earliest due time.
    public var columns: [Int64: (waiting: Int, nextAt: Date?)] = [:]

    public static func == (a: Self, b: Self) -> Bool {
        a.sentToday == b.sentToday && a.deliveredToday == b.deliveredToday && a.readToday == b.readToday && a.failedToday == b.failedToday && a.repliesAfterFollowUpToday == b.repliesAfterFollowUpToday
            && a.columns.mapValues { "\($0.waiting)|\(String(describing: $0.nextAt))" } == b.columns.mapValues { "\($0.waiting)|\(String(describing: $0.nextAt))" }
    }
}

extension Store {
    /// Today's figures since `startOfDay` (Brasília) and the per-column schedule at `now`, in one read.
    /// Each query walks an index: the due-time index for the schedule, today's rows for the counts.
    public func monitorCounts(now: Date, startOfDay: Date) throws(StoreError) -> MonitorCounts {
        try read { db in
            var c = MonitorCounts()
            let day = Int64(startOfDay.timeIntervalSince1970)
            c.sentToday = try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM followup_attempt WHERE state = 'sent' AND finished_at >= ?",
                                           arguments: [day]) ?? 0
            c.deliveredToday = try db.fetchOne(Int.self, sql: """
                SELECT COUNT(*) FROM followup_attempt WHERE state = 'sent' AND finished_at >= ? AND delivery_status IN ('delivered', 'read')
                """, arguments: [day]) ?? 0
            c.readToday = try db.fetchOne(Int.self, sql: """
                SELECT COUNT(*) FROM followup_attempt WHERE state = 'sent' AND finished_at >= ? AND delivery_status = 'read'
                """, arguments: [day]) ?? 0
            c.failedToday = try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM followup_attempt WHERE state = 'failed' AND finished_at >= ?",
                                             arguments: [day]) ?? 0
            // A reply after a follow-up: a customer message whose previous message in the deal was a follow-up.
            c.repliesAfterFollowUpToday = try db.fetchOne(Int.self, sql: """
                SELECT COUNT(*) FROM message m
                WHERE m.author = 'customer' AND m.at >= ?
                  AND (SELECT p.author FROM message p WHERE p.deal_id = m.deal_id AND (p.at < m.at OR (p.at = m.at AND p.id < m.id))
                       ORDER BY p.at DESC, p.id DESC LIMIT 1) = 'followup'
                """, arguments: [day]) ?? 0
            let rows = try db.fetchAll(sql: Self.columnSchedule(db.dialect), arguments: [Int64(now.timeIntervalSince1970)])
            for r in rows {
                let next: Int64? = r["next"]
                c.columns[r["column_id"]] = (waiting: r["waiting"] ?? 0, nextAt: next.map { Date(timeIntervalSince1970: Double($0)) })
            }
            return c
        }
    }

    /// Read every second: only the scheduled deals (the partial index `deal_by_due`), never every deal, which the
    /// planner would walk in column order to skip the sort of the GROUP BY.
    static func columnSchedule(_ dialect: SQLDialect) -> String {
        """
        SELECT column_id, SUM(CASE WHEN fu_due_at <= ? THEN 1 ELSE 0 END) AS waiting, MIN(fu_due_at) AS next
        FROM deal \(dialect.indexHint("deal_by_due")) WHERE fu_due_at IS NOT NULL GROUP BY column_id
        """
    }

    /// SQLite's, whose plan the tests read.
    static let columnScheduleSQL = columnSchedule(.sqlite)
}
