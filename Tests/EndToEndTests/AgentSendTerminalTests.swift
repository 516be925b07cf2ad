import Foundation
import Testing

/// `a` on the deal screen sends through the engine of the board itself (the sandbox channel): the reply shows
/// at once and turns ✓✓ when the sandbox reports it delivered; the customer's phone (the outbox) got it once.
@Suite("agent send in a terminal", .serialized)
struct AgentSendTerminalTests {
    @Test func aReplyFromTheDealScreenIsSentAndShowsDelivered() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("send.db")
        let outbox = folder.path("outbox.jsonl")
        for args in [["board", "add", "--name", "Vendas"], ["column", "add", "--board", "Vendas", "--name", "Atendimento"],
                     ["deal", "add", "--column", "1", "--title", "Orçamento Maria", "--contact-name", "Maria Souza",
                      "--phone", "11987654321"],
                     ["message", "add", "--deal", "1", "--from", "customer", "--text", "Qual o prazo de entrega?"]] {
            let r = try run(args + ["--db", db])
            #expect(r.status == 0, "\(args): \(r)")
        }
        let bin = try Binary.retoma().path
        let tmux = try TmuxSession(command: [bin, "--db", db].map(shellQuote).joined(separator: " "), width: 120, height: 40,
                                   environment: ["TZ": "America/Sao_Paulo", "RETOMA_SANDBOX_OUTBOX": outbox,
                                                 "RETOMA_GOVERNOR_MIN_GAP_S": "0", "RETOMA_GOVERNOR_JITTER_S": "0"])
        try tmux.waitFor(text: "Orçamento Maria")
        try tmux.send("Enter")
        try tmux.waitFor(text: "Qual o prazo de entrega?")
        let deal = try tmux.screen()
        #expect(deal.contains("a responder"), "\(deal)")
        try tmux.send("a")
        try tmux.waitFor(text: "Responder ao cliente")
        try tmux.send("Entrego na sexta-feira 🙂", literal: true)
        try tmux.send("Enter")
        let screen = try tmux.waitFor(text: "✓✓")
        #expect(screen.contains("Entrego na sexta-feira"), "\(screen)")
        try tmux.send("Escape")
        try tmux.send("q")
        try tmux.waitFor("the program to exit") { _ in tmux.paneDead() }

        let lines = (try? String(contentsOfFile: outbox, encoding: .utf8))?.split(separator: "\n") ?? []
        #expect(lines.count == 1 && lines.first?.contains("Entrego na sexta-feira") == true, "\(lines)")
        let show = try run(["deal", "show", "1", "--json", "--db", db])
        let messages = try #require(json(show.stdout)?["messages"] as? [[String: Any]], "\(show)")
        #expect(messages.last?["sendState"] as? String == "sent" && messages.last?["deliveryStatus"] as? String == "delivered")
        #expect(messages.last?["author"] as? String == "agent")
    }
}
