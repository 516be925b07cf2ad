import Testing
@testable import retoma

/// Which locations are files, which PostgreSQL, and which URLs are refused (`DatabaseTarget.classify`).
@Suite("Database locations")
struct DatabaseTargetTests {
    @Test func postgresURLsInEitherSpellingSelectPostgres() throws {
        #expect(try DatabaseTarget.classify("postgres://u@h/d") == .postgres(url: "postgres://u@h/d"))
        #expect(try DatabaseTarget.classify("PostgreSQL://u@h/d") == .postgres(url: "PostgreSQL://u@h/d"))
    }

    @Test func otherURLsAreRefusedByTheirSchemeAlone() {
        for (location, scheme) in [("ftp://x", "ftp"), ("sqlite:board.db", "sqlite"), ("file:///tmp/a.db", "file"),
                                   ("mysql+tcp://u:secret@h/d", "mysql+tcp"), ("backup:2026.db", "backup")] {
            #expect(throws: DatabaseLocationError.unknownScheme(scheme), "\(location)") { try DatabaseTarget.classify(location) }
        }
        #expect(!DatabaseLocationError.unknownScheme("mysql").message(.en).contains("secret"))
    }

    @Test func pathsStayFiles() throws {
        for path in ["retoma.db", "/var/lib/retoma/retoma.db", "./dados:2026/retoma.db", "C:/Dados/retoma.db", "d:\\retoma.db",
                     "/tmp/a:b.db", "notes:", "1x:y"] {
            #expect(try DatabaseTarget.classify(path) == .file(path), "\(path)")
        }
    }
}
