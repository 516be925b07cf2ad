import ArgumentParser
import RetomaStore

/// A subcommand that works on the database: opens it, runs, and turns any refusal into one line
/// on stderr and exit status 1.
protocol StoreCommand: ParsableCommand {
    var global: GlobalOptions { get }
    func run(store: Store, output: Output) throws
}

extension StoreCommand {
    func run() throws {
        let output = Output(lang: global.language)
        do {
            let store = try Store(path: global.databasePath)
            // Closing folds the write-ahead log back, so one self-contained file is left behind.
            defer { try? store.close() }
            try run(store: store, output: output)
        } catch {
            output.fail(error)
            throw ExitCode.failure
        }
    }
}
