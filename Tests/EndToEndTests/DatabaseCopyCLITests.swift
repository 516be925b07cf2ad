import Foundation
import StoreTestBackend
import Testing

/// `retoma db copy` through the real binary, against the test PostgreSQL server (scripts/postgres.sh; without
/// RETOMA_TEST_POSTGRES_URL it is started here, and the tests fail if it cannot be).
@Suite("db copy through the CLI", .serialized)
struct DatabaseCopyCLITests {
    @Test func theDemoBoardComesOverAndASecondCopyIsRefused() throws {
        let folder = try TemporaryFolder()
        let source = folder.path("retoma.db")
        let target = try TestDatabase(file: "", backend: .postgres)
        let env = ["XDG_CONFIG_HOME": folder.path("config")]
        #expect(try run(["demo", "--db", source], env: env).status == 0)

        let copied = try run(["db", "copy", "--from", source, "--to", target.location, "--json"], env: env)
        #expect(copied.status == 0, "\(copied)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(copied.stdout.utf8)) as? [String: Any])
        let tables = try #require(summary["tables"] as? [[String: Any]])
        #expect(tables.contains { $0["table"] as? String == "deal" && $0["rows"] as? Int == 24 }, "\(summary)")
        #expect(summary["skipped"] as? [String] == ["engine_lease"])
        #expect(copied.stderr.contains("deal: 24 linhas\n") && copied.stderr.contains("board: 1 linha\n"), "\(copied)")

        // What the commands read is the same on both sides.
        for arguments in [["board", "list", "--json"], ["deal", "list", "--json"], ["log", "--json"]] {
            let file = try run(arguments + ["--db", source], env: env), server = try run(arguments + ["--db", target.location], env: env)
            #expect(file.status == 0 && server.status == 0 && file.stdout == server.stdout, "\(arguments): \(file) \(server)")
        }

        // Once more into the same database: refused, one line, nothing added; RETOMA_DB names the target here.
        let again = try run(["db", "copy", "--from", source, "--lang", "pt"], env: env.merging(["RETOMA_DB": target.location]) { $1 })
        #expect(again.status == 1 && again.stdout.isEmpty, "\(again)")
        #expect(again.stderr.hasPrefix("retoma: o destino já tem 1 quadro") && again.stderr.split(separator: "\n").count == 1, "\(again)")
        let deals = try run(["deal", "list", "--json", "--db", target.location], env: env)
        #expect(deals.stdout.components(separatedBy: "\"title\"").count - 1 == 24, "\(deals)")

        let human = try run(["db", "copy", "--from", source, "--to", target.location, "--lang", "en"], env: env)
        #expect(human.status == 1 && human.stderr.contains("the target already holds 1 board"), "\(human)")
    }

    @Test func theSummarySaysToKeepTheEngineStopped() throws {
        let folder = try TemporaryFolder()
        let source = folder.path("retoma.db")
        let target = try TestDatabase(file: "", backend: .postgres)
        let env = ["XDG_CONFIG_HOME": folder.path("config")]
        #expect(try run(["board", "add", "--name", "Vendas", "--db", source], env: env).status == 0)
        let copied = try run(["db", "copy", "--from", source, "--to", target.location, "--lang", "pt"], env: env)
        #expect(copied.status == 0, "\(copied)")
        #expect(copied.stdout.contains("Copiado: ") && copied.stdout.contains("O motor deve ficar parado no arquivo SQLite"),
                "\(copied)")
        #expect(!copied.stdout.contains("password") && !copied.stderr.contains("password"))
    }

    @Test func refusalsAreOneLineAndCreateNothing() throws {
        let folder = try TemporaryFolder()
        let env = ["XDG_CONFIG_HOME": folder.path("config")]
        let missing = folder.path("nao-existe.db")
        let target = try TestDatabase(file: "", backend: .postgres)

        let absent = try run(["db", "copy", "--from", missing, "--to", target.location, "--lang", "pt"], env: env)
        #expect(absent.status == 1 && absent.stderr.contains("não existe") && absent.stderr.split(separator: "\n").count == 1,
                "\(absent)")
        #expect(!FileManager.default.fileExists(atPath: missing))
        let tables = try run(["board", "list", "--json", "--db", target.location], env: env)
        let boards = try JSONSerialization.jsonObject(with: Data(tables.stdout.utf8)) as? [String: Any]
        #expect((boards?["boards"] as? [Any])?.isEmpty == true, "the target was not touched: \(tables)")

        let source = folder.path("retoma.db")
        #expect(try run(["board", "add", "--name", "Vendas", "--db", source], env: env).status == 0)
        let password = try run(["db", "copy", "--from", source, "--to", "postgres://u:secret@127.0.0.1/d"], env: env)
        #expect(password.status == 1 && password.stderr.contains("PGPASSWORD") && !password.stderr.contains("secret"),
                "\(password)")

        // Without --to the configured database is the target, and it must be PostgreSQL.
        let toFile = try run(["db", "copy", "--from", source, "--lang", "en"], env: env.merging(["RETOMA_DB": folder.path("other.db")]) { $1 })
        #expect(toFile.status == 1 && toFile.stderr.contains("copying to an SQLite file is not supported"), "\(toFile)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("other.db")))

        let fromURL = try run(["db", "copy", "--from", target.location, "--to", target.location, "--lang", "en"], env: env)
        #expect(fromURL.status == 1 && fromURL.stderr.contains("--from takes the path of an SQLite file"), "\(fromURL)")

        let usage = try run(["db", "copy", "--to", target.location], env: env)
        #expect(usage.status == 64 && usage.stderr.contains("--from"), "a usage error: \(usage)")
    }
}
