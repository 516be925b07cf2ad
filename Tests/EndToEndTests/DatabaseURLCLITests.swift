import Foundation
import Testing

/// `--db`, `RETOMA_DB` and the config's `[database] url` take a file path or a postgres:// URL; any other URL is
/// refused instead of becoming a folder named after its scheme, and a password in a URL is refused unrepeated.
@Suite("Database URLs through the CLI", .serialized)
struct DatabaseURLCLITests {
    /// `retoma ARGS` run from inside `folder`, so a location taken for a relative path would land there.
    func runIn(_ folder: TemporaryFolder, _ arguments: [String], env: [String: String] = [:]) throws -> ProcessResult {
        let quoted = ([try Binary.retoma().path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return try Subprocess.run("/bin/sh", ["-c", "cd '\(folder.url.path)' && exec " + quoted.joined(separator: " ")],
                                  environment: testEnvironment(["XDG_CONFIG_HOME": folder.path("config")].merging(env) { $1 }))
    }

    func created(_ folder: TemporaryFolder) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0 != "config" }.sorted()
    }

    @Test func anUnknownSchemeIsRefusedAndCreatesNothing() throws {
        let folder = try TemporaryFolder()
        for (location, lang, words) in [("ftp://x", "en", "a URL Retoma does not know"), ("sqlite:board.db", "pt", "URL que o Retoma não conhece")] {
            let result = try runIn(folder, ["board", "list", "--db", location, "--lang", lang])
            #expect(result.status == 1 && result.stdout.isEmpty, "\(result)")
            #expect(result.stderr.hasPrefix("retoma: ") && result.stderr.contains(words)
                    && result.stderr.split(separator: "\n").count == 1, "\(result)")
        }
        let fromEnvironment = try runIn(folder, ["board", "list"], env: ["RETOMA_DB": "https://example.com/db"])
        #expect(fromEnvironment.status == 1 && fromEnvironment.stderr.contains("\"https:…\""), "\(fromEnvironment)")
        #expect(try created(folder) == [], "no folder named after a scheme")
    }

    @Test func aPasswordInAPostgresURLIsRefusedWithoutRepeatingIt() throws {
        let folder = try TemporaryFolder()
        for lang in ["en", "pt"] {
            let result = try runIn(folder, ["board", "list", "--db", "postgres://u:secret@h/d", "--lang", lang])
            #expect(result.status == 1 && result.stdout.isEmpty, "\(result)")
            #expect(result.stderr.contains("PGPASSWORD") && !result.stderr.contains("secret")
                    && result.stderr.split(separator: "\n").count == 1, "\(result)")
        }
        #expect(try created(folder) == [], "no folder postgres: appeared")
    }

    @Test func theConfigsURLIsUsedWhenNothingElseChose() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path("config/retoma"), withIntermediateDirectories: true)
        try "[database]\nurl = \"gopher://old\"\n".write(toFile: folder.path("config/retoma/config.toml"), atomically: true, encoding: .utf8)
        let refused = try runIn(folder, ["board", "list"])
        #expect(refused.status == 1 && refused.stderr.contains("\"gopher:…\""), "\(refused)")
        // A flag wins over the config.
        let file = try runIn(folder, ["board", "list", "--db", folder.path("ok.db")])
        #expect(file.status == 0, "\(file)")
        #expect(FileManager.default.fileExists(atPath: folder.path("ok.db")))
    }
}
