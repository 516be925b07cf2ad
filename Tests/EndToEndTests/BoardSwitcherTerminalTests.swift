import Foundation
import Testing

/// The board switcher in a real terminal: create a second board, switch to it, and the next run opens on it.
@Suite("board switcher in a terminal", .serialized)
struct BoardSwitcherTerminalTests {
    struct Boards: Decodable {
        struct Board: Decodable { var id: Int64; var name: String }
        var boards: [Board]
    }

    func open(_ db: String, state: String) throws -> TmuxSession {
        let bin = try Binary.retoma().path
        return try TmuxSession(command: [bin, "--db", db, "--no-engine"].map(shellQuote).joined(separator: " "), width: 120, height: 40,
                               environment: ["TZ": "America/Sao_Paulo", "XDG_STATE_HOME": state])
    }

    @Test func createASecondBoardSwitchToItAndTheNextRunOpensThere() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("boards.db")
        let state = folder.path("state")
        #expect(try run(["demo", "--db", db]).status == 0)

        let tmux = try open(db, state: state)
        try tmux.waitFor(text: "Prospecção")
        #expect(try tmux.screen().split(separator: "\n").first?.contains("Retoma · Vendas") == true)
        try tmux.send("b")
        try tmux.waitFor(text: "Quadros")
        try tmux.waitFor(text: "24 negociações")
        try tmux.send("n")
        try tmux.waitFor(text: "Novo quadro")
        try tmux.send("Suporte técnico", literal: true)
        try tmux.send("Enter")
        try tmux.waitFor(text: "Quadro criado.")
        try tmux.waitFor(text: "0 negociações · 0 follow-ups ativos")
        try tmux.send("Enter")                                   // the new board is the one selected
        try tmux.waitFor(text: "Quadro “Suporte técnico” aberto.")
        let screen = try tmux.waitFor(text: "Quadro sem colunas")
        #expect(screen.split(separator: "\n").first?.contains("Retoma · Suporte técnico") == true, "\(screen)")
        try tmux.send("q")
        try tmux.waitFor("the program to exit") { _ in tmux.paneDead() }
        tmux.kill()

        let boards = try JSONDecoder().decode(Boards.self, from: Data(try run(["board", "list", "--json", "--db", db]).stdout.utf8)).boards
        #expect(boards.map(\.name) == ["Vendas", "Suporte técnico"])

        // The next run opens on the board used last.
        let again = try open(db, state: state)
        let reopened = try again.waitFor(text: "Quadro sem colunas")
        #expect(reopened.split(separator: "\n").first?.contains("Retoma · Suporte técnico") == true, "\(reopened)")
        // And back: the switcher lists both, the open one marked.
        try again.send("b")
        try again.waitFor(text: "● Suporte técnico")
        try again.send("k", "Enter")
        try again.waitFor(text: "Prospecção")
        try again.send("q")
        try again.waitFor("the program to exit") { _ in again.paneDead() }
    }
}
