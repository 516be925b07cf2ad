import Foundation
import RetomaCore

/// Keeps `followup_result` (each follow-up and the reply attributed to it by `ReplyAttribution`) in step with
/// the conversations, inside the transaction that changed them; the triggers of v11 keep the daily counters.
enum FollowUpResults {
    static func day(_ seconds: Int64) -> Int { BrazilTime.localDate(UnixTime.date(seconds)).dayNumber }

    /// A message was just inserted in `dealID` (after `FollowUpFacts.messageInserted`). The newest message of its
    /// conversation moves the results incrementally; an older one, imported behind newer ones, recomputes the deal.
    static func messageInserted(_ db: any SQLConnection, dealID: Int64, messageID: Int64, author: MessageAuthor,
                                at seconds: Int64, isNewest: Bool) throws {
        guard isNewest else {
            if author != .agent { try recompute(db, dealID: dealID) }
            return
        }
        switch author {
        case .agent:
            return
        case .followup:
            // Its place since the customer last wrote, as the facts just counted it.
            let attempt = try db.fetchOne(Int.self, sql: "SELECT fu_since_reply FROM deal WHERE id = ?",
                                           arguments: [dealID]) ?? 1
            try insert(db, dealID: dealID, messageID: messageID, at: seconds, attempt: max(attempt, 1))
        case .customer:
            guard let last = try db.fetchOne(sql: """
                SELECT m.id, m.at, CASE WHEN r.reply_at IS NULL THEN 1 ELSE 0 END,
                       CASE WHEN r.message_id IS NOT NULL THEN 1 ELSE 0 END FROM message m
                LEFT JOIN followup_result r ON r.message_id = m.id
                WHERE m.deal_id = ? AND m.author = 'followup' AND (m.at < ? OR (m.at = ? AND m.id < ?))
                ORDER BY m.at DESC, m.id DESC LIMIT 1
                """, arguments: [dealID, seconds, seconds, messageID]) else { return }
            let followUpID: Int64 = last[0], followUpAt: Int64 = last[1]
            let unanswered: Bool = last[2], known: Bool = last[3]
            guard known else { return try recompute(db, dealID: dealID) }
            guard unanswered, let reply = ReplyAttribution.reply(messageID: messageID, at: UnixTime.date(seconds),
                                                                 toFollowUpAt: UnixTime.date(followUpAt)) else { return }
            try setReply(db, followUpID: followUpID, reply)
        }
    }

    private static func insert(_ db: any SQLConnection, dealID: Int64, messageID: Int64, at seconds: Int64, attempt: Int) throws {
        // The column the deal is in now and the instructions it has now: what this follow-up went out under.
        guard let columnID = try db.fetchOne(Int64.self, sql: "SELECT column_id FROM deal WHERE id = ?",
                                                arguments: [dealID]) else { return }
        let version = try InstructionVersions.current(db, columnID: columnID)
        try db.execute(sql: """
            INSERT INTO followup_result (message_id, deal_id, column_id, attempt, version, sent_at, sent_day)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (message_id) DO UPDATE SET attempt = excluded.attempt
            """, arguments: [messageID, dealID, columnID, attempt, version, seconds, day(seconds)])
    }

    private static func setReply(_ db: any SQLConnection, followUpID: Int64, _ reply: ReplyAttribution.Reply?) throws {
        let at = reply.map { UnixTime.seconds($0.at) }
        try db.execute(sql: """
            UPDATE followup_result SET reply_message_id = ?, reply_at = ?, reply_day = ?, reply_minutes = ?,
                reply_within_24h = ?
            WHERE message_id = ? AND (reply_message_id IS DISTINCT FROM ? OR reply_at IS DISTINCT FROM ?)
            """, arguments: [reply?.messageID, at, at.map(day), reply?.minutes, reply?.within24h ?? false,
                                     followUpID, reply?.messageID, at])
    }

    /// One deal's results from its whole conversation (`ReplyAttribution.outcomes`). Rows already kept keep the
    /// column and version they went out under; new ones take the deal's column and its current version.
    static func recompute(_ db: any SQLConnection, dealID: Int64) throws {
        let lines = try db.fetchAll(sql: """
            SELECT id, author, at FROM message WHERE deal_id = ? AND author != 'agent' ORDER BY at, id
            """, arguments: [dealID]).map { row in
            ReplyAttribution.Line(id: row[0], author: MessageAuthor(rawValue: row[1]) ?? .agent, at: UnixTime.date(row[2]))
        }
        try apply(db, dealID: dealID, ReplyAttribution.outcomes(lines))
    }

    private static func apply(_ db: any SQLConnection, dealID: Int64, _ outcomes: [ReplyAttribution.Outcome],
                              fresh: Bool = false) throws {
        let ids = outcomes.map(\.followUpID)
        if !fresh { try db.execute(sql: "DELETE FROM followup_result WHERE deal_id = ?"
                       + (ids.isEmpty ? "" : " AND message_id NOT IN (\(ids.map { _ in "?" }.joined(separator: ",")))"),
                       arguments: SQLArguments([dealID] + ids)) }
        for outcome in outcomes {
            try insert(db, dealID: dealID, messageID: outcome.followUpID, at: UnixTime.seconds(outcome.sentAt),
                       attempt: outcome.attempt)
            if outcome.reply != nil || !fresh { try setReply(db, followUpID: outcome.followUpID, outcome.reply) }
        }
    }

    /// The results of every conversation of deals from `firstDealID` on, read once in conversation order (v11's
    /// backfill; the demo's deals after seeding). A deal that has none yet skips the clean-up of old rows.
    static func backfill(_ db: any SQLConnection, firstDealID: Int64 = 0) throws {
        var dealID: Int64?
        var lines: [ReplyAttribution.Line] = []
        func flush() throws {
            if let dealID, lines.contains(where: { $0.author == .followup }) {
                let fresh = try db.fetchOne(Bool.self, sql: "SELECT 1 FROM followup_result WHERE deal_id = ? LIMIT 1",
                                              arguments: [dealID]) != true
                try apply(db, dealID: dealID, ReplyAttribution.outcomes(lines), fresh: fresh)
            }
            lines.removeAll(keepingCapacity: true)
        }
        try db.forEachRow(sql: """
            SELECT deal_id, id, author, at FROM message WHERE author != 'agent' AND deal_id >= ? ORDER BY deal_id, at, id
            """, arguments: [firstDealID]) { row in
            let deal: Int64 = row[0]
            if deal != dealID { try flush(); dealID = deal }
            lines.append(.init(id: row[1], author: MessageAuthor(rawValue: row[2]) ?? .agent, at: UnixTime.date(row[3])))
        }
        try flush()
    }

    /// v11: what was recorded before results were, as far as it can be told.
    static func backfillEvents(_ db: any SQLConnection) throws {
        // What was recorded before results were: opt-outs in the deal whose message asked it (else the contact's
        // first deal), and closed tickets of deals that had a follow-up (at their last follow-up).
        try db.execute(sql: """
            INSERT INTO followup_event (kind, column_id, deal_id, at, day)
            SELECT 'opt_out', d.column_id, d.id, c.opted_out_at, 0 FROM contact c
            JOIN deal d ON d.id = COALESCE(
                (SELECT m.deal_id FROM message m JOIN deal x ON x.id = m.deal_id
                 WHERE x.contact_id = c.id AND m.author = 'customer' AND m.at = c.opted_out_at LIMIT 1),
                (SELECT MIN(x.id) FROM deal x WHERE x.contact_id = c.id))
            WHERE c.opted_out_at IS NOT NULL AND c.opted_out_source = 'customer';
            INSERT INTO followup_event (kind, column_id, deal_id, at, day)
            SELECT 'closed_after_followup', d.column_id, d.id, (SELECT MAX(r.sent_at) FROM followup_result r
                                                               WHERE r.deal_id = d.id), 0
            FROM deal d WHERE d.ticket_closed = 1 AND EXISTS (SELECT 1 FROM followup_result r WHERE r.deal_id = d.id);
            """)
        let events = try db.fetchAll(sql: "SELECT id, at FROM followup_event WHERE day = 0")
        for event in events {
            try db.execute(sql: "UPDATE followup_event SET day = ? WHERE id = ?", arguments: [day(event[1]), event[0] as Int64])
        }
    }

    enum EventKind: String { case optOut = "opt_out", movedOnMax = "moved_on_max", closedAfterFollowUp = "closed_after_followup" }

    static func record(_ db: any SQLConnection, _ kind: EventKind, dealID: Int64, columnID: Int64, at seconds: Int64) throws {
        try db.execute(sql: "INSERT INTO followup_event (kind, column_id, deal_id, at, day) VALUES (?, ?, ?, ?, ?)",
                       arguments: [kind.rawValue, columnID, dealID, seconds, day(seconds)])
    }

    /// The ticket of `dealID` was just closed: counted when a follow-up had gone out in the deal.
    static func ticketClosed(_ db: any SQLConnection, dealID: Int64, columnID: Int64, at seconds: Int64) throws {
        guard try db.fetchOne(Bool.self, sql: "SELECT 1 FROM followup_result WHERE deal_id = ? LIMIT 1",
                                arguments: [dealID]) == true else { return }
        try record(db, .closedAfterFollowUp, dealID: dealID, columnID: columnID, at: seconds)
    }
}

/// The saved versions of each column's instructions and extras (`column_instruction_version`).
enum InstructionVersions {
    static func current(_ db: any SQLConnection, columnID: Int64) throws -> Int {
        try db.fetchOne(Int.self, sql: "SELECT MAX(version) FROM column_instruction_version WHERE column_id = ?",
                         arguments: [columnID]) ?? 0
    }

    /// A new version when the instructions or extras differ from the latest one (or there is none yet).
    /// Returns the column's version after the save.
    @discardableResult
    static func saved(_ db: any SQLConnection, columnID: Int64, instructions: String, extra: String, at seconds: Int64,
                      author: String) throws -> Int {
        let latest = try db.fetchOne(sql: """
            SELECT version, instructions, extra FROM column_instruction_version WHERE column_id = ?
            ORDER BY version DESC LIMIT 1
            """, arguments: [columnID])
        if let latest, latest[1] as String == instructions, latest[2] as String == extra { return latest[0] }
        let version = (latest?[0] as Int? ?? 0) + 1
        try db.execute(sql: """
            INSERT INTO column_instruction_version (column_id, version, instructions, extra, saved_at, author)
            VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [columnID, version, instructions, extra, seconds, author])
        return version
    }
}
