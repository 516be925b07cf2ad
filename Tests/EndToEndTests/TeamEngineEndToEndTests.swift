import Foundation
import RetomaChannels
import RetomaCore
import RetomaStore
import StoreTestBackend
import Testing

/// A team on one PostgreSQL database (issue 13): two `retoma engine` processes of the same WhatsApp number share
/// 500 follow-ups falling due over two minutes, and two boards in tmux see each other's moves. Needs the test
/// server (RETOMA_TEST_POSTGRES_URL, else scripts/postgres.sh starts one); without it the test fails, naming why.
@Suite("Two engines and two terminals on one PostgreSQL database", .serialized)
struct TeamEngineEndToEndTests {
    static let dealCount = 500
    static let window: TimeInterval = 120
    /// Small enough for one number to send 500 in two minutes (four or five deals fall due in each second).
    static let minGap: TimeInterval = 0.1
    /// The outbox line is written after the send start's commit and the last look before the call (a read), a few
    /// milliseconds on loopback; but two engines, two boards, the server and this test share two cores, and a
    /// process descheduled between the two slips its call by tens of milliseconds. 80 ms still catches two engines
    /// calling at once (a gap near 0). The send log, the governor's own record, is checked to the rounding.
    static let outboxTolerance: TimeInterval = 0.08
    /// After the last deal falls due, how long the two engines may take to drain what they are behind by: this is
    /// a debug build on a shared 2-core machine, where they fell up to 25 s behind (the release benchmark,
    /// bench/engine-team.sh, times the delay itself: p99 well under a second).
    static let drainGrace: TimeInterval = 75
    /// A move must show in the other terminal within this (the issue's "within 1 s").
    static let liveLimit: TimeInterval = 1

    /// One line of one engine's outbox, with the engine that wrote it.
    struct Delivery {
        var engine: Int
        var line: SandboxChannel.OutboxLine
        var dealID: Int64? { line.key.split(separator: "-").first.flatMap { Int64($0) } }
    }

    @Test func fiveHundredDealsEachGetOneFollowUpFromTwoEnginesWithinTheGapAndMovesShowInTheOtherTerminal() throws {
        let database = try TestDatabase(file: "unused.db", backend: .postgres)
        let world = try EngineWorld(database: database)
        let store = try world.openStore()
        defer { try? store.close() }

        // The deals fall due evenly from `start` over the window, each a day after our last message; `start` leaves
        // time to seed (one import transaction) and start the engines.
        let seeded = Date()
        let start = Date(timeIntervalSince1970: (seeded.timeIntervalSince1970 + 15).rounded(.up))
        // Whole seconds, like every due time the store keeps.
        let due = (1...Self.dealCount).map {
            start.addingTimeInterval((Self.window * Double($0 - 1) / Double(Self.dealCount)).rounded(.down))
        }
        let imported = try store.importDeals((1...Self.dealCount).map { n in
            let name = "Cliente \(letterTag(n).capitalized)"
            return ImportDeal(line: n, title: "Orçamento \(name)", contactName: name, phone: String(format: "+55119%08d", n),
                              messages: [ImportMessage(author: .agent, text: "Segue o orçamento!",
                                                       at: due[n - 1].addingTimeInterval(-86_400))])
        }, columnID: world.columnID)
        let dueAt = Dictionary(uniqueKeysWithValues: imported.created.map { ($0.dealID, due[$0.line - 1]) })
        try #require(dueAt.count == Self.dealCount, "every deal imported: \(imported.existing.count) already there")
        // The terminals' own board, without follow-up: one card to move.
        let team = try store.addBoard(name: "Equipe")
        let first = try store.addColumn(boardID: team.id, name: "Novo")
        let second = try store.addColumn(boardID: team.id, name: "Proposta")
        let card = "Visita tecnica Zeca"
        let visit = try store.addDeal(NewDeal(columnID: first.id, title: card, contactName: "Zeca Prado", phone: "11955550000"))
        // Reported, not checked: a slow machine only makes the first deals due before the engines run.
        let seeding = Date().timeIntervalSince(seeded)

        let outboxes = [world.folder.path("outbox-1.jsonl"), world.folder.path("outbox-2.jsonl")]
        let engines = try outboxes.enumerated().map { index, outbox in
            try BackgroundProcess(["engine", "--lang", "en"], env: world.env([
                "RETOMA_SANDBOX_OUTBOX": outbox, "RETOMA_GOVERNOR_MIN_GAP_S": String(Self.minGap),
                "RETOMA_GOVERNOR_JITTER_S": "0", "RETOMA_GOVERNOR_HOURLY_CAP": "100000",
                "RETOMA_GOVERNOR_DAILY_CAP": "100000", "RETOMA_AI_CANDIDATES": "1",
                "XDG_STATE_HOME": world.folder.path("state-\(index + 1)"),
            ]))
        }
        for (index, engine) in engines.enumerated() {
            #expect(engine.waitFor(timeout: 20) { $0.contains("engine started") },
                    "engine \(index + 1) started: \(engine.stdout)\n\(engine.stderr)")
        }

        let binary = try Binary.retoma().path
        let terminals = try ["ana", "bia"].map { name in
            try TmuxSession(command: [binary, "--db", world.db, "--board", "Equipe", "--no-engine"].map(shellQuote)
                                .joined(separator: " "),
                            environment: world.env(["TZ": "America/Sao_Paulo", "RETOMA_OPERATOR": name,
                                                    "XDG_STATE_HOME": world.folder.path("state-\(name)"),
                                                    "XDG_DATA_HOME": world.folder.path("data-\(name)")]))
        }
        for (terminal, name) in zip(terminals, ["ana", "bia"]) {
            try terminal.waitFor(text: card, timeout: 20)
            try terminal.waitFor(text: "👤 \(name)")
        }

        func delivered() -> [Delivery] {
            outboxes.enumerated().flatMap { index, path in
                SandboxChannel.read(outbox: URL(fileURLWithPath: path)).map { Delivery(engine: index + 1, line: $0) }
            }
        }

        // The moves happen while both engines send: one terminal moves the card, the other must show it.
        let startedSending = Date().addingTimeInterval(Self.window)
        while delivered().count < 30 && Date() < startedSending { usleep(100_000) }
        var latencies: [TimeInterval] = []
        for (mover, watcher, key, column) in [(0, 1, "L", "Proposta"), (0, 1, "H", "Novo"), (1, 0, "L", "Proposta")] {
            try terminals[mover].waitFor("\(card) focused in the mover's \(column == "Novo" ? "Proposta" : "Novo")") {
                Self.column(of: card, in: $0) == (column == "Novo" ? "Proposta" : "Novo")
            }
            let pressed = Date()
            try terminals[mover].send(key)
            try terminals[watcher].waitFor("\(card) in \(column) on the other terminal", timeout: 10) {
                Self.column(of: card, in: $0) == column
            }
            let seen = Date().timeIntervalSince(pressed)
            latencies.append(seen)
            #expect(seen <= Self.liveLimit, "a move in terminal \(mover + 1) showed in terminal \(watcher + 1) after \(seen) s")
            try terminals[mover].waitFor("\(card) in \(column) on the mover's terminal") { Self.column(of: card, in: $0) == column }
        }
        #expect(try store.dealDetail(id: visit.id).deal.columnID == second.id)

        // Every deal is due by start + window; the grace lets the last burst drain, and anything sent twice show.
        let deadline = start.addingTimeInterval(Self.window + Self.drainGrace)
        while Set(delivered().compactMap(\.dealID)).count < Self.dealCount && Date() < deadline { usleep(200_000) }
        Thread.sleep(forTimeInterval: 3)
        for engine in engines { engine.signal(SIGTERM) }
        for (index, engine) in engines.enumerated() {
            #expect(engine.waitForExit(timeout: 20) == 0, "engine \(index + 1) stopped cleanly: \(engine.stderr)")
        }
        for terminal in terminals { terminal.kill() }

        // What the customers received: each deal exactly once, from either engine.
        let deliveries = delivered()
        func events(_ dealID: Int64) -> String {
            engines.enumerated().map { index, engine in
                "engine \(index + 1): " + engine.stdout.split(separator: "\n").filter { $0.contains("deal \(dealID) ") }
                    .joined(separator: "\n  ")
            }.joined(separator: "\n")
        }
        let byDeal = Dictionary(grouping: deliveries) { $0.dealID ?? -1 }
        let missing = dueAt.keys.filter { byDeal[$0] == nil }.sorted()
        let twice = byDeal.filter { $0.value.count > 1 }.keys.sorted()
        let strangers = byDeal.keys.filter { dueAt[$0] == nil }
        #expect(missing.isEmpty, "\(missing.count) deals got nothing, first \(missing.first.map { "\($0):\n\(events($0))" } ?? "")")
        #expect(twice.isEmpty, "\(twice.count) deals got more than one message, first \(twice.first.map { "\($0):\n\(events($0))" } ?? "")")
        #expect(strangers.isEmpty, "messages for deals nobody seeded: \(strangers)")
        let perEngine = [1, 2].map { engine in deliveries.filter { $0.engine == engine }.count }
        #expect(perEngine.allSatisfy { $0 > 0 }, "both engines sent some: \(perEngine)")

        // The ledger agrees: one `sent` attempt per deal, nothing left in flight or uncertain, each sent by the
        // engine whose outbox has it.
        let attempts = try store.ledger(limit: 100_000).filter { dueAt[$0.dealID] != nil }
        let sent = Dictionary(grouping: attempts.filter { $0.state == .sent }, by: \.dealID)
        #expect(sent.count == Self.dealCount && sent.values.allSatisfy { $0.count == 1 },
                "\(sent.count) deals with a sent attempt, \(sent.values.filter { $0.count > 1 }.count) with more than one")
        let unsettled = attempts.filter { [AttemptState.sending, .uncertain, .failed].contains($0.state) }
        #expect(unsettled.isEmpty, "attempts left unsettled: \(unsettled.map { "\($0.dealID) \($0.state)" })")
        var holders: [Int: Set<String>] = [:]
        for delivery in deliveries {
            guard let id = delivery.dealID, let attempt = sent[id]?.first else { continue }
            #expect(attempt.channelMessageID == delivery.line.id, "deal \(id): the ledger's message id is the outbox's")
            holders[delivery.engine, default: []].insert(attempt.holderID ?? "?")
        }
        #expect(holders.values.allSatisfy { $0.count == 1 } && Set(holders.values.flatMap { $0 }).count == holders.count,
                "each engine sends under one holder id of its own: \(holders)")

        // The governor's gap across both engines: in the send log (its record, rounded up to the millisecond)
        // and in what the customers' phones received.
        let sender = try #require(attempts.first { $0.state == .sent }?.channel)
        let starts = try store.sendHistory(sender: sender, since: seeded, until: Date()).sorted()
        #expect(starts.count == Self.dealCount, "one send start per follow-up: \(starts.count)")
        let logGaps = zip(starts.dropFirst(), starts).map { $0.timeIntervalSince($1) }
        let calls = deliveries.sorted { $0.line.at < $1.line.at }
        let callGaps = zip(calls.dropFirst(), calls).map { $0.line.at - $1.line.at }
        #expect((logGaps.min() ?? Self.minGap) >= Self.minGap - 0.001,
                "send starts closer than the gap: \(logGaps.filter { $0 < Self.minGap - 0.001 }.count), smallest \(logGaps.min() ?? 0) s")
        let close = zip(calls.dropFirst(), calls).filter { $0.line.at - $1.line.at < Self.minGap - Self.outboxTolerance }
        let pairs = close.map { later, earlier in
            "deal \(later.dealID ?? 0) (engine \(later.engine)) \(String(format: "%.3f", later.line.at - earlier.line.at)) s "
                + "after deal \(earlier.dealID ?? 0) (engine \(earlier.engine))"
        }
        let firstPair = close.first.map { "\nevents of the first pair:\n\(events($0.1.dealID ?? 0))\n\(events($0.0.dealID ?? 0))" } ?? ""
        #expect(close.count == 0, "channel calls closer than the gap: \(pairs.joined(separator: "; "))\(firstPair)")

        let delays = deliveries.compactMap { d in d.dealID.flatMap { dueAt[$0] }.map { d.line.at - $0.timeIntervalSince1970 } }.sorted()
        print(String(format: "team engines: %d deals, sent %d + %d; due → channel call median %.3f s, max %.3f s; smallest gap %.3f s (log) %.3f s (calls); moves seen in %@ s; seeding %.1f s",
                     Self.dealCount, perEngine[0], perEngine[1], delays.isEmpty ? .nan : delays[delays.count / 2],
                     delays.last ?? .nan, logGaps.min() ?? .nan, callGaps.min() ?? .nan,
                     latencies.map { String(format: "%.2f", $0) }.joined(separator: ", "), seeding))
    }

    /// The name of the column the card titled `title` shows in: the header whose name starts nearest to its left.
    static func column(of title: String, in screen: String) -> String? {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func offset(_ text: String, in line: String) -> Int? {
            line.range(of: text).map { line.distance(from: line.startIndex, to: $0.lowerBound) }
        }
        guard let header = lines.first(where: { $0.contains("╭ Novo") && $0.contains("╭ Proposta") }),
              let cardLine = lines.first(where: { $0.contains(title) }), let x = offset(title, in: cardLine) else { return nil }
        let columns = ["Novo", "Proposta"].compactMap { name in offset("╭ \(name)", in: header).map { (name, $0) } }
        return columns.filter { $0.1 <= x }.max { $0.1 < $1.1 }?.0
    }
}
