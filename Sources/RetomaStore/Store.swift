import Foundation
import GRDB
import RetomaCore

/// The SQLite file behind the boards. Every write runs in one transaction, so a refused
/// operation leaves nothing half-written. Safe to share between threads.
public final class Store: Sendable {
    public let path: String
    let pool: DatabasePool
    let now: @Sendable () -> Date
    /// Who is at this terminal (`OperatorName.resolve`): signs the messages typed, cards moved, tickets closed or
    /// reopened, owners assigned and follow-up configurations saved through this store. The engine's own changes
    /// are never signed with it.
    public let operatorName: String
    /// Set when other local users can read the database or its folder (the opening still succeeds).
    public let exposure: FileExposure?
    /// Writes made to fail on purpose, for the tests of the engine's recovery paths.
    let faults = FaultPlan()

    /// Opens the database at `path`, creating it (and its folders) when missing.
    /// Refuses, without changing anything, a file that is not an SQLite database, an SQLite
    /// database of another program, and a database written by a newer Retoma.
    public init(path: String, now: @escaping @Sendable () -> Date = { Date() },
                operatorName: String = OperatorName.loginName) throws(StoreError) {
        self.path = path
        self.now = now
        self.operatorName = operatorName
        switch try DatabaseFile.inspect(path: path) {
        case .missing:
            try DatabaseFile.createParentDirectory(of: path)
            try DatabaseFile.createEmpty(path: path)
        case .empty:
            break
        case .sqlite:
            try Self.checkCompatible(path: path)
        }
        var config = Self.waiting
        config.foreignKeysEnabled = true
        do {
            pool = try DatabasePool(path: path, configuration: config)
            // GRDB's WAL set-up leaves the writer at NORMAL, where a power loss can undo a commit: the ledger's
            // `sending` mark must survive one, or the attempt goes back to `ready` and is sent twice.
            // The pool's only writing connection is this one, so FULL here covers every write.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try Schema.migrator.migrate(pool)
        } catch {
            throw Self.storeError(from: error, path: path)
        }
        // After opening, so -wal and -shm files left wide by an earlier version are seen too.
        exposure = DatabaseFile.exposure(path: path)
    }

    /// Every connection waits for a lock instead of failing: the board, a script and an engine may write at
    /// once, and the first process to open a file after a crash recovers its log while the others must wait
    /// (without it, an engine started next to a `followup set` right after a kill -9 died "database is locked").
    static var waiting: Configuration {
        var config = Configuration()
        config.busyMode = .timeout(5)
        return config
    }

    /// Looks at an existing file before anything migrates it. The connection only reads. It is not
    /// opened read-only on purpose: a read-only connection to a WAL database leaves -wal/-shm files
    /// behind, while a normal one removes them when it closes.
    private static func checkCompatible(path: String) throws(StoreError) {
        do {
            let queue = try DatabaseQueue(path: path, configuration: waiting)
            defer { try? queue.close() }
            let verdict: StoreError? = try queue.read { db in
                if try Schema.migrator.hasBeenSuperseded(db) { return .newerSchema(path: path) }
                let hasHistory = try db.tableExists("grdb_migrations")
                let tables = try String.fetchAll(db, sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                    """)
                if !hasHistory && !tables.isEmpty { return .foreignDatabase(path: path) }
                return nil
            }
            if let verdict { throw verdict }
        } catch let error as StoreError {
            throw error
        } catch {
            throw storeError(from: error, path: path)
        }
    }

    static func storeError(from error: any Error, path: String) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        if let dbError = error as? DatabaseError {
            if dbError.resultCode == .SQLITE_NOTADB || dbError.resultCode == .SQLITE_CORRUPT {
                return .notADatabase(path: path)
            }
            return .io(dbError.message ?? dbError.description)
        }
        return .io(String(describing: error))
    }

    /// Closes the file. SQLite then folds the write-ahead log back into the database and removes
    /// the -wal/-shm files, leaving one self-contained file. The store is unusable afterwards.
    public func close() throws(StoreError) {
        do {
            try pool.close()
            // GRDB closes its read-write connection before the read-only readers, and a read-only
            // connection cannot remove the log. A last read-write open and close does.
            try DatabaseQueue(path: path, configuration: Self.waiting).close()
        } catch {
            throw Self.storeError(from: error, path: path)
        }
    }

    /// SQLite's `data_version` on the writing connection: it changes whenever another connection (another
    /// process, above all) commits, and only then. The engine compares it to notice other processes' writes.
    public func dataVersion() throws(StoreError) -> Int64 {
        do {
            return try pool.writeWithoutTransaction { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
        } catch {
            throw Self.storeError(from: error, path: path)
        }
    }

    /// The writing connection's `PRAGMA synchronous` (2 = FULL), for the durability test.
    public func synchronousLevel() throws(StoreError) -> Int {
        do {
            return try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
        } catch {
            throw Self.storeError(from: error, path: path)
        }
    }

    /// One write transaction; any thrown error rolls it back. `operation` names the caller for `faults`.
    func write<T>(operation: String = #function, _ body: (Database) throws -> T) throws(StoreError) -> T {
        if faults.shouldFail(operation) { throw .io("injected failure of \(operation)") }
        do {
            return try pool.write { db in
                let result = try body(db)
                // A title, contact name, company or phone the body changed: the deal's search text follows here.
                try CardSearch.fillMissing(db)
                return result
            }
        } catch {
            throw Self.storeError(from: error, path: path)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw Self.storeError(from: error, path: path)
        }
    }
}
