@testable import RetomaStore

/// Statements another program runs on the store's data, through the store's own database so they run on
/// either backend (SQLite or PostgreSQL) with the same SQL.
extension Store {
    func writeBehind(_ sql: String, _ arguments: SQLArguments = []) throws {
        try database.write { _ = try $0.execute(sql: sql, arguments: arguments) }
    }

    func readBehind(_ sql: String, _ arguments: SQLArguments = []) throws -> [SQLRow] {
        try database.read { try $0.fetchAll(sql: sql, arguments: arguments) }
    }
}
