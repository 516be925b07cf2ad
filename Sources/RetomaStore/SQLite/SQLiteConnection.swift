import Foundation
import GRDB

/// One GRDB connection seen through the seam, for the length of one transaction (or one migration).
final class SQLiteConnection: SQLConnection {
    let db: Database

    init(_ db: Database) { self.db = db }

    var dialect: SQLDialect { .sqlite }

    @discardableResult
    func execute(sql: String, arguments: SQLArguments) throws -> Int {
        try Self.mapped {
            // Without arguments `sql` may be several statements (a migration's DDL); with them it is one, and the
            // prepared statement is kept for the next call (the import's inserts run thousands of times).
            if arguments.isEmpty {
                try db.execute(sql: sql)
            } else {
                try db.cachedStatement(sql: sql).execute(arguments: Self.grdb(arguments))
            }
            return db.changesCount
        }
    }

    func insert(sql: String, arguments: SQLArguments) throws -> Int64 {
        try execute(sql: sql, arguments: arguments)
        return db.lastInsertedRowID
    }

    func fetchAll(sql: String, arguments: SQLArguments) throws -> [SQLRow] {
        try Self.mapped {
            let statement = try db.cachedStatement(sql: sql)
            let columns = statement.columnNames
            return try Row.fetchAll(statement, arguments: Self.grdb(arguments)).map { Self.row($0, columns) }
        }
    }

    /// A statement of its own rather than a cached one: `body` may run other statements on this connection,
    /// and one of them could otherwise be handed the very statement this loop is still stepping through.
    func forEachRow(sql: String, arguments: SQLArguments, _ body: (SQLRow) throws -> Void) throws {
        let (statement, rows): (Statement, RowCursor) = try Self.mapped {
            let statement = try db.makeStatement(sql: sql)
            return (statement, try Row.fetchCursor(statement, arguments: Self.grdb(arguments)))
        }
        let columns = statement.columnNames
        while let row = try Self.mapped({ try rows.next() }) {
            try body(Self.row(row, columns))
        }
    }

    static func grdb(_ arguments: SQLArguments) -> StatementArguments {
        // Straight to GRDB's own values: no boxing of each argument on the way.
        StatementArguments(arguments.values.map { value -> DatabaseValue in
            switch value {
            case .null: return .null
            case .integer(let i): return i.databaseValue
            case .real(let d): return d.databaseValue
            case .text(let s): return s.databaseValue
            case .blob(let bytes): return Data(bytes).databaseValue
            }
        })
    }

    static func row(_ row: Row, _ columns: [String]) -> SQLRow {
        var values: [SQLValue] = []
        values.reserveCapacity(columns.count)
        for index in 0..<columns.count {
            switch (row[index] as DatabaseValue).storage {
            case .null: values.append(.null)
            case .int64(let i): values.append(.integer(i))
            case .double(let d): values.append(.real(d))
            case .string(let s): values.append(.text(s))
            case .blob(let data): values.append(.blob([UInt8](data)))
            }
        }
        return SQLRow(columns: columns, values: values)
    }

    /// GRDB's errors as the seam's kinds; everything else (the store's own refusals) passes through untouched.
    static func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw sqlError(error)
        }
    }

    static func sqlError(_ error: DatabaseError) -> SQLError {
        let kind: SQLError.Kind
        switch error.resultCode {
        case .SQLITE_CONSTRAINT: kind = .constraint
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: kind = .notADatabase
        case .SQLITE_BUSY, .SQLITE_LOCKED: kind = .busy
        default: kind = .other
        }
        // SQLite's own message, without the statement or its arguments.
        return SQLError(kind, error.message ?? error.description)
    }
}

extension SQLConnection {
    /// SQLite's default 2 MB page cache makes a 100,000-deal transaction spill and re-read its pages while it
    /// inserts: a bulk write gets 64 MB (taken only as used) until the returned closure gives the connection its
    /// own back. Other databases size their caches themselves.
    func enlargeCacheForBulkWrite() throws -> () -> Void {
        guard let sqlite = self as? SQLiteConnection else { return {} }
        let cache = try sqlite.fetchOne(Int.self, sql: "PRAGMA cache_size") ?? -2000
        try sqlite.execute(sql: "PRAGMA cache_size = -65536")
        return { _ = try? sqlite.execute(sql: "PRAGMA cache_size = \(cache)") }
    }
}
