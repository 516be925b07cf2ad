import ArgumentParser
import Foundation
import RetomaCore
import RetomaPostgres
import RetomaStore

/// Options every command accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The database: a file path, or postgres://user@host:5432/dbname for PostgreSQL.",
        discussion: """
            Default: $RETOMA_DB, else url in [database] of the config, else $XDG_DATA_HOME/retoma/retoma.db, else \
            ~/.local/share/retoma/retoma.db. A PostgreSQL password comes from PGPASSWORD, ~/.pgpass or password in \
            [database] of the config (chmod 600), never from the URL.
            """,
        valueName: "path|url"))
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

    /// The database `--db`, `RETOMA_DB`, the config's `[database] url` or the default names, and the config's
    /// password for it (read only from an owner-only file).
    func databaseChoice() throws -> (target: DatabaseTarget, configPassword: String?) {
        let environment = ProcessInfo.processInfo.environment
        // The config is read only when it can matter: no flag or variable chose, or PostgreSQL may need its password.
        func section() throws -> ConfigSection {
            try ConfigFile.read(path: ConfigFile.defaultPath(environment: environment))
                .section("database", knownKeys: ["url", "password"], secretKeys: ["password"])
        }
        let chosen = [db, environment["RETOMA_DB"]].contains { !($0 ?? "").isEmpty }
        let location = DatabaseLocation.resolve(flag: db, environment: environment,
                                                configURL: chosen ? nil : try section().string("url"))
        let target = try DatabaseTarget.classify(location)
        guard case .postgres = target else { return (target, nil) }
        return (target, try section().string("password"))
    }

    /// Opens the chosen database: the SQLite file, or the PostgreSQL server through its driver (which migrates it).
    func openStore(_ chosen: (target: DatabaseTarget, configPassword: String?)? = nil,
                   now: @escaping @Sendable () -> Date = { Date() },
                   operatorName: String = OperatorName.loginName) throws -> Store {
        let choice = try chosen ?? databaseChoice()
        switch choice.target {
        case .file(let path):
            return try Store(path: path, now: now, operatorName: operatorName)
        case .postgres(let url):
            return Store(database: try PostgresDatabase(url: url, configPassword: choice.configPassword), now: now,
                         operatorName: operatorName)
        }
    }
}
