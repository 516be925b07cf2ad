import Foundation
import RetomaCore
import Testing

/// A customer is one chat, through the command line processes: a reply on one deal stops the contact's other
/// deal; an opt-out stops both and survives an agent message; a reply during a slow send keeps the deal stopped.
@Suite(.serialized) struct ContactChatCLITests {
    func reasons(_ world: EngineWorld) throws -> [Int64: String] {
        let result = try run(["engine", "--once", "--at", isoNow(), "--dry-run", "--json"], env: world.env())
        #expect(result.status == 0, "\(result)")
        let decisions = try #require(json(result.stdout)?["decisions"] as? [[String: Any]], "\(result.stdout)")
        return Dictionary(uniqueKeysWithValues: decisions.compactMap { d in
            (d["deal"] as? Int64).flatMap { id in (d["reason"] as? String).map { (id, $0) } }
        })
    }

    func why(_ world: EngineWorld, _ deal: Int64, lang: String = "en") throws -> String {
        let result = try run(["deal", "why", String(deal), "--lang", lang], env: world.env())
        #expect(result.status == 0, "\(result)")
        return result.stdout
    }

    @Test func aReplyOnOneDealStopsTheContactsOtherDealUntilWeWriteThere() throws {
        let world = try EngineWorld()
        let twoDaysAgo = Date().addingTimeInterval(-2 * 86_400)
        let first = try world.deal("Ana", phone: "11987654321", lastAgentAt: twoDaysAgo)
        // The same WhatsApp account, stored without the ninth digit.
        let second = try world.deal("Ana Souza", phone: "1187654321", lastAgentAt: twoDaysAgo)
        let other = try world.deal("Bruno", phone: "21987654321", lastAgentAt: twoDaysAgo)
        #expect(try reasons(world) == [first: "due", second: "due", other: "due"])

        let reply = try run(["message", "add", "--deal", String(first), "--from", "customer", "--text", "Vou ver, obrigada"],
                            env: world.env())
        #expect(reply.status == 0, "\(reply)")
        #expect(try reasons(world) == [first: "customer_replied_last", second: "replied_in_other_deal", other: "due"])
        #expect(try why(world, second).contains("replied in \"Orçamento Ana\""))
        #expect(try why(world, second, lang: "pt").contains("respondeu em \"Orçamento Ana\""))

        let ours = try run(["message", "add", "--deal", String(second), "--from", "agent", "--text", "E a instalação?"],
                           env: world.env())
        #expect(ours.status == 0, "\(ours)")
        #expect(try reasons(world)[second] == "not_due")
    }

    @Test func anOptOutStopsBothDealsAndSurvivesAnAgentMessage() throws {
        let world = try EngineWorld()
        let twoDaysAgo = Date().addingTimeInterval(-2 * 86_400)
        let first = try world.deal("Ana", phone: "11987654321", lastAgentAt: twoDaysAgo)
        let second = try world.deal("Ana Souza", phone: "1187654321", lastAgentAt: twoDaysAgo)
        _ = try run(["message", "add", "--deal", String(first), "--from", "customer", "--text", "Me tire da lista!"],
                    env: world.env())
        #expect(try reasons(world) == [first: "opted_out", second: "opted_out"])
        _ = try run(["message", "add", "--deal", String(first), "--from", "agent", "--text", "Certo, removido."], env: world.env())
        _ = try run(["message", "add", "--deal", String(second), "--from", "agent", "--text", "Tudo bem."], env: world.env())
        #expect(try reasons(world) == [first: "opted_out", second: "opted_out"])
        #expect(try why(world, second).contains("The contact asked not to receive messages"))

        let show = try run(["deal", "show", String(second), "--json"], env: world.env())
        let document = try #require(json(show.stdout))
        #expect(document["optedOut"] as? Bool == true)
        #expect((document["optOut"] as? [String: Any])?["text"] as? String == "Me tire da lista!")
        let contact = try #require(json(try run(["contact", "show", "--phone", "+55 11 8765-4321", "--json"],
                                                env: world.env()).stdout))
        #expect(contact["optedOut"] as? Bool == true && (contact["deals"] as? [Int64]) == [first, second])

        // Clearing it asks first, then the deals follow up again.
        let refused = try run(["contact", "optin", "--phone", "11987654321"], env: world.env())
        #expect(refused.status == 3 && refused.stderr.contains("--yes"), "\(refused)")
        #expect(try reasons(world)[first] == "opted_out")
        let optin = try run(["contact", "optin", "--phone", "11987654321", "--yes", "--json"], env: world.env())
        #expect(optin.status == 0 && json(optin.stdout)?["optedOut"] as? Bool == false, "\(optin)")
        #expect(try reasons(world) == [first: "not_due", second: "not_due"])
        // And the operator can set it by hand.
        let optout = try run(["contact", "optout", "--phone", "11987654321", "--yes"], env: world.env())
        #expect(optout.status == 0, "\(optout)")
        #expect(try reasons(world) == [first: "opted_out", second: "opted_out"])
        let unknown = try run(["contact", "optout", "--phone", "11 91111-2222", "--yes"], env: world.env())
        #expect(unknown.status == 1 && unknown.stderr.contains("11 91111-2222"), "\(unknown)")
    }

    @Test func aReplyDuringASlowSendKeepsTheDealStopped() throws {
        let world = try EngineWorld()
        let deal = try world.deal("Ana", phone: "11987654321", lastAgentAt: Date().addingTimeInterval(-2 * 86_400))
        // The sandbox delivers at once and answers 5 s later; the customer writes meanwhile.
        let engine = try BackgroundProcess(["engine", "--once", "--json"], env: world.env(["RETOMA_SANDBOX_DELAY_MS": "5000"]))
        let deadline = Date().addingTimeInterval(30)
        while world.delivered().isEmpty && Date() < deadline { usleep(20_000) }
        try #require(world.delivered().count == 1, "stdout: \(engine.stdout)\nstderr: \(engine.stderr)")
        let reply = try run(["message", "add", "--deal", String(deal), "--from", "customer", "--text", "Vi sim, obrigada!"],
                            env: world.env())
        #expect(reply.status == 0, "\(reply)")
        #expect(engine.waitForExit(timeout: 30) == 0, "stderr: \(engine.stderr)")
        #expect(try world.ledger().map(\.state) == [.sent])

        let show = try #require(json(try run(["deal", "show", String(deal), "--json"], env: world.env()).stdout))
        let messages = try #require(show["messages"] as? [[String: Any]])
        #expect(messages.suffix(2).map { $0["author"] as? String } == ["followup", "customer"])
        let why = try #require(json(try run(["deal", "why", String(deal), "--json"], env: world.env()).stdout))
        #expect(why["reason"] as? String == "customer_replied_last", "\(why)")
    }
}
