import Foundation
import RetomaAI
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaPostgres
import RetomaStore
import Synchronization

// `engine-team URL COUNT SECS [GAP]` (issue 13, bench/engine-team.sh): two engines of one WhatsApp number, each
// on its own store connection to one empty PostgreSQL database, share COUNT deals falling due over SECS seconds.
// For each deal: the delay from its due time to the channel's send call; how many each engine sent; duplicates.

/// Every channel call of both engines, in the order they were made.
final class CallLog: Sendable {
    struct Call: Sendable { var engine: Int; var key: String; var at: Date }
    private let calls = Mutex<[Call]>([])
    func record(_ call: Call) { calls.withLock { $0.append(call) } }
    var all: [Call] { calls.withLock { $0 } }
}

/// The sandbox's send, timed and attributed to the engine that called it.
struct TimedChannel: WhatsAppChannel {
    let engine: Int
    let log: CallLog
    var kind: String { "sandbox" }
    var sender: String { "bench-team" }

    func send(_ message: OutgoingMessage) throws(ChannelError) -> SendReceipt {
        log.record(CallLog.Call(engine: engine, key: message.idempotencyKey, at: Date()))
        return try SandboxChannel(sender: sender).send(message)
    }
}

/// Writes at once (no model): the delay measured is the engines' and the database's own.
struct InstantWriter: FollowUpWriting {
    func write(_ context: FollowUpContext, earlierFollowUps: [String]) throws -> WrittenFollowUp {
        WrittenFollowUp(text: "Oi \(context.contact.name), conseguiu ver o orçamento de \(context.deal.title)?",
                        model: "bench-instant")
    }
}

func teamBench(url: String, count: Int, window: Double, gap: Double) {
    guard PostgresSettings.isPostgresURL(url) else { fail("engine-team needs a postgres:// URL of an empty database") }
    guard (1...100_000).contains(count), window.isFinite, (1...3600).contains(window), gap.isFinite, (0...10).contains(gap) else {
        fail("engine-team needs 1–100000 deals, a window of 1–3600 s and a gap of 0–10 s")
    }
    do {
        let seeder = Store(database: try PostgresDatabase(url: url))
        guard try seeder.boardListings().isEmpty else {
            fail("engine-team: the database already holds boards; give it an empty one (createdb)")
        }
        let board = try seeder.addBoard(name: "Vendas")
        let column = try seeder.addColumn(boardID: board.id, name: "Aguardando resposta")
        try seeder.setFollowUp(columnID: column.id, config: FollowUpConfig(
            enabled: true, interval: Interval(amount: 1, unit: .days), businessHoursOnly: false, sendAfterClose: false,
            instructions: "", extraInfo: "", maxAttempts: 0, onMax: .none))
        // COUNT deals fall due from `start` over the window, each a day after our last message, in whole seconds like
        // every due time; one import transaction writes them, well inside the lead.
        let seeded = Date()
        let start = (seeded.timeIntervalSince1970 + 5).rounded(.up)
        let due = (0..<count).map { Date(timeIntervalSince1970: start + (window * Double($0) / Double(count)).rounded(.down)) }
        let imported = try seeder.importDeals((0..<count).map { n in
            ImportDeal(line: n + 1, title: "Negociação \(n + 1)", contactName: "Cliente \(n + 1)",
                       phone: String(format: "+55119%08d", n + 1),
                       messages: [ImportMessage(author: .agent, text: "Segue o orçamento!", at: due[n].addingTimeInterval(-86_400))])
        }, columnID: column.id)
        let dueAt = Dictionary(uniqueKeysWithValues: imported.created.map { ($0.dealID, due[$0.line - 1]) })
        try seeder.close()
        let lead = start - Date().timeIntervalSince1970
        print(String(format: "seeded %d deals in %.1f s; the first falls due %.1f s later", count,
                     Date().timeIntervalSince(seeded), lead))

        let calls = CallLog()
        let sent = Mutex(0)
        var stores: [Store] = []
        var engines: [Engine] = []
        for index in 1...2 {
            let store = Store(database: try PostgresDatabase(url: url))
            stores.append(store)
            engines.append(Engine(store: store, writer: InstantWriter(), channel: TimedChannel(engine: index, log: calls),
                                  configuration: EngineConfiguration(governor: SendGovernor(minGap: gap, jitter: 0...0,
                                                                                            hourlyCap: 1_000_000,
                                                                                            dailyCap: 1_000_000)),
                                  events: { event in
                                      switch event {
                                      case .sent: sent.withLock { $0 += 1 }
                                      case .storeError(let message, _):
                                          FileHandle.standardError.write(Data("engine \(index): store error: \(message)\n".utf8))
                                      default: break
                                      }
                                  }))
        }
        for engine in engines { engine.start() }
        let deadline = Date(timeIntervalSince1970: start + window + 60)
        while sent.withLock({ $0 }) < count && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        // Anything sent twice has time to show.
        Thread.sleep(forTimeInterval: 2)
        for engine in engines { _ = engine.stop() }
        for store in stores { try store.close() }

        let made = calls.all
        var delays: [Double] = []
        var perDeal: [Int64: Int] = [:]
        for call in made {
            guard let id = call.key.split(separator: "-").first.flatMap({ Int64($0) }), let due = dueAt[id] else { continue }
            perDeal[id, default: 0] += 1
            if perDeal[id] == 1 { delays.append(call.at.timeIntervalSince(due)) }
        }
        delays.sort()
        let duplicates = perDeal.values.reduce(0) { $0 + max(0, $1 - 1) }
        let missing = count - perDeal.count
        let byEngine = [1, 2].map { engine in made.filter { $0.engine == engine }.count }
        let starts = made.map(\.at).sorted()
        let smallestGap = zip(starts.dropFirst(), starts).map { $0.timeIntervalSince($1) }.min() ?? .nan
        print("deals due: \(count) over \(Int(window)) s, governor gap \(gap) s; sent by engine 1: \(byEngine[0]), "
              + "by engine 2: \(byEngine[1]); duplicates: \(duplicates); never sent: \(missing)")
        print("due time → send call: median \(ms(percentile(delays, 0.5))), p99 \(ms(percentile(delays, 0.99))), "
              + "max \(ms(delays.last ?? .nan)); started before due: \(delays.filter { $0 < 0 }.count); "
              + "smallest gap between calls: \(ms(smallestGap))")
        if duplicates > 0 || missing > 0 { exit(2) }
    } catch { fail("engine-team: \(error)") }
}
