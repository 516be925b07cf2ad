import Foundation
import PostgresNIO
import RetomaStore

/// One server connection inside a transaction, seen through the store's seam: `?` placeholders, the five
/// `SQLValue`s, and `SQLError` kinds told by SQLSTATE.
final class PostgresSQLConnection: SQLConnection {
    let connection: PostgresConnection
    unowned let database: PostgresDatabase
    private var cursors = 0

    init(_ connection: PostgresConnection, database: PostgresDatabase) {
        self.connection = connection
        self.database = database
    }

    var dialect: SQLDialect { .postgres }

    @discardableResult
    func execute(sql: String, arguments: SQLArguments) throws -> Int {
        let translation = database.translation(of: sql)
        if arguments.isEmpty && translation.statements.count > 1 {
            // The extended query protocol takes one statement at a time: a batch (a migration's DDL) runs in turn.
            var changed = 0
            for statement in translation.statements {
                changed += try query(PostgresDatabase.Translation(sql: statement, placeholders: 0), []).metadata.rows ?? 0
            }
            return changed
        }
        return try query(translation, arguments).metadata.rows ?? 0
    }

    func insert(sql: String, arguments: SQLArguments) throws -> Int64 {
        var statement = sql.trimmingCharacters(in: .whitespacesAndNewlines)
        while statement.hasSuffix(";") { statement.removeLast() }
        let result = try query(database.translation(of: statement + " RETURNING id"), arguments)
        guard let row = result.rows.first, let cell = row.first,
              case .integer(let id) = try Self.value(cell) else {
            throw SQLError(.other, "the INSERT returned no id (nothing was inserted)")
        }
        return id
    }

    func fetchAll(sql: String, arguments: SQLArguments) throws -> [SQLRow] {
        let result = try query(database.translation(of: sql), arguments)
        return try result.rows.map(Self.row)
    }

    /// A server-side cursor read in batches, so `body` may run other statements on this connection between
    /// them and a large result is never held at once. Every transaction here is one, so the cursor lives in it.
    func forEachRow(sql: String, arguments: SQLArguments, _ body: (SQLRow) throws -> Void) throws {
        cursors += 1
        let name = "retoma_cursor_\(cursors)"
        let translation = database.translation(of: sql)
        try query(PostgresDatabase.Translation(sql: "DECLARE \(name) NO SCROLL CURSOR FOR " + translation.sql,
                                               placeholders: translation.placeholders), arguments)
        while true {
            let batch = try run("FETCH FORWARD 500 FROM \(name)")
            for row in batch.rows { try body(try Self.row(row)) }
            if batch.rows.count < 500 { break }
        }
        try run("CLOSE \(name)")
    }

    /// A fixed statement of our own, with no arguments.
    @discardableResult
    func run(_ sql: String) throws -> PostgresQueryResult {
        try query(PostgresDatabase.Translation(sql: sql, placeholders: 0), [])
    }

    private func query(_ translation: PostgresDatabase.Translation, _ arguments: SQLArguments) throws -> PostgresQueryResult {
        guard translation.placeholders == arguments.values.count else {
            throw SQLError(.other, "the statement has \(translation.placeholders) placeholders but \(arguments.values.count) arguments")
        }
        do {
            return try connection.query(PostgresQuery(unsafeSQL: translation.sql, binds: Self.bindings(arguments)),
                                        logger: database.logger).wait()
        } catch {
            throw Self.sqlError(error, arguments: arguments, database: database)
        }
    }

    // MARK: Values

    static func bindings(_ arguments: SQLArguments) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: arguments.values.count)
        for value in arguments.values {
            switch value {
            // An unspecified type (OID 0): the server infers it from where the placeholder stands.
            case .null: bindings.appendNull()
            case .integer(let i): bindings.append(i)
            case .real(let d): bindings.append(d)
            case .text(let s): bindings.append(s)
            case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            }
        }
        return bindings
    }

    static func row(_ row: PostgresRow) throws -> SQLRow {
        var columns: [String] = []
        var values: [SQLValue] = []
        for cell in row {
            columns.append(cell.columnName)
            values.append(try value(cell))
        }
        return SQLRow(columns: columns, values: values)
    }

    /// A cell as one of the seam's values: integers of any width, booleans as 0/1, NUMERIC (what SUM of BIGINT
    /// returns) as an integer when whole and in range, else a real.
    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard let bytes = cell.bytes else { return .null }
        do {
            switch cell.dataType {
            case .int2, .int4, .int8:
                return .integer(try cell.decode(Int64.self))
            case .bool:
                return .integer(try cell.decode(Bool.self) ? 1 : 0)
            case .float4, .float8:
                return .real(try cell.decode(Double.self))
            case .numeric:
                let text = "\(try cell.decode(Decimal.self))"
                if let whole = Int64(text) { return .integer(whole) }
                guard let real = Double(text) else { throw SQLError(.other, "column \(cell.columnName) holds a number out of range") }
                return .real(real)
            case .bytea:
                return .blob(Array(bytes.readableBytesView))
            case .text, .varchar, .name, .bpchar, .unknown:
                return .text(try cell.decode(String.self))
            default:
                throw SQLError(.other, "column \(cell.columnName) has a type the store does not read (OID \(cell.dataType.rawValue))")
            }
        } catch let error as SQLError {
            throw error
        } catch {
            throw SQLError(.other, "column \(cell.columnName) could not be read as \(cell.dataType)")
        }
    }

    // MARK: Errors

    /// The driver's error as the seam's kind; the store's own errors pass through. The server's primary message
    /// is kept (never its DETAIL, which repeats the row's values), with any bound text or number blanked out.
    static func sqlError(_ error: any Error, arguments: SQLArguments, database: PostgresDatabase) -> any Error {
        if error is SQLError || error is PostgresSetupError { return error }
        guard let error = error as? PSQLError else { return error }
        if let state = error.serverInfo?[.sqlState] {
            let kind: SQLError.Kind
            switch state {
            case _ where state.hasPrefix("23"): kind = .constraint
            case _ where state.hasPrefix("08"), "57P01", "57P02", "57P03": kind = .connection
            case "40001", "40P01", "55P03": kind = .busy
            default: kind = .other
            }
            let message = redacted(error.serverInfo?[.message] ?? "the server refused the statement", arguments)
            return SQLError(kind, "\(message) (SQLSTATE \(state))")
        }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .sslUnsupported,
             .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return SQLError(.connection, "lost the connection to PostgreSQL at \(database.displayName): \(PostgresDatabase.reason(error))")
        default:
            return SQLError(.other, "PostgreSQL: \(error.code)")
        }
    }

    static func redacted(_ message: String, _ arguments: SQLArguments) -> String {
        var message = message
        for value in arguments.values {
            let shown: String
            switch value {
            case .text(let s): shown = s
            case .integer(let i): shown = String(i)
            case .real(let d): shown = String(d)
            case .null, .blob: continue
            }
            // Short values (a 1, an "a") would blank out ordinary words; they say nothing about anyone either.
            if shown.count >= 3 { message = message.replacingOccurrences(of: shown, with: "…") }
        }
        return message
    }
}
