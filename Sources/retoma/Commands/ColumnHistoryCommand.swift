import ArgumentParser
import Foundation
import RetomaCore
import RetomaStore

/// `retoma column history ID`: every saved follow-up configuration of a column, newest first.
struct ColumnHistoryCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Every saved follow-up configuration of a column, newest first.",
        discussion: "Each with who saved it, when, and each field it changed (old → new).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Column id.") var id: Int64
    @Flag(name: .long, help: "Print the history as one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        let column = try store.column(id: id)
        let versions = try store.columnHistory(columnID: id)
        if json { return try output.json(ColumnHistoryDocument(column: column, versions: versions)) }
        let pt = output.lang == .pt
        output.line(pt ? "Configurações de follow-up da coluna \(column.id) \"\(column.name)\":"
                       : "Follow-up configurations of column \(column.id) \"\(column.name)\":")
        for version in versions {
            let when = BrazilTime.display(version.savedAt, output.lang)
            output.line(pt ? "#\(version.revision) · salvo por \(version.operatorName) em \(when)"
                           : "#\(version.revision) · saved by \(version.operatorName) on \(when)")
            if version.changes.isEmpty {
                output.line(pt ? "  primeira versão" : "  first version")
            }
            for change in version.changes {
                output.line("  \(change.field): \(Self.shown(change.old, field: change.field)) → \(Self.shown(change.new, field: change.field))")
            }
        }
    }

    /// The texts (instructions, extras) quoted on one line, cut at 60 characters; the other values as typed.
    static func shown(_ value: String, field: String) -> String {
        guard field == "instructions" || field == "extra" else { return value }
        let flat = value.split(whereSeparator: \.isNewline).joined(separator: " ")
        return "\"" + (flat.count > 60 ? flat.prefix(59) + "…" : flat) + "\""
    }
}

/// `column history --json`: `{"columnId", "columnName", "versions": [{"revision", "operator", "savedAt",
/// "instructionVersion", "config": {every field, as followup set names it}, "changes": [{"field", "old", "new"}]}]}`.
struct ColumnHistoryDocument: Encodable {
    struct Version: Encodable {
        var revision: Int
        var `operator`: String
        var savedAt: Date
        var instructionVersion: Int
        var config: [String: String]
        var changes: [FollowUpChange]
    }
    var columnId: Int64
    var columnName: String
    /// Newest first.
    var versions: [Version]

    init(column: Column, versions: [ColumnConfigVersion]) {
        columnId = column.id; columnName = column.name
        self.versions = versions.map {
            Version(revision: $0.revision, operator: $0.operatorName, savedAt: $0.savedAt,
                    instructionVersion: $0.instructionVersion,
                    config: Dictionary(uniqueKeysWithValues: $0.config.fieldValues.map { ($0.field, $0.value) }),
                    changes: $0.changes)
        }
    }
}
