import Foundation
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaStore
import StoreTestBackend
import Synchronization
import Testing

/// The engine on its own thread with the real clock: it sleeps until the due time, wakes on `wake()`,
/// notices another process's writes, and stops cleanly.
@Suite("Engine thread")
struct ThreadTests {
    final class Scene {
        let folder: URL
        let database: TestDatabase
        let store: Store
        let column: Column
        let channel = RecordingChannel()
        let events = EventLog()
        let engine: Engine

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("retoma-thread-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            database = try TestDatabase(file: folder.appendingPathComponent("retoma.db").path)
            store = try database.open()
            let board = try store.addBoard(name: "Vendas")
            column = try store.addColumn(boardID: board.id, name: "Aguardando")
            try store.setFollowUp(columnID: column.id, config: World.config(every: Interval(amount: 1, unit: .minutes),
                                                                            businessHours: false, max: 0))
            engine = Engine(store: store, writer: ScriptedWriter(), channel: channel,
                            configuration: EngineConfiguration(governor: SendGovernor(minGap: 0, jitter: 0...0),
                                                               watchInterval: 0.25, holderID: "thread"),
                            events: events.sink)
        }

        deinit {
            engine.stop()
            try? store.close()
            try? FileManager.default.removeItem(at: folder)
        }

        /// A deal whose follow-up falls due `seconds` from now (whole seconds, like the store).
        func dealDue(in seconds: Int64, phone: String) throws -> (Deal, Date) {
            let deal = try store.addDeal(NewDeal(columnID: column.id, title: "T", contactName: "Ana", phone: phone))
            let anchor = Date(timeIntervalSince1970: Double(Int64(Date().timeIntervalSince1970) + seconds - 60))
            try store.addMessage(dealID: deal.id, author: .agent, text: "Orçamento", at: anchor)
            return (deal, anchor.addingTimeInterval(60))
        }

        func waitForSent(_ count: Int, within seconds: TimeInterval) -> [EngineEvent] {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                let sent = events.all.filter { $0.kind == "sent" }
                if sent.count >= count { return sent }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return events.all.filter { $0.kind == "sent" }
        }
    }

    @Test func sleepsUntilTheDueTimeAndStartsWithinASecond() throws {
        let scene = try Scene()
        let (_, due) = try scene.dealDue(in: 2, phone: "11900000001")
        scene.engine.start()
        let sent = scene.waitForSent(1, within: 6)
        try #require(sent.count == 1)
        let sending = try #require(scene.events.all.first { $0.kind == "sending" })
        #expect(sending.at >= due, "not before its time")
        #expect(sending.at.timeIntervalSince(due) < 1, "started \(sending.at.timeIntervalSince(due)) s after due")
    }

    @Test func wakeMakesItLookAtOnce() throws {
        let scene = try Scene()
        scene.engine.start()
        Thread.sleep(forTimeInterval: 0.3)
        #expect(scene.events.kinds == ["started", "lease_acquired"])
        let asked = Date()
        _ = try scene.dealDue(in: -5, phone: "11900000001")
        scene.engine.wake()
        let sent = scene.waitForSent(1, within: 3)
        try #require(sent.count == 1)
        #expect(sent[0].at.timeIntervalSince(asked) < 0.5)
    }

    @Test func noticesAnotherProcesssWriteWithoutBeingWoken() throws {
        let scene = try Scene()
        scene.engine.start()
        Thread.sleep(forTimeInterval: 0.3)
        // A second store is a second set of connections, like another process.
        let other = try scene.database.open()
        defer { try? other.close() }
        let deal = try other.addDeal(NewDeal(columnID: scene.column.id, title: "T", contactName: "Bia", phone: "11900000002"))
        try other.addMessage(dealID: deal.id, author: .agent, text: "Orçamento", at: Date().addingTimeInterval(-120))
        let sent = scene.waitForSent(1, within: 3)
        #expect(sent.count == 1)
    }

    @Test func pauseHoldsEverythingAndResumeLetsItGo() throws {
        let scene = try Scene()
        scene.engine.start()
        try scene.engine.pause()
        _ = try scene.dealDue(in: -5, phone: "11900000001")
        scene.engine.wake()
        #expect(scene.waitForSent(1, within: 1).isEmpty)
        #expect(scene.events.kinds.contains("paused"))
        try scene.engine.resume()
        #expect(scene.waitForSent(1, within: 3).count == 1)
    }

    @Test func stopGivesTheLeaseUpAndASecondStartDoesNothing() throws {
        let scene = try Scene()
        scene.engine.start()
        scene.engine.start()
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try scene.engine.leaseHolder()?.holderID == "thread")
        #expect(scene.engine.stop())
        #expect(try scene.engine.leaseHolder() == nil)
        #expect(scene.events.kinds.filter { $0 == "started" }.count == 1)
        #expect(scene.events.kinds.last == "stopped")
    }
}
