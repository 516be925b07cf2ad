import Foundation
import RetomaCore

/// A contact as `retoma contact show` prints it: whether it opted out (when, why) and its deals.
public struct ContactStatus: Sendable, Equatable {
    public var contact: Contact
    /// nil: the contact may receive follow-ups.
    public var optOut: ContactOptOut?
    /// Every deal of this person (the same number in either form), oldest first.
    public var dealIDs: [Int64]

    public init(contact: Contact, optOut: ContactOptOut?, dealIDs: [Int64]) {
        self.contact = contact; self.optOut = optOut; self.dealIDs = dealIDs
    }
}

extension Store {
    /// The contact with this number (typed as a person types it; a Brazilian mobile matches with or without
    /// its ninth digit, the exact form first).
    public func contactStatus(phone: String) throws(StoreError) -> ContactStatus {
        let e164 = try Validate.phone(phone)
        return try read { db in try Self.contactStatus(db, contactID: try Self.contactID(db, phone: e164, raw: phone)) }
    }

    /// The opt-out of the deal's contact, nil when it has none.
    public func contactOptOut(contactID: Int64) throws(StoreError) -> ContactOptOut? {
        try read { db in try Self.optOut(db, contactID: contactID) }
    }

    /// The operator marks this person as not wanting messages (`optedOut` true) or clears it, on every
    /// contact with the number in either form, in one transaction: planned follow-ups of all their deals are
    /// cancelled at once (`opted_out`), or their schedules come back. Setting it again keeps the first when
    /// and why.
    @discardableResult
    public func setOptOut(phone: String, optedOut: Bool) throws(StoreError) -> ContactStatus {
        let e164 = try Validate.phone(phone)
        return try write { db in
            try Self.setOptOut(db, contactID: try Self.contactID(db, phone: e164, raw: phone), optedOut: optedOut,
                               now: UnixTime.seconds(self.now()))
        }
    }

    /// The same for a deal's contact (the deal screen): `dealID`, the deal on screen, is where the results count it.
    @discardableResult
    public func setOptOut(contactID: Int64, optedOut: Bool, dealID: Int64? = nil) throws(StoreError) -> ContactStatus {
        try write { db in
            try Self.setOptOut(db, contactID: contactID, optedOut: optedOut, dealID: dealID, now: UnixTime.seconds(self.now()))
        }
    }

    private static func setOptOut(_ db: any SQLConnection, contactID: Int64, optedOut: Bool, dealID: Int64? = nil,
                                  now: Int64) throws -> ContactStatus {
        let contact = try db.requireContact(contactID)
        let contacts = try ContactChat.samePerson(db, phone: contact.phone)
        let deals = try ContactChat.deals(db, contacts: contacts)
        let placeholders = contacts.map { _ in "?" }.joined(separator: ", ")
        let already = try db.fetchOne(Bool.self, sql: """
            SELECT 1 FROM contact WHERE id IN (\(placeholders)) AND opted_out_at IS NOT NULL LIMIT 1
            """, arguments: SQLArguments(contacts)) ?? false
        let mark = optedOut ? ContactOptOut(at: UnixTime.date(now), source: .operator, text: nil) : nil
        try ContactChat.setOptOut(db, contacts: contacts, deals: deals, mark, now: now)
        // An opt-out the operator marks counts in the results as the customer's own does, once per person: in the
        // column of the deal on screen, else of the person's first deal (as v11 counted earlier ones).
        if optedOut, !already, let deal = dealID.flatMap({ deals.contains($0) ? $0 : nil }) ?? deals.first,
           let columnID = try db.fetchOne(Int64.self, sql: "SELECT column_id FROM deal WHERE id = ?", arguments: [deal]) {
            try FollowUpResults.record(db, .optOut, dealID: deal, columnID: columnID, at: now)
        }
        return try contactStatus(db, contactID: contactID)
    }

    private static func contactID(_ db: any SQLConnection, phone e164: String, raw: String) throws -> Int64 {
        let forms = Phone.matchingForms(e164)
        for form in forms {
            if let id = try db.fetchOne(Int64.self, sql: "SELECT id FROM contact WHERE phone = ?", arguments: [form]) { return id }
        }
        throw StoreError.invalid(.noContactWithPhone(raw))
    }

    static func contactStatus(_ db: any SQLConnection, contactID: Int64) throws -> ContactStatus {
        let contact = try db.requireContact(contactID)
        let deals = try ContactChat.deals(db, contacts: try ContactChat.samePerson(db, phone: contact.phone))
        return ContactStatus(contact: contact, optOut: try optOut(db, contactID: contactID), dealIDs: deals)
    }

    static func optOut(_ db: any SQLConnection, contactID: Int64) throws -> ContactOptOut? {
        let row = try db.fetchOne(sql: "SELECT opted_out_at, opted_out_source, opted_out_text FROM contact WHERE id = ?",
                                   arguments: [contactID])
        return row.flatMap { ContactChat.optOut(at: $0[0], source: $0[1], text: $0[2]) }
    }
}
