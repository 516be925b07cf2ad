import Foundation
import RetomaCore
import RetomaStore
import XCTest
@testable import RetomaPostgres

/// Reaching the server: passwords (scram-sha-256 for the role `retoma_password`, see scripts/postgres.sh) and
/// sslmode against a server without TLS.
final class PostgresConnectionTests: XCTestCase {
    override func tearDown() {
        TestServer.dropCreated()
        super.tearDown()
    }

    /// A database owned by a role that must give `password`.
    func passwordDatabase(_ password: String) throws -> String {
        try TestServer.admin("""
            DO $$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'retoma_password') THEN CREATE ROLE retoma_password LOGIN; END IF;
            END $$
            """)
        try TestServer.admin("ALTER ROLE retoma_password PASSWORD '\(password)'")
        let url = try TestServer.freshDatabase(owner: "retoma_password")
        return url.replacingOccurrences(of: "://retoma@", with: "://retoma_password@")
    }

    func testThePasswordComesFromPGPASSWORDOrPgpassAndNeverShowsInAnError() throws {
        let password = "pw-" + UUID().uuidString
        let url = try passwordDatabase(password)
        let db = try PostgresDatabase(url: url, environment: ["PGPASSWORD": password])
        _ = try db.write { try $0.execute(sql: "INSERT INTO board (name) VALUES ('Vendas')") }
        try db.close()

        let folder = NSTemporaryDirectory() + "retoma-pgpass-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "*:*:*:retoma_password:\(password)\n".write(toFile: folder + "/.pgpass", atomically: true, encoding: .utf8)
        chmod(folder + "/.pgpass", 0o600)
        let fromFile = try PostgresDatabase(url: url, environment: ["HOME": folder])
        XCTAssertEqual(try fromFile.read { try $0.fetchAll(String.self, sql: "SELECT name FROM board") }, ["Vendas"])
        try fromFile.close()

        let wrong = "wrong-" + UUID().uuidString
        XCTAssertThrowsError(try PostgresDatabase(url: url, environment: ["PGPASSWORD": wrong])) { error in
            guard case .connect(_, let reason)? = error as? PostgresSetupError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("28P01") || reason.contains("password"), reason)
            for lang in [Lang.en, .pt] {
                let message = (error as? PostgresSetupError)?.message(lang) ?? ""
                XCTAssertFalse(message.contains(wrong) || message.contains(password), message)
            }
            XCTAssertFalse("\(error)".contains(wrong) || String(reflecting: error).contains(wrong))
        }
    }

    func testAnUnreachableServerIsAConnectionErrorNamingTheServer() throws {
        XCTAssertThrowsError(try PostgresDatabase(url: "postgres://u@127.0.0.1:9/d?connect_timeout=2", environment: ["PGPASSWORD": "pw-zz9"])) { error in
            guard case .connect(let database, _)? = error as? PostgresSetupError else { return XCTFail("\(error)") }
            XCTAssertEqual(database, "postgres://u@127.0.0.1:9/d")
            XCTAssertFalse("\(error)".contains("pw-zz9"))
        }
    }

    /// The test server has no TLS: `prefer` and `allow` fall back to plain, `require` and `verify-*` refuse.
    func testSSLModesKeepLibpqsMeaningAgainstAServerWithoutTLS() throws {
        let url = try TestServer.freshDatabase()
        for mode in ["disable", "allow", "prefer"] {
            let db = try PostgresDatabase(url: url.replacingOccurrences(of: "sslmode=disable", with: "sslmode=\(mode)"), environment: [:])
            try db.close()
        }
        XCTAssertThrowsError(try PostgresDatabase(url: url.replacingOccurrences(of: "sslmode=disable", with: "sslmode=require"),
                                                  environment: [:])) { error in
            guard case .connect? = error as? PostgresSetupError else { return XCTFail("\(error)") }
        }
        let folder = NSTemporaryDirectory() + "retoma-noca-" + UUID().uuidString
        XCTAssertThrowsError(try PostgresDatabase(url: url.replacingOccurrences(of: "sslmode=disable",
                                                                                with: "sslmode=verify-full&sslrootcert=\(folder)/ca.pem"),
                                                  environment: [:])) { error in
            XCTAssertEqual(error as? PostgresSetupError, .rootCertificateMissing(path: folder + "/ca.pem"))
        }
    }
}
