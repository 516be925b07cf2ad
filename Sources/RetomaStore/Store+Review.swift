import Foundation
import RetomaCore

/// A draft in the review queue, or one that went stale there (cancelled with its reason), with what the queue
/// shows about it.
public struct ReviewDraft: Sendable, Equatable {
    public var attempt: Attempt
    public var boardID: Int64
    public var columnName: String
    public var dealTitle: String
    /// The interval the column was set to when the queue was read (why it is due: our last message + this).
    public var interval: Interval
    /// Our latest message in the deal (the interval counts from it).
    public var lastOurMessageAt: Date?

    /// Still waiting for a person; otherwise it went stale and `attempt.reason` says why.
    public var waiting: Bool { attempt.state == .review }
}

/// What a person's decision on a draft did.
public enum ReviewOutcome: Sendable, Equatable {
    /// Done: approved (now `ready`, the engine sends it with every rule re-checked), sent back to be written
    /// again (`generating`) or skipped (`cancelled`).
    case done(Attempt)
    /// The draft went stale before the decision: a reply, an opt-out, a move, a closed ticket… (`attempt.reason`).
    case stale(Attempt)
    /// Not a draft waiting for review (already approved, sent, or never reviewed).
    case notWaiting(Attempt)
    /// A person's text that may not be sent (`FollowUpText.finalCheck`'s reason, in English); nothing changed.
    case refused(String)
}

extension Store {
    /// How long a stale draft stays listed in the queue with its reason.
    public static let staleDraftsShownFor: TimeInterval = 24 * 3600

    /// The drafts waiting for review (oldest first), then those that went stale in the last day, newest first;
    /// of one board when given.
    public func reviewQueue(boardID: Int64? = nil, at instant: Date? = nil) throws(StoreError) -> [ReviewDraft] {
        let now = UnixTime.seconds(instant ?? self.now())
        return try read { db in
            let rows = try db.fetchAll(sql: """
                SELECT a.id, c.board_id, c.name, d.title, d.fu_anchor_at, c.fu_interval_amount, c.fu_interval_unit
                FROM followup_attempt a
                JOIN deal d ON d.id = a.deal_id
                JOIN board_column c ON c.id = d.column_id
                WHERE a.review_at IS NOT NULL AND a.reviewed_at IS NULL
                  AND (a.state = '\(AttemptState.review.rawValue)'
                       OR (a.state = '\(AttemptState.cancelled.rawValue)' AND a.finished_at >= ?
                           AND a.reason NOT IN ('\(CancelReason.skippedByOperator)', '\(CancelReason.skippedForToday)')))
                  AND (CAST(? AS BIGINT) IS NULL OR c.board_id = ?)
                ORDER BY a.state != '\(AttemptState.review.rawValue)', CASE WHEN a.state = '\(AttemptState.review.rawValue)'
                         THEN a.review_at ELSE -a.finished_at END, a.id
                """, arguments: [now - Int64(Self.staleDraftsShownFor), boardID, boardID])
            return try rows.map { row in
                let unit: String = row[6]
                return ReviewDraft(attempt: try Ledger.require(db, row[0]), boardID: row[1], columnName: row[2],
                                   dealTitle: row[3], interval: Interval(amount: row[5], unit: IntervalUnit(rawValue: unit) ?? .days),
                                   lastOurMessageAt: (row[4] as Int64?).map(UnixTime.date))
            }
        }
    }

    /// Drafts waiting for review, per board: the title bar's count.
    public func reviewCount(boardID: Int64? = nil) throws(StoreError) -> Int {
        try read { db in
            try db.fetchOne(Int.self, sql: """
                SELECT COUNT(*) FROM followup_attempt a JOIN board_column c ON c.id = a.column_id
                WHERE a.state = '\(AttemptState.review.rawValue)' AND (CAST(? AS BIGINT) IS NULL OR c.board_id = ?)
                """, arguments: [boardID, boardID]) ?? 0
        }
    }

    /// Approves a waiting draft: review → ready under the same key, by `reviewer` (the store's operator unless told).
    /// `text` is a person's rewrite, stored as the text to send after `FollowUpText.finalCheck` only (a person
    /// wrote it, so the writer's gate does not apply). A second approval finds it no longer waiting, so it can
    /// never go twice.
    public func approveDraft(attemptID: Int64, text edited: String? = nil, reviewer: String? = nil,
                             at instant: Date? = nil) throws(StoreError) -> ReviewOutcome {
        let now = UnixTime.seconds(instant ?? self.now())
        let text = edited?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let text {
            let dealID = try attempt(id: attemptID).dealID
            let earlier = try read { db in
                try db.fetchAll(String.self, sql: "SELECT text FROM message WHERE deal_id = ? AND author = 'followup'",
                                    arguments: [dealID])
            }
            if let problem = FollowUpText.finalCheck(text, earlier: earlier) { return .refused(problem) }
        }
        return try decide(attemptID, to: .ready, now: now) { db in
            try db.execute(sql: """
                UPDATE followup_attempt SET state = '\(AttemptState.ready.rawValue)', reviewed_by = ?, reviewed_at = ?,
                       text = COALESCE(?, text), edited = ?, retry_at = NULL, updated_at = ?
                WHERE id = ? AND state = '\(AttemptState.review.rawValue)'
                """, arguments: [reviewer ?? self.operatorName, now, text, text != nil, now, attemptID])
        }
    }

    /// `g`: the writer writes this draft again (review → generating); the engine picks it up on its next pass.
    public func rewriteDraft(attemptID: Int64, at instant: Date? = nil) throws(StoreError) -> ReviewOutcome {
        let now = UnixTime.seconds(instant ?? self.now())
        return try decide(attemptID, to: .generating, now: now) { db in
            try db.execute(sql: """
                UPDATE followup_attempt SET state = '\(AttemptState.generating.rawValue)', retry_at = NULL, updated_at = ?
                WHERE id = ? AND state = '\(AttemptState.review.rawValue)'
                """, arguments: [now, attemptID])
        }
    }

    /// `s`: skips this attempt (cancelled `skipped_by_operator`); the deal's next follow-up falls due one
    /// interval from now, as if we had written.
    public func skipDraft(attemptID: Int64, at instant: Date? = nil) throws(StoreError) -> ReviewOutcome {
        let now = UnixTime.seconds(instant ?? self.now())
        return try decide(attemptID, to: .cancelled, now: now) { db in
            let attempt = try Ledger.require(db, attemptID)
            try Ledger.cancel(db, attemptID: attemptID, reason: CancelReason.skippedByOperator, now: now)
            try db.execute(sql: "UPDATE deal SET fu_skipped_at = ? WHERE id = ?", arguments: [now, attempt.dealID])
        }
    }

    /// `S`: the column sends nothing more this Brasília day. Its waiting drafts are cancelled
    /// (`skipped_for_today`) and its deals wait for the next day's start, as past the daily limit.
    /// Returns the drafts cancelled.
    @discardableResult
    public func skipColumnForToday(columnID: Int64, at instant: Date? = nil) throws(StoreError) -> [Attempt] {
        let at = instant ?? self.now()
        let now = UnixTime.seconds(at)
        return try write { db in
            _ = try db.requireColumn(columnID)
            try db.execute(sql: "UPDATE board_column SET fu_skipped_day = ? WHERE id = ?",
                           arguments: [UnixTime.seconds(BrazilTime.startOfDay(at)), columnID])
            let ids = try db.fetchAll(Int64.self, sql: """
                SELECT id FROM followup_attempt WHERE column_id = ? AND state = '\(AttemptState.review.rawValue)'
                """, arguments: [columnID])
            var cancelled: [Attempt] = []
            for id in ids {
                try Ledger.cancel(db, attemptID: id, reason: CancelReason.skippedForToday, now: now)
                let attempt = try Ledger.require(db, id)
                try Schedule.refresh(db, dealID: attempt.dealID, now: now)
                cancelled.append(attempt)
            }
            return cancelled
        }
    }

    /// Columns skipped for the Brasília day of `instant` (`PolicyContext.columnsSkippedToday`).
    static func columnsSkippedToday(_ db: any SQLConnection, at instant: Date) throws -> Set<Int64> {
        Set(try db.fetchAll(Int64.self, sql: "SELECT id FROM board_column WHERE fu_skipped_day = ?",
                               arguments: [UnixTime.seconds(BrazilTime.startOfDay(instant))]))
    }

    /// One decision on a draft in one transaction: it must be waiting (`review`); first its deal is re-read,
    /// so a draft a change made pointless is cancelled with its reason and reported stale instead.
    private func decide(_ attemptID: Int64, to target: AttemptState, now: Int64,
                        _ change: @escaping (any SQLConnection) throws -> Void) throws(StoreError) -> ReviewOutcome {
        try write { db in
            let before = try Ledger.require(db, attemptID)
            if before.state == .cancelled, before.reviewAt != nil, before.reviewedAt == nil { return .stale(before) }
            guard before.state == .review, before.canMove(to: target) else { return .notWaiting(before) }
            try Schedule.refresh(db, dealID: before.dealID, now: now)
            let current = try Ledger.require(db, attemptID)
            if current.state == .cancelled { return .stale(current) }
            try change(db)
            let after = try Ledger.require(db, attemptID)
            try Schedule.refresh(db, dealID: after.dealID, now: now)
            return .done(after)
        }
    }
}

extension Attempt {
    func canMove(to target: AttemptState) -> Bool { state.canMove(to: target) }
}
