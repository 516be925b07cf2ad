import Foundation
import Testing

/// Every conversation is in the database: Retoma makes it owner-only and says when it is not.
@Suite("Database file modes through the CLI", .serialized)
struct DatabaseModeCLITests {
    @Test func aNewDatabaseIsOwnerOnlyUnderTheUsualUmaskAndAWiderOneIsReportedOnce() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("dados/retoma.db")
        let previous = umask(0o022)   // inherited by the child process
        defer { umask(previous) }
        let created = try run(["demo", "--deals", "2", "--db", db])
        #expect(created.status == 0 && created.stderr.isEmpty, "\(created)")
        #expect(try mode(db) == 0o600)
        #expect(try mode(folder.path("dados")) == 0o700)

        #expect(chmod(db, 0o644) == 0)
        for lang in ["en", "pt"] {
            let listed = try run(["board", "list", "--db", db, "--lang", lang])
            #expect(listed.status == 0 && listed.stdout.contains("Vendas"), "\(listed)")
            let lines = listed.stderr.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 2 && lines[0].hasPrefix("retoma: ") && lines[0].contains(db) && lines[0].contains("0644")
                    && lines[0].contains("chmod 600"), "one warning line: \(listed)")
        }
        let engine = try run(["engine", "--once", "--dry-run", "--json", "--db", db],
                             env: ["RETOMA_AI_BASE_URL": "http://127.0.0.1:9/v1", "RETOMA_AI_MODEL": "m",
                                   "XDG_CONFIG_HOME": folder.path("config")])
        #expect(engine.status == 0 && json(engine.stdout) != nil, "the JSON on stdout is untouched: \(engine)")
        #expect(engine.stderr.split(separator: "\n").count == 1 && engine.stderr.contains(db), "\(engine)")
        #expect(try mode(db) == 0o644, "reported, not changed")
    }

    func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require((attributes[.posixPermissions] as? NSNumber)?.intValue)
    }
}
