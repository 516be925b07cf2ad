import Foundation
import GRDB
import RetomaCore

extension Store {
    /// Creates an empty board (no columns).
    public func addBoard(name: String) throws(StoreError) -> Board {
        let name = try Validate.name(name, or: .emptyBoardName)
        return try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM board WHERE name = ?", arguments: [name]) == true {
                throw StoreError.invalid(.duplicateBoardName(name))
            }
            try db.execute(sql: "INSERT INTO board (name) VALUES (?)", arguments: [name])
            return Board(id: db.lastInsertedRowID, name: name)
        }
    }

    /// Every board with its columns (by position) and how many deals each column holds.
    public func boardListings() throws(StoreError) -> [BoardListing] {
        try read { db in
            var columnsByBoard: [Int64: [ColumnListing]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT c.id, c.board_id, c.name, c.position, c.fu_enabled,
                       (SELECT COUNT(*) FROM deal d WHERE d.column_id = c.id)
                FROM board_column c ORDER BY c.board_id, c.position
                """)
            while let row = try rows.next() {
                let listing = ColumnListing(id: row[0], name: row[2], position: row[3],
                                            dealCount: row[5], followUpEnabled: row[4])
                columnsByBoard[row[1], default: []].append(listing)
            }
            return try Row.fetchAll(db, sql: "SELECT id, name FROM board ORDER BY id").map { row in
                let id: Int64 = row[0]
                return BoardListing(id: id, name: row[1], columns: columnsByBoard[id] ?? [])
            }
        }
    }

    /// The board to open by default: the oldest one.
    public func firstBoardID() throws(StoreError) -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT id FROM board ORDER BY id LIMIT 1") }
    }

    /// The whole board in one read: columns by position, cards by position. Deals and contacts come
    /// from a single joined query and messages are not touched (cards use deal.last_message_*).
    /// The query walks the deal_by_column index, so SQLite needs no sort step.
    public func loadBoard(id: Int64) throws(StoreError) -> BoardSnapshot {
        try read { db in
            let board = try db.requireBoard(id)
            let columns = try Row.fetchAll(db, sql: Rows.columnSelect + " WHERE board_id = ? ORDER BY position",
                                           arguments: [id]).map(Rows.column)
            var cardsByColumn: [Int64: [CardSummary]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT d.id, d.column_id, d.position, d.title, ct.name, ct.phone, d.value_cents,
                       d.ticket_closed, d.last_message_at, d.last_message_author
                FROM deal d
                JOIN contact ct ON ct.id = d.contact_id
                WHERE d.column_id IN (SELECT id FROM board_column WHERE board_id = ?)
                ORDER BY d.column_id, d.position
                """, arguments: [id])
            while let row = try rows.next() {
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
