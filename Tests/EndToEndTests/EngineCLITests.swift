import Foundation
import RetomaCore
import RetomaStore
import Testing

/// `retoma engine`, `retoma deal why`, `retoma log` and `retoma attempt` through the real binary.
@Suite("Engine commands", .serialized)
struct EngineCLITests {
    @Test func onceDryRunPrintsEveryDecisionAndSendsNothing() throws {
        let world = try EngineWorld()
        let at = Date()
        let due = try world.deal("Ana", phone: "11900000001", lastAgentAt: at.addingTimeInterval(-2 * 86_400))
        let notDue = try world.deal("Bia", phone: "11900000002", lastAgentAt: at.addingTimeInterval(-3600))
        let replied = try world.deal("Caio", phone: "11900000003", lastAgentAt: at.addingTimeInterval(-2 * 86_400), customerLast: true)
        let off = try world.deal("Davi", phone: "11900000004", column: world.offColumnID, lastAgentAt: at.addingTimeInterval(-2 * 86_400))
        let silent = try world.deal("Eva", phone: "11900000005", lastAgentAt: nil)
        let instant = Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: TimeZone(identifier: "America/Sao_Paulo")!).format(at)
        let result = try run(["engine", "--once", "--at", instant, "--dry-run", "--json"], env: world.env())
        #expect(result.status == 0, "\(result)")
        let document = try #require(json(result.stdout), "one JSON document: \(result.stdout)")
        #expect(Set(document.keys) == ["at", "decisions"])
        #expect(Timestamp(document["at"]) == Timestamp(instant))
        let decisions = try #require(document["decisions"] as? [[String: Any]])
        #expect(decisions.map { $0["deal"] as? Int64 } == [due, notDue, replied, off, silent])
        for decision in decisions {
            #expect(Set(decision.keys) == ["deal", "column", "action", "reason", "due_at"])
        }
        func verdict(_ id: Int64) -> String {
            decisions.first { $0["deal"] as? Int64 == id }.map { "\($0["action"]!)/\($0["reason"]!)" } ?? "?"
        }
        #expect(verdict(due) == "send/due")
        #expect(verdict(notDue) == "wait/not_due")
        #expect(verdict(replied) == "skip/customer_replied_last")
        #expect(verdict(off) == "skip/followup_disabled")
        #expect(verdict(silent) == "skip/no_conversation")
        #expect(decisions.first { $0["deal"] as? Int64 == notDue }?["due_at"] is String)
        #expect(decisions.first { $0["deal"] as? Int64 == off }?["due_at"] is NSNull)
        #expect(decisions.first { $0["deal"] as? Int64 == off }?["column"] as? Int64 == world.offColumnID)
        #expect(world.delivered().isEmpty)
        #expect(try world.ledger().isEmpty)
        #expect(world.ai.requests.isEmpty, "a dry run asks no AI")
    }

    @Test func onceSendsWhatIsDueThroughTheRealWriterAndTheLogShowsIt() throws {
        let world = try EngineWorld()
        let deal = try world.deal("Ana", phone: "11987654321", lastAgentAt: Date().addingTimeInterval(-2 * 86_400))
        let result = try run(["engine", "--once", "--json"], env: world.env())
        #expect(result.status == 0, "\(result)")
        let decisions = try #require(json(result.stdout)?["decisions"] as? [[String: Any]])
        #expect(decisions.first?["reason"] as? String == "due")
        let delivered = world.delivered()
        #expect(delivered.count == 1 && delivered.first?["to"] as? String == "+5511987654321")
        // The writer keeps the best of three drafts by default: three requests for one message.
        #expect(world.ai.requests.count == 3)
        #expect(result.stderr.contains("sent"), "events are logged on stderr: \(result.stderr)")

        let log = try run(["log", "--json"], env: world.env())
        let attempts = try #require(json(log.stdout)?["attempts"] as? [[String: Any]])
        #expect(attempts.count == 1)
        #expect(attempts.first?["state"] as? String == "sent" && attempts.first?["model"] as? String == "loopback-model")
        #expect(attempts.first?["dealId"] as? Int64 == deal && attempts.first?["text"] as? String == delivered.first?["text"] as? String)
        let human = try run(["log"], env: world.env())
        #expect(human.stdout.contains("sent") && human.stdout.contains("Ana"))
        let later = try run(["log", "--since", isoNow(offset: 3600), "--json"], env: world.env())
        #expect((json(later.stdout)?["attempts"] as? [Any])?.isEmpty == true)

        let show = try run(["deal", "show", String(deal), "--json"], env: world.env())
        let messages = try #require(json(show.stdout)?["messages"] as? [[String: Any]])
        #expect(messages.last?["author"] as? String == "followup")

        // Run again at the same instant: nothing more is due.
        _ = try run(["engine", "--once", "--json"], env: world.env())
        #expect(world.delivered().count == 1)
    }

    @Test func dealWhyExplainsEveryRuleInWords() throws {
        let world = try EngineWorld()
        let deal = try world.deal("Ana", phone: "11987654321", lastAgentAt: Date().addingTimeInterval(-3600))
        let pt = try run(["deal", "why", String(deal)], env: world.env())
        #expect(pt.status == 0, "\(pt)")
        #expect(pt.stdout.contains("✓ Follow-up ativado nesta coluna"))
        #expect(pt.stdout.contains("✗ Vence em"))
        #expect(pt.stdout.contains("→ Aguardar até") && pt.stdout.contains("(not_due)"))
        let en = try run(["deal", "why", String(deal), "--at", isoNow(offset: 2 * 86_400), "--json", "--lang", "en"], env: world.env())
        let document = try #require(json(en.stdout))
        #expect(document["action"] as? String == "send" && document["reason"] as? String == "due")
        let checks = try #require(document["checks"] as? [[String: Any]])
        #expect(checks.count == 8 && checks.allSatisfy { $0["passed"] as? Bool == true })
        #expect(checks.first?["text"] as? String == "Follow-up is on for this column")
        let missing = try run(["deal", "why", "999"], env: world.env())
        #expect(missing.status == 1 && missing.stderr.contains("999"))
        let badTime = try run(["deal", "why", String(deal), "--at", "amanhã"], env: world.env())
        #expect(badTime.status == 1 && badTime.stderr.contains("amanhã"))
    }

    @Test func headlessLogsOneLinePerEventAndStopsOnSIGTERM() throws {
        let world = try EngineWorld()
        try world.deal("Ana", phone: "11987654321", lastAgentAt: Date().addingTimeInterval(-2 * 86_400))
        let engine = try BackgroundProcess(["engine", "--lang", "en"], env: world.env())
        #expect(engine.waitFor(timeout: 20) { $0.contains(" sent ") }, "stdout: \(engine.stdout)\nstderr: \(engine.stderr)")
        #expect(engine.stdout.contains("sandbox (nothing leaves this machine)"))
        #expect(world.delivered().count == 1)

        // A second engine of the same number joins it (the work is shared) and sends nothing twice.
        let second = try BackgroundProcess(["engine", "--lang", "en"], env: world.env())
        #expect(second.waitFor(timeout: 20) { $0.contains("this process runs the engine (pid \(second.pid)") },
                "stdout: \(second.stdout)")
        let status = try run(["engine", "status", "--json"], env: world.env())
        // Both started within a second or so: which one counts as longest running is the second's tie-break.
        let pids = Set([Int(engine.pid), Int(second.pid)])
        let holder = (json(status.stdout)?["holder"] as? [String: Any])?["pid"] as? Int
        #expect(holder.map { pids.contains($0) } == true, "\(status.stdout)")
        let engines = (json(status.stdout)?["engines"] as? [[String: Any]])?.compactMap { $0["pid"] as? Int }
        #expect(engines.map(Set.init) == pids && engines?.first == holder, "\(status.stdout)")
        Thread.sleep(forTimeInterval: 1)
        #expect(world.delivered().count == 1)
        second.signal(SIGTERM)
        #expect(second.waitForExit(timeout: 10) == 0)

        engine.signal(SIGTERM)
        #expect(engine.waitForExit(timeout: 15) == 0)
        #expect(engine.stdout.contains("engine stopped"))
        let after = try run(["engine", "status", "--json"], env: world.env())
        #expect(json(after.stdout)?["holder"] is NSNull, "a clean stop gives the lease up")
    }

    @Test func pauseAndResumeFromTheCommandLine() throws {
        let world = try EngineWorld()
        try world.deal("Ana", phone: "11987654321", lastAgentAt: Date().addingTimeInterval(-2 * 86_400))
        #expect(try run(["engine", "pause"], env: world.env()).status == 0)
        let paused = try run(["engine", "--once", "--dry-run", "--json"], env: world.env())
        #expect((json(paused.stdout)?["decisions"] as? [[String: Any]])?.first?["reason"] as? String == "paused")
        _ = try run(["engine", "--once", "--json"], env: world.env())
        #expect(world.delivered().isEmpty)
        #expect(try run(["engine", "resume"], env: world.env()).status == 0)
        _ = try run(["engine", "--once", "--json"], env: world.env())
        #expect(world.delivered().count == 1)
    }

    @Test func badSettingsAreRefusedWithAClearMessage() throws {
        let world = try EngineWorld()
        let jitter = try run(["engine", "--once", "--dry-run", "--json"], env: world.env(["RETOMA_GOVERNOR_JITTER_S": "60-0"]))
        #expect(jitter.status == 1 && jitter.stderr.contains("RETOMA_GOVERNOR_JITTER_S"))
        let channel = try run(["engine", "--once", "--dry-run"], env: world.env(["RETOMA_CHANNEL": "telegram"]))
        #expect(channel.status == 1 && channel.stderr.contains("telegram"))
        let flags = try run(["engine", "--dry-run"], env: world.env())
        #expect(flags.status != 0 && flags.stderr.contains("--once"))
        let ai = try run(["engine", "--once"], env: world.env(["RETOMA_AI_BASE_URL": "ftp://x"]))
        #expect(ai.status == 1 && ai.stderr.contains("RETOMA_AI_BASE_URL"))
    }
}

/// Compares ISO 8601 texts as instants.
private func Timestamp(_ value: Any?) -> Date? {
    guard let text = value as? String else { return nil }
    return try? Date.ISO8601FormatStyle(includingFractionalSeconds: false).parse(text)
}
