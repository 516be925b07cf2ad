import Foundation
import Testing

/// The real binary in a real terminal (ncurses under tmux), checked on screen and then in the database.
@Suite("board in a terminal", .serialized)
struct BoardTerminalTests {
    struct DealList: Decodable {
        struct Card: Decodable { var id: Int64; var columnId: Int64; var title: String; var contactName: String }
        var deals: [Card]
    }
    struct Boards: Decodable {
        struct Board: Decodable { var columns: [Column] }
        struct Column: Decodable { var id: Int64; var name: String }
        var boards: [Board]
    }
    struct DealDoc: Decodable {
        struct Deal: Decodable { var ticketClosed: Bool }
        struct Column: Decodable { var id: Int64 }
        struct Message: Decodable { var author: String; var text: String }
        var deal: Deal; var column: Column; var messages: [Message]
    }

    func decode<T: Decodable>(_ t: T.Type, _ args: [String]) throws -> T {
        let r = try run(args)
        #expect(r.status == 0, "\(args): \(r)")
        return try JSONDecoder().decode(T.self, from: Data(r.stdout.utf8))
    }

    func open(_ db: String, width: Int = 120, height: Int = 40, extra: [String] = [], env: [String: String] = [:]) throws -> TmuxSession {
        let bin = try Binary.retoma().path
        let args = ([bin, "--db", db] + extra).map(shellQuote).joined(separator: " ")
        return try TmuxSession(command: args, width: width, height: height, environment: ["TZ": "America/Sao_Paulo"].merging(env) { $1 })
    }

    @Test func navigateMoveOpenWriteAndQuitThenTheDatabaseHasIt() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("board.db")
        #expect(try run(["demo", "--db", db]).status == 0)
        let columns = try decode(Boards.self, ["board", "list", "--json", "--db", db]).boards[0].columns
        let first = try decode(DealList.self, ["deal", "list", "--column", "\(columns[0].id)", "--json", "--db", db]).deals
        let target = first[1]

        let tmux = try open(db)
        try tmux.waitFor(text: "Prospecção")
        try tmux.waitFor(text: String(target.title.prefix(12)))
        try tmux.send("j")          // second card of the first column
        try tmux.send("L")          // to "Em andamento"
        try tmux.waitFor(text: "Movido.")
        try tmux.send("Enter")
        try tmux.waitFor(text: "Conversa (")
        try tmux.waitFor(text: target.contactName)
        try tmux.send("a")
        try tmux.send("Conseguiu avaliar a proposta? Fico à disposição 🙂", literal: true)
        try tmux.send("Enter")
        // `a` replies: the sandbox sends it through the board's engine and reports it delivered.
        try tmux.waitFor(text: "✓✓")
        try tmux.send("f")
        try tmux.waitFor(text: "Chamado finalizado.")
        try tmux.send("Escape")
        try tmux.waitFor(text: "Aguardando resposta")
        try tmux.send("q")
        try tmux.waitFor("the program to exit") { _ in tmux.paneDead() }

        let deal = try decode(DealDoc.self, ["deal", "show", "\(target.id)", "--json", "--db", db])
        #expect(deal.column.id == columns[1].id, "the card moved to the second column")
        #expect(deal.messages.last?.author == "agent")
        #expect(deal.messages.last?.text == "Conseguiu avaliar a proposta? Fico à disposição 🙂")
        #expect(deal.deal.ticketClosed)
    }

    @Test func aFreshDatabaseOffersTheDemoBoard() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("fresh.db")
        let tmux = try open(db)
        try tmux.waitFor(text: "Criar o quadro de demonstração")
        try tmux.send("s")
        try tmux.waitFor(text: "Aguardando resposta")
        try tmux.waitFor(text: "Quadro de demonstração criado.")
        try tmux.send("q")
        try tmux.waitFor("the program to exit") { _ in tmux.paneDead() }
        let cols = try decode(Boards.self, ["board", "list", "--json", "--db", db]).boards[0].columns.map(\.name)
        #expect(cols == ["Prospecção", "Em andamento", "Aguardando resposta", "Concluído"])
    }

    @Test func resizingBelowTheMinimumExplainsAndGrowingBackRestoresTheBoard() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("resize.db")
        #expect(try run(["demo", "--db", db]).status == 0)
        let tmux = try open(db, width: 100, height: 30)
        try tmux.waitFor(text: "Prospecção")
        try tmux.resize(width: 40, height: 10)
        try tmux.waitFor(text: "pequeno demais")
        try tmux.resize(width: 100, height: 30)
        try tmux.waitFor(text: "Prospecção")
        try tmux.send("q")
        try tmux.waitFor("the program to exit") { _ in tmux.paneDead() }
    }

    @Test func englishLabelsAndFilterAndHelp() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("en.db")
        #expect(try run(["demo", "--db", db]).status == 0)
        let tmux = try open(db, extra: ["--lang", "en"])
        try tmux.waitFor(text: "deals")
        try tmux.send("?")
        try tmux.waitFor(text: "move to the next column")
        try tmux.send("Escape")
        try tmux.send("/")
        try tmux.send("zzzz-nothing", literal: true)
        try tmux.waitFor(text: "no matches")
        try tmux.send("Escape")
        try tmux.send("q")
        try tmux.waitFor("the program to exit") { _ in tmux.paneDead() }
    }

    @Test func sigtermRestoresTheTerminalAndExits() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("term.db")
        #expect(try run(["demo", "--db", db]).status == 0)
        let tmux = try open(db)
        try tmux.waitFor(text: "Prospecção")
        let pid = try tmux.panePID()
        kill(pid, SIGTERM)
        try tmux.waitFor("the program to exit") { _ in tmux.paneDead() }
        // After endwin the alternate screen is gone: the board is no longer on the pane.
        let screen = try tmux.screen()
        #expect(!screen.contains("Prospecção"), "terminal not restored:\n\(screen)")
    }

    @Test func aBadThemeIsRefusedWithFileLineAndReasonAndTheDefaultIsUsed() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("theme.db")
        #expect(try run(["demo", "--db", db]).status == 0)
        let theme = folder.path("broken.theme")
        try "# a theme with a typo\ncard = fg:white bg:blu\n".write(toFile: theme, atomically: true, encoding: .utf8)
        let tmux = try open(db, extra: ["--theme", theme], env: ["NO_COLOR": "1"])
        try tmux.waitFor(text: "broken.theme:2:")
        try tmux.waitFor(text: "Prospecção")
        try tmux.send("q")
        try tmux.waitFor("the program to exit") { _ in tmux.paneDead() }
    }

    @Test func withoutATerminalTheBoardRefusesClearly() throws {
        let folder = try TemporaryFolder()
        let r = try run(["--db", folder.path("pipe.db")], input: "")
        #expect(r.status != 0)
        #expect(r.stderr.contains("terminal"), "\(r)")
    }
}
