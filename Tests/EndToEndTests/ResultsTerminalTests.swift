import Foundation
import Testing

/// The results screen in a real terminal: `R` reads the figures in the background and shows what `retoma report`
/// counts for the same days; `j` picks the next column, `p` reads another period; Esc goes back to the board.
@Suite("results screen in a terminal", .serialized)
struct ResultsTerminalTests {
    @Test func rShowsTheFiguresPerColumnAndPeriod() throws {
        // Column "A": three follow-ups, one answered within 24 h and two within 72 h; column "B" sent nothing.
        let report = try ReportCLITests()
        _ = try report.world()
        let bin = try Binary.retoma().path
        let state = try TemporaryFolder()
        let tmux = try TmuxSession(command: [bin, "--db", report.cli.db, "--no-engine"].map(shellQuote).joined(separator: " "),
                                   width: 120, height: 40,
                                   environment: ["TZ": "America/Sao_Paulo", "XDG_STATE_HOME": state.path("state")])
        defer { tmux.kill() }
        try tmux.waitFor(text: "Retoma · Funil")
        try tmux.send("R")
        try tmux.waitFor(text: "Resultados · Funil · últimos 30 dias")
        try tmux.waitFor(text: "Coluna 1/2: A")
        let screen = try tmux.waitFor(text: "enviados 3 · responderam em 24 h 1 · em 72 h 2 (66.7%)")
        let lines = screen.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix(" 1º ") && $0.contains("█") && $0.contains("1/2 50.0%") }, "\(screen)")
        #expect(lines.contains { $0.hasPrefix(" 2º ") && $0.contains("1/1 100.0%") }, "\(screen)")
        #expect(screen.contains("v1 desde ") && screen.contains(" · ana · enviados 3 · responderam 2 (66.7%)"), "\(screen)")
        try tmux.send("j")
        try tmux.waitFor(text: "Coluna 2/2: B")
        try tmux.waitFor(text: "enviados 0 ·")
        try tmux.send("p")
        try tmux.waitFor(text: "últimos 90 dias")
        try tmux.waitFor(text: "Coluna 2/2: B")
        try tmux.send("k")
        try tmux.waitFor(text: "enviados 3 ·")
        try tmux.send("Escape")
        let board = try tmux.waitFor(text: "Retoma · Funil")
        #expect(!board.contains("Resultados ·"), "\(board)")
        try tmux.send("q")
        try tmux.waitFor("the program to exit") { _ in tmux.paneDead() }
    }
}
