import Foundation
import RetomaCore

extension Store {
    /// Creates an empty board (no columns). Names are unique, ignoring case.
    public func addBoard(name: String) throws(StoreError) -> Board {
        let name = try Validate.name(name, or: .emptyBoardName)
        return try write { db in
            try db.refuseDuplicateBoardName(name, except: nil)
            return Board(id: try db.insert(sql: "INSERT INTO board (name) VALUES (?)", arguments: [name]), name: name)
        }
    }

    /// Renames a board; the same rules as `addBoard`. Renaming to its own name (in any case) is allowed.
    @discardableResult
    public func renameBoard(id: Int64, name: String) throws(StoreError) -> Board {
        let name = try Validate.name(name, or: .emptyBoardName)
        return try write { db in
            _ = try db.requireBoard(id)
            try db.refuseDuplicateBoardName(name, except: id)
            try db.execute(sql: "UPDATE board SET name = ? WHERE id = ?", arguments: [name, id])
            return try db.requireBoard(id)
        }
    }

    /// Deletes a board and its columns. A board that holds deals is refused unless `moveDealsTo` names another
    /// board: each deal then goes, in its order, to the bottom of that board's column with the same name
    /// (ignoring case), else of its first column, and follows that column's follow-up from then on.
    /// Everything happens in one transaction. Returns how many deals were moved.
    @discardableResult
    public func deleteBoard(id: Int64, moveDealsTo targetID: Int64? = nil) throws(StoreError) -> Int {
        let stamp = UnixTime.seconds(self.now())
        return try write { db in
            let board = try db.requireBoard(id)
            let sources = try db.fetchAll(sql: Rows.columnSelect + " WHERE board_id = ? ORDER BY position",
                                           arguments: [id]).map(Rows.column)
            let deals = try db.fetchOne(Int.self, sql: """
                SELECT COUNT(*) FROM deal WHERE column_id IN (SELECT id FROM board_column WHERE board_id = ?)
                """, arguments: [id]) ?? 0
            var moved = 0
            if let targetID {
                guard targetID != id else { throw StoreError.invalid(.boardMovesToItself) }
                let target = try db.requireBoard(targetID)
                let targets = try db.fetchAll(sql: Rows.columnSelect + " WHERE board_id = ? ORDER BY position",
                                               arguments: [targetID]).map(Rows.column)
                if deals > 0 {
                    guard let first = targets.first else { throw StoreError.invalid(.boardHasNoColumns(target.name)) }
                    var touched: [Int64] = []
                    for source in sources {
                        let destination = targets.first { $0.name.lowercased() == source.name.lowercased() } ?? first
                        // Positions are dense (0…n-1) in both columns, so one statement keeps the order.
                        let base = try Siblings.dealsOfColumn.nextPosition(db, in: destination.id)
                        let count = try db.execute(sql: "UPDATE deal SET column_id = ?, position = ? + position WHERE column_id = ?",
                                                   arguments: [destination.id, base, source.id])
                        moved += count
                        if count > 0, !touched.contains(destination.id) { touched.append(destination.id) }
                    }
                    // Cancels what was planned under the old column and schedules under the new one.
                    for column in touched { try Schedule.refreshColumn(db, columnID: column, now: stamp) }
                }
            } else if deals > 0 {
                throw StoreError.invalid(.boardHasDeals(board.name, deals: deals))
            }
            try db.execute(sql: "DELETE FROM board WHERE id = ?", arguments: [id])
            return moved
        }
    }

    /// The board a person names: an id, else a name (exact, then ignoring case). Nil when none matches.
    public func board(idOrName raw: String) throws(StoreError) -> Board? {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return nil }
        return try read { db in
            if let id = Int64(text), let row = try db.fetchOne(sql: "SELECT id, name FROM board WHERE id = ?",
                                                                arguments: [id]) {
                return Board(id: row[0], name: row[1])
            }
            let all = try db.fetchAll(sql: "SELECT id, name FROM board ORDER BY id").map { Board(id: $0[0], name: $0[1]) }
            return all.first { $0.name == text } ?? all.first { $0.name.lowercased() == text.lowercased() }
        }
    }

    /// Every board with its columns (by position) and how many deals each column holds (its maintained counter).
    public func boardListings() throws(StoreError) -> [BoardListing] {
        try read { db in
            var columnsByBoard: [Int64: [ColumnListing]] = [:]
            try db.forEachRow(sql: """
                SELECT c.id, c.board_id, c.name, c.position, c.fu_enabled,
                       c.deal_count
                FROM board_column c ORDER BY c.board_id, c.position
                """) { row in
                let listing = ColumnListing(id: row[0], name: row[2], position: row[3],
                                            dealCount: row[5], followUpEnabled: row[4])
                columnsByBoard[row[1], default: []].append(listing)
            }
            return try db.fetchAll(sql: "SELECT id, name FROM board ORDER BY id").map { row in
                let id: Int64 = row[0]
                return BoardListing(id: id, name: row[1], columns: columnsByBoard[id] ?? [])
            }
        }
    }

    /// The board of every column, for lines that name a column's board (`retoma log`, the monitor).
    /// A column deleted since (a ledger row outlives it) has none.
    public func boardsByColumn() throws(StoreError) -> [Int64: Board] {
        try read { db in
            var boards: [Int64: Board] = [:]
            try db.forEachRow(sql: """
                SELECT c.id, b.id, b.name FROM board_column c JOIN board b ON b.id = c.board_id
                """) { row in boards[row[0]] = Board(id: row[1], name: row[2]) }
            return boards
        }
    }

    /// Each board's follow-up at `instant`, oldest board first (`retoma engine status`): its deals, the
    /// columns with follow-up on (and not paused), the deals due now and the earliest due time. The due
    /// times come from the indexed `fu_due_at`.
    public func boardFollowUps(at instant: Date) throws(StoreError) -> [BoardFollowUp] {
        try read { db in
            try db.fetchAll(sql: """
                SELECT b.id, b.name,
                       (SELECT COUNT(*) FROM deal d JOIN board_column c ON c.id = d.column_id WHERE c.board_id = b.id),
                       (SELECT COUNT(*) FROM board_column c WHERE c.board_id = b.id AND c.fu_enabled = 1 AND c.fu_paused = 0),
                       (SELECT COUNT(*) FROM deal d JOIN board_column c ON c.id = d.column_id
                        WHERE c.board_id = b.id AND d.fu_due_at <= ?),
                       (SELECT MIN(d.fu_due_at) FROM deal d JOIN board_column c ON c.id = d.column_id
                        WHERE c.board_id = b.id AND d.fu_due_at IS NOT NULL)
                FROM board b ORDER BY b.id
                """, arguments: [UnixTime.seconds(instant)]).map { row in
                let next: Int64? = row[5]
                return BoardFollowUp(board: Board(id: row[0], name: row[1]), deals: row[2], followUpColumns: row[3],
                                     dueNow: row[4], nextDueAt: next.map(UnixTime.date))
            }
        }
    }

    /// The board to open by default: the oldest one.
    public func firstBoardID() throws(StoreError) -> Int64? {
        try read { db in try db.fetchOne(Int64.self, sql: "SELECT id FROM board ORDER BY id LIMIT 1") }
    }

    /// The whole board in one read: columns by position, cards by position. Deals and contacts come
    /// from a single joined query and messages are not touched (cards use deal.last_message_*).
    /// The query walks the deal_by_column_order index, so SQLite needs no sort step. For `retoma deal list`:
    /// the board screen reads pages (`boardPage`).
    public func loadBoard(id: Int64) throws(StoreError) -> BoardSnapshot {
        try read { db in
            let board = try db.requireBoard(id)
            let columns = try db.fetchAll(sql: Rows.columnSelect + " WHERE board_id = ? ORDER BY position",
                                           arguments: [id]).map(Rows.column)
            var cardsByColumn: [Int64: [CardSummary]] = [:]
            try db.forEachRow(sql: """
                SELECT d.id, d.column_id, d.position, d.title, ct.name, ct.phone, d.value_cents,
                       d.ticket_closed, d.last_message_at, d.last_message_author
                FROM deal d
                JOIN contact ct ON ct.id = d.contact_id
                WHERE d.column_id IN (SELECT id FROM board_column WHERE board_id = ?)
                ORDER BY d.column_id, d.position
                """, arguments: [id]) { row in
                let lastAt: Int64? = row[8]
                let lastAuthor: String? = row[9]
                let card = CardSummary(
                    id: row[0], columnID: row[1], position: row[2], title: row[3],
                    contactName: row[4], phone: row[5], valueCents: row[6], ticketClosed: row[7],
                    lastMessageAt: lastAt.map(UnixTime.date),
                    lastMessageAuthor: lastAuthor.flatMap(MessageAuthor.init(rawValue:)))
                cardsByColumn[card.columnID, default: []].append(card)
            }
            return BoardSnapshot(board: board, columns: columns.map {
                ColumnSnapshot(column: $0, cards: cardsByColumn[$0.id] ?? [])
            })
        }
    }
}

extension SQLConnection {
    /// Board names are unique ignoring case: two boards "Vendas" and "vendas" could not be told apart by name.
    fileprivate func refuseDuplicateBoardName(_ name: String, except id: Int64?) throws {
        let others = try fetchAll(sql: "SELECT id, name FROM board")
        if let clash = others.first(where: { ($0[0] as Int64) != id && ($0[1] as String).lowercased() == name.lowercased() }) {
            throw StoreError.invalid(.duplicateBoardName(clash[1]))
        }
    }
}
