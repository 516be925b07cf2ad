import Foundation
import RetomaCore

/// A saved follow-up configuration of a column (`column_config_version`), with what changed since the one before.
public struct ColumnConfigVersion: Sendable, Equatable {
    public var columnID: Int64
    public var revision: Int
    /// The instruction version (results) it went out under.
    public var instructionVersion: Int
    public var config: FollowUpConfig
    public var savedAt: Date
    public var operatorName: String
    /// Empty for the first version.
    public var changes: [FollowUpChange]
}

extension Store {
    /// Sets or clears (`nil`) the deal's owner, recorded in its history by this store's operator.
    /// The name is 1–40 printable characters (`OperatorName.validated`).
    @discardableResult
    public func assignOwner(dealID: Int64, to owner: String?) throws(StoreError) -> Deal {
        var name: String?
        if let owner {
            guard let valid = OperatorName.validated(owner) else { throw StoreError.invalid(.ownerName(owner)) }
            name = valid
        }
        let stamp = UnixTime.seconds(self.now())
        let by = operatorName
        return try write { db in
            let deal = try db.requireDeal(dealID)
            guard deal.owner != name else { return deal }
            try db.execute(sql: "UPDATE deal SET owner = ? WHERE id = ?", arguments: [name, dealID])
            try DealHistory.record(db, dealID: dealID, kind: .owner, owner: name, operatorName: by, at: stamp)
            return try db.requireDeal(dealID)
        }
    }

    /// Saves the TUI's deal form (title, contact, phone, value and ticket) in one transaction, unless the deal
    /// changed since the form read it at `expectedRevision`: then nothing is written and `.conflict` says who
    /// changed it and when.
    @discardableResult
    public func saveDealForm(id: Int64, title: String, contactName: String, phone: String, valueCents: Int64?,
                             ticketClosed: Bool, expectedRevision: Int) throws(StoreError) -> Deal {
        let changes = try DealChanges(title: title, contactName: contactName, phone: phone, valueCents: .some(valueCents))
            .validated()
        let stamp = UnixTime.seconds(self.now())
        let by = operatorName
        return try write { db in
            try DealRevision.check(db, dealID: id, expected: expectedRevision)
            let edited = try db.applyDealChanges(id: id, changes)
            let ticket = try db.setTicket(dealID: id, closed: ticketClosed, operatorName: by, at: stamp)
            // One save, one revision.
            if edited || ticket { try DealRevision.bump(db, dealID: id, operatorName: by, at: stamp) }
            return try db.requireDeal(id)
        }
    }

    /// Every saved follow-up configuration of the column, newest first, each with what changed since the one before.
    public func columnHistory(columnID: Int64) throws(StoreError) -> [ColumnConfigVersion] {
        try read { db in
            _ = try db.requireColumn(columnID)
            let versions = try ColumnConfigVersions.all(db, columnID: columnID)
            var result: [ColumnConfigVersion] = []
            for (index, version) in versions.enumerated() {
                var version = version
                if index > 0 { version.changes = version.config.changes(since: versions[index - 1].config) }
                result.append(version)
            }
            return result.reversed()
        }
    }

    /// The column's current follow-up configuration as saved: revision, who and when (the dialog's "salvo por…").
    public func currentColumnConfig(columnID: Int64) throws(StoreError) -> ColumnConfigVersion? {
        try read { db in
            _ = try db.requireColumn(columnID)
            return try ColumnConfigVersions.latest(db, columnID: columnID)
        }
    }
}

/// The deal form's revision (`deal.revision`): who moved it on and when.
enum DealRevision {
    static func check(_ db: any SQLConnection, dealID: Int64, expected: Int) throws {
        guard let row = try db.fetchOne(sql: """
            SELECT revision, revised_by, revised_at FROM deal WHERE id = ?
            """, arguments: [dealID]) else { throw StoreError.notFound(entity: "deal", id: dealID) }
        let revision: Int = row[0]
        guard revision != expected else { return }
        throw StoreError.conflict(EditConflict(subject: .deal(dealID), revision: revision,
                                               operatorName: row[1] ?? OperatorName.unknown,
                                               at: UnixTime.date(row[2] ?? 0)))
    }

    static func bump(_ db: any SQLConnection, dealID: Int64, operatorName: String, at seconds: Int64) throws {
        try db.execute(sql: """
            UPDATE deal SET revision = revision + 1, revised_by = ?, revised_at = ? WHERE id = ?
            """, arguments: [operatorName, seconds, dealID])
    }
}

/// `deal_history`: moves, ticket changes and owners, each signed by its operator (none for the engine's).
enum DealHistory {
    static func record(_ db: any SQLConnection, dealID: Int64, kind: DealHistoryEntry.Kind, from: String? = nil,
                       to: String? = nil, owner: String? = nil, operatorName: String?, at seconds: Int64) throws {
        try db.execute(sql: """
            INSERT INTO deal_history (deal_id, kind, from_column, to_column, owner, operator, at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [dealID, kind.rawValue, from, to, owner, operatorName, seconds])
    }

    static func entries(_ db: any SQLConnection, dealID: Int64) throws -> [DealHistoryEntry] {
        try db.fetchAll(sql: """
            SELECT kind, from_column, to_column, owner, operator, at FROM deal_history WHERE deal_id = ? ORDER BY id
            """, arguments: [dealID]).compactMap { row in
            DealHistoryEntry.Kind(rawValue: row[0]).map {
                DealHistoryEntry(kind: $0, fromColumn: row[1], toColumn: row[2], owner: row[3], operatorName: row[4],
                                 at: UnixTime.date(row[5]))
            }
        }
    }
}

/// `column_config_version`: one row per saved change of a column's follow-up configuration.
enum ColumnConfigVersions {
    private static let select = """
        SELECT column_id, revision, instruction_version, enabled, interval_amount, interval_unit, business_hours,
               after_close, instructions, extra, max_attempts, on_max_column_id, paused, max_per_day, review,
               saved_at, operator
        FROM column_config_version
        """

    static func all(_ db: any SQLConnection, columnID: Int64) throws -> [ColumnConfigVersion] {
        try db.fetchAll(sql: select + " WHERE column_id = ? ORDER BY revision",
                         arguments: [columnID]).map(version)
    }

    static func latest(_ db: any SQLConnection, columnID: Int64) throws -> ColumnConfigVersion? {
        try db.fetchOne(sql: select + " WHERE column_id = ? ORDER BY revision DESC LIMIT 1",
                         arguments: [columnID]).map(version)
    }

    /// Revision 1 of a new column: the settings it starts with, by whoever created it.
    static func first(_ db: any SQLConnection, columnID: Int64, at seconds: Int64, operatorName: String) throws {
        try db.execute(sql: """
            INSERT INTO column_config_version (column_id, revision, instruction_version, enabled, interval_amount,
                interval_unit, business_hours, after_close, instructions, extra, max_attempts, on_max_column_id,
                paused, max_per_day, review, saved_at, operator)
            SELECT id, 1, 0, fu_enabled, fu_interval_amount, fu_interval_unit, fu_business_hours, fu_after_close,
                fu_instructions, fu_extra, fu_max_attempts, fu_on_max_column_id, fu_paused, fu_max_per_day, fu_review, ?, ?
            FROM board_column WHERE id = ?
            """, arguments: [seconds, operatorName, columnID])
    }

    /// Refuses a save over a newer configuration than the one the dialog opened (`expected`).
    static func check(_ db: any SQLConnection, column: RetomaCore.Column, expected: Int) throws {
        guard column.followUpRevision != expected else { return }
        let latest = try latest(db, columnID: column.id)
        throw StoreError.conflict(EditConflict(subject: .followUp(columnID: column.id), revision: column.followUpRevision,
                                               operatorName: latest?.operatorName ?? OperatorName.unknown,
                                               at: latest?.savedAt ?? Date(timeIntervalSince1970: 0)))
    }

    /// A new revision when `config` differs from what the column held (`before`); the same one otherwise.
    static func saved(_ db: any SQLConnection, before: RetomaCore.Column, config: FollowUpConfig, instructionVersion: Int,
                      at seconds: Int64, operatorName: String) throws {
        guard before.followUp != config else { return }
        let revision = before.followUpRevision + 1
        var onMaxID: Int64?
        if case .moveTo(let id) = config.onMax { onMaxID = id }
        try db.execute(sql: """
            INSERT INTO column_config_version (column_id, revision, instruction_version, enabled, interval_amount,
                interval_unit, business_hours, after_close, instructions, extra, max_attempts, on_max_column_id,
                paused, max_per_day, review, saved_at, operator)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [before.id, revision, instructionVersion, config.enabled, config.interval.amount,
                                     config.interval.unit.rawValue, config.businessHoursOnly, config.sendAfterClose,
                                     config.instructions, config.extraInfo, config.maxAttempts, onMaxID, config.paused,
                                     config.maxPerDay, config.review, seconds, operatorName])
        try db.execute(sql: "UPDATE board_column SET fu_revision = ? WHERE id = ?", arguments: [revision, before.id])
    }

    private static func version(_ row: SQLRow) -> ColumnConfigVersion {
        let config = FollowUpConfig(
            enabled: row[3], interval: Interval(amount: row[4], unit: IntervalUnit(rawValue: row[5]) ?? .days),
            businessHoursOnly: row[6], sendAfterClose: row[7], instructions: row[8], extraInfo: row[9],
            maxAttempts: row[10], onMax: (row[11] as Int64?).map { .moveTo(columnID: $0) } ?? .none, paused: row[12],
            maxPerDay: row[13], review: row[14])
        return ColumnConfigVersion(columnID: row[0], revision: row[1], instructionVersion: row[2], config: config,
                                   savedAt: UnixTime.date(row[15]), operatorName: row[16], changes: [])
    }
}
