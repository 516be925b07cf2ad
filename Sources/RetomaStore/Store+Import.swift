import Foundation
import RetomaCore

/// One deal read from a spreadsheet, already checked (`Validate`): what `importDeals` creates.
public struct ImportDeal: Sendable, Equatable {
    /// The spreadsheet line it came from (the header is line 1), for messages.
    public var line: Int
    public var title: String
    public var contactName: String
    /// E.164.
    public var phone: String
    public var email: String?
    public var company: String?
    public var valueCents: Int64?
    public var ticketClosed: Bool
    /// Oldest first; empty when the sheet says nothing of the conversation.
    public var messages: [ImportMessage]

    public init(line: Int, title: String, contactName: String, phone: String, email: String? = nil, company: String? = nil,
                valueCents: Int64? = nil, ticketClosed: Bool = false, messages: [ImportMessage] = []) {
        self.line = line; self.title = title; self.contactName = contactName; self.phone = phone; self.email = email
        self.company = company; self.valueCents = valueCents; self.ticketClosed = ticketClosed; self.messages = messages
    }

    /// Import is idempotent per phone and title within a board.
    public var key: ImportKey { ImportKey(phone: phone, title: title) }
}

public struct ImportMessage: Sendable, Equatable {
    public var author: MessageAuthor
    public var text: String
    public var at: Date

    public init(author: MessageAuthor, text: String, at: Date) { self.author = author; self.text = text; self.at = at }
}

/// A deal's identity for import: its contact's number and its title.
public struct ImportKey: Hashable, Sendable {
    public var phone: String
    public var title: String

    public init(phone: String, title: String) { self.phone = phone; self.title = title }
}

/// What an import did (or would do), per deal of the file.
public struct ImportOutcome: Sendable, Equatable {
    /// The new deals' ids, in file order, with the line each came from.
    public var created: [(line: Int, dealID: Int64)]
    /// Deals of the file already on the board (same phone and title): nothing was written for them.
    public var existing: [(line: Int, dealID: Int64)]

    public static func == (a: ImportOutcome, b: ImportOutcome) -> Bool {
        a.created.map(\.line) == b.created.map(\.line) && a.created.map(\.dealID) == b.created.map(\.dealID)
            && a.existing.map(\.line) == b.existing.map(\.line) && a.existing.map(\.dealID) == b.existing.map(\.dealID)
    }
}

extension ImportKey {
    /// The deal of `index` with this key, the number in either Brazilian mobile form.
    public func find(in index: [ImportKey: Int64]) -> Int64? {
        for phone in Phone.matchingForms(phone) {
            if let id = index[ImportKey(phone: phone, title: title)] { return id }
        }
        return nil
    }
}

/// A deal as `retoma export deals` writes it: with its contact and the conversation's latest message.
public struct ExportedDeal: Sendable, Equatable {
    public var deal: Deal
    public var contact: Contact
    public var lastMessage: Message?
}

extension Store {
    /// The deals of a board (or one of its columns) in board order, with their contacts and latest messages.
    /// `progress` gets the number read so far.
    public func exportDeals(boardID: Int64, columnID: Int64? = nil,
                            progress: ((Int) -> Void)? = nil) throws(StoreError) -> [ExportedDeal] {
        try read { db in
            _ = try db.requireBoard(boardID)
            if let columnID { _ = try db.requireColumn(columnID) }
            var deals: [ExportedDeal] = []
            try db.forEachRow(sql: """
                SELECT d.id, d.column_id, d.position, d.title, d.value_cents, d.contact_id, d.ticket_closed, d.created_at,
                       ct.id, ct.name, ct.phone, ct.email, ct.company,
                       (SELECT m.id FROM message m WHERE m.deal_id = d.id ORDER BY m.at DESC, m.id DESC LIMIT 1)
                FROM deal d JOIN board_column c ON c.id = d.column_id JOIN contact ct ON ct.id = d.contact_id
                WHERE c.board_id = ? AND (CAST(? AS BIGINT) IS NULL OR d.column_id = ?)
                ORDER BY c.position, d.position, d.id
                """, arguments: [boardID, columnID, columnID]) { row in
                let deal = Deal(id: row[0], columnID: row[1], position: row[2], title: row[3], valueCents: row[4],
                                contactID: row[5], ticketClosed: row[6], createdAt: UnixTime.date(row[7]))
                let contact = Contact(id: row[8], name: row[9], phone: row[10], email: row[11], company: row[12])
                let lastID: Int64? = row[13]
                let last = try lastID.flatMap {
                    try db.fetchOne(sql: Rows.messageSelect + " WHERE id = ?", arguments: [$0]).map(Rows.message)
                }
                deals.append(ExportedDeal(deal: deal, contact: contact, lastMessage: last))
                if deals.count % 1000 == 0 { progress?(deals.count) }
            }
            return deals
        }
    }

    /// The deals of `board` that `keys` name already (a number matches in either Brazilian mobile form), by key:
    /// what a dry run reports and what `importDeals` skips.
    public func existingImportDeals(boardID: Int64) throws(StoreError) -> [ImportKey: Int64] {
        try read { db in
            _ = try db.requireBoard(boardID)
            return try Self.importIndex(db, boardID: boardID)
        }
    }

    /// Creates the deals at the bottom of `columnID`, in file order, with their contacts (the phone identifies the
    /// contact, as in `addDeal`) and conversations, in one transaction: an error leaves nothing written. A deal whose
    /// phone and title are already on the column's board is left as it is (listed in `existing`), so running the same
    /// file twice creates nothing new. `progress` is called with the number of deals handled so far.
    public func importDeals(_ deals: [ImportDeal], columnID: Int64,
                            progress: ((Int) -> Void)? = nil) throws(StoreError) -> ImportOutcome {
        let stamp = UnixTime.seconds(now())
        return try write { db in
            let column = try db.requireColumn(columnID)
            let restoreCache = try db.enlargeCacheForBulkWrite()
            defer { restoreCache() }
            var index = try Self.importIndex(db, boardID: column.boardID)
            var outcome = ImportOutcome(created: [], existing: [])
            var batch = try ImportBatch(db, columnID: columnID, now: stamp, schedule: column.followUp.enabled)
            for (i, deal) in deals.enumerated() {
                if let id = deal.key.find(in: index) {
                    outcome.existing.append((deal.line, id))
                } else {
                    let dealID = try batch.add(db, deal)
                    index[deal.key] = dealID
                    outcome.created.append((deal.line, dealID))
                }
                if (i + 1) % 500 == 0 { progress?(i + 1) }
            }
            try batch.flush(db)
            // A deal whose contact this import renamed, or that has no company of its own in the file: its search
            // text is filled here, so the board's filter finds every imported deal at once.
            try CardSearch.fillMissing(db, limit: .max)
            progress?(deals.count)
            return outcome
        }
    }

    /// The board's deals by (phone, title).
    private static func importIndex(_ db: any SQLConnection, boardID: Int64) throws -> [ImportKey: Int64] {
        var index: [ImportKey: Int64] = [:]
        try db.forEachRow(sql: """
            SELECT ct.phone, d.title, d.id FROM deal d
            JOIN board_column c ON c.id = d.column_id JOIN contact ct ON ct.id = d.contact_id
            WHERE c.board_id = ?
            """, arguments: [boardID]) { row in
            let key = ImportKey(phone: row[0], title: row[1])
            if index[key] == nil { index[key] = row[2] }
        }
        return index
    }
}

/// An import's writes, a few hundred deals at a time. Each deal is inserted with its conversation's facts and search
/// text already set (one statement instead of an insert, an update and the search text's later fill), and the
/// messages of the batch go in multi-row inserts: every statement run builds a table for each `CHECK (… IN (…))`
/// of the message table, so one per hundred messages instead of three per message. The messages' ids are given,
/// counted on from the table's sequence (the transaction is the only writer), so a deal names its anchor before
/// its messages are written. What reads other deals of the same person (a customer's reply or opt-out, the
/// schedule) runs per deal in file order after the batch's messages; a deal of a person already in the batch
/// writes the batch first, so it sees what came before it exactly as one deal at a time would.
private struct ImportBatch {
    let columnID: Int64
    let now: Int64
    let schedule: Bool
    var position: Int
    var nextMessageID: Int64
    var messages: [(id: Int64, dealID: Int64, author: MessageAuthor, text: String, at: Int64)] = []
    var pending: [(dealID: Int64, phone: String, customer: [(id: Int64, text: String, at: Int64)], followUps: Bool, messages: Bool)] = []
    /// Every form of the batch's phones (`Phone.matchingForms`).
    var people: Set<String> = []

    static let dealLimit = 250
    static let rowsPerInsert = 100

    init(_ db: any SQLConnection, columnID: Int64, now: Int64, schedule: Bool) throws {
        self.columnID = columnID; self.now = now; self.schedule = schedule
        position = try Siblings.dealsOfColumn.nextPosition(db, in: columnID)
        nextMessageID = try db.lastID(in: "message") + 1
    }

    /// Inserts the deal (and its contact); its messages wait for `flush`.
    mutating func add(_ db: any SQLConnection, _ deal: ImportDeal) throws -> Int64 {
        let forms = Phone.matchingForms(deal.phone)
        if forms.contains(where: people.contains) || pending.count >= Self.dealLimit { try flush(db) }
        people.formUnion(forms)
        let contactID = try db.saveContact(name: deal.contactName, phone: deal.phone, email: deal.email,
                                           company: deal.company)
        var conversation: [(id: Int64, author: MessageAuthor, text: String, at: Int64)] = []
        var anchorID: Int64?, anchorAt: Int64?, sinceReply = 0
        // Stable: lines of one second keep the file's order.
        for m in deal.messages.enumerated().sorted(by: { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) })
            .map(\.element) {
            let at = min(UnixTime.seconds(m.at), now + UnixTime.allowedSkew)
            let id = nextMessageID
            nextMessageID += 1
            switch m.author {
            case .customer: sinceReply = 0
            case .agent: anchorID = id; anchorAt = at
            case .followup: anchorID = id; anchorAt = at; sinceReply += 1
            }
            conversation.append((id, m.author, m.text, at))
        }
        // The contact's company is the file's when it names one; otherwise an existing contact keeps its own,
        // and `fillMissing` reads it after the batch.
        let search = deal.company.map {
            CardSearch.text(title: deal.title, contactName: deal.contactName, company: $0, phone: deal.phone)
        }
        let dealID = try db.insert(sql: """
            INSERT INTO deal (column_id, position, title, value_cents, contact_id, ticket_closed, created_at,
                              last_message_at, last_message_author, fu_anchor_message_id, fu_anchor_at, fu_since_reply,
                              search_text)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [columnID, position, deal.title, deal.valueCents, contactID, deal.ticketClosed, now,
                                     conversation.last?.at, conversation.last?.author.rawValue, anchorID, anchorAt,
                                     sinceReply, search])
        position += 1
        messages += conversation.map { ($0.id, dealID, $0.author, $0.text, $0.at) }
        pending.append((dealID, deal.phone, conversation.filter { $0.author == .customer }.map { ($0.id, $0.text, $0.at) },
                        conversation.contains { $0.author == .followup }, !conversation.isEmpty))
        return dealID
    }

    /// Writes the batch's messages, then what each deal's conversation means for the person's other deals, its
    /// schedule (only a column that sends has one) and its follow-ups' results.
    mutating func flush(_ db: any SQLConnection) throws {
        var start = 0
        while start < messages.count {
            let rows = messages[start..<min(start + Self.rowsPerInsert, messages.count)]
            let sql = "INSERT INTO message (id, deal_id, author, text, at) VALUES "
                + Array(repeating: "(?, ?, ?, ?, ?)", count: rows.count).joined(separator: ", ")
            var arguments: [(any SQLValueConvertible)?] = []
            arguments.reserveCapacity(rows.count * 5)
            for m in rows { arguments += [m.id, m.dealID, m.author.rawValue, m.text, m.at] }
            // Full batches share one compiled statement (the connection keeps it for the next run).
            try db.execute(sql: sql, arguments: SQLArguments(arguments))
            start += rows.count
        }
        if let last = messages.last { try db.idsGiven(upTo: last.id, in: "message") }
        for deal in pending {
            for c in deal.customer {
                try ContactChat.customerWrote(db, dealID: deal.dealID, messageID: c.id, text: c.text, at: c.at, now: now,
                                              phone: deal.phone)
            }
            // A deal without messages has nothing to follow up: no schedule to compute.
            if schedule && deal.messages { try Schedule.refresh(db, dealID: deal.dealID, now: now) }
            if deal.followUps { try FollowUpResults.recompute(db, dealID: deal.dealID) }
        }
        messages.removeAll(keepingCapacity: true)
        pending.removeAll(keepingCapacity: true)
        people.removeAll(keepingCapacity: true)
    }
}
