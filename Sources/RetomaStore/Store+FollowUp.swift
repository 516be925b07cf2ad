import Foundation
import RetomaCore

extension Store {
    /// The one loader of the follow-up rules' shared inputs (`PolicyContext`) at `instant`: the stored holiday
    /// rules and brake, the number's send history (the governor's look-back) and each column's follow-ups of the
    /// Brasília day. The engine's transactions load it through the same function.
    public func policyContext(for number: SendingNumber, at instant: Date) throws(StoreError) -> PolicyContext {
        try read { db in try Self.policyContext(db, number: number, at: instant) }
    }

    /// `excludingAttempt`: an attempt re-checked before its own send, which must not count against itself.
    static func policyContext(_ db: any SQLConnection, number: SendingNumber, at instant: Date,
                              excludingAttempt: Int64? = nil) throws -> PolicyContext {
        let settings = try settings(db)
        let since = PolicyContext.historyStart(at: instant)
        return PolicyContext(at: instant, number: number, calendar: settings.calendar, paused: settings.paused,
                             sendHistory: try sendHistory(db, sender: number.sender, since: since, until: instant),
                             columnSendsToday: try columnSendsToday(db, at: instant, excluding: excludingAttempt),
                             columnsSkippedToday: try columnsSkippedToday(db, at: instant))
    }

    /// Start times of sends through `sender` from `since` through `until`. Starts after `until` (written by a
    /// process whose clock ran ahead) are not history and must not hold sends back.
    static func sendHistory(_ db: any SQLConnection, sender: String, since: Date, until: Date) throws -> [Date] {
        try db.fetchAll(Int64.self, sql: """
            SELECT at_ms FROM send_log WHERE sender = ? AND at_ms >= ? AND at_ms <= ? ORDER BY at_ms
            """, arguments: [sender, UnixTime.milliseconds(since, .down), UnixTime.milliseconds(until, .up)])
            .map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }

    /// Per column, the follow-ups that started sending on the Brasília day of `instant` (up to it) and those in
    /// flight, each attempt once: what the column's daily limit counts. Both halves walk an index.
    static func columnSendsToday(_ db: any SQLConnection, at instant: Date, excluding attemptID: Int64?) throws -> [Int64: Int] {
        let rows = try db.fetchAll(sql: """
            SELECT column_id, COUNT(*) FROM (
                SELECT id, column_id FROM followup_attempt WHERE sending_at >= ? AND sending_at <= ?
                UNION
                SELECT id, column_id FROM followup_attempt WHERE state IN (\(AttemptState.sqlList(AttemptState.inFlight)))
            ) AS sending WHERE id IS DISTINCT FROM ? GROUP BY column_id
            """, arguments: [UnixTime.seconds(BrazilTime.startOfDay(instant)), UnixTime.seconds(instant), attemptID])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as Int64, $0[1] as Int) })
    }

    /// The follow-up facts of every deal in a column (the dialog counts "eligible now" from them).
    public func followUpFacts(columnID: Int64) throws(StoreError) -> [DealFacts] {
        try read { db in
            _ = try db.requireColumn(columnID)
            return try db.fetchAll(sql: Schedule.DealRow.select + " WHERE column_id = ? ORDER BY position",
                                    arguments: [columnID]).map { Schedule.DealRow($0).facts }
        }
    }

    /// One deal's follow-up inputs: facts, its column's settings, the stored due time and any hold.
    public func dealFollowUp(id: Int64) throws(StoreError) -> DealFollowUp {
        try read { db in
            guard let row = try db.fetchOne(sql: Self.followUpSelect + " WHERE d.id = ?", arguments: [id]) else {
                throw StoreError.notFound(entity: "deal", id: id)
            }
            return try Self.dealFollowUp(db, row)
        }
    }

    /// Every deal's follow-up inputs in deal-id order, handed over one at a time so a million deals need
    /// no million-element array.
    public func forEachDealFollowUp(_ body: (DealFollowUp) throws -> Void) throws(StoreError) {
        try read { db in
            let columns = Dictionary(uniqueKeysWithValues: try db.fetchAll(sql: Rows.columnSelect)
                .map(Rows.column).map { ($0.id, $0) })
            let holds = try Schedule.Holds(db)
            try db.forEachRow(sql: Self.followUpSelect + " ORDER BY d.id") { row in
                let schedule = Schedule.DealRow(row)
                guard let column = columns[schedule.facts.columnID] else { return }
                try body(Self.dealFollowUp(schedule, column: column, contactName: row[9],
                                           hold: holds.hold(dealID: schedule.facts.dealID,
                                                            anchorMessageID: schedule.anchorMessageID)))
            }
        }
    }

    /// Deals whose next-due time is at or before `instant`, earliest first (ties by deal id): a range scan
    /// of the `deal_by_due` index. With `claimableBy`, deals another running engine claimed are left out.
    public func dueDeals(atOrBefore instant: Date, limit: Int, claimableBy holderID: String? = nil) throws(StoreError) -> [DueDeal] {
        let now = UnixTime.seconds(instant)
        return try read { db in
            let sql = holderID == nil ? Self.dueDealsSQL : Self.claimableDueSQL + " ORDER BY fu_due_at, id LIMIT ?"
            let arguments: SQLArguments = holderID.map { [now, $0, now, limit] } ?? [now, limit]
            return try db.fetchAll(sql: sql, arguments: arguments).map { DueDeal(dealID: $0[0], dueAt: UnixTime.date($0[1])) }
        }
    }

    /// Claims for `holderID` until `until` the earliest due deals no other running engine claimed (its own claims
    /// are renewed). On PostgreSQL the rows are taken with `FOR UPDATE SKIP LOCKED` outside the write lock, so
    /// engines claiming at the same moment get disjoint deals and none waits for another. Planning a deal ends
    /// its claim; a claim whose engine stopped runs out at `until`.
    public func claimDueDeals(holderID: String, atOrBefore instant: Date, limit: Int,
                              until: Date) throws(StoreError) -> [DueDeal] {
        let now = UnixTime.seconds(instant)
        return try claim { db in
            let due = try db.fetchAll(sql: Self.claimableDueSQL + " ORDER BY fu_due_at, id LIMIT ? "
                                           + db.dialect.lockSkippingLocked(of: "deal"),
                                      arguments: [now, holderID, now, limit])
                .map { DueDeal(dealID: $0[0], dueAt: UnixTime.date($0[1])) }
            guard !due.isEmpty else { return [] }
            try db.execute(sql: """
                UPDATE deal SET fu_claimed_by = ?, fu_claimed_until = ?
                WHERE id IN (\(due.map { _ in "?" }.joined(separator: ", ")))
                """, arguments: SQLArguments([holderID, UnixTime.seconds(until)] as [any SQLValueConvertible] + due.map(\.dealID)))
            return due
        }
    }

    /// The earliest stored next-due time of any deal, or nil when nothing is scheduled. With `claimableBy`, a deal
    /// another running engine claimed counts from the end of its claim (when it is up for grabs if that engine
    /// stopped), so an engine does not wake for work another one is doing.
    public func nextDueAt(claimableBy holderID: String? = nil, at instant: Date = Date()) throws(StoreError) -> Date? {
        let now = UnixTime.seconds(instant)
        return try read { db in
            guard let holderID else { return try db.fetchOne(Int64.self, sql: Self.nextDueSQL).map(UnixTime.date) }
            let free = try db.fetchOne(Int64.self, sql: """
                SELECT fu_due_at FROM deal WHERE fu_due_at IS NOT NULL
                  AND (fu_claimed_until IS NULL OR fu_claimed_until < ? OR fu_claimed_by = ?)
                ORDER BY fu_due_at LIMIT 1
                """, arguments: [now, holderID])
            let claimEnd = try db.fetchOne(Int64.self, sql: """
                SELECT MIN(fu_claimed_until) FROM deal
                WHERE fu_claimed_until >= ? AND fu_claimed_by <> ? AND fu_due_at IS NOT NULL
                """, arguments: [now, holderID]).map { $0 + 1 }
            return [free, claimEnd].compactMap { $0 }.min().map(UnixTime.date)
        }
    }

    /// How many deals are due at `instant` (the monitor's "waiting" figure).
    public func dueCount(atOrBefore instant: Date) throws(StoreError) -> Int {
        try read { db in
            try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM deal WHERE fu_due_at <= ?",
                             arguments: [UnixTime.seconds(instant)]) ?? 0
        }
    }

    /// Every scheduled deal of a board with its next-due time, for the cards ("🤖 em 3h"). A deal whose
    /// maximum was reached is scheduled for its column's "on max" action, not for a send: `isMaxAction`.
    public func followUpSchedule(boardID: Int64) throws(StoreError) -> [Int64: ScheduledFollowUp] {
        try read { db in
            var schedule: [Int64: ScheduledFollowUp] = [:]
            try db.forEachRow(sql: """
                SELECT d.id, d.fu_due_at,
                       CASE WHEN c.fu_max_attempts > 0 AND d.fu_since_reply >= c.fu_max_attempts THEN 1 ELSE 0 END
                FROM deal d JOIN board_column c ON c.id = d.column_id
                WHERE c.board_id = ? AND d.fu_due_at IS NOT NULL
                """, arguments: [boardID]) { row in
                schedule[row[0]] = ScheduledFollowUp(dueAt: UnixTime.date(row[1]), isMaxAction: row[2])
            }
            return schedule
        }
    }

    /// What writing a follow-up for this deal needs: the deal, contact, column, the latest
    /// `messageLimit` messages (oldest first) and the texts of its earlier follow-ups (newest first).
    public func followUpMaterial(dealID: Int64, messageLimit: Int = 50,
                                 // Every earlier follow-up is compared with the new text (issue 5); the
                                 // bound only guards against a runaway history.
                                 earlierLimit: Int = 10_000) throws(StoreError) -> FollowUpMaterial {
        try read { db in
            let deal = try db.requireDeal(dealID)
            let recent = try db.fetchAll(sql: Rows.messageSelect + """
                 WHERE deal_id = ? ORDER BY at DESC, id DESC LIMIT ?
                """, arguments: [dealID, messageLimit]).map(Rows.message).reversed()
            let earlier = try db.fetchAll(String.self, sql: """
                SELECT text FROM message WHERE deal_id = ? AND author = 'followup' ORDER BY at DESC, id DESC LIMIT ?
                """, arguments: [dealID, earlierLimit])
            let since = try db.fetchOne(Int.self, sql: "SELECT fu_since_reply FROM deal WHERE id = ?", arguments: [dealID]) ?? 0
            return FollowUpMaterial(deal: deal, contact: try db.requireContact(deal.contactID),
                                    column: try db.requireColumn(deal.columnID), recentMessages: Array(recent),
                                    earlierFollowUps: earlier, followUpsSinceReply: since)
        }
    }

    /// Both walk the partial index `deal_by_due` (fu_due_at, then the rowid for ties): no scan, no sort.
    static let dueDealsSQL = "SELECT id, fu_due_at FROM deal WHERE fu_due_at <= ? ORDER BY fu_due_at, id LIMIT ?"
    static let nextDueSQL = "SELECT fu_due_at FROM deal WHERE fu_due_at IS NOT NULL ORDER BY fu_due_at LIMIT 1"
    /// Due at the first `?`, and not claimed by a running engine other than the second `?` (claims last through
    /// the third `?`).
    static let claimableDueSQL = """
        SELECT id, fu_due_at FROM deal WHERE fu_due_at <= ?
          AND (fu_claimed_by IS NULL OR fu_claimed_by = ? OR fu_claimed_until < ?)
        """

    private static let followUpSelect = """
        SELECT d.id, d.column_id, d.ticket_closed, d.last_message_author, d.fu_anchor_at, d.fu_since_reply,
               d.fu_anchor_message_id, d.fu_max_done_anchor_id, d.fu_due_at, ct.name,
               \(Schedule.DealRow.chatColumns(deal: "d", contact: "ct"))
        FROM deal d JOIN contact ct ON ct.id = d.contact_id
        """

    private static func dealFollowUp(_ db: any SQLConnection, _ row: SQLRow) throws -> DealFollowUp {
        let schedule = Schedule.DealRow(row)
        return dealFollowUp(schedule, column: try db.requireColumn(schedule.facts.columnID), contactName: row[9],
                            hold: try Schedule.hold(db, dealID: schedule.facts.dealID,
                                                    anchorMessageID: schedule.anchorMessageID))
    }

    private static func dealFollowUp(_ schedule: Schedule.DealRow, column: RetomaCore.Column, contactName: String,
                                     hold: AttemptHold?) -> DealFollowUp {
        DealFollowUp(facts: schedule.facts, config: column.followUp, columnName: column.name, contactName: contactName,
                     anchorMessageID: schedule.anchorMessageID, dueAt: schedule.dueAt.map(UnixTime.date), hold: hold,
                     maxHandled: schedule.maxHandled)
    }
}
