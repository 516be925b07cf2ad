import Foundation
import Testing

/// Long commands draw a bar with the count and the time left on a terminal, and stay quiet when piped.
@Suite("progress of long commands", .serialized)
struct ProgressBarTerminalTests {
    @Test func demoDrawsABarOnATerminalAndClearsIt() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("big.db")
        let bin = try Binary.retoma().path
        // The pane outlives the command, so its last screen can be read.
        let command = [bin, "demo", "--deals", "20000", "--db", db].map(shellQuote).joined(separator: " ") + "; sleep 120"
        let tmux = try TmuxSession(command: command, width: 100, height: 8)
        var bar: String?
        let deadline = Date().addingTimeInterval(180)
        while bar == nil && Date() < deadline {
            let screen = try tmux.screen()
            if screen.contains("criando") && screen.contains("/20.000") && screen.contains("░") { bar = screen; break }
            if screen.contains("criado com") { break }
            Thread.sleep(forTimeInterval: 0.03)
        }
        #expect(bar != nil, "a bar was drawn while the deals were written")
        let done = try tmux.waitFor(text: "criado com 20000 negociações", timeout: 180)
        #expect(!done.contains("█") && !done.contains("░"), "the bar's line is cleared at the end: \(done)")
    }

    @Test func demoDrawsNothingWhenStderrIsPiped() throws {
        let folder = try TemporaryFolder()
        let result = try run(["demo", "--deals", "3000", "--db", folder.path("piped.db")])
        #expect(result.status == 0, "\(result)")
        #expect(!result.stderr.contains("█") && !result.stderr.contains("░") && !result.stderr.contains("\r"), "\(result.stderr)")
    }
}
