import Foundation

/// The two databases the store runs on. The store writes one SQL for both; the few spellings that differ
/// come from here, so they are chosen in one place.
public enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// The larger of two values (SQLite's two-argument MAX, PostgreSQL's GREATEST).
    public func greatest(_ a: String, _ b: String) -> String {
        self == .sqlite ? "MAX(\(a), \(b))" : "GREATEST(\(a), \(b))"
    }

    /// The smaller of two values.
    public func least(_ a: String, _ b: String) -> String {
        self == .sqlite ? "MIN(\(a), \(b))" : "LEAST(\(a), \(b))"
    }

    /// LIKE that ignores ASCII case, as SQLite's LIKE does by default.
    public var likeIgnoringCase: String { self == .sqlite ? "LIKE" : "ILIKE" }

    /// An inner join SQLite's planner must take in the order written (its CROSS JOIN, which may have an ON);
    /// a plain JOIN on PostgreSQL, where CROSS JOIN takes no ON.
    public var joinInOrder: String { self == .sqlite ? "CROSS JOIN" : "JOIN" }

    /// After a table name: SQLite's `INDEXED BY`, where its planner would otherwise pick a worse index;
    /// nothing on PostgreSQL, whose planner takes no hints.
    public func indexHint(_ index: String) -> String { self == .sqlite ? "INDEXED BY \(index)" : "" }

    /// After a SELECT in `SQLDatabase.claim`: PostgreSQL locks the rows it returns and passes over rows another
    /// transaction holds, so engines claiming at once get disjoint rows; SQLite's single writer needs nothing.
    public func lockSkippingLocked(of table: String) -> String {
        self == .sqlite ? "" : "FOR UPDATE OF \(table) SKIP LOCKED"
    }
}

/// Why a statement failed, as the store needs to tell it apart. The message never holds bound values.
public struct SQLError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// A UNIQUE, CHECK, NOT NULL or foreign-key rule refused the change.
        case constraint
        /// The file or server is not a database of ours, or is damaged.
        case notADatabase
        /// Another writer held the lock for longer than the wait allowed.
        case busy
        /// The connection to a database server was lost or refused.
        case connection
        case other
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// One connection inside a transaction (or a read snapshot). Statements use `?` placeholders on either
/// database. Only the store's own code holds one, and only for the length of the block it was given to.
public protocol SQLConnection: AnyObject {
    var dialect: SQLDialect { get }

    /// Runs a statement that returns no rows; returns how many rows it changed. Without arguments, `sql` may
    /// hold several statements separated by semicolons (migrations, batches of DDL).
    @discardableResult
    func execute(sql: String, arguments: SQLArguments) throws -> Int

    /// Runs an INSERT into a table with an `id` key and returns the new row's id.
    func insert(sql: String, arguments: SQLArguments) throws -> Int64

    func fetchAll(sql: String, arguments: SQLArguments) throws -> [SQLRow]

    /// Streams the rows to `body`, for results too large to hold at once (exports, reports). `body` may run other
    /// statements on the same connection (the backfills write as they read).
    func forEachRow(sql: String, arguments: SQLArguments, _ body: (SQLRow) throws -> Void) throws
}

extension SQLConnection {
    @discardableResult
    public func execute(sql: String) throws -> Int { try execute(sql: sql, arguments: []) }

    public func fetchAll(sql: String) throws -> [SQLRow] { try fetchAll(sql: sql, arguments: []) }

    public func forEachRow(sql: String, _ body: (SQLRow) throws -> Void) throws {
        try forEachRow(sql: sql, arguments: [], body)
    }

    public func fetchOne(sql: String, arguments: SQLArguments = []) throws -> SQLRow? {
        try fetchAll(sql: sql, arguments: arguments).first
    }

    /// The first column of the first row; nil when there is no row or the value is NULL.
    public func fetchOne<T: SQLValueConvertible>(_ type: T.Type, sql: String, arguments: SQLArguments = []) throws -> T? {
        guard let row = try fetchOne(sql: sql, arguments: arguments), let first = row.values.first else { return nil }
        if case .null = first { return nil }
        guard let value = T.decode(first) else {
            throw SQLError(.other, "column \(row.columns.first ?? "?") holds \(first), not \(T.self)")
        }
        return value
    }

    /// The first column of every row; NULLs are left out.
    public func fetchAll<T: SQLValueConvertible>(_ type: T.Type, sql: String, arguments: SQLArguments = []) throws -> [T] {
        try fetchAll(sql: sql, arguments: arguments).compactMap { row in
            guard let first = row.values.first else { return nil }
            if case .null = first { return nil }
            return T.decode(first)
        }
    }
}

/// A database the store can run on: SQLite through GRDB (the embedded default) or a PostgreSQL server.
/// Writes are transactions serialised against every other writer of the same database (other processes
/// and hosts included), so the store's checks-then-writes keep the meaning they have on one SQLite file.
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }

    /// Where the data is, for messages: a file path, or a server URL without its password.
    var displayName: String { get }

    /// One write transaction; a thrown error rolls it back.
    func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T

    /// A consistent read of committed data.
    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T

    /// A write transaction that takes only the row locks its statements ask for (`dialect.lockSkippingLocked`),
    /// not the lock every `write` takes: engines on several hosts claim disjoint due work at the same time. Only
    /// for statements that change rows they locked that way. SQLite has one writer, so it is `write` there.
    func claim<T>(_ body: (any SQLConnection) throws -> T) throws -> T

    /// The database server's clock, for processes on hosts whose clocks may differ; nil where the database is a
    /// file on this host, whose clock is the one every process here reads.
    func serverTime() throws -> Date?

    /// A number that changes whenever another connection commits (SQLite's `data_version`; on PostgreSQL, the
    /// count of change notifications received), so a process can notice others' writes cheaply.
    func changeToken() throws -> Int64

    /// True when `changeToken()` reads a count kept in this process (PostgreSQL's notifications, pushed by the
    /// server), so looking at it often costs the database nothing; false when it asks the database (SQLite).
    var changeTokenIsLocal: Bool { get }

    func close() throws
}

extension SQLDatabase {
    public func claim<T>(_ body: (any SQLConnection) throws -> T) throws -> T { try write(body) }

    public func serverTime() throws -> Date? { nil }
}

extension SQLDatabase {
    public var changeTokenIsLocal: Bool { false }
}
