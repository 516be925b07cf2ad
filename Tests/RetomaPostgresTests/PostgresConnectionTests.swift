import Foundation
import RetomaCore
import RetomaStore
import StoreTestBackend
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

    /// The test server speaks TLS with a self-signed certificate named only "retoma-test-server" (scripts/postgres.sh).
    func testSSLModesKeepLibpqsMeaning() throws {
        let url = try TestServer.freshDatabase()
        let certificate = try TestServer.certificate()
        func encrypted(_ query: String) throws -> Bool {
            let db = try PostgresDatabase(url: url.replacingOccurrences(of: "sslmode=disable", with: query), environment: [:])
            defer { try? db.close() }
            return try db.read { c in
                try c.fetchOne(Bool.self, sql: "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            } ?? false
        }
        XCTAssertFalse(try encrypted("sslmode=disable"))
        XCTAssertFalse(try encrypted("sslmode=allow"), "allow: plain while the server accepts it")
        XCTAssertTrue(try encrypted("sslmode=prefer"))
        XCTAssertTrue(try encrypted("sslmode=require"), "require checks no certificate")
        XCTAssertTrue(try encrypted("sslmode=verify-ca&sslrootcert=\(certificate)"), "signed by the authority given")
        XCTAssertThrowsError(try encrypted("sslmode=verify-full&sslrootcert=\(certificate)"), "the name is not 127.0.0.1") { error in
            guard case .connect? = error as? PostgresSetupError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try encrypted("sslmode=verify-ca&sslrootcert=system"), "no system authority signed it") { error in
            guard case .connect? = error as? PostgresSetupError else { return XCTFail("\(error)") }
        }
        let folder = NSTemporaryDirectory() + "retoma-noca-" + UUID().uuidString
        XCTAssertThrowsError(try encrypted("sslmode=verify-full&sslrootcert=\(folder)/ca.pem")) { error in
            XCTAssertEqual(error as? PostgresSetupError, .rootCertificateMissing(path: folder + "/ca.pem"))
        }
    }
}
