import Foundation
import RetomaCore

/// The board's `/` filter, answered by the database: each deal keeps its title, contact name, company and
/// phone digits folded (case and accents ignored) in `deal.search_text`, and a filter is a substring of it.
enum CardSearch {
    /// Between the fields, so a filter never matches across two of them. Nobody types it.
    static let separator: Character = "\u{1}"

    static func fold(_ text: String) -> String {
        LatinFold.fold(text) ?? text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// What `search_text` holds for a deal.
    static func text(title: String, contactName: String, company: String?, phone: String) -> String {
        let sep = String(separator)
        return fold(title + sep + contactName + sep + (company ?? "")) + sep + phone.filter(\.isASCIIDigit)
    }

    /// The LIKE patterns a filter typed on the board stands for (any of them matches), or nil for no filter.
    /// A filter that is a phone number written with spaces or punctuation, "(11) 98765-4321", also matches
    /// the digits it holds.
    static func patterns(_ filter: String) -> [String]? {
        let needle = fold(filter.trimmingCharacters(in: .whitespacesAndNewlines)).filter { $0 != separator }
        guard !needle.isEmpty else { return nil }
        var result = [like(needle)]
        let digits = needle.filter(\.isASCIIDigit)
        if !digits.isEmpty, digits != needle, needle.allSatisfy({ $0.isASCIIDigit || " ()+-./".contains($0) }) {
            result.append(like(digits))
        }
        return result
    }

    /// `%needle%` with LIKE's own wildcards taken literally (escaped with `\`).
    private static func like(_ needle: String) -> String {
        var escaped = ""
        for ch in needle {
            if ch == "%" || ch == "_" || ch == "\\" { escaped.append("\\") }
            escaped.append(ch)
        }
        return "%" + escaped + "%"
    }

    /// The SQL condition for `patterns` (on the deal table as `alias`) and its arguments.
    static func condition(_ patterns: [String], alias: String = "d", dialect: SQLDialect) -> String {
        "(" + patterns.map { _ in "\(alias).search_text \(dialect.likeIgnoringCase) ? ESCAPE '\\'" }.joined(separator: " OR ") + ")"
    }

    /// A board filter as one SQL condition on the deal table (as `d`) with its arguments.
    struct Query: Equatable {
        var sql: String
        var arguments: [String]
        /// The filter has text, so every deal's search text must be there first.
        var hasText: Bool
    }

    /// The condition `filter` stands for (`BoardFilter`: text and keywords, all of them must hold), or nil for none,
    /// spelled for `dialect` (the store passes its database's). `operatorName` is who `:meus` means.
    static func query(_ filter: String, operatorName: String, dialect: SQLDialect = .sqlite) -> Query? {
        let parsed = BoardFilter(filter)
        var parts: [String] = []
        var arguments: [String] = []
        let textPatterns = patterns(parsed.text)
        if let textPatterns {
            parts.append(condition(textPatterns, dialect: dialect))
            arguments += textPatterns
        }
        // Written as the partial index deal_awaiting_order says it (v10), so the planner walks that index.
        if parsed.keywords.contains(.awaiting) { parts.append("d.last_message_author = 'customer'") }
        // Opted-out contacts are few: their deals' ids come from them (contact_opted_out, deal_by_contact), and a
        // column's index entries carry the id, so neither a count nor a page reads a row per deal.
        if parsed.keywords.contains(.optedOut) {
            parts.append("""
                d.id IN (SELECT od.id FROM contact oc JOIN deal od ON od.contact_id = oc.id \
                WHERE oc.opted_out_at IS NOT NULL)
                """)
        }
        // Equality on the owner lets the planner walk the partial index deal_by_owner (v13).
        if parsed.keywords.contains(.mine) {
            parts.append("d.owner = ?")
            arguments.append(operatorName)
        }
        guard !parts.isEmpty else { return nil }
        return Query(sql: "(" + parts.joined(separator: " AND ") + ")", arguments: arguments, hasText: textPatterns != nil)
    }

    /// Computes the search texts a change cleared (or a new deal lacks), at most `limit` of them. Run at the end of
    /// each write transaction of the store, where there are only the few its own change cleared: cheap (a probe of
    /// a partial index) when there is none. Rows written in bulk by another program are filled a slice per write,
    /// so no write holds the lock for long for them, and before a filtered read (`Store.fillMissingSearchText`).
    static func fillMissing(_ db: any SQLConnection, limit: Int = 1_000) throws {
        var left = limit
        while left > 0 {
            let rows = try db.fetchAll(sql: """
                SELECT d.id, d.title, ct.name, ct.company, ct.phone
                FROM deal d JOIN contact ct ON ct.id = d.contact_id
                WHERE d.search_text IS NULL LIMIT ?
                """, arguments: [min(left, 500)])
            if rows.isEmpty { return }
            for row in rows {
                let search = text(title: row[1], contactName: row[2], company: row[3], phone: row[4])
                try db.execute(sql: "UPDATE deal SET search_text = ? WHERE id = ?", arguments: [search, row[0] as Int64])
            }
            left -= rows.count
        }
    }

    /// True when some deal's search text is still to compute (written by a program other than Retoma).
    static func anyMissing(_ db: any SQLConnection) throws -> Bool {
        // The same join as `fillMissing`, so a deal it cannot fill (no contact) never keeps a caller waiting.
        try db.fetchOne(Bool.self, sql: """
            SELECT 1 FROM deal d JOIN contact ct ON ct.id = d.contact_id WHERE d.search_text IS NULL LIMIT 1
            """) ?? false
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
