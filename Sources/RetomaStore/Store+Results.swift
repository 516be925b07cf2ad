import Foundation
import RetomaCore

/// A saved version of a column's instructions and extras.
public struct InstructionVersion: Sendable, Equatable {
    public var columnID: Int64
    public var version: Int
    public var instructions: String
    public var extra: String
    public var savedAt: Date
    public var author: String
}

extension Store {
    /// The longest period a report covers (ten years of days).
    public static let maxReportDays = 3660

    /// Results per column over `period` (Brasília days, both ends included), from the counters v11 keeps: a few
    /// rows per column and day, whatever the number of deals. Only the median reads follow-ups, the answered ones
    /// of the period, through an index. `boardID` and `columnID` narrow it (a column of another board: none).
    public func results(period: ResultsPeriod, boardID: Int64? = nil,
                        columnID: Int64? = nil) throws(StoreError) -> ResultsReport {
        guard period.from <= period.to, period.dayCount <= Self.maxReportDays else {
            throw .invalid(.reportPeriod(from: period.from.description, to: period.to.description))
        }
        return try read { db in
            if let boardID { _ = try db.requireBoard(boardID) }
            if let columnID { _ = try db.requireColumn(columnID) }
            let columns = try db.fetchAll(sql: """
                SELECT c.id, c.board_id, c.name FROM board_column c
                WHERE (CAST(? AS BIGINT) IS NULL OR c.board_id = ?) AND (CAST(? AS BIGINT) IS NULL OR c.id = ?)
                ORDER BY c.board_id, c.position
                """, arguments: [boardID, boardID, columnID, columnID])
            let first = period.from.dayNumber, last = period.to.dayNumber
            return ResultsReport(period: period, columns: try columns.map { row in
                try Self.columnResults(db, id: row[0], boardID: row[1], name: row[2], first: first, last: last)
            })
        }
    }

    private static func columnResults(_ db: any SQLConnection, id: Int64, boardID: Int64, name: String, first: Int,
                                      last: Int) throws -> ColumnResults {
        var result = ColumnResults(id: id, boardID: boardID, name: name, sent: 0, replied24h: 0, replied72h: 0,
                                   medianReplyMinutes: nil, optOuts: 0, movedOnMax: 0, closedAfterFollowUp: 0,
                                   byAttempt: [], byInstructionVersion: [],
                                   repliesPerDay: Array(repeating: 0, count: last - first + 1))
        var attempts: [Int: ColumnResults.ByAttempt] = [:]
        var versions: [Int: (sent: Int, replied: Int)] = [:]
        try db.forEachRow(sql: """
            SELECT day, attempt, version, sent, replied_24h, replied_72h, replies FROM followup_daily
            WHERE column_id = ? AND day BETWEEN ? AND ?
            """, arguments: [id, first, last]) { row in
            let day: Int = row[0], attempt: Int = row[1], version: Int = row[2]
            let sent: Int = row[3], r24: Int = row[4], r72: Int = row[5], replies: Int = row[6]
            result.sent += sent; result.replied24h += r24; result.replied72h += r72
            result.repliesPerDay[day - first] += replies
            attempts[attempt, default: .init(attempt: attempt, sent: 0, replied24h: 0, replied72h: 0)].sent += sent
            attempts[attempt]!.replied24h += r24
            attempts[attempt]!.replied72h += r72
            versions[version, default: (0, 0)].sent += sent
            versions[version]!.replied += r72
        }
        result.byAttempt = attempts.values.filter { $0.sent > 0 }.sorted { $0.attempt < $1.attempt }
        let saved = try db.fetchAll(sql: """
            SELECT version, saved_at, author FROM column_instruction_version WHERE column_id = ? ORDER BY version
            """, arguments: [id])
        var byVersion: [ColumnResults.ByVersion] = []
        let known = Set(saved.map { $0[0] as Int })
        if let before = versions[0], before.sent > 0, !known.contains(0) {
            byVersion.append(.init(version: 0, since: nil, author: nil, sent: before.sent, replied72h: before.replied))
        }
        for row in saved {
            let version: Int = row[0], savedAt: Int64 = row[1]
            let counts = versions[version] ?? (0, 0)
            // A version saved within the period shows even before it sent anything: the team just changed it.
            guard counts.sent > 0 || FollowUpResults.day(savedAt) >= first else { continue }
            byVersion.append(.init(version: version, since: UnixTime.date(savedAt), author: row[2], sent: counts.sent,
                                   replied72h: counts.replied))
        }
        result.byInstructionVersion = byVersion
        let minutes = try db.fetchAll(sql: """
            SELECT reply_minutes, COUNT(*) FROM followup_result \(db.dialect.indexHint("followup_result_replied"))
            WHERE column_id = ? AND sent_day BETWEEN ? AND ? AND reply_at IS NOT NULL
            GROUP BY reply_minutes ORDER BY reply_minutes
            """, arguments: [id, first, last]).map { (value: $0[0] as Int, count: $0[1] as Int) }
        result.medianReplyMinutes = ColumnResults.median(minutes)
        for row in try db.fetchAll(sql: """
            SELECT kind, COUNT(DISTINCT deal_id) FROM followup_event WHERE column_id = ? AND day BETWEEN ? AND ?
            GROUP BY kind
            """, arguments: [id, first, last]) {
            let count: Int = row[1]
            switch FollowUpResults.EventKind(rawValue: row[0]) {
            case .optOut: result.optOuts = count
            case .movedOnMax: result.movedOnMax = count
            case .closedAfterFollowUp: result.closedAfterFollowUp = count
            case nil: break
            }
        }
        return result
    }

    /// The column's saved instruction versions, oldest first.
    public func instructionVersions(columnID: Int64) throws(StoreError) -> [InstructionVersion] {
        try read { db in
            _ = try db.requireColumn(columnID)
            return try db.fetchAll(sql: """
                SELECT column_id, version, instructions, extra, saved_at, author FROM column_instruction_version
                WHERE column_id = ? ORDER BY version
                """, arguments: [columnID]).map {
                InstructionVersion(columnID: $0[0], version: $0[1], instructions: $0[2], extra: $0[3],
                                   savedAt: UnixTime.date($0[4]), author: $0[5])
            }
        }
    }

    /// Each follow-up of the deal with the reply the store attributed to it, in conversation order (what
    /// `ReplyAttribution.outcomes` says of its conversation: the tests compare the two).
    public func followUpOutcomes(dealID: Int64) throws(StoreError) -> [ReplyAttribution.Outcome] {
        try read { db in
            try db.fetchAll(sql: """
                SELECT message_id, sent_at, attempt, reply_message_id, reply_at FROM followup_result
                WHERE deal_id = ? ORDER BY sent_at, message_id
                """, arguments: [dealID]).map { row in
                let sentAt: Int64 = row[1]
                let reply = (row[3] as Int64?).flatMap { id in
                    (row[4] as Int64?).map { at in
                        ReplyAttribution.Reply(messageID: id, at: UnixTime.date(at), delay: TimeInterval(at - sentAt))
                    }
                }
                return ReplyAttribution.Outcome(followUpID: row[0], sentAt: UnixTime.date(sentAt), attempt: row[2],
                                                reply: reply)
            }
        }
    }

    /// Rebuilds the results of deals from `firstDealID` on that have none, from their conversations, as the v11
    /// migration does (for databases written in bulk, such as the benchmarks').
    public func backfillResults(firstDealID: Int64 = 0) throws(StoreError) {
        try write { db in try FollowUpResults.backfill(db, firstDealID: firstDealID) }
    }
}
