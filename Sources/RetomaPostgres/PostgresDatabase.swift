import Foundation
import PostgresNIO
import RetomaStore
import Synchronization

/// The store's database on a PostgreSQL server, for a team sharing one board. Synchronous, like the rest of the
/// store: each call waits on postgres-nio's futures from the caller's thread, over one small event loop group.
/// A few connections are kept and reused; the table of them is guarded by a lock, so the value is safe to share.
public final class PostgresDatabase: SQLDatabase {
    /// The advisory lock every Retoma write transaction takes first ("retoma" in ASCII). It serialises writes
    /// across processes and hosts as SQLite serialises its single writer, so the store's check-then-write steps
    /// keep the meaning they have on one file. Correctness first: readers are never held back, only writers queue.
    static let writeLockKey: Int64 = 0x7265_746f_6d61
    /// The channel each write transaction notifies before it commits; other processes count what they hear.
    static let changesChannel = "retoma_changes"
    static let keptConnections = 4

    public let settings: PostgresSettings
    public var dialect: SQLDialect { .postgres }
    public var displayName: String { settings.displayName }

    let group: MultiThreadedEventLoopGroup
    let logger: Logger
    /// This instance's NOTIFY payload: the listener skips it, so the change token moves on others' commits only.
    let instanceID = UUID().uuidString
    let changes = ChangeCounter()
    private let state = Mutex(State())

    struct State {
        var idle: [PostgresConnection] = []
        var listener: PostgresConnection?
        var closed = false
        var nextConnectionID = 0
        /// `?` → `$n` translations, by statement text (the store's statements are a fixed set).
        var translations: [String: Translation] = [:]
    }

    struct Translation {
        var sql: String
        var placeholders: Int
        /// The statements one by one, for a batch run without arguments (migrations).
        var statements: [String] = []
    }

    final class ChangeCounter: Sendable {
        let value = Atomic<Int64>(0)
    }

    /// Connects, checks the schema and migrates it (refusing a newer Retoma's database or another program's),
    /// and starts listening for other writers' changes.
    public init(settings: PostgresSettings) throws {
        self.settings = settings
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var logger = Logger(label: "retoma.postgres")
        // The driver's own logging would land on the terminal the board draws on.
        logger.logLevel = .critical
        self.logger = logger
        do {
            try PostgresSchema.migrate(self)
            try startListening()
        } catch {
            try? close()
            throw error
        }
    }

    /// Parses `url` (see `PostgresSettings.parse`) and opens it.
    public convenience init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                            configPassword: String? = nil) throws {
        try self.init(settings: PostgresSettings.parse(url, environment: environment, configPassword: configPassword))
    }

    deinit {
        try? close()
    }

    // MARK: Transactions

    public func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try transaction(begin: "BEGIN") { connection in
            try connection.run("SELECT pg_advisory_xact_lock(\(Self.writeLockKey))")
            let value = try body(connection)
            try connection.run("SELECT pg_notify('\(Self.changesChannel)', '\(instanceID)')")
            return value
        }
    }

    public func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    /// READ COMMITTED without the write lock: the body's `FOR UPDATE … SKIP LOCKED` rows are all it holds, so it
    /// never waits for another claim and another claim never waits for it. Nobody is notified: a claim is the
    /// engines' bookkeeping, nothing a screen shows.
    public func claim<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try transaction(begin: "BEGIN", body)
    }

    /// `clock_timestamp()`, the server's time now (not the transaction's start, which `now()` is).
    public func serverTime() throws -> Date? {
        try read { db in
            try db.fetchOne(Double.self, sql: "SELECT EXTRACT(EPOCH FROM clock_timestamp())::DOUBLE PRECISION")
                .map { Date(timeIntervalSince1970: $0) }
        }
    }

    /// BEGIN, the body, COMMIT; ROLLBACK on any throw. A connection whose transaction could not be closed
    /// cleanly is dropped rather than reused.
    private func transaction<T>(begin: String, _ body: (PostgresSQLConnection) throws -> T) throws -> T {
        let raw = try checkout()
        let connection = PostgresSQLConnection(raw, database: self)
        do {
            try connection.run(begin)
            let value = try body(connection)
            try connection.run("COMMIT")
            checkin(raw)
            return value
        } catch {
            if (try? connection.run("ROLLBACK")) != nil && !raw.isClosed {
                checkin(raw)
            } else {
                discard(raw)
            }
            throw error
        }
    }

    /// The count of change notifications heard from other instances' commits. A listener lost with its
    /// connection is started again, and the count moves once, since changes may have been missed meanwhile.
    public func changeToken() throws -> Int64 {
        let listening = state.withLock { state -> Bool in
            guard let listener = state.listener else { return false }
            return !listener.isClosed
        }
        if !listening {
            try startListening()
            changes.value.add(1, ordering: .relaxed)
        }
        return changes.value.load(ordering: .relaxed)
    }

    /// The count above is moved by the listener's connection as notifications arrive: reading it asks nothing.
    public var changeTokenIsLocal: Bool { true }

    public func close() throws {
        let (connections, wasClosed) = state.withLock { state -> ([PostgresConnection], Bool) in
            let wasClosed = state.closed
            state.closed = true
            let all = state.idle + (state.listener.map { [$0] } ?? [])
            state.idle = []
            state.listener = nil
            return (all, wasClosed)
        }
        for connection in connections { _ = try? connection.close().wait() }
        if !wasClosed { try? group.syncShutdownGracefully() }
    }

    // MARK: Connections

    private func startListening() throws {
        let connection = try connect()
        let counter = changes
        let own = instanceID
        connection.addListener(channel: Self.changesChannel) { _, notification in
            if notification.payload != own { counter.value.add(1, ordering: .relaxed) }
        }
        do {
            // Statements on one connection run in order: once this answers, LISTEN is in force.
            _ = try connection.query(PostgresQuery(unsafeSQL: "SELECT 1"), logger: logger).wait()
        } catch {
            _ = try? connection.close().wait()
            throw PostgresSQLConnection.sqlError(error, arguments: [], database: self)
        }
        let previous = state.withLock { state -> PostgresConnection? in
            defer { state.listener = connection }
            return state.listener
        }
        if let previous { _ = try? previous.close().wait() }
    }

    private func checkout() throws -> PostgresConnection {
        let reused = try state.withLock { state throws -> PostgresConnection? in
            if state.closed { throw SQLError(.connection, "the PostgreSQL database \(settings.displayName) was closed") }
            while let connection = state.idle.popLast() {
                if !connection.isClosed { return connection }
            }
            return nil
        }
        if let reused { return reused }
        return try connect()
    }

    private func checkin(_ connection: PostgresConnection) {
        let keep = state.withLock { state -> Bool in
            guard !state.closed, state.idle.count < Self.keptConnections else { return false }
            state.idle.append(connection)
            return true
        }
        if !keep { discard(connection) }
    }

    private func discard(_ connection: PostgresConnection) {
        _ = try? connection.close().wait()
    }

    /// One new connection as `settings` says, with libpq's sslmode meaning; errors hold no password.
    func connect() throws -> PostgresConnection {
        let id = state.withLock { state -> Int in
            state.nextConnectionID += 1
            return state.nextConnectionID
        }
        func attempt(_ tls: PostgresConnection.Configuration.TLS) throws -> PostgresConnection {
            var configuration: PostgresConnection.Configuration
            switch settings.endpoint {
            case .tcp(let host, let port):
                configuration = .init(host: host, port: port, username: settings.user, password: settings.password,
                                      database: settings.database, tls: tls)
                if settings.sslMode == .verifyFull { configuration.options.tlsServerName = host }
            case .socket:
                // libpq never uses TLS over a Unix socket, whatever sslmode says.
                configuration = .init(unixSocketPath: settings.endpoint.socketPath ?? "", username: settings.user,
                                      password: settings.password, database: settings.database)
            }
            configuration.options.connectTimeout = .seconds(Int64(settings.connectTimeoutSeconds))
            // A client that hangs inside a transaction must not hold every other writer's lock for ever.
            configuration.options.additionalStartupParameters = [
                ("application_name", "retoma"),
                ("lock_timeout", "\(settings.lockTimeoutSeconds)s"),
                ("idle_in_transaction_session_timeout", "60s"),
            ]
            do {
                return try PostgresConnection.connect(on: group.next(), configuration: configuration, id: id,
                                                      logger: logger).wait()
            } catch {
                throw PostgresSetupError.connect(database: settings.displayName, reason: Self.reason(error))
            }
        }
        switch settings.sslMode {
        case .disable:
            return try attempt(.disable)
        case .allow:
            // libpq's "allow": plain first, encrypted only when the server turns plain away.
            do { return try attempt(.disable) } catch { return try attempt(.prefer(try tlsContext(verify: .none))) }
        case .prefer:
            return try attempt(.prefer(try tlsContext(verify: .none)))
        case .require:
            return try attempt(.require(try tlsContext(verify: .none)))
        case .verifyCA:
            return try attempt(.require(try tlsContext(verify: .noHostnameVerification)))
        case .verifyFull:
            return try attempt(.require(try tlsContext(verify: .fullVerification)))
        }
    }

    private func tlsContext(verify: CertificateVerification) throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = verify
        if verify != .none {
            switch settings.sslRootCert {
            case "system"?:
                tls.trustRoots = .default
            case let path?:
                guard FileManager.default.fileExists(atPath: path) else { throw PostgresSetupError.rootCertificateMissing(path: path) }
                tls.trustRoots = .file(path)
            case nil:
                let path = NSHomeDirectory() + "/.postgresql/root.crt"
                guard FileManager.default.fileExists(atPath: path) else { throw PostgresSetupError.rootCertificateMissing(path: path) }
                tls.trustRoots = .file(path)
            }
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw PostgresSetupError.tls(String(describing: error))
        }
    }

    /// What went wrong, in words with neither the password nor the query: the server's own message when it
    /// answered, else the network's.
    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                return error.serverInfo?[.sqlState].map { "\(message) (SQLSTATE \($0))" } ?? message
            }
            if let underlying = error.underlying { return String(describing: underlying) }
            return String(describing: error.code)
        }
        return String(describing: error)
    }

    func translation(of sql: String) -> Translation {
        if let cached = state.withLock({ $0.translations[sql] }) { return cached }
        let translated = Placeholders.translate(sql)
        let translation = Translation(sql: translated.sql, placeholders: translated.count,
                                      statements: translated.statements)
        state.withLock { state in
            // The store's statements are a fixed set; built ones (IN lists) could grow it without end.
            if state.translations.count >= 4096 { state.translations.removeAll(keepingCapacity: true) }
            state.translations[sql] = translation
        }
        return translation
    }
}
