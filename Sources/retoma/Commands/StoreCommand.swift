import ArgumentParser
import RetomaCore
import RetomaStore

/// A refusal that explains itself and has an exit status of its own (e.g. 3 for the bulk-send guard).
protocol CommandRefusal: Error {
    var exitStatus: Int32 { get }
    func write(_ lang: Lang)
}

/// A subcommand that works on the database: opens it, runs, and turns any refusal into one line
/// on stderr and exit status 1 (or the refusal's own status).
protocol StoreCommand: ParsableCommand {
    var global: GlobalOptions { get }
    func run(store: Store, output: Output) throws
}

extension StoreCommand {
    func run() throws {
        let output = Output(lang: global.language)
        do {
            let store = try global.openStore(operatorName: try global.operatorName())
            output.warnIfExposed(store)
            // Closing folds the write-ahead log back, so one self-contained file is left behind.
            defer { try? store.close() }
            try run(store: store, output: output)
        } catch let refusal as any CommandRefusal {
            refusal.write(output.lang)
            throw ExitCode(refusal.exitStatus)
        } catch {
            output.fail(error)
            throw ExitCode.failure
        }
    }
}
