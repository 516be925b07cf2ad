import Foundation
import RetomaStore
import Testing

/// Several boards, and everything else the board does, from the command line: the real binary on a temporary database.
@Suite("retoma CLI: boards and editing")
struct BoardCLITests {
    struct BoardDoc: Decodable { var id: Int64; var name: String }
    struct DeletedDoc: Decodable { var deleted: BoardDoc; var movedDeals: Int; var movedTo: BoardDoc? }

    let cli: CLITests

    init() throws { cli = try CLITests() }

    var db: String { cli.db }

    /// Expects the confirmation refusal: exit 3, nothing on stdout, the reason then "Use --yes…" on stderr.
    func needsYes(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments + ["--db", db])
        #expect(result.status == 3 && result.stdout.isEmpty, "\(arguments): \(result)", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines[0].hasPrefix("retoma: ") && lines[1].contains("--yes"),
                "\(arguments): \(result)", sourceLocation: sourceLocation)
        return result.stderr
    }

    func addDeal(column: Int64, title: String, phone: String, extra: [String] = []) throws -> CLITests.DealDoc {
        try cli.json(CLITests.DealDoc.self, ["deal", "add", "--column", String(column), "--title", title,
                                             "--contact-name", "Ana", "--phone", phone] + extra)
    }

    // MARK: --version

    @Test func versionIsOneLine() throws {
        let result = try run(["--version"])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result)")
        #expect(result.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(result.stdout)")
    }

    // MARK: boards

    @Test func boardAddRenameAndListTheirNames() throws {
        try cli.ok(["demo", "--deals", "0"])
        let added = try cli.json(BoardDoc.self, ["board", "add", "--name", " Suporte "])
        #expect(added.name == "Suporte" && added.id == 2)
        let human = try cli.ok(["board", "add", "--name", "Pós-venda", "--lang", "en"])
        #expect(human.contains("Created board 3 \"Pós-venda\"") && human.contains("retoma --board 3"))
        #expect(try cli.refused(["board", "add", "--name", "suporte"]) == "retoma: já existe um quadro chamado \"Suporte\"")
        #expect(try cli.refused(["board", "add", "--name", "  ", "--lang", "en"]) == "retoma: the board name cannot be empty")

        let renamed = try cli.json(BoardDoc.self, ["board", "rename", "Suporte", "--name", "Atendimento"])
        #expect(renamed.id == 2 && renamed.name == "Atendimento")
        #expect(try cli.ok(["board", "rename", "3", "--name", "Pós-vendas"]).contains("renomeado para \"Pós-vendas\""))
        #expect(try cli.refused(["board", "rename", "2", "--name", "VENDAS"]) == "retoma: já existe um quadro chamado \"Vendas\"")
        #expect(try cli.refused(["board", "rename", "99", "--name", "X"]) == "retoma: não existe quadro com id 99")
        #expect(try cli.refused(["board", "rename", "Compras", "--name", "X", "--lang", "en"])
            == "retoma: there is no board with id or name \"Compras\"")
        #expect(try cli.boards().boards.map(\.name) == ["Vendas", "Atendimento", "Pós-vendas"])
    }

    @Test func boardDeleteAsksForYesAndRefusesWhileItHoldsDeals() throws {
        let (vendas, first, _) = try cli.emptyDemo()
        let empty = try cli.json(BoardDoc.self, ["board", "add", "--name", "Vazio"])
        _ = try addDeal(column: first, title: "Plano anual", phone: "11987654321")
        let before = try cli.ok(["board", "list", "--json"])

        #expect(try needsYes(["board", "delete", "Vazio"]).contains("apagar o quadro \(empty.id) \"Vazio\""))
        let held = try cli.refused(["board", "delete", String(vendas), "--yes"])
        #expect(held.contains("ainda tem 1 negociação") && held.contains("--move-to"), "\(held)")
        #expect(try cli.refused(["board", "delete", String(vendas), "--move-to", "Vazio", "--yes"])
            == "retoma: o quadro \"Vazio\" não tem coluna para receber as negociações")
        #expect(try cli.refused(["board", "delete", String(vendas), "--move-to", "vendas", "--yes", "--lang", "en"])
            == "retoma: a board cannot move its deals to itself")
        #expect(try cli.refused(["board", "delete", String(vendas), "--move-to", "Nenhum", "--yes"])
            == "retoma: não existe quadro com id ou nome \"Nenhum\"")
        #expect(try cli.ok(["board", "list", "--json"]) == before, "nothing was deleted")

        let deleted = try cli.json(DeletedDoc.self, ["board", "delete", "vazio", "--yes"])
        #expect(deleted.deleted.id == empty.id && deleted.movedDeals == 0 && deleted.movedTo == nil)
        #expect(try cli.boards().boards.map(\.name) == ["Vendas"])
    }

    @Test func boardDeleteMovesItsDealsWithTheirConversations() throws {
        let (vendas, first, last) = try cli.emptyDemo()
        let suporte = try cli.json(BoardDoc.self, ["board", "add", "--name", "Suporte"])
        let entrada = try cli.json(CLITests.ColumnDoc.self, ["column", "add", "--board", "Suporte", "--name", "Entrada"])
        let concluido = try cli.json(CLITests.ColumnDoc.self, ["column", "add", "--board", String(suporte.id), "--name", "concluído"])
        let a = try addDeal(column: first, title: "A", phone: "11987654321")
        let b = try addDeal(column: last, title: "B", phone: "21987654321")
        try cli.ok(["message", "add", "--deal", String(a.deal.id), "--from", "customer", "--text", "Oi"])

        let confirm = try needsYes(["board", "delete", "Vendas", "--move-to", "Suporte", "--lang", "en"])
        #expect(confirm.contains("2 deals go to \"Suporte\""), "\(confirm)")
        let moved = try cli.ok(["board", "delete", "Vendas", "--move-to", "Suporte", "--yes"])
        #expect(moved.contains("Quadro \(vendas) \"Vendas\" apagado; 2 negociações movidas para \"Suporte\""), "\(moved)")
        #expect(try cli.boards().boards.map(\.name) == ["Suporte"])
        let shownA = try cli.json(CLITests.DealDoc.self, ["deal", "show", String(a.deal.id)])
        #expect(shownA.column.id == entrada.id && shownA.messages.map(\.text) == ["Oi"])
        #expect(try cli.json(CLITests.DealDoc.self, ["deal", "show", String(b.deal.id)]).column.id == concluido.id,
                "\"Concluído\" found its namesake, ignoring case")
    }

    @Test func dealListTakesTheBoard() throws {
        let (_, first, _) = try cli.emptyDemo()
        try cli.ok(["board", "add", "--name", "Suporte"])
        let entrada = try cli.json(CLITests.ColumnDoc.self, ["column", "add", "--board", "suporte", "--name", "Entrada"])
        _ = try addDeal(column: first, title: "Na Vendas", phone: "11987654321")
        _ = try addDeal(column: entrada.id, title: "No Suporte", phone: "21987654321")
        #expect(try cli.ok(["deal", "list"]).contains("Na Vendas"), "the oldest board by default")
        let support = try cli.ok(["deal", "list", "--board", "Suporte"])
        #expect(support.contains("No Suporte") && !support.contains("Na Vendas"))
        #expect(try cli.refused(["deal", "list", "--board", "Suporte", "--column", String(first)])
            == "retoma: a coluna \(first) não é do quadro 2 \"Suporte\"")
        #expect(try cli.refused(["deal", "list", "--board", "7"]) == "retoma: não existe quadro com id 7")
    }

    @Test func anUnknownBoardToOpenIsOneLineBeforeTheScreen() throws {
        try cli.ok(["demo", "--deals", "0"])
        let result = try run(["--board", "Compras", "--db", db, "--lang", "en"])
        #expect(result.status == 1 && result.stdout.isEmpty, "\(result)")
        #expect(result.stderr == "retoma: there is no board with id or name \"Compras\"\n")
        let byID = try run(["--db", db, "--board", "42"])
        #expect(byID.status == 1 && byID.stderr == "retoma: não existe quadro com id 42\n", "\(byID)")
    }

    // MARK: deals

    @Test func dealAddAndShowCarryTheContactsEmailAndCompany() throws {
        let (_, first, _) = try cli.emptyDemo()
        let added = try addDeal(column: first, title: "Plano anual", phone: "11987654321",
                                extra: ["--email", " ana@clinica.com.br ", "--company", "Clínica Sorriso"])
        #expect(added.contact.email == "ana@clinica.com.br" && added.contact.company == "Clínica Sorriso")
        let human = try cli.ok(["deal", "show", String(added.deal.id)])
        #expect(human.contains("ana@clinica.com.br") && human.contains("Clínica Sorriso"), "\(human)")
        let bad = try cli.refused(["deal", "add", "--column", String(first), "--title", "X", "--contact-name", "Bia",
                                   "--phone", "21987654321", "--email", "bia@clinica"])
        #expect(bad == "retoma: e-mail inválido \"bia@clinica\"; escreva como maria@empresa.com.br")
        #expect(try cli.boards().boards[0].columns[0].dealCount == 1)
    }

    @Test func dealEditChangesOnlyWhatIsGiven() throws {
        let (_, first, _) = try cli.emptyDemo()
        let added = try addDeal(column: first, title: "Antigo", phone: "11987654321",
                                extra: ["--value", "100", "--email", "ana@exemplo.com"])
        let id = String(added.deal.id)
        let edited = try cli.json(CLITests.DealDoc.self, ["deal", "edit", id, "--title", "Novo", "--company", "Aurora"])
        #expect(edited.deal.title == "Novo" && edited.deal.valueCents == 10_000)
        #expect(edited.contact.name == "Ana" && edited.contact.email == "ana@exemplo.com" && edited.contact.company == "Aurora")
        let revalued = try cli.json(CLITests.DealDoc.self, ["deal", "edit", id, "--value", "1.200,50", "--contact-name", "Ana Paula"])
        #expect(revalued.deal.valueCents == 120_050 && revalued.contact.name == "Ana Paula" && revalued.deal.title == "Novo")
        let cleared = try cli.json(CLITests.DealDoc.self, ["deal", "edit", id, "--value", "", "--email", ""])
        #expect(cleared.deal.valueCents == nil && cleared.contact.email == nil && cleared.contact.company == "Aurora")
        #expect(try cli.ok(["deal", "edit", id, "--phone", "(48) 99123-4567", "--lang", "en"]).contains("Saved deal \(id): Novo"))
        let renumbered = try cli.json(CLITests.DealDoc.self, ["deal", "show", id])
        #expect(renumbered.contact.phone == "+5548991234567" && renumbered.contact.company == "Aurora")

        let before = try cli.ok(["deal", "show", id, "--json"])
        #expect(try cli.refused(["deal", "edit", id, "--title", " "]).contains("título"))
        #expect(try cli.refused(["deal", "edit", id, "--value", "doze"]).contains("valor inválido"))
        #expect(try cli.refused(["deal", "edit", id, "--phone", "123"]).contains("telefone inválido"))
        #expect(try cli.refused(["deal", "edit", id, "--email", "ana exemplo.com"]).contains("e-mail inválido"))
        #expect(try cli.refused(["deal", "edit", "99", "--title", "X"]) == "retoma: não existe negociação com id 99")
        #expect(try cli.ok(["deal", "show", id, "--json"]) == before)
        let nothing = try run(["deal", "edit", id, "--db", db])
        #expect(nothing.status == 64 && nothing.stderr.contains("nothing to change"), "\(nothing)")
    }

    @Test func dealDeleteAsksForYes() throws {
        let (_, first, _) = try cli.emptyDemo()
        let added = try addDeal(column: first, title: "Plano anual", phone: "11987654321")
        let id = String(added.deal.id)
        try cli.ok(["message", "add", "--deal", id, "--from", "customer", "--text", "Oi"])
        let ask = try needsYes(["deal", "delete", id])
        #expect(ask.contains("apagar a negociação \(id) \"Plano anual\" apaga também a conversa (1 mensagem); nada foi apagado."), "\(ask)")
        #expect(try cli.boards().boards[0].columns[0].dealCount == 1)
        #expect(try cli.ok(["deal", "delete", id, "--yes", "--lang", "en"]).contains("Deleted deal \(id) \"Plano anual\""))
        #expect(try cli.boards().boards[0].columns[0].dealCount == 0)
        #expect(try cli.refused(["deal", "delete", id, "--yes"]) == "retoma: não existe negociação com id \(id)")
    }

    // MARK: columns

    @Test func columnMoveTakesAPositionAndRefusesOnesThatDoNotExist() throws {
        let (_, first, last) = try cli.emptyDemo()
        let moved = try cli.json(CLITests.ColumnDoc.self, ["column", "move", String(last), "--to-position", "0"])
        #expect(moved.id == last && moved.position == 0)
        #expect(try cli.boards().boards[0].columns.map(\.name) == ["Concluído", "Prospecção", "Em andamento", "Aguardando resposta"])
        #expect(try cli.ok(["column", "move", String(first), "--to-position", "3"]).contains("posição 3"))
        #expect(try cli.boards().boards[0].columns.map(\.position) == [0, 1, 2, 3])
        let before = try cli.ok(["board", "list", "--json"])
        #expect(try cli.refused(["column", "move", String(first), "--to-position", "4"])
            == "retoma: a posição 4 não existe: o quadro tem 4 colunas, nas posições 0 a 3")
        _ = try cli.refused(["column", "move", String(first), "--to-position=-1"])
        _ = try cli.refused(["column", "move", "99", "--to-position", "0"])
        let huge = try run(["column", "move", String(first), "--to-position", "99999999999999999999", "--db", db])
        #expect(huge.status == 64, "too big for a number: a usage error, not a trap: \(huge)")
        #expect(try cli.ok(["board", "list", "--json"]) == before)
    }

    @Test func columnDeleteAsksForYesAndSaysWhatGoesWithIt() throws {
        let (_, first, last) = try cli.emptyDemo()
        _ = try addDeal(column: first, title: "A", phone: "11987654321")
        _ = try addDeal(column: first, title: "B", phone: "21987654321")
        #expect(try needsYes(["column", "delete", String(first), "--lang", "en"])
            .contains("deleting column \(first) \"Prospecção\" also deletes its 2 deals and their conversations; nothing was deleted."))
        #expect(try needsYes(["column", "delete", String(last)]).contains("apaga também suas configurações de follow-up"))
        #expect(try cli.boards().boards[0].columns.count == 4)
        let deleted = try cli.json(CLITests.ColumnDoc.self, ["column", "delete", String(first), "--yes"])
        #expect(deleted.id == first && deleted.name == "Prospecção")
        #expect(try cli.boards().boards[0].columns.map(\.name) == ["Em andamento", "Aguardando resposta", "Concluído"])
        #expect(try cli.boards().boards[0].columns.map(\.position) == [0, 1, 2])
        #expect(try cli.refused(["column", "delete", String(first), "--yes"]) == "retoma: não existe coluna com id \(first)")
    }
}

/// `log` and `engine status` name the board of each line.
@Suite("retoma CLI: boards in the log and the engine status", .serialized)
struct BoardEngineCLITests {
    @Test func logAndStatusNameTheBoard() throws {
        let world = try EngineWorld()
        let store = try Store(path: world.db)
        let suporte = try store.addBoard(name: "Suporte")
        let fila = try store.addColumn(boardID: suporte.id, name: "Fila")
        // The same settings as the first board's column.
        try store.setFollowUp(columnID: fila.id, config: try store.column(id: world.columnID).followUp)
        try store.close()
        try world.deal("Ana", phone: "11987654321", lastAgentAt: Date().addingTimeInterval(-2 * 86_400))
        try world.deal("Bia", phone: "21987654321", column: fila.id, lastAgentAt: Date().addingTimeInterval(-2 * 86_400))

        let status = try run(["engine", "status", "--json"], env: world.env())
        #expect(status.status == 0, "\(status)")
        let boards = try #require(json(status.stdout)?["boards"] as? [[String: Any]])
        #expect(boards.map { $0["name"] as? String } == ["Vendas", "Suporte"])
        #expect(boards.map { $0["dueNow"] as? Int } == [1, 1] && boards.map { $0["followUpColumns"] as? Int } == [1, 1])
        let text = try run(["engine", "status", "--lang", "en"], env: world.env())
        #expect(text.stdout.contains("The engines serve every board"), "\(text)")
        #expect(text.stdout.contains("Board \(suporte.id) \"Suporte\": follow-up on in 1 column · due now: 1"), "\(text)")

        // One send per pass: the governor spaces the sends of one number even with no gap set.
        var once = try run(["engine", "--once"], env: world.env())
        for _ in 0..<3 where try world.ledger().count < 2 {
            Thread.sleep(forTimeInterval: 1.1)
            once = try run(["engine", "--once"], env: world.env())
        }
        #expect(once.status == 0, "\(once)")
        let log = try run(["log", "--json"], env: world.env())
        let attempts = try #require(json(log.stdout)?["attempts"] as? [[String: Any]])
        #expect(Set(attempts.compactMap { $0["boardName"] as? String }) == ["Vendas", "Suporte"], "\(once) \(log.stdout)")
        #expect(attempts.allSatisfy { ($0["boardId"] as? Int64) != nil })
        let lines = try run(["log"], env: world.env()).stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines.allSatisfy { $0.split(separator: "\t").contains { $0 == "Vendas" || $0 == "Suporte" } },
                "\(lines)")

        // A deleted column's attempts stay in the log, with no board.
        #expect(try run(["column", "delete", String(fila.id), "--yes"], env: world.env()).status == 0)
        let after = try #require(json(try run(["log", "--json"], env: world.env()).stdout)?["attempts"] as? [[String: Any]])
        #expect(after.count == 2 && after.filter { $0["boardName"] is NSNull }.count == 1)
    }
}

/// `retoma --board` opens that board on screen.
@Suite("board chosen on the command line", .serialized)
struct BoardOptionTerminalTests {
    @Test func theBoardNamedOpens() throws {
        let folder = try TemporaryFolder()
        let db = folder.path("boards.db")
        for args in [["demo"], ["board", "add", "--name", "Suporte"], ["column", "add", "--board", "Suporte", "--name", "Fila do suporte"],
                     ["deal", "add", "--column", "5", "--title", "Impressora parada", "--contact-name", "Rui", "--phone", "11987654321"]] {
            let result = try run(args + ["--db", db])
            #expect(result.status == 0, "\(args): \(result)")
        }
        let command = ([try Binary.retoma().path, "--db", db, "--no-engine", "--board", "suporte"]).map(shellQuote).joined(separator: " ")
        let tmux = try TmuxSession(command: command, width: 120, height: 30, environment: ["TZ": "America/Sao_Paulo"])
        defer { tmux.kill() }
        let screen = try tmux.waitFor(text: "Impressora parada")
        #expect(screen.contains("Fila do suporte") && screen.contains("Suporte") && !screen.contains("Prospecção"), "\(screen)")
    }
}
