import Foundation
import RetomaCore

/// The board screen's reads: only what is on screen. Counts come from the maintained `deal_count`, cards a
/// page at a time by keyset pagination on (position, id) through `deal_by_column_order` (never OFFSET), and
/// the filter is answered by the database from each deal's folded `search_text`.
///
/// Indices: a card's index is its place among the column's cards that pass the filter. Without a filter it is
/// its position, since positions are kept dense (0, 1, 2…) by every write (`Siblings`).
extension Store {
    /// Every column of the board with its counts and its first `pageSize` cards that pass `filter` — or, in the
    /// column of `focusDeal`, a window with that deal in it.
    public func boardPage(id: Int64, filter: String = "", pageSize: Int,
                          focusDeal: Int64? = nil) throws(StoreError) -> BoardSnapshot {
        let query = CardSearch.query(filter, operatorName: operatorName, dialect: database.dialect)
        if query?.hasText == true { try fillMissingSearchText() }
        let limit = Self.pageLimit(pageSize)
        return try read { db in
            let board = try db.requireBoard(id)
            let columns = try db.fetchAll(sql: Rows.columnSelect + " WHERE board_id = ? ORDER BY position",
                                           arguments: [id]).map(Rows.column)
            let counts = try Self.dealCounts(db, boardID: id)
            let matching = try query.map { try Self.matchingCounts(db, boardID: id, $0) } ?? counts
            let focusColumn = try focusDeal.flatMap {
                try db.fetchOne(Int64.self, sql: "SELECT column_id FROM deal WHERE id = ?", arguments: [$0])
            }
            let snapshots = try columns.map { column in
                let request: CardPageRequest = focusColumn == column.id ? .around(dealID: focusDeal ?? 0) : .first
                let page = try Self.cardPage(db, columnID: column.id, query: query, request: request, limit: limit,
                                             count: counts[column.id] ?? 0, matching: matching[column.id] ?? 0)
                return ColumnSnapshot(column: column, cards: page.cards, firstIndex: page.firstIndex,
                                      count: page.count, matching: page.matching)
            }
            return BoardSnapshot(board: board, columns: snapshots, filter: filter)
        }
    }

    /// Up to `limit` cards of one column that pass `filter`, as `request` says, with the column's counts.
    public func cardPage(columnID: Int64, filter: String = "", request: CardPageRequest,
                         limit: Int) throws(StoreError) -> CardPage {
        let query = CardSearch.query(filter, operatorName: operatorName, dialect: database.dialect)
        if query?.hasText == true { try fillMissingSearchText() }
        let limit = Self.pageLimit(limit)
        return try read { db in
            _ = try db.requireColumn(columnID)
            let count = try db.fetchOne(Int.self, sql: "SELECT deal_count FROM board_column WHERE id = ?", arguments: [columnID]) ?? 0
            let matching = try query.map { try Self.matchingCount(db, columnID: columnID, $0) } ?? count
            var page = try Self.cardPage(db, columnID: columnID, query: query, request: request, limit: limit,
                                         count: count, matching: matching)
            page.filter = filter
            return page
        }
    }

    /// A deal written by another program lacks its search text until a write of ours fills it: fill them first,
    /// a slice per short transaction (every write transaction of the store ends by filling some).
    private func fillMissingSearchText() throws(StoreError) {
        while try read({ db in try CardSearch.anyMissing(db) }) {
            try write { _ in }
        }
    }

    /// Pages hold 1 to 1,000 cards, whatever a caller asks.
    private static func pageLimit(_ asked: Int) -> Int { min(max(asked, 1), 1_000) }

    private static func dealCounts(_ db: any SQLConnection, boardID: Int64) throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        for row in try db.fetchAll(sql: "SELECT id, deal_count FROM board_column WHERE board_id = ?", arguments: [boardID]) {
            counts[row[0]] = row[1]
        }
        return counts
    }

    /// One walk of the board's columns through the covering index.
    private static func matchingCounts(_ db: any SQLConnection, boardID: Int64, _ query: CardSearch.Query) throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        let rows = try db.fetchAll(sql: """
            SELECT d.column_id, COUNT(*) FROM deal d
            WHERE d.column_id IN (SELECT id FROM board_column WHERE board_id = ?) AND \(query.sql)
            GROUP BY d.column_id
            """, arguments: SQLArguments([boardID]) + SQLArguments(query.arguments))
        for row in rows { counts[row[0]] = row[1] }
        return counts
    }

    private static func matchingCount(_ db: any SQLConnection, columnID: Int64, _ query: CardSearch.Query) throws -> Int {
        try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM deal d WHERE d.column_id = ? AND \(query.sql)",
                         arguments: SQLArguments([columnID]) + SQLArguments(query.arguments)) ?? 0
    }

    private static func cardSelect(_ dialect: SQLDialect) -> String {
        """
        SELECT d.id, d.column_id, d.position, d.title, ct.name, ct.phone, d.value_cents,
               d.ticket_closed, d.last_message_at, d.last_message_author,
               CASE WHEN ct.opted_out_at IS NOT NULL THEN 1 ELSE 0 END, d.owner, d.revision
        FROM deal d \(dialect.joinInOrder) contact ct ON ct.id = d.contact_id
        """
    }

    private static func card(_ row: SQLRow) -> CardSummary {
        let lastAt: Int64? = row[8]
        let lastAuthor: String? = row[9]
        return CardSummary(id: row[0], columnID: row[1], position: row[2], title: row[3], contactName: row[4],
                           phone: row[5], valueCents: row[6], ticketClosed: row[7],
                           lastMessageAt: lastAt.map(UnixTime.date),
                           lastMessageAuthor: lastAuthor.flatMap(MessageAuthor.init(rawValue:)), contactOptedOut: row[10],
                           owner: row[11], revision: row[12])
    }

    /// Cards from `key` on (`forward`) or before it, nearest first; `inclusive` takes the key's own card.
    private static func cards(_ db: any SQLConnection, columnID: Int64, query: CardSearch.Query?, from key: CardKey?,
                              forward: Bool, inclusive: Bool, limit: Int) throws -> [CardSummary] {
        var sql = cardSelect(db.dialect) + " WHERE d.column_id = ?"
        var arguments: [any SQLValueConvertible] = [columnID]
        if let key {
            // A range on the index's position, then the tie-break on id: the seek keyset pagination needs.
            let (range, strict, tie) = forward ? (">=", ">", inclusive ? ">=" : ">") : ("<=", "<", inclusive ? "<=" : "<")
            sql += " AND d.position \(range) ? AND (d.position \(strict) ? OR d.id \(tie) ?)"
            arguments += [key.position, key.position, key.id]
        }
        if let query {
            sql += " AND " + query.sql
            arguments += query.arguments.map { $0 as any SQLValueConvertible }
        }
        sql += forward ? " ORDER BY d.position, d.id LIMIT ?" : " ORDER BY d.position DESC, d.id DESC LIMIT ?"
        arguments.append(limit)
        return try db.fetchAll(sql: sql, arguments: SQLArguments(arguments)).map(card)
    }

    /// How many cards of the column that pass the filter come before `key`.
    private static func index(_ db: any SQLConnection, of key: CardKey, columnID: Int64, query: CardSearch.Query?) throws -> Int {
        guard let query else { return key.position }
        return try db.fetchOne(Int.self, sql: """
            SELECT COUNT(*) FROM deal d
            WHERE d.column_id = ? AND d.position <= ? AND (d.position < ? OR d.id < ?) AND \(query.sql)
            """, arguments: SQLArguments([columnID, Int64(key.position), Int64(key.position), key.id])
                + SQLArguments(query.arguments)) ?? 0
    }

    static func cardPage(_ db: any SQLConnection, columnID: Int64, query: CardSearch.Query?, request: CardPageRequest, limit: Int,
                         count: Int, matching: Int) throws -> CardPage {
        func page(_ firstIndex: Int, _ cards: [CardSummary]) -> CardPage {
            CardPage(columnID: columnID, filter: "", firstIndex: firstIndex, cards: cards, count: count, matching: matching)
        }
        func forward(from key: CardKey?, inclusive: Bool) throws -> CardPage {
            let cards = try cards(db, columnID: columnID, query: query, from: key, forward: true,
                                  inclusive: inclusive, limit: limit)
            guard let first = cards.first else { return page(matching, []) }
            return page(try index(db, of: CardKey(first), columnID: columnID, query: query), cards)
        }
        switch request {
        case .first:
            return try forward(from: nil, inclusive: true)
        case .after(let key):
            return try forward(from: key, inclusive: false)
        case .last, .before:
            var key: CardKey?
            if case .before(let k) = request { key = k }
            let cards = try cards(db, columnID: columnID, query: query, from: key, forward: false,
                                  inclusive: false, limit: limit).reversed()
            guard let first = cards.first else { return page(0, []) }
            return page(try index(db, of: CardKey(first), columnID: columnID, query: query), Array(cards))
        case .fromIndex(let i):
            // Positions are the indices without a filter; with one, no key is known for an index: from the top.
            guard query == nil else { return try forward(from: nil, inclusive: true) }
            return try forward(from: CardKey(position: max(0, i), id: Int64.min), inclusive: true)
        case .around(let dealID):
            guard let row = try db.fetchOne(sql: "SELECT position FROM deal WHERE id = ? AND column_id = ?",
                                             arguments: [dealID, columnID]) else { return try forward(from: nil, inclusive: true) }
            let key = CardKey(position: row[0], id: dealID)
            let after = try cards(db, columnID: columnID, query: query, from: key, forward: true, inclusive: true,
                                  limit: limit - limit / 2)
            guard after.first?.id == dealID else { return try forward(from: nil, inclusive: true) }
            let before = try cards(db, columnID: columnID, query: query, from: key, forward: false, inclusive: false,
                                   limit: limit / 2).reversed()
            let all = Array(before) + after
            return page(try index(db, of: CardKey(all[0]), columnID: columnID, query: query), all)
        }
    }
}

extension Store {
    /// The next follow-up of each of these deals that has one, for their cards ("🤖 em 3h"): the cards on
    /// screen, not every scheduled deal of the board. `isMaxAction` as in `followUpSchedule(boardID:)`.
    public func followUpSchedule(dealIDs: [Int64]) throws(StoreError) -> [Int64: ScheduledFollowUp] {
        try read { db in
            var schedule: [Int64: ScheduledFollowUp] = [:]
            var start = 0
            while start < dealIDs.count {
                let chunk = Array(dealIDs[start..<min(dealIDs.count, start + 500)])
                start += chunk.count
                try db.forEachRow(sql: """
                    SELECT d.id, d.fu_due_at,
                           CASE WHEN c.fu_max_attempts > 0 AND d.fu_since_reply >= c.fu_max_attempts THEN 1 ELSE 0 END
                    FROM deal d JOIN board_column c ON c.id = d.column_id
                    WHERE d.id IN (\(sqlPlaceholders(count: chunk.count))) AND d.fu_due_at IS NOT NULL
                    """, arguments: SQLArguments(chunk)) { row in
                    schedule[row[0]] = ScheduledFollowUp(dueAt: UnixTime.date(row[1]), isMaxAction: row[2])
                }
            }
            return schedule
        }
    }
}
