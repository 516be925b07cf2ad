import Foundation
import RetomaCore

/// Each deal's stored next-due time (`deal.fu_due_at`, indexed) and the attempts in flight that a change
/// made pointless. Runs inside the transaction of every write that changes a deal's follow-up inputs:
/// a message, a move, a ticket change, the column's settings, the calendar settings, a ledger decision.
enum Schedule {
    /// A deal as the schedule sees it: its facts plus the stored bookkeeping.
    struct DealRow {
        var facts: DealFacts
        var anchorMessageID: Int64?
        var maxDoneAnchorID: Int64?
        var dueAt: Int64?

        static let select = """
            SELECT id, column_id, ticket_closed, last_message_author, fu_anchor_at, fu_since_reply,
                   fu_anchor_message_id, fu_max_done_anchor_id, fu_due_at, \(chatColumns(deal: "deal"))
            FROM deal
            """

        /// The contact's opt-out and a reply in another of its deals, read by name (`init`), from the deal
        /// table named `deal` in the query; `contact` names its contact when the query joins it, else each
        /// is a primary-key lookup. The reply's title is looked up only when there is one.
        static func chatColumns(deal: String, contact: String? = nil) -> String {
            func field(_ name: String) -> String {
                contact.map { "\($0).\(name)" } ?? "(SELECT o.\(name) FROM contact o WHERE o.id = \(deal).contact_id)"
            }
            return """
                \(field("opted_out_at")) AS chat_opted_out_at, \(field("opted_out_source")) AS chat_opted_out_source,
                \(field("opted_out_text")) AS chat_opted_out_text,
                \(deal).fu_replied_in_deal_id AS chat_replied_in, \(deal).fu_replied_in_at AS chat_replied_at,
                \(deal).fu_skipped_at AS chat_skipped_at,
                CASE WHEN \(deal).fu_replied_in_deal_id IS NULL THEN NULL
                     ELSE (SELECT r.title FROM deal r WHERE r.id = \(deal).fu_replied_in_deal_id) END AS chat_replied_title
                """
        }

        init(_ row: SQLRow) {
            let anchorAt: Int64? = row[4]
            let author: String? = row[3]
            facts = DealFacts(dealID: row[0], columnID: row[1], ticketClosed: row[2],
                              lastMessageAuthor: author.flatMap(MessageAuthor.init(rawValue:)),
                              lastOurMessageAt: anchorAt.map(UnixTime.date), followUpsSinceLastCustomerReply: row[5],
                              optOut: ContactChat.optOut(at: row["chat_opted_out_at"], source: row["chat_opted_out_source"],
                                                          text: row["chat_opted_out_text"]))
            if let other: Int64 = row["chat_replied_in"], let at: Int64 = row["chat_replied_at"] {
                facts.repliedElsewhere = OtherDealReply(dealID: other, title: row["chat_replied_title"], at: UnixTime.date(at))
            }
            facts.skippedAt = (row["chat_skipped_at"] as Int64?).map(UnixTime.date)
            anchorMessageID = row[6]; maxDoneAnchorID = row[7]; dueAt = row[8]
        }

        var maxHandled: Bool { anchorMessageID != nil && maxDoneAnchorID == anchorMessageID }
    }

    /// An attempt in flight (planned … sending). A change to its deal may cancel it before it is sending.
    struct ActiveAttempt {
        var id: Int64
        var dealID: Int64
        var anchorMessageID: Int64
        var columnID: Int64
        var state: AttemptState = .planned
    }

    /// The stored holiday rules, as every decision reads them (`Store.policyContext`).
    static func calendar(_ db: any SQLConnection) throws -> BusinessCalendar { try Store.settings(db).calendar }

    /// The latest failed or uncertain attempt on this anchor that the operator has not settled.
    static func hold(_ db: any SQLConnection, dealID: Int64, anchorMessageID: Int64?) throws -> AttemptHold? {
        guard let anchorMessageID else { return nil }
        guard let row = try db.fetchOne(sql: """
            SELECT id, state, reason, error FROM followup_attempt
            WHERE deal_id = ? AND anchor_message_id = ? AND state IN (\(AttemptState.sqlList(AttemptState.held)))
              AND resolution IS NULL
            ORDER BY attempt_number DESC LIMIT 1
            """, arguments: [dealID, anchorMessageID]) else { return nil }
        let state: String = row[1]
        return AttemptHold(attemptID: row[0], state: AttemptHold.State(rawValue: state) ?? .uncertain,
                           reason: holdReason(row[2], row[3]))
    }

    /// The ledger's code with its detail ("low_quality: no draft passed the quality check (…)"), so `deal why`
    /// says what went wrong and not only its name.
    static func holdReason(_ reason: String?, _ error: String?) -> String? {
        guard let error, !error.isEmpty, error != reason else { return reason }
        guard let reason, !reason.isEmpty else { return error }
        return reason + ": " + error
    }

    /// Every unsettled hold, keyed by deal and anchor: few rows, read once for work over many deals.
    struct Holds {
        private var byDeal: [Int64: (anchor: Int64, number: Int, hold: AttemptHold)] = [:]

        init(_ db: any SQLConnection) throws {
            try db.forEachRow(sql: """
                SELECT id, deal_id, anchor_message_id, attempt_number, state, reason, error FROM followup_attempt
                WHERE state IN (\(AttemptState.sqlList(AttemptState.held))) AND resolution IS NULL
                """) { row in
                let state: String = row[4]
                let entry = (anchor: row[2] as Int64, number: row[3] as Int,
                             hold: AttemptHold(attemptID: row[0], state: AttemptHold.State(rawValue: state) ?? .uncertain,
                                               reason: holdReason(row[5], row[6])))
                let deal: Int64 = row[1]
                // Several anchors per deal are possible; only the current anchor's latest try matters, and
                // anchors only grow, so the latest anchor's latest try is the one to keep.
                if let kept = byDeal[deal], (kept.anchor, kept.number) > (entry.anchor, entry.number) { return }
                byDeal[deal] = entry
            }
        }

        func hold(dealID: Int64, anchorMessageID: Int64?) -> AttemptHold? {
            guard let entry = byDeal[dealID], entry.anchor == anchorMessageID else { return nil }
            return entry.hold
        }
    }

    static func refresh(_ db: any SQLConnection, dealID: Int64, now: Int64) throws {
        guard let row = try db.fetchOne(sql: DealRow.select + " WHERE id = ?",
                                         arguments: [dealID]).map(DealRow.init) else { return }
        let config = try db.requireColumn(row.facts.columnID).followUp
        let active = try db.fetchAll(sql: activeSelect + " AND deal_id = ?", arguments: [dealID])
            .map(activeAttempt)
        try apply(db, row, config: config, calendar: try calendar(db), active: active,
                  hold: try hold(db, dealID: dealID, anchorMessageID: row.anchorMessageID), now: now)
    }

    /// Every deal of a column, after its settings changed. A column switched off clears them in one statement.
    static func refreshColumn(_ db: any SQLConnection, columnID: Int64, now: Int64) throws {
        let config = try db.requireColumn(columnID).followUp
        try refreshDeals(db, sql: DealRow.select + " WHERE column_id = ?", arguments: [columnID],
                         configs: [columnID: config], now: now)
    }

    /// Every deal, after the calendar settings changed (and once, by the v2 migration).
    static func refreshAll(_ db: any SQLConnection, now: Int64) throws {
        let configs = Dictionary(uniqueKeysWithValues: try db.fetchAll(sql: Rows.columnSelect)
            .map(Rows.column).map { ($0.id, $0.followUp) })
        try refreshDeals(db, sql: DealRow.select, arguments: [], configs: configs, now: now)
    }

    private static func refreshDeals(_ db: any SQLConnection, sql: String, arguments: SQLArguments,
                                     configs: [Int64: FollowUpConfig], now: Int64) throws {
        let bulk = try Bulk(db)
        // Collected first: updating the rows a cursor is walking is not allowed.
        let rows = try db.fetchAll(sql: sql, arguments: arguments).map(DealRow.init)
        for row in rows {
            guard let config = configs[row.facts.columnID] else { continue }
            try bulk.apply(db, row, config: config, now: now)
        }
    }

    /// What rescheduling many deals reads once per transaction: the calendar, every unsettled hold and every
    /// attempt in flight (few rows each).
    struct Bulk {
        let calendar: BusinessCalendar
        let holds: Holds
        let active: [Int64: [ActiveAttempt]]

        init(_ db: any SQLConnection) throws {
            calendar = try Schedule.calendar(db)
            holds = try Holds(db)
            active = Dictionary(grouping: try db.fetchAll(sql: activeSelect).map(activeAttempt), by: \.dealID)
        }

        func apply(_ db: any SQLConnection, _ row: DealRow, config: FollowUpConfig, now: Int64) throws {
            try Schedule.apply(db, row, config: config, calendar: calendar, active: active[row.facts.dealID] ?? [],
                               hold: holds.hold(dealID: row.facts.dealID, anchorMessageID: row.anchorMessageID), now: now)
        }
    }

    /// Cancels the attempts the change made pointless, then stores the next-due time. A deal with an
    /// attempt still in flight has none: the attempt carries its schedule until it ends.
    private static func apply(_ db: any SQLConnection, _ row: DealRow, config: FollowUpConfig, calendar: BusinessCalendar,
                              active: [ActiveAttempt], hold: AttemptHold?, now: Int64) throws {
        var inFlight = false
        for attempt in active {
            if attempt.state.isBeforeSending,
               let reason = cancelReason(attempt, row, config: config, calendar: calendar, now: now) {
                try Ledger.cancel(db, attemptID: attempt.id, reason: reason, now: now)
            } else {
                inFlight = true
            }
        }
        var due: Int64?
        if !inFlight {
            due = NextDue.instant(row.facts, config: config, calendar: calendar, hold: hold,
                                  maxHandled: row.maxHandled).map(UnixTime.seconds)
        }
        if due != row.dueAt {
            try db.execute(sql: "UPDATE deal SET fu_due_at = ? WHERE id = ?", arguments: [due, row.facts.dealID])
        }
    }

    /// The rule is Core's (`CancelReason.reason`); this hands it the stored rows.
    static func cancelReason(_ attempt: ActiveAttempt, _ row: DealRow, config: FollowUpConfig,
                             calendar: BusinessCalendar, now: Int64) -> String? {
        CancelReason.reason(attemptAnchor: attempt.anchorMessageID, attemptColumn: attempt.columnID, facts: row.facts,
                            anchorMessageID: row.anchorMessageID, config: config, calendar: calendar,
                            at: UnixTime.date(now))
    }

    private static let activeSelect = """
        SELECT id, deal_id, anchor_message_id, column_id, state FROM followup_attempt
        WHERE state IN (\(AttemptState.sqlList(AttemptState.inFlight)))
        """

    private static func activeAttempt(_ row: SQLRow) -> ActiveAttempt {
        let state: String = row[4]
        return ActiveAttempt(id: row[0], dealID: row[1], anchorMessageID: row[2], columnID: row[3],
                             state: AttemptState(rawValue: state) ?? .sending)
    }
}
