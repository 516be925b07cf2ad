import Foundation
import RetomaCore
import RetomaStore
import Testing

/// kill -9 while a send is in flight, restart, and count what the customer received.
@Suite("Engine crash", .serialized)
struct EngineCrashTests {
    @Test func aKilledSendIsNeverSentTwice() throws {
        let world = try EngineWorld()
        let deal = try world.deal("Ana", phone: "11987654321", lastAgentAt: Date().addingTimeInterval(-2 * 86_400))
        // The sandbox delivers at once and answers 30 s later: a slow provider.
        let slow = world.env(["RETOMA_SANDBOX_DELAY_MS": "30000"])
        let first = try BackgroundProcess(["engine", "--lang", "en"], env: slow)
        #expect(first.waitFor(timeout: 20) { $0.contains(" sending ") }, "stdout: \(first.stdout)\nstderr: \(first.stderr)")
        let deadline = Date().addingTimeInterval(10)
        while world.delivered().isEmpty && Date() < deadline { usleep(20_000) }
        try #require(world.delivered().count == 1, "the customer has the message")
        first.signal(SIGKILL)
        _ = first.waitForExit(timeout: 10)
        let key = try #require(world.delivered().first?["key"] as? String)
        #expect(try world.ledger().map(\.state) == [.sending], "killed between the send and its answer")

        let second = try BackgroundProcess(["engine", "--lang", "en"], env: world.env())
        #expect(second.waitFor(timeout: 20) { $0.contains(" uncertain ") }, "stdout: \(second.stdout)")
        // Give it time to do anything it would do.
        Thread.sleep(forTimeInterval: 3)
        second.signal(SIGTERM)
        #expect(second.waitForExit(timeout: 15) == 0)
        #expect(!second.stdout.contains(" sending "), "nothing was sent again: \(second.stdout)")

        let delivered = world.delivered()
        #expect(delivered.count == 1)
        #expect(delivered.filter { $0["key"] as? String == key }.count == 1, "exactly one message for the key")
        let attempts = try world.ledger()
        #expect(attempts.count == 1 && attempts.first?.state == .uncertain && attempts.first?.key.text == key)
        let why = try run(["deal", "why", String(deal), "--lang", "en"], env: world.env())
        #expect(why.stdout.contains("may have been sent"), "\(why.stdout)")

        // The operator decides: it did arrive.
        let done = try run(["attempt", "done", String(attempts[0].id)], env: world.env())
        #expect(done.status == 0, "\(done)")
        let show = try run(["deal", "show", String(deal), "--json"], env: world.env())
        let messages = try #require(json(show.stdout)?["messages"] as? [[String: Any]])
        #expect(messages.last?["author"] as? String == "followup" && messages.last?["text"] as? String == delivered[0]["text"] as? String)
    }
}
