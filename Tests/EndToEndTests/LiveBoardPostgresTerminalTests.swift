import Foundation
import PostgresNIO
import RetomaPostgres
import StoreTestBackend
import Testing

/// Two real boards (tmux) on one PostgreSQL test database: what one terminal or another process writes shows in
/// the other terminal within a second (LISTEN/NOTIFY), and an idle board does not keep asking the database.
@Suite("live boards on PostgreSQL", .serialized)
struct LiveBoardPostgresTerminalTests {
    struct Boards: Decodable {
        struct Board: Decodable { var columns: [Column] }
        struct Column: Decodable { var id: Int64; var name: String; var dealCount: Int }
        var boards: [Board]
    }
    struct DealList: Decodable {
        struct Card: Decodable { var id: Int64; var title: String }
        var deals: [Card]
    }

    /// The board on `url` in its own terminal, its engine embedded (the brake's state is the engine's).
    func open(_ url: String, operatorName: String, home: TemporaryFolder) throws -> TmuxSession {
        let command = ([try Binary.retoma().path, "--db", url]).map(shellQuote).joined(separator: " ")
        return try TmuxSession(command: command, width: 160, height: 45, environment: [
            "TZ": "America/Sao_Paulo", "RETOMA_OPERATOR": operatorName, "HOME": home.path("home-\(operatorName)"),
            "XDG_STATE_HOME": home.path("state-\(operatorName)"), "XDG_CONFIG_HOME": home.path("config"),
        ])
    }

    /// Polls `session` from `start` until `predicate` holds; fails with the pane's text when 1 s passes first.
    @discardableResult
    func seenWithinASecond(_ what: String, in session: TmuxSession, since start: Date,
                           sourceLocation: SourceLocation = #_sourceLocation, _ predicate: (String) -> Bool) throws -> TimeInterval {
        var screen = ""
        while Date().timeIntervalSince(start) < 1 {
            screen = try session.screen()
            if predicate(screen) { return Date().timeIntervalSince(start) }
            usleep(10_000)
        }
        Issue.record("\(what) not seen in the other terminal within 1 s; its screen was:\n\(screen)", sourceLocation: sourceLocation)
        throw TmuxError.timeout(what)
    }

    func cli(_ arguments: [String], _ url: String) throws -> ProcessResult {
        let result = try run(arguments + ["--db", url], env: ["RETOMA_OPERATOR": "cli"])
        #expect(result.status == 0, "\(arguments): \(result)")
        return result
    }

    @Test func aChangeInOneTerminalShowsInTheOtherWithinASecondAndIdleBoardsBarelyAsk() throws {
        let url = try TestServer.freshDatabase()
        let name = String(url.split(separator: "?")[0].split(separator: "/").last ?? "")
        defer { try? TestServer.admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        let home = try TemporaryFolder()
        #expect(try cli(["demo"], url).status == 0)
        let columns = try JSONDecoder().decode(Boards.self, from: Data(try cli(["board", "list", "--json"], url).stdout.utf8))
            .boards[0].columns
        let first = try JSONDecoder().decode(DealList.self, from: Data(try cli(["deal", "list", "--column", "\(columns[0].id)",
                                                                                "--json"], url).stdout.utf8)).deals
        func header(_ column: Boards.Column, _ count: Int) -> String { "╭ \(column.name) \(count) " }

        let ana = try open(url, operatorName: "ana", home: home)
        let bia = try open(url, operatorName: "bia", home: home)
        defer { ana.kill(); bia.kill() }
        for session in [ana, bia] { try session.waitFor(text: header(columns[0], columns[0].dealCount), timeout: 30) }
        try bia.waitFor(text: "👤 bia")

        // Idle: both boards on screen, nothing written. See `activityBursts` for what is counted and why this bound.
        Thread.sleep(forTimeInterval: 2)
        let bursts = try activityBursts(database: name, seconds: 5)
        // Each board with its engine reads the monitor's figures once a second (5 bursts each in 5 s), each engine
        // renews its lease row every 2 s (2–3 each), and each renewal's notification makes the other board read
        // what it shows once (2–3 each): 16–25, 16 and 20 seen. Looking at the change count five times a second
        // asks the database nothing; a board polling the database as often would add 25 on its own.
        #expect(bursts.count <= 30, "bursts of statements in 5 idle seconds: \(bursts.count) at \(bursts)")
        print("bursts of statements in 5 idle seconds: \(bursts.count) at \(bursts)")

        // A card moved with a key in one terminal: the other's column counts follow.
        var start = Date()
        try ana.send("L")
        let moved = try seenWithinASecond("the moved card", in: bia, since: start) {
            $0.contains(header(columns[0], columns[0].dealCount - 1)) && $0.contains(header(columns[1], columns[1].dealCount + 1))
        }
        try ana.waitFor(text: header(columns[0], columns[0].dealCount - 1))

        // A column's follow-up saved from another process: the robot shows the interval.
        _ = try cli(["followup", "set", "--column", "\(columns[3].id)", "--enabled", "true", "--every", "999d",
                     "--max-attempts", "1", "--yes"], url)
        start = Date()
        let saved = try seenWithinASecond("the follow-up saved", in: bia, since: start) { $0.contains("🤖 999d") }

        // The brake pressed in one terminal: the other's title bar says so.
        start = Date()
        try ana.send("P")
        let paused = try seenWithinASecond("the brake", in: bia, since: start) { $0.contains("⏸ PAUSADO") }

        // A message added by another process, on the deal open in the other terminal: the moved one, which the
        // other board's focus followed.
        let deal = first[0]
        try bia.send("Enter")
        try bia.waitFor(text: "Conversa (")
        try bia.waitFor(text: String(deal.title.prefix(20)))
        let text = "Recebi a proposta, vou conversar com meu sócio hoje"
        _ = try cli(["message", "add", "--deal", "\(deal.id)", "--from", "customer", "--text", text], url)
        start = Date()
        let message = try seenWithinASecond("the new message", in: bia, since: start) { $0.contains(text) }
        print("seen in the other terminal after: move \(moved) s, follow-up \(saved) s, brake \(paused) s, message \(message) s")
    }

    /// Bursts of statements run on `database` over `seconds`, by every connection but the sampler's own (it
    /// sits on the server's other database). pg_stat_activity keeps each backend's last statement start, sampled
    /// every 10 ms; starts less than 50 ms apart are one burst (a transaction's statements, one read's few). This
    /// counts each wake-up of a process that asked the database something, as polling would: a burst missed is one
    /// overwritten within 10 ms on the same connection, which belongs to the same wake-up anyway. The server's
    /// statistics views (xact_commit) are flushed up to 10 s late by idle backends, too late for a 5 s window.
    func activityBursts(database: String, seconds: TimeInterval) throws -> [Double] {
        try TestServer.withConnection(try TestServer.settings()) { connection in
            var starts = Set<Int64>()
            let sql = """
                SELECT (extract(epoch FROM query_start) * 1000000)::int8 FROM pg_stat_activity
                WHERE datname = '\(database)' AND query_start IS NOT NULL
                """
            let end = Date().addingTimeInterval(seconds)
            var first: Int64?
            while Date() < end {
                for row in try connection.simpleQuery(sql).wait() {
                    let start = try row.decode(Int64.self)
                    if let first { if start > first { starts.insert(start) } } else { starts.insert(start) }
                }
                if first == nil { first = starts.max() ?? 0; starts.removeAll() }
                usleep(10_000)
            }
            var bursts: [Double] = []
            var last: Int64?
            for start in starts.sorted() {
                if last.map({ start - $0 > 50_000 }) ?? true { bursts.append(Double(start - (first ?? 0)) / 1e6) }
                last = start
            }
            return bursts
        }
    }
}
