
/// Keeps positions dense (0, 1, 2…) among siblings: columns of a board, deals of a column.
enum Siblings {
    case columnsOfBoard
    case dealsOfColumn

    private var table: String { self == .columnsOfBoard ? "board_column" : "deal" }
    private var scope: String { self == .columnsOfBoard ? "board_id" : "column_id" }

    func nextPosition(_ db: any SQLConnection, in parent: Int64) throws -> Int {
        try db.fetchOne(Int.self, sql: "SELECT COALESCE(MAX(position) + 1, 0) FROM \(table) WHERE \(scope) = ?",
                         arguments: [parent]) ?? 0
    }

    /// Call after a row left `parent` from `position`.
    func closeGap(_ db: any SQLConnection, in parent: Int64, at position: Int) throws {
        try db.execute(sql: "UPDATE \(table) SET position = position - 1 WHERE \(scope) = ? AND position > ?",
                       arguments: [parent, position])
    }

    /// Moves one row by `delta` places, clamped to the ends; returns its new position.
    func move(_ db: any SQLConnection, id: Int64, in parent: Int64, from position: Int, by delta: Int) throws -> Int {
        let count = try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM \(table) WHERE \(scope) = ?",
                                     arguments: [parent]) ?? 0
        let target = min(max(position + delta, 0), max(count - 1, 0))
        guard target != position else { return position }
        if target > position {
            try db.execute(sql: """
                UPDATE \(table) SET position = position - 1 WHERE \(scope) = ? AND position > ? AND position <= ?
                """, arguments: [parent, position, target])
        } else {
            try db.execute(sql: """
                UPDATE \(table) SET position = position + 1 WHERE \(scope) = ? AND position >= ? AND position < ?
                """, arguments: [parent, target, position])
        }
        try db.execute(sql: "UPDATE \(table) SET position = ? WHERE id = ?", arguments: [target, id])
        return target
    }
}
