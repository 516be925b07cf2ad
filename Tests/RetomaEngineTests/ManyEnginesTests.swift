import Foundation
import RetomaChannels
import RetomaCore
import RetomaEngine
@testable import RetomaStore
import StoreTestBackend
import Synchronization
import Testing

/// A clock `offset` seconds off the real one: a host whose clock is wrong.
final class SkewedClock: RetomaCore.Clock {
    let offset: TimeInterval
    init(_ offset: TimeInterval) { self.offset = offset }
    func now() -> Date { Date().addingTimeInterval(offset) }
}

/// Engines on their own threads, each with its own connections, on one PostgreSQL database, as on several hosts.
@Suite("Many engines on PostgreSQL")
struct ManyEnginesTests {
    /// A world on the PostgreSQL test server (whatever RETOMA_TEST_BACKEND says): the server's clock is the point.
    func world() throws -> World {
        try World(at: Date(), config: World.config(every: Interval(amount: 1, unit: .hours), businessHours: false),
                  backend: .postgres)
    }

    @Test func theDatabaseClockReadsTheServersTimeWhateverTheHostsClockSays() throws {
        let world = try world()
        for skew in [7200.0, -7200.0] {
            let clock = DatabaseClock(base: SkewedClock(skew), store: world.store)
            #expect(abs(clock.measuredOffset + skew) < 1, "offset \(clock.measuredOffset) for a host \(skew) s off")
            #expect(abs(clock.now().timeIntervalSinceNow) < 1)
        }
    }

    @Test func twoEnginesWithClocksHoursApartShareTheWorkSendOnceAndKeepTheGap() throws {
        let world = try world()
        let now = Date()
        var due: [Int64] = []
        for index in 0..<8 {
            due.append(try world.deal(phone: "1198765430\(index)", lastAgentAt: now.addingTimeInterval(-3700 - Double(index))).id)
        }
        // Due in half an hour by the server's clock: an engine reading its own clock two hours ahead would send it.
        let notYet = try world.deal(phone: "11987654399", lastAgentAt: now.addingTimeInterval(-1800)).id
        let governor = SendGovernor(minGap: 0.3, jitter: 0...0, hourlyCap: 1000, dailyCap: 10_000)
        let channel = RecordingChannel()
        let events = [EventLog(), EventLog()]
        let engines = try zip([7200.0, -7200.0], events).enumerated().map { index, pair in
            // Each engine its own store: its own connections, as another process has.
            let store = try world.reopen(now: { Date() })
            let configuration = EngineConfiguration(governor: governor, leaseTTL: 6, leaseRenewal: 1, jitterSeed: 7,
                                                    holderID: "engine-\(index)", pid: 4242, host: "host-\(index)")
            return Engine(store: store, writer: ScriptedWriter(), channel: channel, configuration: configuration,
                          clock: DatabaseClock(base: SkewedClock(pair.0), store: store), events: pair.1.sink)
        }
        engines.forEach { $0.start() }
        let deadline = Date().addingTimeInterval(30)
        while channel.sent.count < due.count && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        Thread.sleep(forTimeInterval: 1.5)  // time for a second send of anything, which must not come
        let running = try world.store.runningEngines(at: Date()).map(\.holderID)
        for engine in engines {
            #expect(engine.stop())
            try engine.store.close()
        }

        let keys = channel.sent.map(\.idempotencyKey)
        #expect(keys.count == due.count && Set(keys).count == due.count, "each due deal once: \(keys)")
        for deal in due { #expect(try world.followUps(deal).count == 1, "deal \(deal)") }
        #expect(try world.followUps(notYet).isEmpty, "not due by the server's clock")
        #expect(running == ["engine-0", "engine-1"], "neither took the other's lease for lapsed")
        let kinds = events.flatMap(\.kinds)
        #expect(!kinds.contains("uncertain") && !kinds.contains("lease_lost"), "\(kinds)")
        let starts = try world.store.sendHistory(sender: channel.sender, since: .distantPast, until: .distantFuture).sorted()
        #expect(starts.count == due.count)
        for (earlier, later) in zip(starts, starts.dropFirst()) {
            #expect(later.timeIntervalSince(earlier) >= 0.3 - 0.001, "gap \(later.timeIntervalSince(earlier)) s")
        }
    }

    @Test func concurrentClaimsGetDisjointDealsAndDoNotWaitForTheWriteLock() throws {
        let world = try world()
        let now = Date()
        for index in 0..<40 {
            try world.deal(phone: "119876540\(String(format: "%02d", index))", lastAgentAt: now.addingTimeInterval(-3700 - Double(index)))
        }
        let stores = try (0..<4).map { _ in try world.reopen(now: { Date() }) }
        for (index, store) in stores.enumerated() {
            _ = try store.acquireLease(holderID: "engine-\(index)", pid: 1, host: "h", at: now, ttl: 60)
        }
        // A long write elsewhere holds the write lock every other write waits for; claims do not take it.
        let writing = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), written = DispatchSemaphore(value: 0)
        let database = world.store.database
        let writer = Thread {
            try? database.write { _ in writing.signal(); release.wait() }
            written.signal()
        }
        writer.start()
        writing.wait()
        let claimed = Mutex<[[Int64]]>([])
        let group = DispatchGroup()
        let started = Date()
        for (index, store) in stores.enumerated() {
            group.enter()
            Thread {
                defer { group.leave() }
                let mine = (try? store.claimDueDeals(holderID: "engine-\(index)", atOrBefore: now, limit: 10,
                                                      until: now.addingTimeInterval(60)).map(\.dealID)) ?? []
                claimed.withLock { $0.append(mine) }
            }.start()
        }
        let finished = group.wait(timeout: .now() + 10)
        let took = Date().timeIntervalSince(started)
        release.signal()
        // Every connection done before the test's database is dropped.
        written.wait()
        for store in stores { try store.close() }
        #expect(finished == .success && took < 5, "claims waited \(took) s for the write lock")
        let all = claimed.withLock { $0 }
        let flat = all.flatMap { $0 }
        #expect(flat.count == 40 && Set(flat).count == 40, "each due deal claimed by exactly one engine: \(all)")
    }
}
