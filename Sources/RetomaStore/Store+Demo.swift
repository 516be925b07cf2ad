import Foundation
import RetomaCore

extension Store {
    /// Creates the demo board "Vendas" with `deals` deals and their conversations, in one transaction.
    /// Returns false, changing nothing, when a board named "Vendas" already exists.
    /// Deterministic: the same `deals` and `now` always give the same board.
    /// `progress` hears how many deals are written so far (every 1,000, and the total at the end).
    public func seedDemo(deals: Int, now: Date, progress: (Int) -> Void = { _ in }) throws(StoreError) -> Bool {
        guard deals >= 0 else { throw .invalid(.demoDealCount(deals)) }
        let by = operatorName
        return try write { db in
            if try db.fetchOne(Bool.self, sql: "SELECT 1 FROM board WHERE name = ?",
                                 arguments: [DemoCatalog.boardName]) == true {
                return false
            }
            let boardID = try db.insert(sql: "INSERT INTO board (name) VALUES (?)", arguments: [DemoCatalog.boardName])
            var columnIDs: [Int64] = []
            for (position, name) in DemoCatalog.columnNames.enumerated() {
                // Follow-up stays off everywhere; "Concluído" keeps "send even after the ticket is closed",
                // ready for an after-sale message when someone switches it on.
                let columnID = try db.insert(sql: """
                    INSERT INTO board_column (board_id, name, position, fu_after_close) VALUES (?, ?, ?, ?)
                    """, arguments: [boardID, name, position, position == DemoCatalog.sendsAfterCloseColumn])
                columnIDs.append(columnID)
                try ColumnConfigVersions.first(db, columnID: columnID, at: UnixTime.seconds(now), operatorName: by)
            }
            let existingPhones = Set(try db.fetchAll(String.self, sql: "SELECT phone FROM contact"))
            var generator = DemoGenerator(seed: 0x5E7_0A_2024, now: now, usedPhones: existingPhones)
            var nextPosition = [Int](repeating: 0, count: columnIDs.count)
            let firstDealID = (try db.fetchOne(Int64.self, sql: "SELECT MAX(id) FROM deal") ?? 0) + 1
            let seconds = UnixTime.seconds(now)
            for written in 0..<deals {
                try db.insertDemoDeal(generator.next(), columnIDs: columnIDs, positions: &nextPosition, now: seconds)
                if written % 1_000 == 999 { progress(written + 1) }
            }
            progress(deals)
            // Written in bulk above, so their follow-ups' results are read from the conversations here.
            try FollowUpResults.backfill(db, firstDealID: firstDealID)
            return true
        }
    }
}

extension SQLConnection {
    fileprivate func insertDemoDeal(_ deal: DemoDeal, columnIDs: [Int64], positions: inout [Int], now: Int64) throws {
        let contactID = try insert(sql: "INSERT INTO contact (name, phone, email, company) VALUES (?, ?, ?, ?)",
                                   arguments: [deal.contactName, deal.phone, deal.email, deal.company])
        let lines = deal.messages[..<deal.recordedFrom]
        let last = lines.last
        let dealID = try insert(sql: """
            INSERT INTO deal (column_id, position, title, value_cents, contact_id, ticket_closed, created_at,
                              last_message_at, last_message_author, search_text)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [columnIDs[deal.column], positions[deal.column], deal.title, deal.valueCents,
                                     contactID, deal.ticketClosed, deal.createdAt, last?.at, last?.author.rawValue,
                                     CardSearch.text(title: deal.title, contactName: deal.contactName,
                                                     company: deal.company, phone: deal.phone)])
        positions[deal.column] += 1
        // The whole conversation in one statement (a batch of rows, in order, so their ids follow one another):
        // a million deals are some fifteen million messages.
        if !lines.isEmpty { try insertDemoMessages(lines, dealID: dealID) }
        // The few situation messages go through the store's own message path, so they mean what a real one
        // does: the customer's "não quero mais receber" opts the contact out, a phone message is ours.
        for line in deal.messages[deal.recordedFrom...] {
            try insertMessage(dealID: dealID, author: line.author, text: line.text, at: line.at, now: now, origin: line.origin)
        }
    }

    fileprivate func insertDemoMessages(_ lines: ArraySlice<DemoDeal.Line>, dealID: Int64) throws {
        var arguments: [(any SQLValueConvertible)?] = []
        arguments.reserveCapacity(lines.count * 4)
        for line in lines { arguments += [dealID, line.author.rawValue, line.text, line.at] }
        try execute(sql: "INSERT INTO message (deal_id, author, text, at) VALUES "
                    + Array(repeating: "(?, ?, ?, ?)", count: lines.count).joined(separator: ", "),
                    arguments: SQLArguments(arguments))
        // The deal is new, so its messages are these, numbered in order (either database reports one id per insert).
        let firstID = try fetchOne(Int64.self, sql: "SELECT MIN(id) FROM message WHERE deal_id = ?", arguments: [dealID]) ?? 0
        // Follow-up facts as the messages go in (oldest first). Demo columns start with follow-up off,
        // so no deal is due until someone switches a column on, which reschedules its deals.
        var anchorID: Int64?, anchorAt: Int64?, sinceReply = 0
        for (i, line) in lines.enumerated() {
            switch line.author {
            case .customer: sinceReply = 0
            case .agent: anchorID = firstID + Int64(i); anchorAt = line.at
            case .followup: anchorID = firstID + Int64(i); anchorAt = line.at; sinceReply += 1
            }
        }
        try execute(sql: """
            UPDATE deal SET fu_anchor_message_id = ?, fu_anchor_at = ?, fu_since_reply = ? WHERE id = ?
            """, arguments: [anchorID, anchorAt, sinceReply, dealID])
    }
}
