import Foundation
import Testing

/// The `/` filter's `:aguardando` keyword in the real binary, in a real terminal, on the demo board.
@Suite("board filter keywords in a terminal", .serialized)
struct BoardFilterTerminalTests {
    struct DealList: Decodable {
        struct Card: Decodable { var id: Int64; var title: String; var lastMessageAuthor: String? }
        var deals: [Card]
    }

    @Test func typingAguardandoLeavesOnlyTheCustomersWhoAwaitAnAnswer() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("board.db")
        #expect(try run(["demo", "--db", db]).status == 0)
        let listed = try run(["deal", "list", "--json", "--db", db])
        let deals = try JSONDecoder().decode(DealList.self, from: Data(listed.stdout.utf8)).deals
        let awaiting = deals.filter { $0.lastMessageAuthor == "customer" }
        try #require(!awaiting.isEmpty && awaiting.count < deals.count, "the demo has both kinds")

        let bin = try Binary.retoma().path
        let tmux = try TmuxSession(command: [bin, "--db", db].map(shellQuote).joined(separator: " "), width: 160, height: 45,
                                   environment: ["TZ": "America/Sao_Paulo"])
        try tmux.waitFor(text: "\(deals.count) negociações")
        let unfiltered = try tmux.screen()
        #expect(unfiltered.contains("aguardando resposta ·") && unfiltered.contains("empresa há"), "\(unfiltered)")

        try tmux.send("/")
        try tmux.send(":aguardando", literal: true)
        try tmux.send("Enter")
        let screen = try tmux.waitFor(text: "filtro: :aguardando · \(awaiting.count)/\(deals.count)")
        #expect(!screen.contains("empresa há") && !screen.contains("empresa agora") && !screen.contains("🤖 há"),
                "only the cards whose last message is the customer's: \(screen)")
        let shown = screen.components(separatedBy: "aguardando ·").count - 1
            + screen.components(separatedBy: "aguardando resposta ·").count - 1
        #expect(shown > 0, "\(screen)")
        // A deal whose last message is ours is gone (unless an awaiting one shares the start of its title).
        if let ours = deals.first(where: { $0.lastMessageAuthor == "agent" }),
           !awaiting.contains(where: { $0.title.prefix(20) == ours.title.prefix(20) }) {
            #expect(!screen.contains(String(ours.title.prefix(20))), "\(ours.title) is hidden")
        }

        // Esc clears it: every deal again.
        try tmux.send("Escape")
        try tmux.waitFor(text: "\(deals.count) negociações")
        try tmux.send("q")
        try tmux.waitFor("the program to exit") { _ in tmux.paneDead() }
    }
}
