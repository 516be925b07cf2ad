import Foundation
import LoopbackHTTPServer
import RetomaCore
import RetomaStore
import Testing

/// The review queue in a real terminal: a draft the engine wrote for a column that reviews waits in `A`; Enter
/// approves it, it leaves the queue, and the board's own engine sends it to the sandbox.
@Suite("review queue in a terminal", .serialized)
struct ReviewTerminalTests {
    static let draft = "Oi, Ana! Conseguiu olhar a proposta de energia solar? Posso ajudar com alguma dúvida?"

    /// A writer whose one text passes the quality gate (no figure the deal never mentions, its subject named).
    static func writer() throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { _ in
            let body: [String: Any] = ["id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "loopback-model",
                                       "choices": [["index": 0, "message": ["role": "assistant", "content": Self.draft],
                                                    "finish_reason": "stop"]]]
            return .json(String(decoding: try! JSONSerialization.data(withJSONObject: body), as: UTF8.self))
        }
    }

    /// A deal about energia solar whose last message is ours, two days ago.
    static func deal(_ world: EngineWorld, _ name: String, phone: String) throws {
        let store = try Store(path: world.db)
        let deal = try store.addDeal(NewDeal(columnID: world.columnID, title: "Energia solar", contactName: name, phone: phone))
        try store.addMessage(dealID: deal.id, author: .agent, text: "Segue a proposta de energia solar!",
                             at: Date().addingTimeInterval(-2 * 86_400))
        try store.close()
    }

    /// A database whose column reviews before sending, and the writer's environment; stop the writer when done.
    static func reviewingWorld() throws -> (world: EngineWorld, ai: LoopbackHTTPServer, writer: [String: String]) {
        let world = try EngineWorld()
        let ai = try Self.writer()
        let writer = ["RETOMA_AI_BASE_URL": ai.baseURL + "/v1"]
        let set = try run(["followup", "set", "--column", String(world.columnID), "--review", "true"], env: world.env(writer))
        #expect(set.status == 0, "\(set)")
        return (world, ai, writer)
    }

    @Test func aListsTheDraftAndEnterApprovesItForTheEngineToSend() throws {
        let (world, ai, writer) = try Self.reviewingWorld()
        defer { ai.stop() }
        try Self.deal(world, "Ana Souza", phone: "11987654321")
        let once = try run(["engine", "--once", "--json"], env: world.env(writer))
        #expect(once.status == 0 && world.delivered().isEmpty, "\(once)")
        #expect(try world.ledger().map(\.state) == [.review], "\(once)")

        let bin = try Binary.retoma().path
        var env = world.env(writer.merging(["TZ": "America/Sao_Paulo", "XDG_STATE_HOME": world.folder.path("state")]) { $1 })
        env.removeValue(forKey: "RETOMA_DB")
        let tmux = try TmuxSession(command: [bin, "--db", world.db].map(shellQuote).joined(separator: " "), width: 120, height: 40,
                                   environment: env)
        defer { tmux.kill() }
        try tmux.waitFor(text: "✎ 1 para revisar")
        try tmux.send("A")
        try tmux.waitFor(text: "Revisar · Vendas · 1 aguardando")
        let queue = try tmux.waitFor(text: "negociação 1 Energia solar · Ana Souza")
        #expect(queue.contains("1º follow-up · 1d sem resposta desde ") && queue.contains("Oi, Ana! Conseguiu olhar a proposta"), "\(queue)")
        #expect(world.delivered().isEmpty, "nothing leaves before the approval")
        try tmux.send("Enter")
        try tmux.waitFor(text: "Rascunho aprovado: o motor vai enviá-lo.")
        try tmux.waitFor(text: "Nenhum rascunho para revisar neste quadro.")
        let deadline = Date().addingTimeInterval(30)
        while world.delivered().isEmpty && Date() < deadline { usleep(100_000) }
        #expect(world.delivered().count == 1, "the engine sent the approved draft")
        #expect(world.delivered().first?["text"] as? String == Self.draft)
        try tmux.send("Escape")
        let board = try tmux.waitFor(text: "Retoma · Vendas")
        #expect(!board.contains("para revisar"), "\(board)")
        try tmux.send("q")
        try tmux.waitFor("the program to exit") { _ in tmux.paneDead() }
    }

    /// `g` sends the draft back to the writer (the engine writes it again and it returns), `e` sends a person's text
    /// instead, `s` skips one, `S` (after a yes) skips what is left of the column today: only the edited text is sent.
    @Test func gWritesAgainEEditsSSkipsOneAndCapitalSSkipsTheColumnForToday() throws {
        let (world, ai, writer) = try Self.reviewingWorld()
        defer { ai.stop() }
        try Self.deal(world, "Ana Souza", phone: "11987654321")
        try Self.deal(world, "Ana Lima", phone: "11987654322")   // the writer greets every one as Ana
        try Self.deal(world, "Ana Reis", phone: "11987654323")
        // One pass writes what the governor lets through: a few passes write the three drafts.
        for _ in 0..<6 where try world.ledger().filter({ $0.state == .review }).count < 3 {
            _ = try run(["engine", "--once", "--json"], env: world.env(writer))
        }
        let written = try world.ledger()
        #expect(written.map(\.state) == [.review, .review, .review], "\(written.map { "\($0.state) \($0.reason ?? "") \($0.error ?? "")" })")

        let bin = try Binary.retoma().path
        var env = world.env(writer.merging(["TZ": "America/Sao_Paulo", "XDG_STATE_HOME": world.folder.path("state")]) { $1 })
        env.removeValue(forKey: "RETOMA_DB")
        let tmux = try TmuxSession(command: [bin, "--db", world.db].map(shellQuote).joined(separator: " "), width: 120, height: 40,
                                   environment: env)
        defer { tmux.kill() }
        try tmux.waitFor(text: "✎ 3 para revisar")
        try tmux.send("A")
        try tmux.waitFor(text: "Revisar · Vendas · 3 aguardando")
        try tmux.send("g")
        try tmux.waitFor(text: "O rascunho vai ser escrito de novo.")
        // The engine writes it again; its review event reads the queue again and the draft is back, waiting.
        try tmux.waitFor(text: "✎ follow-up nº 1: aguardando revisão (A)", timeout: 20)
        try tmux.waitFor(text: "Revisar · Vendas · 3 aguardando")
        let edited = "Oi, Ana! Posso te ligar amanhã para falar da energia solar?"
        try tmux.send("e")
        try tmux.waitFor(text: "Editar e enviar a ")
        try tmux.send("C-u")
        try tmux.send(edited, literal: true)
        try tmux.send("Enter")
        try tmux.waitFor(text: "Rascunho editado e aprovado: o motor vai enviá-lo.")
        try tmux.waitFor(text: "Revisar · Vendas · 2 aguardando")
        let deadline = Date().addingTimeInterval(30)
        while world.delivered().isEmpty && Date() < deadline { usleep(100_000) }
        try tmux.send("s")
        try tmux.waitFor(text: "Rascunho pulado: nada foi enviado.")
        try tmux.waitFor(text: "Revisar · Vendas · 1 aguardando")
        try tmux.send("S")
        try tmux.waitFor(text: "Pular a coluna Aguardando resposta hoje? 1")
        try tmux.send("s")
        try tmux.waitFor(text: "Coluna Aguardando resposta pulada hoje: 1 rascunho(s) não serão enviados.")
        try tmux.waitFor(text: "Nenhum rascunho para revisar neste quadro.")
        usleep(1_000_000)   // an engine pass after the decisions
        #expect(world.delivered().map { $0["text"] as? String } == [edited], "only the person's text was sent")
        #expect(try world.ledger().filter { $0.state == .review || $0.state == .ready }.isEmpty)
        try tmux.send("q")
        try tmux.waitFor("the program to exit") { _ in tmux.paneDead() }
    }

    /// Another process's decision reaches the open queue through the database's change counter: `retoma draft skip`
    /// while the board (with no engine of its own) shows the draft.
    @Test func aDecisionFromAnotherProcessLeavesTheOpenQueue() throws {
        let (world, ai, writer) = try Self.reviewingWorld()
        defer { ai.stop() }
        try Self.deal(world, "Ana Souza", phone: "11987654321")
        _ = try run(["engine", "--once", "--json"], env: world.env(writer))
        let id = try #require(try world.ledger().first { $0.state == .review }?.id)

        let bin = try Binary.retoma().path
        var env = world.env(writer.merging(["TZ": "America/Sao_Paulo", "XDG_STATE_HOME": world.folder.path("state")]) { $1 })
        env.removeValue(forKey: "RETOMA_DB")
        let tmux = try TmuxSession(command: [bin, "--db", world.db, "--no-engine"].map(shellQuote).joined(separator: " "),
                                   width: 120, height: 40, environment: env)
        defer { tmux.kill() }
        try tmux.waitFor(text: "✎ 1 para revisar")
        try tmux.send("A")
        try tmux.waitFor(text: "Revisar · Vendas · 1 aguardando")
        let skip = try run(["draft", "skip", String(id)], env: world.env(writer))
        #expect(skip.status == 0, "\(skip)")
        try tmux.waitFor(text: "Nenhum rascunho para revisar neste quadro.")
        try tmux.send("Escape")
        let board = try tmux.waitFor(text: "Retoma · Vendas")
        #expect(!board.contains("para revisar"), "\(board)")
        try tmux.send("q")
        try tmux.waitFor("the program to exit") { _ in tmux.paneDead() }
    }
}
