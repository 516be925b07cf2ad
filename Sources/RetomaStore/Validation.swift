import Foundation
import RetomaCore

/// Input checks shared by the operations (and the spreadsheet import, which checks every line before writing).
/// Text is stored trimmed.
public enum Validate {
    public static func name(_ raw: String, or problem: InvalidInput) throws(StoreError) -> String {
        let trimmed = trimmed(raw)
        guard !trimmed.isEmpty else { throw .invalid(problem) }
        return trimmed
    }

    public static func phone(_ raw: String) throws(StoreError) -> String {
        switch Phone.normalize(raw) {
        case .success(let e164): return e164
        case .failure(let problem): throw .invalid(.phone(raw: raw, problem: problem))
        }
    }

    public static func value(_ cents: Int64?) throws(StoreError) -> Int64? {
        if let cents, cents < 0 { throw .invalid(.negativeValue(cents)) }
        return cents
    }

    /// Optional contact text (the company): trimmed; empty means "none".
    public static func optionalText(_ raw: String) -> String {
        trimmed(raw)
    }

    private static let blank = CharacterSet.whitespacesAndNewlines

    /// Foundation's trim, skipped (with its NSString bridge) when neither end is blank: most text, and most of
    /// the fields of a 100,000-line import.
    static func trimmed(_ raw: String) -> String {
        guard let first = raw.unicodeScalars.first, let last = raw.unicodeScalars.last,
              blank.contains(first) || blank.contains(last) else { return raw }
        return raw.trimmingCharacters(in: blank)
    }

    /// A basic sanity check, not RFC 5322: one "@" between a local part and a dotted domain, no spaces or
    /// control characters. Trimmed; empty means "none".
    public static func email(_ raw: String) throws(StoreError) -> String {
        let text = optionalText(raw)
        guard !text.isEmpty else { return "" }
        let refuse = StoreError.invalid(.email(raw: text))
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        // Printable ASCII holds neither; the character sets are read only for other text (they cost a tenth
        // of a 100,000-line import when read for every character).
        guard parts.count == 2, text.count <= 254,
              text.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) })
                || text.unicodeScalars.allSatisfy({ !blank.contains($0) && !CharacterSet.controlCharacters.contains($0) })
        else { throw refuse }
        let local = parts[0], domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard !local.isEmpty, local.count <= 64, labels.count >= 2,
              labels.allSatisfy({ !$0.isEmpty && $0.first != "-" && $0.last != "-" }) else { throw refuse }
        return text
    }

    /// Message text keeps its inner line breaks; only surrounding blank space goes.
    static func messageText(_ raw: String) throws(StoreError) -> String {
        try name(raw, or: .emptyMessage)
    }
}
