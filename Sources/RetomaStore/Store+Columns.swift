import RetomaCore

extension Store {
    /// Appends a column at the right end of the board, follow-up off.
    public func addColumn(boardID: Int64, name: String) throws(StoreError) -> RetomaCore.Column {
        let name = try Validate.name(name, or: .emptyColumnName)
        let stamp = UnixTime.seconds(self.now())
        let by = operatorName
        return try write { db in
            _ = try db.requireBoard(boardID)
            let position = try Siblings.columnsOfBoard.nextPosition(db, in: boardID)
            let id = try db.insert(sql: "INSERT INTO board_column (board_id, name, position) VALUES (?, ?, ?)",
                                   arguments: [boardID, name, position])
            try ColumnConfigVersions.first(db, columnID: id, at: stamp, operatorName: by)
            return try db.requireColumn(id)
        }
    }

    public func column(id: Int64) throws(StoreError) -> RetomaCore.Column {
        try read { db in try db.requireColumn(id) }
    }

    @discardableResult
    public func renameColumn(id: Int64, name: String) throws(StoreError) -> RetomaCore.Column {
        let name = try Validate.name(name, or: .emptyColumnName)
        return try write { db in
            _ = try db.requireColumn(id)
            try db.execute(sql: "UPDATE board_column SET name = ? WHERE id = ?", arguments: [name, id])
            return try db.requireColumn(id)
        }
    }

    /// Moves a column left (negative) or right (positive); stops at the edges. Returns its new position.
    @discardableResult
    public func moveColumn(id: Int64, by delta: Int) throws(StoreError) -> Int {
        try write { db in
            let column = try db.requireColumn(id)
            return try Siblings.columnsOfBoard.move(db, id: id, in: column.boardID, from: column.position, by: delta)
        }
    }

    /// Moves a column to `position` (0 is the leftmost, as in `Column.position`); the others shift to make room.
    /// A position past the last column is refused, not clamped: a script asked for something else.
    @discardableResult
    public func moveColumn(id: Int64, toPosition position: Int) throws(StoreError) -> RetomaCore.Column {
        try write { db in
            let column = try db.requireColumn(id)
            let count = try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM board_column WHERE board_id = ?",
                                         arguments: [column.boardID]) ?? 0
            guard (0..<count).contains(position) else {
                throw StoreError.invalid(.columnPosition(position, columns: count))
            }
            _ = try Siblings.columnsOfBoard.move(db, id: id, in: column.boardID, from: column.position,
                                                 by: position - column.position)
            return try db.requireColumn(id)
        }
    }

    /// Deletes the column and every deal in it (with their messages). The interface confirms first.
    public func deleteColumn(id: Int64) throws(StoreError) {
        let stamp = UnixTime.seconds(self.now())
        return try write { db in
            let column = try db.requireColumn(id)
            try Ledger.cancelForDeletedDeals(db, whereDeal: "column_id = ?", arguments: [id], now: stamp)
            try db.execute(sql: "DELETE FROM board_column WHERE id = ?", arguments: [id])
            try Siblings.columnsOfBoard.closeGap(db, in: column.boardID, at: column.position)
        }
    }

    /// Saves the column's "Follow-up automático" form, cancels at once whatever planned attempt the change made
    /// pointless, and reschedules the column's deals in short batches after it (`Reschedule`), so a column of a
    /// million deals never holds the write lock for long. `applyNow` false leaves the batches to the caller
    /// (`continueReschedules`) or the engine's next pass; true returns once every deal is rescheduled.
    /// Changed instructions or extras become the column's next instruction version, and any change the column's
    /// next configuration revision, by `author` (this store's operator unless told). `expectedRevision`: the
    /// revision the dialog opened; a newer one stored meanwhile refuses the save (`.conflict`), nothing written.
    @discardableResult
    public func setFollowUp(columnID: Int64, config: FollowUpConfig, applyNow: Bool = true,
                            author: String? = nil, expectedRevision: Int? = nil) throws(StoreError) -> RetomaCore.Column {
        let stamp = UnixTime.seconds(self.now())
        let by = author ?? operatorName
        let column = try write { db in
            let before = try db.requireColumn(columnID)
            if let expectedRevision { try ColumnConfigVersions.check(db, column: before, expected: expectedRevision) }
            let onMaxColumnID = try Self.checkFollowUp(db, columnID: columnID, config: config)
            try db.execute(sql: """
                UPDATE board_column SET fu_enabled = ?, fu_interval_amount = ?, fu_interval_unit = ?,
                    fu_business_hours = ?, fu_after_close = ?, fu_instructions = ?, fu_extra = ?,
                    fu_max_attempts = ?, fu_on_max_column_id = ?, fu_paused = ?, fu_max_per_day = ?, fu_review = ?
                WHERE id = ?
                """, arguments: [config.enabled, config.interval.amount, config.interval.unit.rawValue,
                                 config.businessHoursOnly, config.sendAfterClose, config.instructions,
                                 config.extraInfo, config.maxAttempts, onMaxColumnID, config.paused,
                                 config.maxPerDay, config.review, columnID])
            let version = try InstructionVersions.saved(db, columnID: columnID, instructions: config.instructions,
                                                        extra: config.extraInfo, at: stamp, author: by)
            try ColumnConfigVersions.saved(db, before: before, config: config, instructionVersion: version, at: stamp,
                                           operatorName: by)
            try Reschedule.start(db, columnID: columnID, now: stamp)
            return try db.requireColumn(columnID)
        }
        if applyNow { try continueReschedules() }
        return column
    }

    /// Refuses settings `setFollowUp` would refuse, without saving: `followup set` asks before its bulk-send check,
    /// so a refused value exits 1 rather than 3.
    public func checkFollowUp(columnID: Int64, config: FollowUpConfig) throws(StoreError) {
        try read { db in _ = try Self.checkFollowUp(db, columnID: columnID, config: config) }
    }

    /// The dialog's rules (`FollowUpValidation`, the first problem), then what only the database knows: the
    /// "move to" column exists on the same board. Returns that column's id.
    private static func checkFollowUp(_ db: any SQLConnection, columnID: Int64, config: FollowUpConfig) throws -> Int64? {
        let column = try db.requireColumn(columnID)
        if let problem = FollowUpValidation.validate(config, ownColumnID: columnID).first {
            throw StoreError.invalid(.followUp(problem))
        }
        guard case .moveTo(let targetID) = config.onMax else { return nil }
        let target = try db.requireColumn(targetID)
        guard target.boardID == column.boardID else {
            throw StoreError.invalid(.followUpTargetOnOtherBoard(columnID: targetID))
        }
        return targetID
    }
}
