import ArgumentParser
import Foundation
import RetomaCore
import RetomaPostgres
import RetomaStore

struct DbCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "The database itself: move a board from an SQLite file to PostgreSQL.",
        subcommands: [DbCopyCommand.self])
}

struct DbCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy", abstract: "Copy an SQLite file into an empty PostgreSQL database (a team's set-up).",
        discussion: """
            Stop the engine on the file first (the board and `retoma engine`): while its lease is unexpired the copy \
            is refused, and the lease itself is never copied. Every table and row goes over with its ids in one \
            transaction, so a failure leaves the target empty; a target that already holds data is refused. Without \
            --to the configured database is the target (--db, RETOMA_DB or url in [database] of the config), and it \
            must be PostgreSQL. The password comes from PGPASSWORD, ~/.pgpass or the config (chmod 600), never the URL. \
            Afterwards point every terminal and engine at the URL. \
            Pare o motor no arquivo antes; a cópia vai para um banco PostgreSQL vazio, tudo ou nada.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: ArgumentHelp("The SQLite file to copy.", valueName: "path")) var from: String
    @Option(name: .long, help: ArgumentHelp("The empty PostgreSQL database (default: the configured one).",
                                            valueName: "postgres://user@host:5432/dbname"))
    var to: String?
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func validate() throws {
        if from.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--from needs a file path") }
        if let to, to.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--to needs a postgres:// URL") }
    }

    func run() throws {
        let output = Output(lang: global.language)
        do {
            try copy(output)
        } catch {
            output.fail(error)
            throw ExitCode.failure
        }
    }

    private func copy(_ output: Output) throws {
        let lang = output.lang, pt = lang == .pt
        // The source is a file: a URL there is refused as --db refuses one it does not know.
        guard case .file(let path) = try DatabaseTarget.classify(from) else { throw DatabaseCopyError.sourceNotFile }
        try DatabaseCopy.checkSource(path)
        var options = global
        if let to { options.db = to }
        let choice = try options.databaseChoice()
        guard case .postgres(let url) = choice.target else { throw DatabaseCopyError.targetNotPostgres }
        let target = try PostgresDatabase(url: url, configPassword: choice.configPassword)
        defer { try? target.close() }
        let started = Date()
        var bar: ProgressBar?
        let report = try DatabaseCopy.copy(from: path, to: target) { step in
            switch step {
            case .copying(let table, let done, let total):
                if bar == nil { bar = ProgressBar(table, total: total, lang: lang) }
                bar?.update(done)
            case .copied(let table, let rows):
                bar?.finish()
                bar = nil
                // One line per table on stderr: a big file shows where it is, stdout keeps the summary alone.
                let words = pt ? "\(rows) \(rows == 1 ? "linha" : "linhas")" : "\(rows) \(rows == 1 ? "row" : "rows")"
                FileHandle.standardError.write(Data("\(table): \(words)\n".utf8))
            }
        }
        let seconds = Date().timeIntervalSince(started)
        if json {
            try output.json(CopyJSON(source: path, target: target.displayName, tables: report.tables, rows: report.rows,
                                     skipped: report.skipped, seconds: (seconds * 100).rounded() / 100))
            return
        }
        let time = String(format: "%.1f", seconds)
        let tables = report.tables.count
        output.say(pt: "Copiado: \(report.rows) linhas em \(tables) tabelas de \(path) para \(target.displayName) em \(time.replacingOccurrences(of: ".", with: ",")) s.",
                   en: "Copied: \(report.rows) rows in \(tables) tables from \(path) to \(target.displayName) in \(time) s.")
        output.say(pt: "O motor deve ficar parado no arquivo SQLite (o lease dele não foi copiado); aponte todos os terminais e motores para \(target.displayName) (--db ou RETOMA_DB).",
                   en: "Keep the engine stopped on the SQLite file (its lease was not copied); point every terminal and engine at \(target.displayName) (--db or RETOMA_DB).")
    }
}

private struct CopyJSON: Encodable {
    var source: String
    var target: String
    var tables: [DatabaseCopy.TableRows]
    var rows: Int
    var skipped: [String]
    var seconds: Double
}
