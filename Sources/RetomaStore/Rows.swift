import Foundation
import RetomaCore

/// Dates live in the database as whole Unix seconds.
enum UnixTime {
    /// Years 1–9999: any instant outside (a provider's absurd timestamp, `Date.distantFuture`) is pinned to the
    /// nearest end instead of trapping in `Int64(_:)`; NaN becomes the epoch.
    static let range: ClosedRange<Double> = -62_135_596_800 ... 253_402_300_799

    static func seconds(_ date: Date) -> Int64 {
        let t = date.timeIntervalSince1970
        guard !t.isNaN else { return 0 }
        return Int64(min(max(t, range.lowerBound), range.upperBound).rounded(.down))
    }

    /// Milliseconds, rounded by `rule`, pinned like `seconds`.
    static func milliseconds(_ date: Date, _ rule: FloatingPointRoundingRule) -> Int64 {
        let t = date.timeIntervalSince1970
        guard !t.isNaN else { return 0 }
        return Int64((min(max(t, range.lowerBound), range.upperBound) * 1000).rounded(rule))
    }

    /// How far ahead of the clock a stored conversation time may be (clock skew between machines); anything
    /// later is pulled back to now + this, so it cannot sort after later real messages or poison a schedule.
    static let allowedSkew: Int64 = 300

    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }
}

/// Turning rows into domain values. The SELECT lists live next to their decoders so they stay in step.
enum Rows {
    static let columnSelect = """
        SELECT id, board_id, name, position, fu_enabled, fu_interval_amount, fu_interval_unit,
               fu_business_hours, fu_after_close, fu_instructions, fu_extra, fu_max_attempts,
               fu_on_max_column_id, fu_paused, fu_max_per_day, fu_review, fu_revision
        FROM board_column
        """

    static func column(_ row: SQLRow) -> RetomaCore.Column {
        let unit = IntervalUnit(rawValue: row[6]) ?? .days
        let onMax: OnMaxAction = (row[12] as Int64?).map { .moveTo(columnID: $0) } ?? .none
        let followUp = FollowUpConfig(
            enabled: row[4], interval: Interval(amount: row[5], unit: unit),
            businessHoursOnly: row[7], sendAfterClose: row[8],
            instructions: row[9], extraInfo: row[10], maxAttempts: row[11], onMax: onMax, paused: row[13],
            maxPerDay: row[14], review: row[15])
        return Column(id: row[0], boardID: row[1], name: row[2], position: row[3], followUp: followUp,
                      followUpRevision: row[16])
    }

    static let dealSelect = """
        SELECT id, column_id, position, title, value_cents, contact_id, ticket_closed, created_at, owner, revision FROM deal
        """

    static func deal(_ row: SQLRow) -> Deal {
        Deal(id: row[0], columnID: row[1], position: row[2], title: row[3], valueCents: row[4],
             contactID: row[5], ticketClosed: row[6], createdAt: UnixTime.date(row[7]), owner: row[8], revision: row[9])
    }

    static let contactSelect = "SELECT id, name, phone, email, company FROM contact"

    static func contact(_ row: SQLRow) -> Contact {
        Contact(id: row[0], name: row[1], phone: row[2], email: row[3], company: row[4])
    }

    static let messageSelect = """
        SELECT id, deal_id, author, text, at, model, channel_message_id, delivery_status, delivery_error, origin,
               (SELECT s.state FROM agent_send s WHERE s.message_id = message.id ORDER BY s.id DESC LIMIT 1), operator
        FROM message
        """

    static func message(_ row: SQLRow) -> Message {
        let status: String? = row[7]
        let origin: String = row[9]
        let sendState: String? = row[10]
        return Message(id: row[0], dealID: row[1], author: MessageAuthor(rawValue: row[2]) ?? .agent,
                       text: row[3], at: UnixTime.date(row[4]), model: row[5], channelMessageID: row[6],
                       deliveryStatus: status.flatMap(DeliveryStatus.init(rawValue:)), deliveryError: row[8],
                       origin: MessageOrigin(rawValue: origin) ?? .retoma,
                       sendState: sendState.flatMap(AgentSendState.init(rawValue:)), operatorName: row[11])
    }
}

/// Fetch-or-refuse helpers used inside transactions.
extension SQLConnection {
    func requireColumn(_ id: Int64) throws -> RetomaCore.Column {
        guard let row = try fetchOne(sql: Rows.columnSelect + " WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound(entity: "column", id: id)
        }
        return Rows.column(row)
    }

    func requireDeal(_ id: Int64) throws -> Deal {
        guard let row = try fetchOne(sql: Rows.dealSelect + " WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound(entity: "deal", id: id)
        }
        return Rows.deal(row)
    }

    func requireContact(_ id: Int64) throws -> Contact {
        guard let row = try fetchOne(sql: Rows.contactSelect + " WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound(entity: "contact", id: id)
        }
        return Rows.contact(row)
    }

    func requireBoard(_ id: Int64) throws -> Board {
        guard let row = try fetchOne(sql: "SELECT id, name FROM board WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound(entity: "board", id: id)
        }
        return Board(id: row[0], name: row[1])
    }
}
