import Foundation
import PostgresNIO
import RetomaPostgres
import Synchronization

/// The real PostgreSQL server the tests run against: `RETOMA_TEST_POSTGRES_URL` (scripts/test.sh starts one),
/// else one started here through the same script. Each test gets a database of its own, dropped afterwards.
/// Shared by the driver's tests and the store and engine tests run on PostgreSQL (see TestBackend).
public enum TestServer {
    public static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/postgres.sh").path

    public static let url: Result<String, TestServerError> = {
        if let url = ProcessInfo.processInfo.environment["RETOMA_TEST_POSTGRES_URL"], !url.isEmpty { return .success(url) }
        return runScript("start")
    }()

    /// The server's self-signed certificate (`scripts/postgres.sh cert`).
    public static func certificate() throws -> String {
        _ = try url.get()
        return try runScript("cert").get()
    }

    /// The script's last line of output, or why it failed.
    public static func runScript(_ command: String) -> Result<String, TestServerError> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script, command]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { return .failure(TestServerError("cannot run \(script): \(error)")) }
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let line = printed.split(separator: "\n").last.map(String.init) else {
            return .failure(TestServerError("""
                no PostgreSQL for the tests: RETOMA_TEST_POSTGRES_URL is unset or \(script) \(command) failed \
                (status \(process.terminationStatus)): \(complaint)
                """))
        }
        return .success(line)
    }

    public static func settings() throws -> PostgresSettings {
        try PostgresSettings.parse(try url.get(), environment: [:])
    }

    /// A new empty database on the server; its URL (the superuser's, trusted on loopback).
    public static func freshDatabase(owner: String? = nil) throws -> String {
        let name = "retoma_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try admin("CREATE DATABASE \(name)" + (owner.map { " OWNER \($0)" } ?? ""))
        created.withLock { $0.append(name) }
        let base = try url.get()
        var components = base.split(separator: "?", maxSplits: 1).map(String.init)
        let slash = components[0].range(of: "/", options: .backwards)!
        components[0] = String(components[0][..<slash.upperBound]) + name
        return components.joined(separator: "?")
    }

    public static let created = Mutex<[String]>([])

    /// Runs `sql` as the superuser on the server's own database (roles, databases).
    public static func admin(_ sql: String) throws {
        try withConnection(try settings()) { connection in
            _ = try connection.simpleQuery(sql).wait()
        }
    }

    /// A plain connection of the driver's own kind, outside any PostgresDatabase (for set-ups the store never does).
    public static func withConnection<T>(_ settings: PostgresSettings, _ body: (PostgresConnection) throws -> T) throws -> T {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        guard case .tcp(let host, let port) = settings.endpoint else { throw TestServerError("the test server is on TCP") }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let connection = try PostgresConnection.connect(
            on: group.next(),
            configuration: .init(host: host, port: port, username: settings.user, password: settings.password,
                                 database: settings.database, tls: .disable),
            id: 1, logger: logger).wait()
        defer { _ = try? connection.close().wait() }
        return try body(connection)
    }

    /// Drops the databases the tests made (called from each test class's tearDown).
    public static func dropCreated() {
        let names = created.withLock { names -> [String] in
            defer { names.removeAll() }
            return names
        }
        for name in names { try? admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }
}

public struct TestServerError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
