import Foundation
import RetomaCore

/// Ledger rows in and out of SQL, and the transitions shared by several store operations.
enum Ledger {
    static let select = """
        SELECT id, deal_id, anchor_message_id, attempt_number, sequence_number, column_id, contact_name, phone,
               state, reason, error, text, model, channel, channel_message_id, message_id, holder_id, tries,
               retry_at, due_at, planned_at, generated_at, sending_at, finished_at, updated_at, resolution,
               delivery_status, delivery_error, reviewed_by, reviewed_at, edited, review_at
        FROM followup_attempt
        """

    static func attempt(_ row: SQLRow) -> Attempt {
        func date(_ i: Int) -> Date? { (row[i] as Int64?).map(UnixTime.date) }
        let state: String = row[8]
        let resolution: String? = row[25]
        let delivery: String? = row[26]
        return Attempt(
            id: row[0], key: AttemptKey(dealID: row[1], anchorMessageID: row[2], attemptNumber: row[3]),
            sequenceNumber: row[4], columnID: row[5], contactName: row[6], phone: row[7],
            state: AttemptState(rawValue: state) ?? .uncertain, reason: row[9], error: row[10], text: row[11],
            model: row[12], channel: row[13], channelMessageID: row[14], messageID: row[15], holderID: row[16],
            tries: row[17], retryAt: date(18), dueAt: UnixTime.date(row[19]), plannedAt: UnixTime.date(row[20]),
            generatedAt: date(21), sendingAt: date(22), finishedAt: date(23), updatedAt: UnixTime.date(row[24]),
            resolution: resolution.flatMap(AttemptResolution.init(rawValue:)),
            deliveryStatus: delivery.flatMap(DeliveryStatus.init(rawValue:)), deliveryError: row[27],
            reviewedBy: row[28], reviewedAt: date(29), edited: row[30], reviewAt: date(31))
    }

    static func require(_ db: any SQLConnection, _ id: Int64) throws -> Attempt {
        guard let row = try db.fetchOne(sql: select + " WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound(entity: "attempt", id: id)
        }
        return attempt(row)
    }

    /// Cancels an attempt that has not started sending; a no-op for any other state.
    /// Takes the next id of the conversation's sequence for a follow-up whose send starts now: its message,
    /// recorded when the provider answers, must sort before anything that arrives meanwhile (order (at, id)).
    /// Unused ids (a send that never went out) are only gaps.
    static func reserveMessageID(_ db: any SQLConnection) throws -> Int64 {
        try db.reserveID(in: "message")
    }

    static func messageSlot(_ db: any SQLConnection, attemptID: Int64) throws -> Int64? {
        try db.fetchOne(Int64.self, sql: "SELECT message_slot FROM followup_attempt WHERE id = ?", arguments: [attemptID]) ?? nil
    }

    static func cancel(_ db: any SQLConnection, attemptID: Int64, reason: String, now: Int64) throws {
        try db.execute(sql: """
            UPDATE followup_attempt SET state = '\(AttemptState.cancelled.rawValue)', reason = ?, finished_at = ?,
                   updated_at = ?
            WHERE id = ? AND state IN (\(AttemptState.sqlList(AttemptState.beforeSending)))
            """, arguments: [reason, now, now, attemptID])
    }

    /// Cancels whatever is planned for these deals before they disappear.
    static func cancelForDeletedDeals(_ db: any SQLConnection, whereDeal condition: String, arguments: SQLArguments,
                                      now: Int64) throws {
        try db.execute(sql: """
            UPDATE followup_attempt SET state = '\(AttemptState.cancelled.rawValue)', reason = '\(CancelReason.dealDeleted)',
                   finished_at = \(now), updated_at = \(now)
            WHERE state IN (\(AttemptState.sqlList(AttemptState.beforeSending)))
              AND deal_id IN (SELECT id FROM deal WHERE \(condition))
            """, arguments: arguments)
    }

    /// Inserts a new attempt; the unique key and the one-in-flight-per-deal index refuse duplicates.
    static func insert(_ db: any SQLConnection, key: AttemptKey, sequence: Int, columnID: Int64, contactName: String,
                       phone: String, state: AttemptState, text: String?, model: String?, dueAt: Int64,
                       holderID: String?, now: Int64) throws -> Int64 {
        try db.insert(sql: """
            INSERT INTO followup_attempt (deal_id, anchor_message_id, attempt_number, sequence_number, column_id,
                contact_name, phone, state, text, model, holder_id, due_at, planned_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [key.dealID, key.anchorMessageID, key.attemptNumber, sequence, columnID, contactName,
                             phone, state.rawValue, text, model, holderID, dueAt, now, now])
    }

    /// The next try number for an anchor.
    static func nextAttemptNumber(_ db: any SQLConnection, dealID: Int64, anchorMessageID: Int64) throws -> Int {
        try db.fetchOne(Int.self, sql: """
            SELECT COALESCE(MAX(attempt_number), 0) + 1 FROM followup_attempt
            WHERE deal_id = ? AND anchor_message_id = ?
            """, arguments: [dealID, anchorMessageID]) ?? 1
    }

    /// The attempt of this deal in flight (planned … sending), if any.
    static func inFlight(_ db: any SQLConnection, dealID: Int64) throws -> Int64? {
        try db.fetchOne(Int64.self, sql: """
            SELECT id FROM followup_attempt
            WHERE deal_id = ? AND state IN (\(AttemptState.sqlList(AttemptState.inFlight)))
            """, arguments: [dealID])
    }
}

/// Lease checks inside the transactions that need them.
enum LeaseCheck {
    /// True when `holderID` holds an unexpired lease at `now`.
    static func holds(_ db: any SQLConnection, holderID: String, now: Int64) throws -> Bool {
        try db.fetchOne(Bool.self, sql: "SELECT 1 FROM engine_lease WHERE holder_id = ? AND expires_at >= ?",
                          arguments: [holderID, now]) ?? false
    }

    /// SQL true for a row whose `column` names no engine running at the statement's first `?` (NULL included):
    /// work a stopped engine left, which a running one takes over.
    static func orphaned(_ column: String) -> String {
        "NOT EXISTS (SELECT 1 FROM engine_lease l WHERE l.holder_id = \(column) AND l.expires_at >= ?)"
    }
}
