import Foundation
import PostgresNIO
import RetomaStore
import StoreTestBackend
import Synchronization
import XCTest
@testable import RetomaPostgres

/// Migrations on a real server: from empty, again, a newer Retoma's database, another program's database, and the
/// triggers the store relies on.
final class PostgresSchemaTests: XCTestCase {
    override func tearDown() {
        TestServer.dropCreated()
        super.tearDown()
    }

    func testAnEmptyDatabaseReachesTheLatestVersionAndReopeningChangesNothing() throws {
        let url = try TestServer.freshDatabase()
        let first = try PostgresDatabase(url: url, environment: [:])
        XCTAssertEqual(try PostgresSchema.version(first), PostgresSchema.latest)
        XCTAssertGreaterThanOrEqual(PostgresSchema.latest, 12)
        let tables = try first.read { c in
            try c.fetchAll(String.self, sql: "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")
        }
        for table in ["board", "board_column", "contact", "deal", "message", "followup_attempt", "agent_send", "send_log",
                      "engine_lease", "engine_settings", "early_delivery_status", "unassigned_conversation",
                      "unassigned_message", "column_instruction_version", "followup_result", "followup_daily",
                      "followup_event", "retoma_schema"] {
            XCTAssertTrue(tables.contains(table), "\(table) in \(tables)")
        }
        _ = try first.write { try $0.execute(sql: "INSERT INTO board (name) VALUES ('Vendas')") }
        try first.close()

        let again = try PostgresDatabase(url: url, environment: [:])
        defer { try? again.close() }
        XCTAssertEqual(try again.read { try $0.fetchAll(String.self, sql: "SELECT name FROM board") }, ["Vendas"])
        XCTAssertEqual(try again.read { try $0.fetchOne(Int64.self, sql: "SELECT COUNT(*) FROM retoma_schema") },
                       Int64(PostgresSchema.migrations.count), "each migration recorded once")
    }

    func testTwoInstancesOpeningAnEmptyDatabaseAtOnceMigrateItOnce() throws {
        let url = try TestServer.freshDatabase()
        let results = Mutex<[String]>([])
        let done = DispatchGroup()
        for _ in 0..<2 {
            DispatchQueue.global().async(group: done) {
                do {
                    let db = try PostgresDatabase(url: url, environment: [:])
                    try db.close()
                    results.withLock { $0.append("ok") }
                } catch {
                    results.withLock { $0.append("\(error)") }
                }
            }
        }
        XCTAssertEqual(done.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(results.withLock { $0 }, ["ok", "ok"])
    }

    func testADatabaseOfANewerRetomaIsRefusedUntouched() throws {
        let url = try TestServer.freshDatabase()
        try PostgresDatabase(url: url, environment: [:]).close()
        let settings = try PostgresSettings.parse(url, environment: [:])
        try TestServer.withConnection(settings) { c in
            _ = try c.simpleQuery("INSERT INTO retoma_schema (version, migrated_at) VALUES (99, 0)").wait()
        }
        XCTAssertThrowsError(try PostgresDatabase(url: url, environment: [:])) { error in
            XCTAssertEqual(error as? PostgresSetupError,
                           .newerSchema(database: settings.displayName, found: 99, known: PostgresSchema.latest))
            XCTAssertTrue((error as? PostgresSetupError)?.message(.pt).contains("versão mais nova") ?? false)
        }
    }

    func testANonEmptyDatabaseOfAnotherProgramIsRefusedUntouched() throws {
        let url = try TestServer.freshDatabase()
        let settings = try PostgresSettings.parse(url, environment: [:])
        try TestServer.withConnection(settings) { c in _ = try c.simpleQuery("CREATE TABLE invoices (id int)").wait() }
        XCTAssertThrowsError(try PostgresDatabase(url: url, environment: [:])) { error in
            XCTAssertEqual(error as? PostgresSetupError, .foreignDatabase(database: settings.displayName))
        }
        let tables = try TestServer.withConnection(settings) { c in
            try c.simpleQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").wait().count
        }
        XCTAssertEqual(tables, 1, "nothing was created")
    }

    /// A database left at v12 (by an earlier Retoma) moves on one step at a time, its data carried along.
    func testADatabaseAtV12MigratesForwardWithItsData() throws {
        let url = try TestServer.freshDatabase()
        let settings = try PostgresSettings.parse(url, environment: [:])
        try TestServer.withConnection(settings) { c in
            for statement in Placeholders.translate(PostgresSchemaV12.sql).statements + [
                "CREATE TABLE retoma_schema (version BIGINT PRIMARY KEY, migrated_at BIGINT NOT NULL)",
                "INSERT INTO retoma_schema VALUES (12, 0)",
                "INSERT INTO board (name) VALUES ('Vendas')",
                "INSERT INTO board_column (board_id, name, position, fu_instructions) VALUES (1, 'A', 0, 'seja breve')",
                "INSERT INTO column_instruction_version VALUES (1, 1, 'seja breve', '', 1700000000, 'ana')",
            ] {
                _ = try c.query(PostgresQuery(unsafeSQL: statement), logger: Logger(label: "test")).wait()
            }
        }
        let db = try PostgresDatabase(settings: settings)
        defer { try? db.close() }
        XCTAssertEqual(try PostgresSchema.version(db), PostgresSchema.latest)
        let row = try db.read { c in
            try c.fetchOne(sql: "SELECT revision, instruction_version, instructions, saved_at, operator FROM column_config_version")
        }
        XCTAssertEqual(row?.values, [.integer(1), .integer(1), .text("seja breve"), .integer(1_700_000_000), .text("ana")])
    }

    func testTriggersKeepDealCountsSearchTextAndDailyCounters() throws {
        let db = try PostgresDatabase(url: try TestServer.freshDatabase(), environment: [:])
        defer { try? db.close() }
        let counts = try db.write { c -> [Int64] in
            let board = try c.insert(sql: "INSERT INTO board (name) VALUES (?)", arguments: ["Vendas"])
            let a = try c.insert(sql: "INSERT INTO board_column (board_id, name, position) VALUES (?, 'A', 0)", arguments: [board])
            let b = try c.insert(sql: "INSERT INTO board_column (board_id, name, position) VALUES (?, 'B', 1)", arguments: [board])
            let contact = try c.insert(sql: "INSERT INTO contact (name, phone) VALUES ('Ana', '+5511')", arguments: [])
            let deal = try c.insert(sql: """
                INSERT INTO deal (column_id, position, title, contact_id, created_at, search_text) VALUES (?, 0, 'T', ?, 0, 't ana')
                """, arguments: [a, contact])
            try c.execute(sql: "UPDATE deal SET column_id = ? WHERE id = ?", arguments: [b, deal])
            try c.execute(sql: "UPDATE contact SET name = 'Bia' WHERE id = ?", arguments: [contact])
            XCTAssertEqual(try c.fetchOne(sql: "SELECT search_text FROM deal")?.values, [.null], "cleared for recomputing")
            try c.execute(sql: """
                INSERT INTO followup_result (message_id, deal_id, column_id, attempt, version, sent_at, sent_day)
                VALUES (1, ?, ?, 1, 1, 0, 0)
                """, arguments: [deal, b])
            try c.execute(sql: """
                UPDATE followup_result SET reply_message_id = 2, reply_at = 10, reply_day = 1, reply_within_24h = 1
                """)
            return try c.fetchAll(Int64.self, sql: "SELECT deal_count FROM board_column ORDER BY id")
                + (try c.fetchAll(sql: "SELECT sent, replied_24h, replied_72h, replies FROM followup_daily ORDER BY day"))
                    .flatMap { row in row.values.compactMap { Int64.decode($0) } }
        }
        XCTAssertEqual(counts, [0, 1, 1, 1, 1, 0, 0, 0, 0, 1])
    }
}
