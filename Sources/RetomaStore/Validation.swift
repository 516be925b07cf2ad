import Foundation
import RetomaCore

/// Input checks shared by the operations. Text is stored trimmed.
enum Validate {
    static func name(_ raw: String, or problem: InvalidInput) throws(StoreError) -> String {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .invalid(problem) }
        return trimmed
    }

    static func phone(_ raw: String) throws(StoreError) -> String {
        switch Phone.normalize(raw) {
        case .success(let e164): return e164
        case .failure(let problem): throw .invalid(.phone(raw: raw, problem: problem))
        }
    }

    static func value(_ cents: Int64?) throws(StoreError) -> Int64? {
        if let cents, cents < 0 { throw .invalid(.negativeValue(cents)) }
        return cents
    }

    /// Message text keeps its inner line breaks; only surrounding blank space goes.
    static func messageText(_ raw: String) throws(StoreError) -> String {
        try name(raw, or: .emptyMessage)
    }
}
