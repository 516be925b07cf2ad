import Foundation
import Testing

/// The follow-up dialog in a real terminal: fill every field, save, reopen; and the bulk-send guard.
@Suite("follow-up dialog in a terminal", .serialized)
struct FollowUpDialogTerminalTests {
    struct Boards: Decodable {
        struct Board: Decodable { var columns: [Column] }
        struct Column: Decodable { var id: Int64; var name: String; var followUpEnabled: Bool; var dealCount: Int }
        var boards: [Board]
    }

    func columns(_ db: String) throws -> [Boards.Column] {
        let r = try run(["board", "list", "--json", "--db", db])
        #expect(r.status == 0, "\(r)")
        return try JSONDecoder().decode(Boards.self, from: Data(r.stdout.utf8)).boards[0].columns
    }

    func open(_ db: String, height: Int = 45) throws -> TmuxSession {
        let bin = try Binary.retoma().path
        // The dialog is under test here, not the engine: without it, nothing is sent while the test types.
        return try TmuxSession(command: [bin, "--db", db, "--no-engine"].map(shellQuote).joined(separator: " "), width: 120, height: height,
                               environment: ["TZ": "America/Sao_Paulo"])
    }

    @Test func fillEveryFieldSaveAndReopen() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("dialog.db")
        #expect(try run(["demo", "--db", db]).status == 0)
        let tmux = try open(db)
        try tmux.waitFor(text: "Prospecção")
        try tmux.send("r")
        try tmux.waitFor(text: "Follow-up automático — Prospecção")
        try tmux.waitFor(text: "no total")
        try tmux.send("Space")                                   // Usar Follow-up
        try tmux.send("Tab")                                     // Pausar (left off)
        try tmux.send("Tab", "C-u"); try tmux.send("3", literal: true)
        try tmux.send("Tab", "Left")                             // Dias → Horas
        try tmux.send("Tab", "Space")                            // horário comercial off
        try tmux.send("Tab", "Space")                            // mesmo finalizado on
        try tmux.send("Tab", "Tab")                              // past "Revisar antes de enviar"
        try tmux.send("Cliente não respondeu o orçamento. Peça retorno com educação, sem pressão.", literal: true)
        try tmux.send("Tab")
        try tmux.send("Se passar de 10 dias, ofereça condição especial à vista.", literal: true)
        try tmux.send("Tab", "Space")                            // Avançado
        try tmux.waitFor(text: "Máximo de follow-ups")
        try tmux.send("Tab", "C-u"); try tmux.send("4", literal: true)
        try tmux.send("Tab", "Right")                            // move to the next column
        try tmux.send("C-s")
        try tmux.waitFor(text: "Follow-up salvo para “Prospecção”: ligado, a cada 3h.")
        try tmux.waitFor(text: "🤖 3h")

        try tmux.send("r")
        let screen = try tmux.waitFor(text: "Follow-up automático — Prospecção")
        #expect(screen.contains("[x] Usar Follow-up para essa coluna"))
        #expect(screen.contains("◀ Horas"))
        #expect(screen.contains("[ ] Enviar apenas no horário comercial"))
        #expect(screen.contains("[x] Enviar mesmo que o chamado tenha sido finalizado"))
        #expect(screen.contains("Peça retorno com educação, sem pressão."))
        #expect(screen.contains("ofereça condição especial à vista."))
        try tmux.send("Escape")                                  // unchanged: closes at once
        try tmux.waitFor("the dialog to close") { !$0.contains("Follow-up automático") }
        try tmux.send("q")
        try tmux.waitFor("the program to exit") { _ in tmux.paneDead() }
        #expect(try columns(db).first?.followUpEnabled == true)
    }

    @Test func aColumnOf150DealsMustTypeTheNumberToConfirm() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("bulk.db")
        #expect(try run(["demo", "--db", db]).status == 0)
        let cols = try columns(db)
        for i in 0..<150 {
            let r = try run(["deal", "add", "--column", "\(cols[3].id)", "--title", "Renovação \(i)", "--contact-name", "Cliente \(i)",
                             "--phone", String(format: "+55 11 9%04d-%04d", 1000 + i, 2000 + i), "--db", db])
            #expect(r.status == 0, "\(r)")
            let m = try run(["message", "add", "--deal", "\(r.stdout.split(separator: " ")[1])", "--from", "agent",
                             "--text", "Segue a proposta.", "--at", "2026-01-05T10:00:00-03:00", "--db", db])
            if m.status != 0 { Issue.record("\(m)"); return }
        }
        let tmux = try open(db)
        try tmux.waitFor(text: "Concluído")
        try tmux.send("l", "l", "l", "r")
        try tmux.waitFor(text: "Follow-up automático — Concluído")
        try tmux.waitFor(text: "no total")
        try tmux.send("Space", "C-s")
        let warning = try tmux.waitFor(text: "Envio em massa")
        // The sandbox channel's own governor, as the engine paces it, and what falls due in the next 24 hours.
        #expect(warning.contains("mensagens · limite 120/hora") && warning.contains("nas próximas 24 h"))
        try tmux.send("Escape")                                  // cancel: back to the form, nothing saved
        try tmux.waitFor("the warning to close") { !$0.contains("Envio em massa") }
        #expect(try columns(db)[3].followUpEnabled == false)
        try tmux.send("C-s")
        let again = try tmux.waitFor(text: "para confirmar")
        let count = try #require(again.firstMatch(of: /Digite (\d+) para confirmar/)?.1)
        #expect(Int(count)! >= 150)
        try tmux.send("99", literal: true)
        try tmux.send("Enter")
        try tmux.waitFor(text: "O número não confere.")
        try tmux.send("C-u"); try tmux.send(String(count), literal: true); try tmux.send("Enter")
        try tmux.waitFor(text: "Follow-up salvo para “Concluído”: ligado")
        try tmux.send("q")
        try tmux.waitFor("the program to exit") { _ in tmux.paneDead() }
        #expect(try columns(db)[3].followUpEnabled == true)
    }
}
