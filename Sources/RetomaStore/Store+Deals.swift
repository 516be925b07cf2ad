import RetomaCore

extension Store {
    /// Creates a deal at the bottom of its column. The phone identifies the contact: an existing
    /// contact with that number is reused (and takes the name typed, and the e-mail and company when
    /// given), otherwise one is created.
    public func addDeal(_ new: NewDeal) throws(StoreError) -> Deal {
        let title = try Validate.name(new.title, or: .emptyTitle)
        let contactName = try Validate.name(new.contactName, or: .emptyContactName)
        let phone = try Validate.phone(new.phone)
        let value = try Validate.value(new.valueCents)
        var email: String?
        if let raw = new.email { email = try Validate.email(raw) }
        let company = new.company.map(Validate.optionalText)
        let createdAt = UnixTime.seconds(now())
        return try write { db in
            _ = try db.requireColumn(new.columnID)
            let contactID = try db.saveContact(name: contactName, phone: phone, email: email, company: company)
            let position = try Siblings.dealsOfColumn.nextPosition(db, in: new.columnID)
            return try db.requireDeal(db.insert(sql: """
                INSERT INTO deal (column_id, position, title, value_cents, contact_id, ticket_closed, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [new.columnID, position, title, value, contactID, new.ticketClosed, createdAt]))
        }
    }

    /// Saves the deal form. Same contact rule as `addDeal`; the contact's e-mail and company stay.
    @discardableResult
    public func updateDeal(id: Int64, title: String, contactName: String, phone: String,
                           valueCents: Int64?) throws(StoreError) -> Deal {
        try editDeal(id: id, DealChanges(title: title, contactName: contactName, phone: phone, valueCents: .some(valueCents)))
    }

    /// Changes only the fields given (`retoma deal edit`), with the same checks as `addDeal`, in one
    /// transaction. A new phone with no contact yet makes a new contact that keeps the old one's e-mail and
    /// company unless others are given: the same person with a new number.
    @discardableResult
    public func editDeal(id: Int64, _ changes: DealChanges) throws(StoreError) -> Deal {
        let changes = try changes.validated()
        let stamp = UnixTime.seconds(self.now())
        let by = operatorName
        return try write { db in
            if try db.applyDealChanges(id: id, changes) {
                try DealRevision.bump(db, dealID: id, operatorName: by, at: stamp)
            }
            return try db.requireDeal(id)
        }
    }

    /// Moves the deal to the bottom of another column; moving to its own column changes nothing.
    /// From then on the deal follows the new column's follow-up settings.
    @discardableResult
    public func moveDeal(id: Int64, toColumn columnID: Int64) throws(StoreError) -> Deal {
        let stamp = UnixTime.seconds(self.now())
        let by = operatorName
        return try write { db in
            let deal = try db.requireDeal(id)
            _ = try db.requireColumn(columnID)
            try db.moveDeal(deal, to: columnID, now: stamp, by: by)
            return try db.requireDeal(id)
        }
    }

    /// Moves the deal up (negative) or down (positive) in its column; stops at the ends.
    /// Returns its new position.
    @discardableResult
    public func moveDealWithinColumn(id: Int64, by delta: Int) throws(StoreError) -> Int {
        try write { db in
            let deal = try db.requireDeal(id)
            return try Siblings.dealsOfColumn.move(db, id: id, in: deal.columnID, from: deal.position, by: delta)
        }
    }

    /// Deletes the deal and its conversation. The contact stays, and so do its ledger rows.
    public func deleteDeal(id: Int64) throws(StoreError) {
        let stamp = UnixTime.seconds(self.now())
        return try write { db in
            let deal = try db.requireDeal(id)
            try Ledger.cancelForDeletedDeals(db, whereDeal: "id = ?", arguments: [id], now: stamp)
            try db.execute(sql: "DELETE FROM deal WHERE id = ?", arguments: [id])
            try Siblings.dealsOfColumn.closeGap(db, in: deal.columnID, at: deal.position)
        }
    }

    /// Closes ("finaliza") or reopens the deal's ticket.
    @discardableResult
    public func setTicketClosed(dealID: Int64, closed: Bool) throws(StoreError) -> Deal {
        let stamp = UnixTime.seconds(self.now())
        let by = operatorName
        return try write { db in
            if try db.setTicket(dealID: dealID, closed: closed, operatorName: by, at: stamp) {
                try DealRevision.bump(db, dealID: dealID, operatorName: by, at: stamp)
            }
            return try db.requireDeal(dealID)
        }
    }

    /// The deal screen: deal, contact, column and the conversation, oldest message first.
    public func dealDetail(id: Int64) throws(StoreError) -> DealDetail {
        try read { db in
            let deal = try db.requireDeal(id)
            let messages = try db.fetchAll(sql: Rows.messageSelect + " WHERE deal_id = ? ORDER BY at, id",
                                            arguments: [id]).map(Rows.message)
            return DealDetail(deal: deal, contact: try db.requireContact(deal.contactID),
                              column: try db.requireColumn(deal.columnID), messages: messages,
                              optOut: try Self.optOut(db, contactID: deal.contactID),
                              history: try DealHistory.entries(db, dealID: id))
        }
    }
}

extension SQLConnection {
    /// Moves a deal to the bottom of another column and reschedules it there; its own column is a no-op.
    /// The history signs it with `by`, or as the engine's "on max" move when nil.
    func moveDeal(_ deal: Deal, to columnID: Int64, now: Int64, by operatorName: String?) throws {
        guard deal.columnID != columnID else { return }
        let names = try fetchAll(String.self, sql: "SELECT name FROM board_column WHERE id IN (?, ?) ORDER BY CASE WHEN id = ? THEN 1 ELSE 0 END",
                                        arguments: [deal.columnID, columnID, columnID])
        let position = try Siblings.dealsOfColumn.nextPosition(self, in: columnID)
        try execute(sql: "UPDATE deal SET column_id = ?, position = ? WHERE id = ?",
                    arguments: [columnID, position, deal.id])
        try Siblings.dealsOfColumn.closeGap(self, in: deal.columnID, at: deal.position)
        try Schedule.refresh(self, dealID: deal.id, now: now)
        try DealHistory.record(self, dealID: deal.id, kind: operatorName == nil ? .movedOnMax : .moved,
                               from: names.first, to: names.last, operatorName: operatorName, at: now)
    }

    /// Writes the changes `editDeal` takes (already validated). True when the title, value or contact changed:
    /// the caller moves the deal's revision on.
    func applyDealChanges(id: Int64, _ changes: DealChanges) throws -> Bool {
        let deal = try requireDeal(id)
        let contact = try requireContact(deal.contactID)
        // No name given: the contact keeps its own, also one the new phone belongs to.
        let contactID = try saveContact(name: changes.contactName, phone: changes.phone ?? contact.phone,
                                        email: changes.email, company: changes.company, carryingFrom: contact)
        let title = changes.title ?? deal.title
        let value = changes.valueCents ?? deal.valueCents
        try execute(sql: "UPDATE deal SET title = ?, value_cents = ?, contact_id = ? WHERE id = ?",
                    arguments: [title, value, contactID, id])
        let contactNow = try requireContact(contactID)
        return title != deal.title || value != deal.valueCents || contactID != deal.contactID || contactNow.name != contact.name
    }

    /// Closes or reopens the ticket, the change recorded in the history. True when it changed: the caller moves
    /// the deal's revision on.
    func setTicket(dealID: Int64, closed: Bool, operatorName: String, at seconds: Int64) throws -> Bool {
        let deal = try requireDeal(dealID)
        guard deal.ticketClosed != closed else { return false }
        try execute(sql: "UPDATE deal SET ticket_closed = ? WHERE id = ?", arguments: [closed, dealID])
        if closed { try FollowUpResults.ticketClosed(self, dealID: dealID, columnID: deal.columnID, at: seconds) }
        try Schedule.refresh(self, dealID: dealID, now: seconds)
        try DealHistory.record(self, dealID: dealID, kind: closed ? .closed : .reopened, operatorName: operatorName, at: seconds)
        return true
    }

    /// The contact with this (normalized) phone, renamed to `name`, or a new one. Returns its id.
    /// `name`, `email` and `company`, already checked: nil leaves them as they are, an empty e-mail or company
    /// clears it. A new contact starts from `previous`'s name, e-mail and company where none is given.
    func saveContact(name: String?, phone: String, email: String? = nil, company: String? = nil,
                     carryingFrom previous: Contact? = nil) throws -> Int64 {
        func stored(_ text: String?) -> String? { text.flatMap { $0.isEmpty ? nil : $0 } }
        // Cached statements: an import calls this once a line, and compiling them was a sixth of its time.
        if let id = try fetchOne(Int64.self, sql: "SELECT id FROM contact WHERE phone = ?", arguments: [phone]) {
            if let name { try execute(sql: "UPDATE contact SET name = ? WHERE id = ?", arguments: [name, id]) }
            if let email {
                try execute(sql: "UPDATE contact SET email = ? WHERE id = ?", arguments: [stored(email), id])
            }
            if let company {
                try execute(sql: "UPDATE contact SET company = ? WHERE id = ?", arguments: [stored(company), id])
            }
            return id
        }
        guard let name = name ?? previous?.name else { throw StoreError.invalid(.emptyContactName) }
        return try insert(sql: "INSERT INTO contact (name, phone, email, company) VALUES (?, ?, ?, ?)",
                          arguments: [name, phone, stored(email ?? previous?.email), stored(company ?? previous?.company)])
    }
}
