import Foundation
import RetomaCore

/// The database behind the boards: an SQLite file, or any other `SQLDatabase`. Every write runs in one
/// transaction, so a refused operation leaves nothing half-written. Safe to share between threads.
public final class Store: Sendable {
    /// Where the data is, for messages: the file path, or the server without its password.
    public let path: String
    let database: any SQLDatabase
    let now: @Sendable () -> Date
    /// Who is at this terminal (`OperatorName.resolve`): signs the messages typed, cards moved, tickets closed or
    /// reopened, owners assigned and follow-up configurations saved through this store. The engine's own changes
    /// are never signed with it.
    public let operatorName: String
    /// Set when other local users can read the database or its folder (the opening still succeeds).
    public let exposure: FileExposure?
    /// Writes made to fail on purpose, for the tests of the engine's recovery paths.
    let faults = FaultPlan()

    /// Opens the SQLite database at `path`, creating it (and its folders) when missing.
    /// Refuses, without changing anything, a file that is not an SQLite database, an SQLite
    /// database of another program, and a database written by a newer Retoma.
    public convenience init(path: String, now: @escaping @Sendable () -> Date = { Date() },
                            operatorName: String = OperatorName.loginName) throws(StoreError) {
        self.init(database: try SQLiteDatabase(path: path), now: now, operatorName: operatorName)
    }

    /// A store on a database already opened and migrated by its driver.
    public init(database: any SQLDatabase, now: @escaping @Sendable () -> Date = { Date() },
                operatorName: String = OperatorName.loginName) {
        self.database = database
        self.path = database.displayName
        self.now = now
        self.operatorName = operatorName
        exposure = (database as? SQLiteDatabase)?.exposure
    }

    static func storeError(from error: any Error, path: String) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        if let sqlError = error as? SQLError {
            if sqlError.kind == .notADatabase { return .notADatabase(path: path) }
            return .io(sqlError.message)
        }
        return .io(String(describing: error))
    }

    /// Closes the database. An SQLite file then has its write-ahead log folded back in, leaving one
    /// self-contained file. The store is unusable afterwards.
    public func close() throws(StoreError) {
        do {
            try database.close()
        } catch {
            throw Self.storeError(from: error, path: path)
        }
    }

    /// A number that changes whenever another connection (another process, above all) commits, and only then
    /// (SQLite's `data_version`). The engine compares it to notice other processes' writes.
    public func dataVersion() throws(StoreError) -> Int64 {
        do {
            return try database.changeToken()
        } catch {
            throw Self.storeError(from: error, path: path)
        }
    }

    /// True when `dataVersion()` costs the database nothing (PostgreSQL: notifications counted as they arrive),
    /// so a screen may look at it several times a second; on SQLite it is a read, done once a second.
    public var dataVersionIsLocal: Bool { database.changeTokenIsLocal }

    /// The writing connection's `PRAGMA synchronous` (2 = FULL), for the durability test. SQLite only.
    public func synchronousLevel() throws(StoreError) -> Int {
        guard let sqlite = database as? SQLiteDatabase else { throw .io("\(path) is not an SQLite database") }
        do {
            return try sqlite.synchronousLevel()
        } catch {
            throw Self.storeError(from: error, path: path)
        }
    }

    /// One write transaction; any thrown error rolls it back. `operation` names the caller for `faults`.
    /// Discardable: a body that ends in `execute` hands back its row count, which most callers do not need.
    @discardableResult
    func write<T>(operation: String = #function, _ body: (any SQLConnection) throws -> T) throws(StoreError) -> T {
        if faults.shouldFail(operation) { throw .io("injected failure of \(operation)") }
        do {
            return try database.write { db in
                let result = try body(db)
                // A title, contact name, company or phone the body changed: the deal's search text follows here.
                try CardSearch.fillMissing(db)
                return result
            }
        } catch {
            throw Self.storeError(from: error, path: path)
        }
    }

    func read<T>(_ body: (any SQLConnection) throws -> T) throws(StoreError) -> T {
        do {
            return try database.read(body)
        } catch {
            throw Self.storeError(from: error, path: path)
        }
    }

    /// A claim of rows (`SQLDatabase.claim`): a write that takes only the row locks it asks for.
    func claim<T>(operation: String = #function, _ body: (any SQLConnection) throws -> T) throws(StoreError) -> T {
        if faults.shouldFail(operation) { throw .io("injected failure of \(operation)") }
        do {
            return try database.claim(body)
        } catch {
            throw Self.storeError(from: error, path: path)
        }
    }

    /// The database server's clock now, where it is not this host's (PostgreSQL); nil for a file on this host.
    public func serverTime() throws(StoreError) -> Date? {
        do {
            return try database.serverTime()
        } catch {
            throw Self.storeError(from: error, path: path)
        }
    }
}
