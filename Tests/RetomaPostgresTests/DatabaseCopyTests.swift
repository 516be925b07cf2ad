import Foundation
import RetomaCore
import RetomaStore
import StoreTestBackend
import XCTest
@testable import RetomaPostgres

/// `retoma db copy`'s store side: an SQLite board copied into a fresh PostgreSQL database comes out row for row,
/// counters and sequences right, or not at all.
final class DatabaseCopyTests: XCTestCase {
    var folder: URL!
    let now = Date(timeIntervalSince1970: 1_764_590_400)   // 2025-12-01 12:00 UTC, a Monday
    static let number = SendingNumber(sender: "+5511900000000", governor: .standard, window: .unrestricted)

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("retoma-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
        TestServer.dropCreated()
        super.tearDown()
    }

    func target() throws -> PostgresDatabase { try PostgresDatabase(url: try TestServer.freshDatabase(), environment: [:]) }

    /// Two boards with what a team's file holds: columns with follow-up settings saved twice by two operators, deals
    /// with owners, a moved deal, messages ours, theirs and from the phone, a follow-up sent and answered, an agent
    /// send, an unassigned conversation and the brake pressed.
    func sourceBoard() throws -> (path: String, deals: [Int64]) {
        let path = folder.appendingPathComponent("retoma.db").path
        let clock = now
        let ana = try Store(path: path, now: { clock }, operatorName: "ana")
        defer { try? ana.close() }
        let bia = try Store(path: path, now: { clock }, operatorName: "bia")
        defer { try? bia.close() }
        let vendas = try ana.addBoard(name: "Vendas")
        let suporte = try ana.addBoard(name: "Suporte")
        let prospeccao = try ana.addColumn(boardID: vendas.id, name: "Prospecção")
        let fechado = try ana.addColumn(boardID: vendas.id, name: "Fechado")
        let chamados = try bia.addColumn(boardID: suporte.id, name: "Chamados")
        var config = FollowUpConfig.off
        (config.enabled, config.businessHoursOnly, config.interval) = (true, false, Interval(amount: 1, unit: .hours))
        config.instructions = "Pergunte se a proposta ficou clara."
        try ana.setFollowUp(columnID: prospeccao.id, config: config)
        config.maxAttempts = 3
        config.extraInfo = "Se for empresa, ofereça uma visita."
        try bia.setFollowUp(columnID: prospeccao.id, config: config)

        let site = try ana.addDeal(NewDeal(columnID: prospeccao.id, title: "Site da clínica", contactName: "Ana Souza",
                                           phone: "11987654321", valueCents: 1_250_000))
        let buffet = try ana.addDeal(NewDeal(columnID: prospeccao.id, title: "Buffet para 80 pessoas", contactName: "Carlos Lima",
                                             phone: "11912345678", valueCents: 480_000))
        let impressora = try bia.addDeal(NewDeal(columnID: chamados.id, title: "Impressora parada", contactName: "Ana Souza",
                                                 phone: "11987654321", valueCents: nil))
        _ = try ana.assignOwner(dealID: site.id, to: "ana")
        _ = try bia.assignOwner(dealID: impressora.id, to: "bia")
        _ = try ana.addMessage(dealID: site.id, author: .agent, text: "Oi, Ana! Segue a proposta do site.",
                               at: now.addingTimeInterval(-7200))
        _ = try ana.addMessage(dealID: buffet.id, author: .customer, text: "Qual o valor por pessoa?",
                               at: now.addingTimeInterval(-5000))
        _ = try ana.addMessage(dealID: buffet.id, author: .agent, text: "R$ 60 por pessoa.", at: now.addingTimeInterval(-4000))
        _ = try ana.recordEcho(EchoMessage(channel: "cloud", channelMessageID: "wamid.PHONE1", to: "+5511912345678",
                                           text: "Mandei o cardápio pelo celular", sentAt: now.addingTimeInterval(-3900)))
        guard case .queued = try bia.queueAgentSend(dealID: impressora.id, text: "O técnico chega às 14h.", number: Self.number)
        else { throw XCTSkip("unreachable: the agent send is queued") }

        // A follow-up planned, written, sent and answered: the ledger, the send log, the results and their counters.
        _ = try ana.acquireLease(holderID: "engine", pid: 1, host: "h", at: now, ttl: 60)
        guard case .planned(let attempt) = try ana.planAttempt(dealID: site.id, holderID: "engine", at: now, number: Self.number) else {
            XCTFail("the due deal is planned"); return (path, [])
        }
        _ = try ana.markGenerating(attemptID: attempt.id, at: now)
        _ = try ana.markReady(attemptID: attempt.id, text: "Oi, Ana! Conseguiu ver a proposta?", model: "m", at: now)
        guard case .sending = try ana.beginSending(attemptID: attempt.id, holderID: "engine", at: now, number: Self.number) else {
            XCTFail("the send starts"); return (path, [])
        }
        _ = try ana.recordSent(attemptID: attempt.id, channelMessageID: "wamid.1", deliveryStatus: .sent, at: now)
        try ana.releaseLease(holderID: "engine")
        _ = try ana.recordInbound(InboundMessage(channel: "cloud", channelMessageID: "wamid.R1", from: "+5511987654321",
                                                profileName: "Ana", text: "Vi sim, pode fechar!", sentAt: now.addingTimeInterval(60),
                                                replyTo: nil))
        _ = try ana.recordInbound(InboundMessage(channel: "cloud", channelMessageID: "wamid.U1", from: "+5511955554444",
                                                profileName: "Desconhecido", text: "Vocês fazem orçamento?", sentAt: now,
                                                replyTo: nil))
        _ = try ana.moveDeal(id: buffet.id, toColumn: fechado.id)
        _ = try ana.setTicketClosed(dealID: buffet.id, closed: true)
        try ana.pauseSending(reason: .operator, detail: nil, at: now)
        return (path, [site.id, buffet.id, impressora.id])
    }

    /// Every row of every table both sides hold, read through the seam, as column → value.
    func allRows(_ database: any SQLDatabase, _ tables: [DatabaseCopy.CopyTable]) throws -> [String: [[String: SQLValue]]] {
        try database.read { db in
            var all: [String: [[String: SQLValue]]] = [:]
            for table in tables {
                let columns = table.columns.map(DatabaseCopy.quoted).joined(separator: ", ")
                let order = table.orderBy.map(DatabaseCopy.quoted).joined(separator: ", ")
                all[table.name] = try db.fetchAll(sql: "SELECT \(columns) FROM \(DatabaseCopy.quoted(table.name)) ORDER BY \(order)")
                    .map { Dictionary(uniqueKeysWithValues: zip($0.columns, $0.values)) }
            }
            return all
        }
    }

    func copyTables(_ path: String, _ target: PostgresDatabase) throws -> [DatabaseCopy.CopyTable] {
        let source = try SQLiteDatabase(path: path)
        defer { try? source.close() }
        return try DatabaseCopy.matched(source: try source.read(DatabaseCopy.sqliteCatalog),
                                        target: try target.read { try DatabaseCopy.postgresCatalog($0) })
    }

    func testARoundTripCopiesEveryTableRowForRow() throws {
        let (path, deals) = try sourceBoard()
        let target = try target()
        defer { try? target.close() }
        var lines: [DatabaseCopy.Progress] = []
        let report = try DatabaseCopy.copy(from: path, to: target, now: now) { lines.append($0) }

        let tables = try copyTables(path, target)
        XCTAssert(Set(["board", "board_column", "deal", "contact", "message", "followup_attempt", "agent_send", "send_log",
                       "followup_result", "followup_daily", "column_config_version", "deal_history", "engine_settings",
                       "unassigned_conversation"]).isSubset(of: Set(tables.map(\.name))), "\(tables.map(\.name))")
        XCTAssertFalse(tables.contains { $0.name == "engine_lease" }, "the lease is never copied")
        XCTAssertEqual(report.skipped, ["engine_lease"])
        let source = try SQLiteDatabase(path: path)
        defer { try? source.close() }
        let before = try allRows(source, tables), after = try allRows(target, tables)
        for table in tables.map(\.name) {
            XCTAssertEqual(before[table], after[table], "table \(table)")
            XCTAssertEqual(report.tables.first { $0.table == table }?.rows, before[table]?.count, table)
        }
        XCTAssertEqual(before["followup_daily"]?.count, 1, "the follow-up's counters are there to compare")
        XCTAssertEqual(before["deal_history"]?.isEmpty, false)
        // Foreign keys first, and a line per table when it is done.
        let order = report.tables.map(\.table)
        XCTAssertLessThan(order.firstIndex(of: "board")!, order.firstIndex(of: "board_column")!)
        XCTAssertLessThan(order.firstIndex(of: "board_column")!, order.firstIndex(of: "deal")!)
        XCTAssertLessThan(order.firstIndex(of: "deal")!, order.firstIndex(of: "message")!)
        XCTAssertEqual(lines.filter { if case .copied = $0 { return true } else { return false } }.count, tables.count)

        // What the store reads is the same on both sides.
        let sqlite = Store(database: source, now: { [now] in now })
        let postgres = Store(database: target, now: { [now] in now })
        XCTAssertEqual(try postgres.boardListings(), try sqlite.boardListings())
        for board in try sqlite.boardListings() {
            let copied = try postgres.loadBoard(id: board.id)
            XCTAssertEqual(copied, try sqlite.loadBoard(id: board.id))
            for column in copied.columns {
                XCTAssertEqual(try postgres.columnHistory(columnID: column.column.id), try sqlite.columnHistory(columnID: column.column.id))
            }
        }
        XCTAssertEqual(try postgres.loadBoard(id: 1).columns.map { $0.cards.count }, [1, 1], "the column counts are not doubled")
        for deal in deals { XCTAssertEqual(try postgres.dealDetail(id: deal), try sqlite.dealDetail(id: deal)) }
        XCTAssertEqual(try postgres.ledger(), try sqlite.ledger())
        XCTAssertEqual(try postgres.ledger().count, 1)
        XCTAssertEqual(try postgres.engineSettings(), try sqlite.engineSettings())
        XCTAssertTrue(try postgres.engineSettings().paused, "the brake came over")
        XCTAssertNil(try postgres.leaseHolder(at: now))

        // The sequences start past every copied id: new rows on PostgreSQL collide with nothing.
        let column = try postgres.loadBoard(id: 1).columns[0].column.id
        let fresh = try postgres.addDeal(NewDeal(columnID: column, title: "Novo", contactName: "Bruna", phone: "11933332222"))
        XCTAssertGreaterThan(fresh.id, deals.max()!)
        let message = try postgres.addMessage(dealID: fresh.id, author: .agent, text: "Olá!")
        let largest = try source.read { try $0.fetchOne(Int64.self, sql: "SELECT MAX(id) FROM message") } ?? 0
        XCTAssertGreaterThan(message.id, largest)
        _ = try postgres.addBoard(name: "Pós-venda")
        XCTAssertEqual(try postgres.loadBoard(id: 1).columns.map { $0.cards.count }, [2, 1], "the count triggers are back on")
    }

    func testANonEmptyTargetIsRefusedAndNothingIsWritten() throws {
        let (path, _) = try sourceBoard()
        let target = try target()
        defer { try? target.close() }
        let team = Store(database: target, now: { [now] in now })
        for name in ["A", "B", "C"] { _ = try team.addBoard(name: name) }
        XCTAssertThrowsError(try DatabaseCopy.copy(from: path, to: target, now: now)) { error in
            guard let error = error as? DatabaseCopyError else { return XCTFail("\(error)") }
            XCTAssertEqual(error, .targetNotEmpty([DatabaseCopy.TableRows(table: "board", rows: 3)]))
            XCTAssertTrue(error.message(.pt).contains("o destino já tem 3 quadros"), error.message(.pt))
            XCTAssertTrue(error.message(.en).contains("already holds 3 boards"), error.message(.en))
        }
        XCTAssertEqual(try team.boardListings().map(\.name), ["A", "B", "C"])
        XCTAssertEqual(try rowCount(target, "message") + rowCount(target, "deal") + rowCount(target, "board_column"), 0)
    }

    func testAFailureMidwayLeavesTheTargetEmpty() throws {
        let (path, _) = try sourceBoard()
        let target = try target()
        defer { try? target.close() }
        struct Stop: Error {}
        var copied = 0
        XCTAssertThrowsError(try DatabaseCopy.copy(from: path, to: target, now: now) { step in
            if case .copied = step { copied += 1; if copied == 3 { throw Stop() } }
        }) { XCTAssertTrue($0 is Stop, "\($0)") }
        XCTAssertEqual(copied, 3)
        XCTAssertEqual(try DatabaseCopy.target(empty: target), [])
        // And a copy afterwards goes through: the failed one left nothing behind, the triggers included.
        _ = try DatabaseCopy.copy(from: path, to: target, now: now)
        XCTAssertEqual(try rowCount(target, "board"), 2)
    }

    func testARowThePostgresTypesRefuseStopsTheWholeCopy() throws {
        let (path, deals) = try sourceBoard()
        // SQLite keeps whatever it is given; a text in an integer column is what a hand-edited file may hold.
        let source = try SQLiteDatabase(path: path)
        try source.write { try $0.execute(sql: "UPDATE deal SET value_cents = 'muito' WHERE id = ?", arguments: [deals[2]]) }
        try source.close()
        let target = try target()
        defer { try? target.close() }
        XCTAssertThrowsError(try DatabaseCopy.copy(from: path, to: target, now: now)) { error in
            guard case .rowsRefused(let table, _) = error as? DatabaseCopyError else { return XCTFail("\(error)") }
            XCTAssertEqual(table, "deal")
            XCTAssertTrue((error as! DatabaseCopyError).message(.pt).contains("nada foi gravado"))
        }
        XCTAssertEqual(try DatabaseCopy.target(empty: target), [])
    }

    func testAnUnexpiredEngineLeaseInTheSourceIsRefused() throws {
        let (path, _) = try sourceBoard()
        let clock = now
        let engine = try Store(path: path, now: { clock })
        _ = try engine.acquireLease(holderID: "running", pid: 4242, host: "servidor", at: now, ttl: 60)
        try engine.close()
        let target = try target()
        defer { try? target.close() }
        XCTAssertThrowsError(try DatabaseCopy.copy(from: path, to: target, now: now)) { error in
            XCTAssertEqual(error as? DatabaseCopyError, .engineRunning(host: "servidor", pid: 4242))
            XCTAssertTrue((error as! DatabaseCopyError).message(.pt).contains("pid 4242 em servidor"))
        }
        XCTAssertEqual(try DatabaseCopy.target(empty: target), [])
        // Expired (the engine stopped without releasing it): the copy goes ahead, without the lease.
        let report = try DatabaseCopy.copy(from: path, to: target, now: now.addingTimeInterval(120))
        XCTAssertEqual(report.skipped, ["engine_lease"])
        XCTAssertEqual(try rowCount(target, "engine_lease"), 0)
    }

    func testAMissingSourceIsRefusedAndCreatesNothing() throws {
        let path = folder.appendingPathComponent("nao-existe.db").path
        let target = try target()
        defer { try? target.close() }
        XCTAssertThrowsError(try DatabaseCopy.copy(from: path, to: target)) { error in
            XCTAssertEqual(error as? DatabaseCopyError, .sourceMissing(path: path))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        FileManager.default.createFile(atPath: path, contents: Data())
        XCTAssertThrowsError(try DatabaseCopy.copy(from: path, to: target)) { error in
            XCTAssertEqual(error as? DatabaseCopyError, .sourceEmpty(path: path))
        }
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, 0, "the empty file stays empty")
    }

    func testATableOrColumnOnOneSideOnlyIsRefusedNotDropped() throws {
        let (path, _) = try sourceBoard()
        let source = try SQLiteDatabase(path: path)
        try source.write { try $0.execute(sql: "ALTER TABLE deal ADD COLUMN note TEXT") }
        try source.close()
        let target = try target()
        defer { try? target.close() }
        XCTAssertThrowsError(try DatabaseCopy.copy(from: path, to: target, now: now)) { error in
            XCTAssertEqual(error as? DatabaseCopyError, .columnMismatch(table: "deal", column: "note", onlyInSource: true))
        }
        try target.write { try $0.execute(sql: "CREATE TABLE extra (id BIGINT PRIMARY KEY)") }
        XCTAssertThrowsError(try DatabaseCopy.copy(from: path, to: target, now: now)) { error in
            XCTAssertEqual(error as? DatabaseCopyError, .tableMismatch(table: "extra", onlyInSource: false))
        }
    }

    func testEachInsertStaysUnderPostgresParameterLimit() throws {
        // 1,200 deals: more rows than one INSERT takes, so the batches and their sizes are exercised.
        let path = folder.appendingPathComponent("big.db").path
        let store = try Store(path: path)
        let board = try store.addBoard(name: "Vendas")
        let column = try store.addColumn(boardID: board.id, name: "Entrada")
        for i in 0..<1_200 {
            _ = try store.addDeal(NewDeal(columnID: column.id, title: "Negócio \(i)", contactName: "Cliente \(i)",
                                          phone: "119\(String(format: "%08d", 10_000_000 + i))"))
        }
        try store.close()
        let target = try target()
        defer { try? target.close() }
        var batches: [Int] = []
        _ = try DatabaseCopy.copy(from: path, to: target) { step in
            if case .copying("deal", let done, _) = step { batches.append(done) }
        }
        XCTAssertEqual(batches, [1_000, 1_200])
        XCTAssertEqual(try rowCount(target, "deal"), 1_200)
        XCTAssertEqual(try Store(database: target).loadBoard(id: board.id).columns[0].count, 1_200)
    }

    func rowCount(_ database: PostgresDatabase, _ table: String) throws -> Int {
        try database.read { try $0.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM \(table)") } ?? 0
    }
}

extension DatabaseCopy {
    /// What the emptiness check finds in `database`: nothing, after a copy that failed.
    static func target(empty database: PostgresDatabase) throws -> [TableRows] {
        try database.read { db in try dataRows(db, try postgresCatalog(db).tables) }
    }
}
