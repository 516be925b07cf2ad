import Foundation
import GRDB
import RetomaAI
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaPostgres
import RetomaStore
import Synchronization

// Engine benchmarks (issue 4). Subcommands, each its own process so each measures only itself:
//   populate DB N          N deals in one follow-up column, due from 1 h to a year ahead (DB: an SQLite file, or a
//                          postgres:// URL of an empty database, as the CLI's --db takes)
//   lookup DB              finding due deals (and the next due time) through the store's index (file or URL)
//   reschedule DB          saving the column's settings (its deals rescheduled in batches) while another pool renews a
//                          lease and writes: the longest transaction of the save and the longest wait of the others
//   engine DB COUNT SECS   COUNT deals fall due over SECS seconds; the engine on its thread with the real
//                          clock and an open governor: delay from due time to send start, idle CPU, peak memory
//   engine-team URL COUNT SECS [GAP]  two engines on one empty PostgreSQL database share COUNT deals falling due over
//                          SECS seconds (governor gap GAP, default 0): due → send call, each engine's sends, duplicates
//   populate-report DB N M N deals with M messages in all (agent, follow-ups, customer replies) over 90 days in the
//                          demo's four columns, written in bulk, then their results built as the v11 migration does
//   report DB              `Store.results` for the last 7, 30 and 90 days (issue 14: under 1 s at 1,000,000 deals)
// The writer here answers at once (no model): the delay measured is the engine's own.

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("retoma-engine-bench: \(message)\n".utf8))
    exit(1)
}

func peakRSSMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return -1 }
    return kb / 1024
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

func ms(_ seconds: Double) -> String { String(format: "%.3f ms", seconds * 1000) }

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: retoma-engine-bench populate|lookup|engine DB [N] [SECS]") }
let path = arguments[2]

/// The database `location` names, chosen as the CLI chooses: a postgres:// or postgresql:// URL is a PostgreSQL server
/// (the password from PGPASSWORD or ~/.pgpass), anything else an SQLite file.
func openStore(_ location: String) throws -> Store {
    if PostgresSettings.isPostgresURL(location) { return Store(database: try PostgresDatabase(url: location)) }
    return try Store(path: location)
}

switch arguments[1] {
case "populate":
    let count = arguments.count > 3 ? Int(arguments[3]) ?? 1_000_000 : 1_000_000
    guard count > 0 else { fail("populate: give a positive number of deals") }
    if !PostgresSettings.isPostgresURL(path) { try? FileManager.default.removeItem(atPath: path) }
    let started = Date()
    do {
        let store = try openStore(path)
        guard try store.totalDealCount() == 0 else { fail("populate: \(store.path) already holds deals; give an empty database") }
        let board = try store.addBoard(name: "Vendas")
        let column = try store.addColumn(boardID: board.id, name: "Aguardando resposta")
        try store.setFollowUp(columnID: column.id, config: FollowUpConfig(
            enabled: true, interval: Interval(amount: 1, unit: .days), businessHoursOnly: false, sendAfterClose: false,
            instructions: "", extraInfo: "", maxAttempts: 0, onMax: .none))
        // Rows as the store keeps them (facts and due time agree: due = anchor + 1 day), written in bulk.
        try store.writeBenchmarkDeals(columnID: column.id, count: count, now: Date())
        try store.close()
    } catch { fail("populate: \(error)") }
    print(String(format: "populated %d deals in %.1f s (%@)", count, Date().timeIntervalSince(started),
                 PostgresSettings.isPostgresURL(path) ? "PostgreSQL" : path))

case "lookup":
    do {
        let store = try openStore(path)
        let plan = try store.dueLookupPlan(atOrBefore: Date(), limit: 25)
        // Half a year on, half the deals are due: the plan must still walk the index, not sort them all.
        let halfYearPlan = try store.dueLookupPlan(atOrBefore: Date().addingTimeInterval(182 * 86_400), limit: 25)
        let deals = try store.totalDealCount()
        var random = SplitMix64(seed: 9)
        var lookups: [Double] = [], nexts: [Double] = [], claimables: [Double] = []
        for round in 0..<2000 {
            // Instants from now to a year ahead: from nothing due to most deals due.
            let at = Date().addingTimeInterval(Double.random(in: 0...(365 * 86_400), using: &random))
            let t0 = DispatchTime.now().uptimeNanoseconds
            let due = try store.dueDeals(atOrBefore: at, limit: 25)
            let t1 = DispatchTime.now().uptimeNanoseconds
            _ = try store.nextDueAt()
            let t2 = DispatchTime.now().uptimeNanoseconds
            // As an engine among several looks (v14): skipping deals another running engine claimed.
            _ = try store.dueDeals(atOrBefore: at, limit: 25, claimableBy: "bench")
            let t3 = DispatchTime.now().uptimeNanoseconds
            if round >= 50 {
                lookups.append(Double(t1 - t0) / 1e9); nexts.append(Double(t2 - t1) / 1e9); claimables.append(Double(t3 - t2) / 1e9)
            }
            precondition(due.count <= 25)
        }
        lookups.sort(); nexts.sort(); claimables.sort()
        print("deals: \(deals)")
        print("query plan: \(plan.joined(separator: "; "))")
        print("query plan half a year on: \(halfYearPlan.joined(separator: "; "))")
        print("due deals (25 earliest) at a random instant, \(lookups.count) lookups: median \(ms(percentile(lookups, 0.5))), "
              + "p99 \(ms(percentile(lookups, 0.99))), max \(ms(lookups.last ?? .nan))")
        print("due deals claimable by this engine (25 earliest), \(claimables.count) lookups: median "
              + "\(ms(percentile(claimables, 0.5))), p99 \(ms(percentile(claimables, 0.99))), max \(ms(claimables.last ?? .nan))")
        print("next due time, \(nexts.count) lookups: median \(ms(percentile(nexts, 0.5))), p99 \(ms(percentile(nexts, 0.99))), "
              + "max \(ms(nexts.last ?? .nan))")
        try store.close()
    } catch { fail("lookup: \(error)") }

case "reschedule":
    // Saving the column's dialog: the settings in one short transaction, then every deal of the column rescheduled
    // in batches, each its own transaction. Meanwhile, through a second connection pool (as another process would),
    // an engine lease is renewed every 100 ms and a board writes every 50 ms: how long each waited for the lock.
    do {
        let store = try Store(path: path)
        let other = try Store(path: path)
        let column = try store.column(id: 1)
        let deals = try store.cardPage(columnID: column.id, request: .first, limit: 1).count
        var config = column.followUp
        print("saving the column's settings over \(deals) deals (every deal rescheduled):")
        for amount in [2, 1] {
            config.interval = Interval(amount: amount, unit: .days)
            let holder = "bench-\(amount)"
            guard case .acquired = try other.acquireLease(holderID: holder, pid: 1, host: "bench", at: Date(), ttl: 6) else {
                fail("reschedule: lease not acquired")
            }
            let stop = Mutex(false)
            let leaseWaits = Mutex<[Double]>([]), writeWaits = Mutex<[Double]>([]), lost = Mutex(0)
            let lease = Thread {
                while !stop.withLock({ $0 }) {
                    let t0 = Date()
                    let renewed = (try? other.renewLease(holderID: holder, at: Date(), ttl: 6)) ?? false
                    leaseWaits.withLock { $0.append(Date().timeIntervalSince(t0)) }
                    if !renewed { lost.withLock { $0 += 1 } }
                    Thread.sleep(forTimeInterval: 0.1)
                }
            }
            let writer = Thread {
                var random = SplitMix64(seed: 7)
                var closed = false
                while !stop.withLock({ $0 }) {
                    let id = Int64.random(in: 1...Int64(max(1, deals)), using: &random)
                    let t0 = Date()
                    closed.toggle()
                    _ = try? other.setTicketClosed(dealID: id, closed: closed)
                    writeWaits.withLock { $0.append(Date().timeIntervalSince(t0)) }
                    Thread.sleep(forTimeInterval: 0.05)
                }
            }
            lease.start(); writer.start()
            Thread.sleep(forTimeInterval: 0.5)
            let started = Date()
            try store.setFollowUp(columnID: column.id, config: config, applyNow: false)
            var holds = [Date().timeIntervalSince(started)]   // the settings' own transaction, then each batch
            try store.continueReschedules(onBatch: { holds.append($0) })
            let total = Date().timeIntervalSince(started)
            holds.sort()
            let longest = holds.last ?? .nan, batches = holds.count - 1
            Thread.sleep(forTimeInterval: 0.3)
            stop.withLock { $0 = true }
            Thread.sleep(forTimeInterval: 0.3)
            let leases = leaseWaits.withLock { $0 }.sorted(), writes = writeWaits.withLock { $0 }.sorted()
            print(String(format: "  %d days: %.1f s in all, %d batches; transactions of the save: longest %@, p99 %@, median %@",
                         amount, total, batches, ms(longest), ms(percentile(holds, 0.99)), ms(percentile(holds, 0.5))))
            print("    concurrent lease renewals: \(leases.count), longest wait \(ms(leases.last ?? .nan)), "
                  + "p99 \(ms(percentile(leases, 0.99))), lost: \(lost.withLock { $0 })")
            print("    concurrent board writes: \(writes.count), longest wait \(ms(writes.last ?? .nan)), "
                  + "p99 \(ms(percentile(writes, 0.99)))")
            try other.releaseLease(holderID: holder)
        }
        try other.close()
        try store.close()
    } catch { fail("reschedule: \(error)") }

case "engine":
    let count = arguments.count > 3 ? Int(arguments[3]) ?? 300 : 300
    let window = arguments.count > 4 ? Double(arguments[4]) ?? 60 : 60
    do {
        // COUNT random deals fall due between 3 s and 3 + SECS s from now (whole seconds, like every due time).
        let queue = try DatabaseQueue(path: path)
        let start = Int64(Date().timeIntervalSince1970) + 3
        var random = SplitMix64(seed: UInt64(start))
        let total = try queue.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM deal") ?? 0 }
        var dueAt: [Int64: Date] = [:]
        try queue.write { db in
            while dueAt.count < count {
                let id = Int64.random(in: 1...total, using: &random)
                let due = start + Int64.random(in: 0...Int64(window), using: &random)
                try db.execute(sql: "UPDATE deal SET fu_anchor_at = ?, last_message_at = ?, fu_due_at = ? WHERE id = ?",
                               arguments: [due - 86_400, due - 86_400, due, id])
                dueAt[id] = Date(timeIntervalSince1970: Double(due))
            }
        }
        try queue.close()
        let expected = dueAt

        let store = try Store(path: path)
        let delays = Mutex<[Double]>([])
        let sent = Mutex(0)
        let engine = Engine(store: store, writer: InstantWriter(), channel: SandboxChannel(),
                            configuration: EngineConfiguration(governor: SendGovernor(minGap: 0, jitter: 0...0,
                                                                                      hourlyCap: 100_000, dailyCap: 100_000)),
                            events: { event in
                                switch event {
                                case .sending(let ref, _, let at):
                                    if let due = expected[ref.key.dealID] {
                                        delays.withLock { $0.append(at.timeIntervalSince(due)) }
                                    }
                                case .sent: sent.withLock { $0 += 1 }
                                case .storeError(let message, _): FileHandle.standardError.write(Data("store error: \(message)\n".utf8))
                                default: break
                                }
                            })
        engine.start()
        let deadline = Date().addingTimeInterval(window + 60)
        while sent.withLock({ $0 }) < count && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        // Nothing is due for about an hour now: the engine should only sleep.
        let cpuBefore = cpuSeconds()
        Thread.sleep(forTimeInterval: 10)
        let idleCPU = cpuSeconds() - cpuBefore
        engine.stop()
        try store.close()
        let measured = delays.withLock { $0 }.sorted()
        let early = measured.filter { $0 < 0 }.count
        print("deals due: \(count) over \(Int(window)) s among the database's deals; sent: \(sent.withLock { $0 })")
        print("due time → send start: median \(ms(percentile(measured, 0.5))), p99 \(ms(percentile(measured, 0.99))), "
              + "max \(ms(measured.last ?? .nan)); started before due: \(early)")
        print(String(format: "idle: %.3f s of CPU in 10 s with nothing due", idleCPU))
        print(String(format: "peak resident memory of the engine process: %.1f MB", peakRSSMegabytes()))
    } catch { fail("engine: \(error)") }

case "engine-team":
    // TeamBench.swift (issue 13).
    teamBench(url: path, count: arguments.count > 3 ? Int(arguments[3]) ?? -1 : 500,
              window: arguments.count > 4 ? Double(arguments[4]) ?? -1 : 120,
              gap: arguments.count > 5 ? Double(arguments[5]) ?? -1 : 0)

case "populate-report":
    let count = arguments.count > 3 ? Int(arguments[3]) ?? 1_000_000 : 1_000_000
    let messages = arguments.count > 4 ? Int(arguments[4]) ?? 5 * count : 5 * count
    guard count >= 1, messages >= count else { fail("populate-report needs N ≥ 1 deals and M ≥ N messages") }
    try? FileManager.default.removeItem(atPath: path)
    let started = Date()
    do {
        let store = try Store(path: path)
        let board = try store.addBoard(name: "Vendas")
        var columns: [Int64] = []
        for name in ["Prospecção", "Em andamento", "Aguardando resposta", "Concluído"] {
            let column = try store.addColumn(boardID: board.id, name: name)
            var config = column.followUp
            config.instructions = "Pergunte se ainda tem interesse em \(name.lowercased())."
            try store.setFollowUp(columnID: column.id, config: config, applyNow: false, author: "bench")
            columns.append(column.id)
        }
        try store.close()
        // Each deal: our first message, then follow-ups and replies 1–48 h apart; facts left as a bulk import leaves
        // them (the results are what is measured here, not the schedule).
        let queue = try DatabaseQueue(path: path)
        let now = Int64(Date().timeIntervalSince1970)
        var random = SplitMix64(seed: 14)
        func below(_ n: UInt64) -> Int64 { Int64(random.next() % n) }
        try queue.write { db in
            let contact = try db.makeStatement(sql: "INSERT INTO contact (id, name, phone) VALUES (?, ?, ?)")
            let deal = try db.makeStatement(sql: """
                INSERT INTO deal (id, column_id, position, title, contact_id, ticket_closed, created_at, last_message_at,
                                  last_message_author, search_text)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
                """)
            let message = try db.makeStatement(sql: "INSERT INTO message (deal_id, author, text, at) VALUES (?, ?, ?, ?)")
            var positions = [Int](repeating: 0, count: columns.count)
            var written = 0
            for n in 1...count {
                let id = Int64(n)
                let phone = "+55119\(String(format: "%08d", n))"
                try contact.execute(arguments: [id, "Cliente \(n)", phone])
                var at = now - 90 * 86_400 + below(86 * 86_400)
                let lines = (messages - written) / (count - n + 1)
                var authors: [MessageAuthor] = [.agent]
                for _ in 1..<max(lines, 1) { authors.append(below(10) < 6 ? .followup : .customer) }
                let c = Int(below(UInt64(columns.count)))
                let search = "negociacao \(n)\u{1}cliente \(n)\u{1}\u{1}" + phone.dropFirst()
                var times: [Int64] = []
                for _ in authors { times.append(at); at += 3600 + below(47 * 3600) }
                try deal.execute(arguments: [id, columns[c], positions[c], "Negociação \(n)", id, times[0],
                                             min(times.last!, now), authors.last!.rawValue, search])
                positions[c] += 1
                for (author, t) in zip(authors, times) {
                    try message.execute(arguments: [id, author.rawValue, "m", min(t, now)])
                }
                written += authors.count
            }
        }
        try queue.close()
        let built = Date()
        let reopened = try Store(path: path)
        try reopened.backfillResults()
        try reopened.close()
        print(String(format: "populated %d deals and %d messages in %.1f s, their results built in %.1f s (%@)", count,
                     messages, built.timeIntervalSince(started), Date().timeIntervalSince(built), path))
    } catch { fail("populate-report: \(error)") }

case "report":
    do {
        let store = try Store(path: path)
        defer { try? store.close() }
        for days in [7, 30, 90] {
            var times: [Double] = []
            var report: ResultsReport?
            for _ in 0..<20 {
                let t0 = DispatchTime.now().uptimeNanoseconds
                report = try store.results(period: .last(days, endingAt: Date()))
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            }
            times.sort()
            let sent = report?.columns.reduce(0) { $0 + $1.sent } ?? 0
            let replied = report?.columns.reduce(0) { $0 + $1.replied72h } ?? 0
            print("report, last \(days) days (\(sent) follow-ups, \(replied) answered, \(report?.columns.count ?? 0) columns), "
                  + "20 reads: median \(ms(percentile(times, 0.5))), max \(ms(times.last ?? .nan))")
        }
    } catch { fail("report: \(error)") }

default:
    fail("unknown subcommand \(arguments[1]); use populate, lookup, reschedule, engine, populate-report or report")
}
