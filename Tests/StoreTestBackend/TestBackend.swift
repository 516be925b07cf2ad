import Foundation
import RetomaCore
import RetomaPostgres
import RetomaStore
import Testing

/// The database the store and engine tests run on: `RETOMA_TEST_BACKEND=sqlite` (the default) or `postgres`
/// (the server from TestServer). One behavioural suite, two backends.
public enum TestBackend: String, Sendable {
    case sqlite
    case postgres

    public static let current: TestBackend = {
        let value = ProcessInfo.processInfo.environment["RETOMA_TEST_BACKEND"] ?? ""
        if value.isEmpty { return .sqlite }
        // A misspelt backend must not quietly run the SQLite suite a second time.
        guard let backend = TestBackend(rawValue: value.lowercased()) else {
            fatalError("RETOMA_TEST_BACKEND must be sqlite or postgres, not \"\(value)\"")
        }
        return backend
    }()
}

extension Trait where Self == ConditionTrait {
    /// For tests about SQLite files themselves (modes, WAL, pragmas, older files, GRDB): on PostgreSQL they are
    /// reported as skipped with `why`, never run and passed.
    public static func sqliteOnly(_ why: Comment) -> Self {
        .enabled(if: TestBackend.current == .sqlite, "not applicable on PostgreSQL: \(why)")
    }
}

/// One test's database: a file in a private folder, or a fresh database on the test server, dropped when the
/// value is let go of. `open` may be called again for a second store on the same data (another terminal).
public final class TestDatabase: @unchecked Sendable {
    public let backend: TestBackend
    /// The SQLite file's path; on PostgreSQL the database's URL.
    public let location: String
    private let postgresName: String?

    /// `file` is where the SQLite file goes; PostgreSQL ignores it.
    public init(file: String, backend: TestBackend = .current) throws {
        self.backend = backend
        switch backend {
        case .sqlite:
            location = file
            postgresName = nil
        case .postgres:
            location = try TestServer.freshDatabase()
            postgresName = try PostgresSettings.parse(location, environment: [:]).database
        }
    }

    deinit {
        guard let postgresName else { return }
        TestServer.created.withLock { $0.removeAll { $0 == postgresName } }
        // FORCE ends the connections of stores the test did not close.
        try? TestServer.admin("DROP DATABASE IF EXISTS \(postgresName) WITH (FORCE)")
    }

    /// A store on this database with the test's clock.
    public func open(now: @escaping @Sendable () -> Date = { Date() },
                     operatorName: String = OperatorName.loginName) throws -> Store {
        switch backend {
        case .sqlite:
            return try Store(path: location, now: now, operatorName: operatorName)
        case .postgres:
            return Store(database: try PostgresDatabase(url: location, environment: [:]), now: now,
                         operatorName: operatorName)
        }
    }
}
