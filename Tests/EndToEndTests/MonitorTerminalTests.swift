import Foundation
import LoopbackHTTPServer
import Synchronization
import Testing

/// The send monitor and the brake in a real terminal: the board's own engine writes through a loopback
/// OpenAI-compatible server and sends through the sandbox channel, whose outbox file counts what left.
@Suite("send monitor in a terminal", .serialized)
struct MonitorTerminalTests {
    /// Follow-ups different enough from each other that none is refused as a near-copy, each naming the contact and
    /// the deal as the quality gate asks ({f}, {s}); {t} is a tag in letters.
    static let replies = [
        "Oi, {f}! Conseguiu olhar a proposta de {s}? Posso ajudar com alguma dúvida ({t}).",
        "Bom dia, {f}! Ficou alguma dúvida sobre {s}? Posso ajudar no que precisar ({t}).",
        "Olá, {f}! Tudo certo com {s}? Se preferir, posso te ligar para conversar ({t}).",
        "Boa tarde, {f}! Como ficou a decisão sobre {s}? Fico à disposição para ajudar ({t}).",
        "Oi, {f}, espero que esteja bem! Quer retomar a conversa sobre {s}? Posso ajudar ({t}).",
        "Tudo bem por aí, {f}? Posso ajustar algo em {s} para você ({t})?",
    ]

    func chatServer() throws -> LoopbackHTTPServer {
        let counter = Atomic<Int>(0)
        return try LoopbackHTTPServer { request in
            let n = counter.add(1, ordering: .relaxed).oldValue
            let text = Self.replies[n % Self.replies.count]
                .replacingOccurrences(of: "{f}", with: firstWord(promptField("Contato", in: request.bodyText)))
                .replacingOccurrences(of: "{s}", with: promptField("Negociação", in: request.bodyText))
                .replacingOccurrences(of: "{t}", with: letterTag(n))
            let body: [String: Any] = ["id": "chatcmpl-\(n)", "object": "chat.completion", "created": 1_741_569_952, "model": "loopback-model",
                                       "choices": [["index": 0, "message": ["role": "assistant", "content": text], "finish_reason": "stop"]]]
            let data = try! JSONSerialization.data(withJSONObject: body)
            return .json(String(decoding: data, as: UTF8.self))
        }
    }

    func sends(_ outbox: String) -> Int {
        ((try? String(contentsOfFile: outbox, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    @Test func aFollowUpShowsInTheMonitorThePauseHoldsEverythingAndResumeSendsAgain() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("monitor.db")
        let outbox = folder.path("outbox.jsonl")
        #expect(try run(["demo", "--db", db]).status == 0)
        let set = try run(["followup", "set", "--column", "1", "--enabled", "true", "--every", "1m", "--business-hours", "false",
                           "--yes", "--db", db])
        #expect(set.status == 0, "\(set)")
        let ai = try chatServer()
        defer { ai.stop() }
        let bin = try Binary.retoma().path
        let tmux = try TmuxSession(command: [bin, "--db", db].map(shellQuote).joined(separator: " "), width: 140, height: 45,
                                   environment: ["TZ": "America/Sao_Paulo", "RETOMA_AI_BASE_URL": ai.baseURL + "/v1",
                                                 "RETOMA_AI_MODEL": "loopback-model", "RETOMA_SANDBOX_OUTBOX": outbox,
                                                 "RETOMA_GOVERNOR_MIN_GAP_S": "2", "RETOMA_GOVERNOR_JITTER_S": "0",
                                                 "XDG_STATE_HOME": folder.path("state")])
        try tmux.waitFor(text: "Prospecção")
        try tmux.send("m")
        try tmux.waitFor(text: "Monitor de envios")
        try tmux.waitFor("the first follow-up in the monitor", timeout: 30) { $0.contains("enviado") }
        #expect(sends(outbox) >= 1)

        try tmux.send("P")
        try tmux.waitFor(text: "ENVIOS PAUSADOS")
        usleep(1_500_000)                 // an in-flight send may finish and be recorded
        let atPause = sends(outbox)
        usleep(6_000_000)                 // three governor gaps: nothing new may leave while paused
        #expect(sends(outbox) == atPause, "a message left while sending was paused")

        try tmux.send("P")
        try tmux.waitFor("the brake to release") { !$0.contains("ENVIOS PAUSADOS") }
        let deadline = Date().addingTimeInterval(30)
        while sends(outbox) == atPause && Date() < deadline { usleep(100_000) }
        let failures = { ((try? String(contentsOfFile: folder.path("state/retoma/events.jsonl"), encoding: .utf8)) ?? "")
            .split(separator: "\n").filter { $0.contains("\"kind\":\"failed\"") }.suffix(3).joined(separator: "\n") }
        #expect(sends(outbox) > atPause, "sending resumed after the second P; last failures: \(failures())")

        try tmux.send("Escape", "q")
        try tmux.waitFor("the program to exit", timeout: 15) { _ in tmux.paneDead() }
        // Every event also went to events.jsonl.
        let events = (try? String(contentsOfFile: folder.path("state/retoma/events.jsonl"), encoding: .utf8)) ?? ""
        #expect(events.contains("\"kind\":\"sent\"") && events.contains("\"kind\":\"paused\""))
    }
}
