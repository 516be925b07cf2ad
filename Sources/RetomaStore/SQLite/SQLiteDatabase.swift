import Foundation
import GRDB
import Synchronization

/// The embedded default: one SQLite file through GRDB's pool (one writer, concurrent readers, WAL).
public final class SQLiteDatabase: SQLDatabase {
    public let path: String
    let pool: DatabasePool
    /// Set when other local users can read the database or its folder (the opening still succeeds).
    public let exposure: FileExposure?

    public var dialect: SQLDialect { .sqlite }
    public var displayName: String { path }

    /// Opens the database at `path`, creating it (and its folders) when missing, and migrates it.
    /// Refuses, without changing anything, a file that is not an SQLite database, an SQLite
    /// database of another program, and a database written by a newer Retoma.
    public init(path: String) throws(StoreError) {
        self.path = path
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
        if let dbError = error as? DatabaseError {
            return Store.storeError(from: SQLiteConnection.sqlError(dbError), path: path)
        }
        return Store.storeError(from: error, path: path)
    }

    public func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try SQLiteConnection.mapped { try pool.write { db in try body(SQLiteConnection(db)) } }
    }

    public func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try SQLiteConnection.mapped { try pool.read { db in try body(SQLiteConnection(db)) } }
    }

    /// SQLite's `data_version` on the writing connection: it changes whenever another connection (another
    /// process, above all) commits, and only then. With the kernel watching the file (`FileChangeWatch`, made on
    /// the first look), it is read only after a write to the file or its log, and at most a second apart otherwise:
    /// a screen may look five times a second without asking the database anything while nothing is written.
    public func changeToken() throws -> Int64 {
        let watch = fileWatch()
        let now = Date()
        if let watch {
            let seen = looked.withLock { $0 }
            let changes = watch.changes
            if let seen, changes == seen.changes, now >= seen.at, now.timeIntervalSince(seen.at) < 1,
               now >= seen.recheckUntil { return seen.version }
        }
        let changesBefore = watch?.changes ?? 0
        let version = try SQLiteConnection.mapped {
            try pool.writeWithoutTransaction { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
        }
        looked.withLock { seen in
            // A write reported now may belong to a commit not yet visible: look again for half a second.
            let fresh = seen.map { $0.changes != changesBefore } ?? false
            let recheck = fresh ? now.addingTimeInterval(0.5) : (seen?.recheckUntil ?? .distantPast)
            seen = (changesBefore, now, version, recheck)
        }
        return version
    }

    /// True once the kernel watches the file: `changeToken()` then answers from this process until a write.
    public var changeTokenIsLocal: Bool { fileWatch() != nil }

    private func fileWatch() -> FileChangeWatch? {
        watchState.withLock { state in
            if !state.tried {
                state.tried = true
                state.watch = FileChangeWatch(path: path)
            }
            return state.watch
        }
    }

    private struct WatchState: ~Copyable {
        var tried = false
        var watch: FileChangeWatch?
    }
    private let watchState = Mutex(WatchState())
    private let looked = Mutex<(changes: Int64, at: Date, version: Int64, recheckUntil: Date)?>(nil)

    /// The writing connection's `PRAGMA synchronous` (2 = FULL), for the durability test.
    public func synchronousLevel() throws -> Int {
        try SQLiteConnection.mapped {
            try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
        }
    }

    /// Closes the file. SQLite then folds the write-ahead log back into the database and removes
    /// the -wal/-shm files, leaving one self-contained file. The database is unusable afterwards.
    public func close() throws {
        watchState.withLock { $0.watch?.stop() }
        try SQLiteConnection.mapped {
            try pool.close()
            // GRDB closes its read-write connection before the read-only readers, and a read-only
            // connection cannot remove the log. A last read-write open and close does.
            try DatabaseQueue(path: path, configuration: Self.waiting).close()
        }
    }
}
