import Foundation
import RetomaCore
import XCTest
@testable import RetomaPostgres

/// Reading PostgreSQL URLs and finding their password, as libpq does; pure except for the .pgpass files.
final class PostgresSettingsTests: XCTestCase {
    func testReadsAURLWithEveryPart() throws {
        let s = try PostgresSettings.parse("postgres://ana@db.example.com:6543/vendas?sslmode=verify-full&sslrootcert=/etc/ca.pem",
                                           environment: [:])
        XCTAssertEqual(s.endpoint, .tcp(host: "db.example.com", port: 6543))
        XCTAssertEqual(s.user, "ana")
        XCTAssertEqual(s.database, "vendas")
        XCTAssertEqual(s.sslMode, .verifyFull)
        XCTAssertEqual(s.sslRootCert, "/etc/ca.pem")
        XCTAssertNil(s.password)
        XCTAssertEqual(s.displayName, "postgres://ana@db.example.com:6543/vendas")
    }

    func testDefaultsAreLibpqs() throws {
        let s = try PostgresSettings.parse("postgresql://db/", environment: ["USER": "rui"])
        XCTAssertEqual(s.endpoint, .tcp(host: "db", port: 5432))
        XCTAssertEqual(s.user, "rui")
        XCTAssertEqual(s.database, "rui", "the database is named after the user")
        XCTAssertEqual(s.sslMode, .prefer)
        XCTAssertEqual(try PostgresSettings.parse("POSTGRES://u@h/d", environment: ["PGSSLMODE": "require"]).sslMode, .require)
        XCTAssertEqual(try PostgresSettings.parse("postgres://u@[::1]:7000/d", environment: [:]).endpoint, .tcp(host: "::1", port: 7000))
    }

    func testEverySSLModeAndNoOther() throws {
        for mode in ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] {
            XCTAssertEqual(try PostgresSettings.parse("postgres://u@h/d?sslmode=\(mode)", environment: [:]).sslMode.rawValue, mode)
        }
        XCTAssertThrowsError(try PostgresSettings.parse("postgres://u@h/d?sslmode=sometimes", environment: [:])) {
            XCTAssertTrue("\($0)".contains("sslmode \"sometimes\""), "\($0)")
        }
    }

    func testUnixSocketFolders() throws {
        let byParameter = try PostgresSettings.parse("postgres://u@/d?host=/run/pg&port=5433", environment: [:])
        XCTAssertEqual(byParameter.endpoint, .socket(folder: "/run/pg", port: 5433))
        XCTAssertEqual(byParameter.endpoint.socketPath, "/run/pg/.s.PGSQL.5433")
        XCTAssertEqual(try PostgresSettings.parse("postgresql://u@%2Fvar%2Frun%2Fpg/d", environment: [:]).endpoint,
                       .socket(folder: "/var/run/pg", port: 5432))
        XCTAssertEqual(try PostgresSettings.parse("postgres:///d", environment: ["USER": "u"]).endpoint,
                       .socket(folder: "/var/run/postgresql", port: 5432), "no host: the default socket folder")
    }

    func testAPasswordInTheURLIsRefusedWithoutRepeatingIt() {
        for url in ["postgres://u:s3cr3t-pw@h/d", "postgres://u@h/d?password=s3cr3t-pw", "postgres://u:s3cr3t-pw@h:bad/d?x"] {
            XCTAssertThrowsError(try PostgresSettings.parse(url, environment: [:])) { error in
                XCTAssertEqual(error as? PostgresSetupError, .passwordInURL, url)
                for lang in [Lang.en, .pt] {
                    let message = (error as? PostgresSetupError)?.message(lang) ?? ""
                    XCTAssertFalse(message.contains("s3cr3t"), message)
                    XCTAssertTrue(message.contains("PGPASSWORD"), message)
                }
            }
        }
    }

    func testMalformedURLsSayWhy() {
        let cases = ["postgres://u@h:99999/d": "port", "postgres://u@h/d?nope=1": "unknown parameter \"nope\"",
                     "postgres://u@a,b/d": "several hosts", "postgres://u@h/d?connect_timeout=0": "connect_timeout",
                     "postgres://u@h/ d": "blanks", "postgres://u@[::1/d": "IPv6"]
        for (url, why) in cases {
            XCTAssertThrowsError(try PostgresSettings.parse(url, environment: [:])) {
                XCTAssertTrue("\($0)".contains(why), "\(url): \($0)")
            }
        }
    }

    /// The reason inside the message speaks the message's language: no English inside a Portuguese line.
    func testMalformedURLsSayWhyInPortugueseToo() {
        let cases = ["postgres://u@h:99999/d": "a porta deve ser um número", "postgres://u@h/d?sslmode=x": "não é um de",
                     "postgres://u@h/d?nope=1": "parâmetro desconhecido", "postgres://@h/d": "falta o nome de usuário",
                     "postgres://u@h/%ZZ": "o nome do banco tem um escape % quebrado", "postgres://u@[::1/d": "IPv6"]
        for (url, why) in cases {
            XCTAssertThrowsError(try PostgresSettings.parse(url, environment: [:])) {
                let pt = ($0 as? PostgresSetupError)?.message(.pt) ?? ""
                XCTAssertTrue(pt.contains(why), "\(url): \(pt)")
                for english in ["must be", "is not one of", "unknown", "has a broken", "lacks"] {
                    XCTAssertFalse(pt.contains(english), "\(url): \(pt)")
                }
            }
        }
    }

    func testThePasswordComesFromTheEnvironmentThenTheConfigThenPgpass() throws {
        let folder = try temporaryFolder()
        let pgpass = folder + "/pgpass"
        try "h:5432:d:u:from-file\n".write(toFile: pgpass, atomically: true, encoding: .utf8)
        chmod(pgpass, 0o600)
        let url = "postgres://u@h/d"
        XCTAssertEqual(try PostgresSettings.parse(url, environment: ["PGPASSWORD": "from-env", "PGPASSFILE": pgpass],
                                                  configPassword: "from-config").password, "from-env")
        XCTAssertEqual(try PostgresSettings.parse(url, environment: ["PGPASSFILE": pgpass], configPassword: "from-config").password,
                       "from-config")
        XCTAssertEqual(try PostgresSettings.parse(url, environment: ["PGPASSFILE": pgpass]).password, "from-file")
        XCTAssertEqual(try PostgresSettings.parse(url, environment: ["HOME": folder]).password, nil, "no ~/.pgpass there")
        XCTAssertFalse("\(try PostgresSettings.parse(url, environment: ["PGPASSWORD": "from-env"]))".contains("from-env"),
                       "settings print without their password")
    }

    func testPgpassMatchesAsLibpqDoes() throws {
        let file = """
            # comment:*:*:*:no
            other:5432:d:u:wrong-host
            h:5433:*:u:wrong-port
            *:5432:d:u:pa\\:ss\\\\word:with:colons
            """
        func password(_ url: String) throws -> String? {
            PGPass.lookup(file, settings: try PostgresSettings.parseURL(url, environment: [:]))
        }
        XCTAssertEqual(try password("postgres://u@h/d"), "pa:ss\\word:with:colons")
        XCTAssertEqual(try password("postgres://u@h:5433/x"), "wrong-port")
        XCTAssertNil(try password("postgres://v@h/d"))
        XCTAssertEqual(PGPass.lookup("localhost:5432:d:u:sock\n", settings: try PostgresSettings.parseURL("postgres://u@/d?host=/run/pg", environment: [:])),
                       "sock", "a socket matches localhost")
    }

    func testAPgpassOthersCanReadIsRefused() throws {
        let folder = try temporaryFolder()
        let pgpass = folder + "/.pgpass"
        try "*:*:*:*:secret-in-file\n".write(toFile: pgpass, atomically: true, encoding: .utf8)
        chmod(pgpass, 0o644)
        XCTAssertThrowsError(try PostgresSettings.parse("postgres://u@h/d", environment: ["HOME": folder])) { error in
            XCTAssertEqual(error as? PostgresSetupError, .passwordFileExposed(path: pgpass, mode: 0o644))
            XCTAssertTrue("\(error)".contains("chmod 600"), "\(error)")
            XCTAssertFalse("\(error)".contains("secret-in-file"))
        }
        chmod(pgpass, 0o600)
        XCTAssertEqual(try PostgresSettings.parse("postgres://u@h/d", environment: ["HOME": folder]).password, "secret-in-file")
    }

    func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "retoma-pg-settings-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }
}
