import Foundation
import Testing

/// Tests that run `retoma` against one database file of their own.
protocol DatabaseCommands {
    var db: String { get }
}

extension DatabaseCommands {
    /// Runs the command on `db` (with `env` added), expects success with nothing on stderr, and returns stdout.
    @discardableResult
    func ok(_ arguments: [String], env: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments + ["--db", db], env: env)
        #expect(result.status == 0 && result.stderr.isEmpty, "\(arguments): \(result)", sourceLocation: sourceLocation)
        return result.stdout
    }
}
