import Foundation
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaStore
import StoreTestBackend
import Synchronization
import Testing

/// The engines of a database: each one's lease, the work they share, takeover, and what a crash leaves behind.
@Suite("Engine lease")
struct LeaseTests {
    @Test func anEngineOfAnotherNumberStandsByShowsTheHolderAndTakesOverWhenItDies() throws {
        let world = try World(at: br(2026, 3, 11, 9))
        try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 10, 10))
        let channelA = RecordingChannel(), channelB = RecordingChannel(sender: "+5511911111111")
        let eventsA = EventLog(), eventsB = EventLog()
        let a = world.engine(channel: channelA, holder: "engine-a", events: eventsA)
        let b = world.engine(channel: channelB, holder: "engine-b", events: eventsB)

        a.runUntilIdle()
        #expect(b.runUntilIdle() == br(2026, 3, 11, 9, 0, 7), "retries when A's lease would expire")
        #expect(try b.leaseHolder()?.holderID == "engine-a")
        #expect(a.holdsLease && !b.holdsLease)
        #expect(eventsB.all.contains { if case .leaseLost(let holder?, _) = $0 { holder.holderID == "engine-a" } else { false } })

        // A stops renewing (it died). Seven seconds later B takes over.
        world.clock.advance(7)
        b.runUntilIdle()
        #expect(b.holdsLease)
        #expect(eventsB.all.contains { if case .leaseAcquired(_, let previous?, _) = $0 { previous.holderID == "engine-a" } else { false } })
        world.clock.set(br(2026, 3, 11, 10))
        b.runUntilIdle()
        a.runUntilIdle()
        #expect(channelB.sent.count == 1 && channelA.sent.isEmpty, "only the running number sends")
        #expect(eventsA.kinds.last == "lease_lost")
    }

    @Test func enginesOfOneNumberRunTogetherAndEachDealGoesOutOnce() throws {
        let world = try World(at: br(2026, 3, 11, 10))
        for index in 0..<6 { try world.deal(phone: "1198765432\(index)", lastAgentAt: br(2026, 3, 10, 10)) }
        let channelA = RecordingChannel(), channelB = RecordingChannel()
        let a = world.engine(channel: channelA, holder: "engine-a")
        let b = world.engine(channel: channelB, holder: "engine-b")
        // Turn by turn, one pass each, as two processes interleave.
        for _ in 0..<40 {
            _ = a.runDueWork()
            _ = b.runDueWork()
        }
        #expect(a.holdsLease && b.holdsLease, "neither stands by")
        #expect(try world.store.runningEngines(at: world.clock.now()).map(\.holderID) == ["engine-a", "engine-b"])
        let keys = (channelA.sent + channelB.sent).map(\.idempotencyKey)
        #expect(keys.count == 6 && Set(keys).count == 6, "every deal once: \(keys)")
        #expect(!channelA.sent.isEmpty && !channelB.sent.isEmpty, "both took part: \(channelA.sent.count) + \(channelB.sent.count)")
    }

    @Test func aSendInterruptedByACrashBecomesUncertainAndIsNeverResent() throws {
        let world = try World(at: br(2026, 3, 11, 10))
        let deal = try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 10, 10))
        let a = world.engine(holder: "engine-a")
        a.runDueWork() // planned and written: ready
        let ready = try #require(try world.store.openAttempts().first)
        // A marks it sending, hands it to the channel… and is killed before the answer.
        guard case .sending = try world.store.beginSending(attemptID: ready.id, holderID: "engine-a", at: world.clock.now(), number: SendingNumber(sender: "+5511900000000", governor: .standard, window: .unrestricted)) else {
            Issue.record("the attempt should be sending"); return
        }
        world.clock.advance(10)
        let channel = RecordingChannel(), events = EventLog()
        let b = world.engine(channel: channel, holder: "engine-b", events: events)
        b.runUntilIdle()
        let attempt = try world.store.attempt(id: ready.id)
        #expect(attempt.state == .uncertain)
        #expect(events.kinds.prefix(2) == ["lease_acquired", "uncertain"])
        for day in 12...20 {
            world.clock.set(br(2026, 3, day, 10))
            b.runUntilIdle()
        }
        #expect(channel.sent.isEmpty, "never resent without the operator")
        #expect(try b.decision(dealID: deal.id, at: world.clock.now()).reason == .paused)
    }

    @Test func twoRunningEnginesOnOneDatabaseNeverSendTheSameKey() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("retoma-two-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try TestDatabase(file: folder.appendingPathComponent("retoma.db").path)
        // Two processes' worth of connections: one store each.
        let storeA = try database.open(), storeB = try database.open()
        defer { try? storeA.close(); try? storeB.close() }
        let board = try storeA.addBoard(name: "Vendas")
        let column = try storeA.addColumn(boardID: board.id, name: "Aguardando")
        try storeA.setFollowUp(columnID: column.id, config: World.config(every: Interval(amount: 1, unit: .minutes),
                                                                         businessHours: false, max: 0))
        let start = Date()
        for n in 0..<30 {
            let deal = try storeA.addDeal(NewDeal(columnID: column.id, title: "D\(n)", contactName: "C\(n)",
                                                  phone: "+55119\(String(format: "%08d", n))"))
            try storeA.addMessage(dealID: deal.id, author: .agent, text: "Orçamento", at: start.addingTimeInterval(-90 - Double(n)))
        }
        let channel = RecordingChannel()
        func engine(_ store: Store, _ holder: String) -> Engine {
            Engine(store: store, writer: ScriptedWriter(), channel: channel,
                   configuration: EngineConfiguration(governor: SendGovernor(minGap: 0, jitter: 0...0, hourlyCap: 1000,
                                                                             dailyCap: 1000),
                                                      leaseTTL: 2, leaseRenewal: 0.5, watchInterval: 0.2,
                                                      holderID: holder))
        }
        let a = engine(storeA, "a"), b = engine(storeB, "b")
        a.start(); b.start()
        let deadline = Date().addingTimeInterval(20)
        var handedOver = false
        while Date() < deadline {
            let sentCount = try storeA.ledger().filter { $0.state == .sent }.count
            if sentCount >= 10 && !handedOver {
                // The holder stops; the other takes over mid-way.
                if a.holdsLease { a.stop() } else { b.stop() }
                handedOver = true
            }
            if sentCount >= 30 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        a.stop(); b.stop()
        let keys = channel.sent.map(\.idempotencyKey)
        #expect(keys.count == 30, "every deal got its follow-up")
        #expect(Set(keys).count == keys.count, "no key was handed to the channel twice")
        #expect(Set(channel.sent.map(\.to)).count == 30)
        #expect(try storeA.ledger().filter { $0.state == .sent }.count == 30)
        #expect(try storeA.leaseHolder(at: Date()) == nil, "a clean stop gives the lease up")
    }
}
