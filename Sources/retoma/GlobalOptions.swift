import ArgumentParser
import Foundation
import RetomaCore

/// Options every command accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The database file.",
        discussion: "Default: $RETOMA_DB, else $XDG_DATA_HOME/retoma/retoma.db, else ~/.local/share/retoma/retoma.db.",
        valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Interface language: pt or en (default: from LANG).", valueName: "pt|en"))
    var lang: String?

    func validate() throws {
        if let db, db.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--db needs a file path")
        }
        if let lang, Lang.resolve(flag: lang, environment: [:]) == nil {
            throw ValidationError("unknown language '\(lang)'; use pt or en")
        }
    }

    var language: Lang { Lang.resolve(flag: lang, environment: ProcessInfo.processInfo.environment) ?? .pt }

    /// Who is at this terminal: `RETOMA_OPERATOR`, else the login name (`OperatorName.resolve`).
    func operatorName() throws(OperatorName.Problem) -> String {
        try OperatorName.resolve(environment: ProcessInfo.processInfo.environment)
    }

    var databasePath: String {
        DatabaseLocation.resolve(flag: db, environment: ProcessInfo.processInfo.environment)
    }
}
