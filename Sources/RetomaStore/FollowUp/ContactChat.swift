import Foundation
import RetomaCore

/// A customer is one chat: their reply and their opt-out are facts about the contact, applied to every deal
/// of it inside the transaction that recorded the message (architecture: "conversations are one stream per
/// contact"). The rules stay in Core (`Eligibility`, `NextDue`); this keeps the deals' stored facts in step.
enum ContactChat {
    /// The contacts that are this person on WhatsApp: the same number, also stored with or without a
    /// Brazilian mobile's ninth digit (`Phone.matchingForms`).
    static func samePerson(_ db: any SQLConnection, phone: String) throws -> [Int64] {
        let forms = Phone.matchingForms(phone)
        let placeholders = forms.map { _ in "?" }.joined(separator: ", ")
        // Cached (one text per count of forms): every imported customer message comes through here.
        return try db.fetchAll(Int64.self, sql: "SELECT id FROM contact WHERE phone IN (\(placeholders)) ORDER BY id",
                                  arguments: SQLArguments(forms))
    }

    /// The deals of the person with this number (`samePerson`'s contacts), in one statement.
    static func personDeals(_ db: any SQLConnection, phone: String) throws -> [Int64] {
        let forms = Phone.matchingForms(phone)
        let placeholders = forms.map { _ in "?" }.joined(separator: ", ")
        return try db.fetchAll(Int64.self, sql: """
            SELECT d.id FROM contact c JOIN deal d ON d.contact_id = c.id WHERE c.phone IN (\(placeholders)) ORDER BY d.id
            """, arguments: SQLArguments(forms))
    }

    /// The deals of these contacts (the `deal_by_contact` index).
    static func deals(_ db: any SQLConnection, contacts: [Int64]) throws -> [Int64] {
        guard !contacts.isEmpty else { return [] }
        let placeholders = contacts.map { _ in "?" }.joined(separator: ", ")
        return try db.fetchAll(Int64.self, sql: "SELECT id FROM deal WHERE contact_id IN (\(placeholders)) ORDER BY id",
                                  arguments: SQLArguments(contacts))
    }

    /// A customer message (`messageID`, at `seconds`) was just recorded in `dealID`. Every other deal of the
    /// same person whose latest message of ours came before it stops (`replied_in_other_deal`), its planned
    /// follow-ups cancelled and its schedule cleared; a message asking to stop (`OptOut.match`) opts the
    /// person out, which stops every deal, this one included.
    /// `phone`, the deal's contact's number, when the caller knows it (an import does, for every line).
    static func customerWrote(_ db: any SQLConnection, dealID: Int64, messageID: Int64, text: String, at seconds: Int64,
                              now: Int64, phone known: String? = nil) throws {
        guard let phone = try known ?? db.fetchOne(String.self, sql: """
            SELECT c.phone FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.id = ?
            """, arguments: [dealID]) else { return }
        let optOut = OptOut.isOptOut(text)
        let contacts = optOut ? try samePerson(db, phone: phone) : []
        let deals = optOut ? try deals(db, contacts: contacts) : try personDeals(db, phone: phone)
        // First, so what it cancels says why: the contact asked us to stop.
        if optOut {
            // Counted in the results of the column where they asked, once per person.
            if try db.fetchOne(Bool.self, sql: """
                SELECT 1 FROM contact c JOIN deal d ON d.contact_id = c.id WHERE d.id = ? AND c.opted_out_at IS NULL
                """, arguments: [dealID]) == true,
               let columnID = try db.fetchOne(Int64.self, sql: "SELECT column_id FROM deal WHERE id = ?",
                                                 arguments: [dealID]) {
                try FollowUpResults.record(db, .optOut, dealID: dealID, columnID: columnID, at: seconds)
            }
            try setOptOut(db, contacts: contacts, deals: deals,
                          ContactOptOut(at: UnixTime.date(seconds), source: .customer, text: text), now: now)
        }
        for other in deals where other != dealID {
            // Only a reply after our latest message there stops it; the latest reply is the one named.
            let stopped = try db.execute(sql: """
                UPDATE deal SET fu_replied_in_deal_id = ?, fu_replied_in_at = ?, fu_replied_in_message_id = ?
                WHERE id = ?
                  AND (fu_anchor_at IS NULL OR fu_anchor_at < ? OR (fu_anchor_at = ? AND fu_anchor_message_id < ?))
                  AND (fu_replied_in_at IS NULL OR fu_replied_in_at < ?
                       OR (fu_replied_in_at = ? AND fu_replied_in_message_id < ?))
                """, arguments: [dealID, seconds, messageID, other, seconds, seconds, messageID,
                                         seconds, seconds, messageID])
            if stopped > 0 { try Schedule.refresh(db, dealID: other, now: now) }
        }
    }

    /// Sets (or, with nil, clears) the opt-out of these contacts and reschedules their deals: planned
    /// follow-ups are cancelled at once (`opted_out`). An opt-out already set keeps its first when and why.
    static func setOptOut(_ db: any SQLConnection, contacts: [Int64], deals: [Int64], _ optOut: ContactOptOut?,
                          now: Int64) throws {
        guard !contacts.isEmpty else { return }
        let placeholders = contacts.map { _ in "?" }.joined(separator: ", ")
        let changed: Int
        if let optOut {
            changed = try db.execute(sql: """
                UPDATE contact SET opted_out_at = ?, opted_out_source = ?, opted_out_text = ?
                WHERE id IN (\(placeholders)) AND opted_out_at IS NULL
                """, arguments: [UnixTime.seconds(optOut.at), optOut.source.rawValue, optOut.text]
                    + SQLArguments(contacts))
        } else {
            changed = try db.execute(sql: """
                UPDATE contact SET opted_out_at = NULL, opted_out_source = NULL, opted_out_text = NULL
                WHERE id IN (\(placeholders))
                """, arguments: SQLArguments(contacts))
        }
        guard changed > 0 else { return }
        for deal in deals { try Schedule.refresh(db, dealID: deal, now: now) }
    }

    /// A stored opt-out from its three columns (nil when `at` is NULL).
    static func optOut(at: Int64?, source: String?, text: String?) -> ContactOptOut? {
        guard let at else { return nil }
        return ContactOptOut(at: UnixTime.date(at), source: source.flatMap(ContactOptOut.Source.init(rawValue:)) ?? .operator,
                             text: text)
    }
}
