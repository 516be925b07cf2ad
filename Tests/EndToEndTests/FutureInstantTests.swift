import Foundation
import RetomaCore
import RetomaStore
import Testing

/// Times from outside (`--at`, a provider's timestamp) must not stamp real sends or the conversation with a
/// false clock: a future send-log entry would throttle the live engine until then.
@Suite("Instants from outside", .serialized)
struct FutureInstantTests {
    @Test func onceRefusesToSendAtAnInstantFarFromNow() throws {
        let world = try EngineWorld()
        _ = try world.deal("Ana", phone: "11987654321", lastAgentAt: Date().addingTimeInterval(-2 * 86_400))
        for offset in [3 * 86_400.0, -3 * 86_400.0, 120] {
            let refused = try run(["engine", "--once", "--at", isoNow(offset: offset)], env: world.env())
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderr.contains("--dry-run"), "\(refused.stderr)")
        }
        #expect(world.delivered().isEmpty)
        #expect(try world.ledger().isEmpty)
        // Decisions alone may look at any instant.
        #expect(try run(["engine", "--once", "--at", isoNow(offset: 3 * 86_400), "--dry-run"], env: world.env()).status == 0)
        // Within a minute of now it sends, as without --at.
        let near = try run(["engine", "--once", "--at", isoNow(offset: 20), "--json"], env: world.env())
        #expect(near.status == 0, "\(near)")
        #expect(world.delivered().count == 1)
    }

    @Test func aMessageDatedInTheFutureIsRefused() throws {
        let world = try EngineWorld()
        let deal = try world.deal("Ana", phone: "11987654321", lastAgentAt: Date().addingTimeInterval(-3600))
        let refused = try run(["message", "add", "--deal", "\(deal)", "--from", "customer", "--text", "Oi",
                               "--at", isoNow(offset: 86_400), "--lang", "en"], env: world.env())
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("in the future"), "\(refused.stderr)")
        #expect(try run(["message", "add", "--deal", "\(deal)", "--from", "customer", "--text", "Oi",
                         "--at", isoNow(offset: 60)], env: world.env()).status == 0, "a little clock skew is fine")
    }
}
