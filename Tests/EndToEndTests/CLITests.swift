import Foundation
import Testing

/// The scriptable commands, run as a real process against a temporary database.
@Suite("retoma CLI")
struct CLITests {
    // Mirrors of the --json documents; decoding fails if a key is missing or mistyped.
    struct BoardsDoc: Decodable {
        struct Board: Decodable { var id: Int64; var name: String; var columns: [Column] }
        struct Column: Decodable { var id: Int64; var name: String; var position: Int; var dealCount: Int; var followUpEnabled: Bool }
        var boards: [Board]
    }
    struct ColumnDoc: Decodable { var id: Int64; var boardId: Int64; var name: String; var position: Int; var followUpEnabled: Bool }
    struct DealDoc: Decodable {
        struct Deal: Decodable { var id: Int64; var title: String; var valueCents: Int64?; var position: Int; var ticketClosed: Bool; var createdAt: String }
        struct Contact: Decodable { var id: Int64; var name: String; var phone: String; var email: String?; var company: String? }
        var deal: Deal
        var contact: Contact
        var column: ColumnDoc
        var messages: [MessageDoc]
    }
    struct MessageDoc: Decodable { var id: Int64; var dealId: Int64; var author: String; var text: String; var at: String }

    let folder: TemporaryFolder
    let db: String

    init() throws {
        folder = try TemporaryFolder()
        db = folder.path("retoma.db")
    }

    /// Runs `retoma` on this test's database and expects success with nothing on stderr.
    @discardableResult
    func ok(_ arguments: [String], env: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments + ["--db", db], env: env)
        #expect(result.status == 0 && result.stderr.isEmpty, "\(arguments): \(result)", sourceLocation: sourceLocation)
        return result.stdout
    }

    func json<T: Decodable>(_ type: T.Type, _ arguments: [String], env: [String: String] = [:],
                            sourceLocation: SourceLocation = #_sourceLocation) throws -> T {
        let out = try ok(arguments + ["--json"], env: env, sourceLocation: sourceLocation)
        return try JSONDecoder().decode(T.self, from: Data(out.utf8))
    }

    /// Expects a refusal: exit 1, exactly one line on stderr, nothing on stdout. Returns the line.
    func refused(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments + ["--db", db])
        #expect(result.status == 1, "\(arguments): \(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(arguments): \(result)", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty && lines[0].hasPrefix("retoma: "),
                "one line on stderr: \(result)", sourceLocation: sourceLocation)
        return String(lines.first ?? "")
    }

    func boards() throws -> BoardsDoc { try json(BoardsDoc.self, ["board", "list"]) }

    /// A board with columns "Novo" and "Fechado" (via the demo with no deals), returning their ids.
    func emptyDemo() throws -> (board: Int64, first: Int64, last: Int64) {
        try ok(["demo", "--deals", "0"])
        let board = try #require(try boards().boards.first)
        return (board.id, board.columns[0].id, board.columns[3].id)
    }

    // MARK: demo and board list

    @Test func demoSeedsOnceAndSaysSoTheSecondTime() throws {
        let first = try ok(["demo"])
        #expect(first.contains("\"Vendas\"") && first.contains("24") && first.contains(db))
        let listing = try boards()
        #expect(listing.boards.map(\.name) == ["Vendas"])
        #expect(listing.boards[0].columns.map(\.name) == ["Prospecção", "Em andamento", "Aguardando resposta", "Concluído"])
        #expect(listing.boards[0].columns.map(\.dealCount).reduce(0, +) == 24)
        #expect(listing.boards[0].columns.allSatisfy { !$0.followUpEnabled })
        #expect(try folder.files() == ["retoma.db"], "no -wal/-shm left once the command is done")

        let second = try ok(["demo"])
        #expect(second.contains("já existe"))
        let english = try ok(["demo", "--lang", "en"])
        #expect(english.contains("already exists"))
        #expect(try boards().boards[0].columns.map(\.dealCount).reduce(0, +) == 24)
    }

    @Test func demoTakesADealCount() throws {
        try ok(["demo", "--deals", "7"])
        #expect(try boards().boards[0].columns.map(\.dealCount).reduce(0, +) == 7)
    }

    @Test func demoRefusesANegativeCountBeforeTouchingTheFile() throws {
        let result = try run(["demo", "--deals", "-3", "--db", db])
        #expect(result.status == 64 && result.stderr.contains("--deals"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func demoGoesUpToAMillionDealsAndNoFurther() throws {
        // A million is what the board's benchmark opens (bench/board.sh); more is refused before touching the file.
        let result = try run(["demo", "--deals", "1000001", "--db", db])
        #expect(result.status == 64 && result.stderr.contains("between 0 and 1000000"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func boardListPrintsATableWithoutJSON() throws {
        try ok(["demo", "--deals", "4"])
        let table = try ok(["board", "list"])
        #expect(table.contains("Quadro 1: Vendas"))
        #expect(table.contains("Aguardando resposta") && table.contains("desligado"))
        let english = try ok(["board", "list", "--lang", "en"])
        #expect(english.contains("Board 1: Vendas") && english.contains("DEALS"))
    }

    @Test func jsonIsExactlyOneDocument() throws {
        try ok(["demo", "--deals", "3"])
        let out = try ok(["board", "list", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(out.utf8))
        #expect(object is [String: Any])
    }

    // MARK: columns

    @Test func columnAddAndRename() throws {
        let (board, _, _) = try emptyDemo()
        let column = try json(ColumnDoc.self, ["column", "add", "--board", String(board), "--name", "Pós-venda 🤝"])
        #expect(column.boardId == board && column.name == "Pós-venda 🤝" && column.position == 4)
        let renamed = try json(ColumnDoc.self, ["column", "rename", String(column.id), "--name", "Suporte"])
        #expect(renamed.id == column.id && renamed.name == "Suporte")
        #expect(try boards().boards[0].columns.map(\.name).last == "Suporte")
        let human = try ok(["column", "add", "--board", String(board), "--name", "Arquivo"])
        #expect(human.contains("Arquivo") && human.contains("criada"))
    }

    @Test func columnRefusals() throws {
        let (board, first, _) = try emptyDemo()
        let before = try ok(["board", "list", "--json"])
        #expect(try refused(["column", "add", "--board", String(board), "--name", "   "]).contains("nome da coluna"))
        #expect(try refused(["column", "add", "--board", "99", "--name", "X"]) == "retoma: não existe quadro com id 99")
        #expect(try refused(["column", "rename", "99", "--name", "X", "--lang", "en"]) == "retoma: there is no column with id 99")
        _ = try refused(["column", "rename", String(first), "--name", ""])
        #expect(try ok(["board", "list", "--json"]) == before)
    }

    // MARK: deals

    @Test func dealAddReturnsTheDealAndShowReadsItBack() throws {
        let (_, first, _) = try emptyDemo()
        let added = try json(DealDoc.self, ["deal", "add", "--column", String(first), "--title", "Plano anual – Clínica Sorriso",
                                            "--contact-name", "Maria Souza", "--phone", "(11) 98765-4321",
                                            "--value", "1200.50", "--closed"])
        #expect(added.deal.title == "Plano anual – Clínica Sorriso")
        #expect(added.deal.valueCents == 120_050 && added.deal.ticketClosed && added.deal.position == 0)
        #expect(added.contact.name == "Maria Souza" && added.contact.phone == "+5511987654321")
        #expect(added.contact.email == nil && added.column.id == first && added.column.name == "Prospecção")
        #expect(added.messages.isEmpty)
        #expect(added.deal.createdAt.hasSuffix("-03:00"), "ISO 8601 with the local offset: \(added.deal.createdAt)")

        let shown = try json(DealDoc.self, ["deal", "show", String(added.deal.id)])
        #expect(shown.deal.id == added.deal.id && shown.deal.title == added.deal.title && shown.contact.id == added.contact.id)
        #expect(try boards().boards[0].columns[0].dealCount == 1)

        let plain = try ok(["deal", "add", "--column", String(first), "--title", "Sem valor", "--contact-name", "João",
                            "--phone", "+55 21 99876-5432"])
        #expect(plain.contains("Sem valor") && plain.contains("Prospecção"))
        let second = try json(DealDoc.self, ["deal", "show", "2"])
        #expect(second.deal.valueCents == nil && !second.deal.ticketClosed && second.deal.position == 1)
        let human = try ok(["deal", "show", "1"])
        #expect(human.contains("Maria Souza") && human.contains("+55 11 98765-4321") && human.contains("R$ 1.200,50"))
    }

    @Test func dealAddRefusesBadInputAndWritesNothing() throws {
        let (_, first, _) = try emptyDemo()
        let column = String(first)
        let before = try ok(["board", "list", "--json"])
        func add(title: String = "T", phone: String = "11987654321", value: String? = nil, column: String = column) throws -> String {
            try refused(["deal", "add", "--column", column, "--title", title, "--contact-name", "Ana", "--phone", phone]
                        + (value.map { ["--value", $0] } ?? []))
        }
        #expect(try add(title: "  ").contains("título"))
        #expect(try add(phone: "11 9876-abc").contains("telefone inválido"))
        #expect(try add(phone: "123").contains("telefone inválido"))
        #expect(try add(value: "doze reais").contains("valor inválido"))
        #expect(try add(column: "404") == "retoma: não existe coluna com id 404")
        #expect(try ok(["board", "list", "--json"]) == before)
        // Malformed arguments are ArgumentParser's: usage error status.
        let result = try run(["deal", "add", "--column", "abc", "--title", "T", "--contact-name", "A", "--phone", "1", "--db", db])
        #expect(result.status == 64 && result.stdout.isEmpty)
    }

    @Test func dealMoveCloseAndReopen() throws {
        let (_, first, last) = try emptyDemo()
        for title in ["A", "B"] {
            try ok(["deal", "add", "--column", String(last), "--title", title, "--contact-name", "Ana", "--phone", "11987654321"])
        }
        try ok(["deal", "add", "--column", String(first), "--title", "C", "--contact-name", "Bia", "--phone", "21987654321"])
        let moved = try json(DealDoc.self, ["deal", "move", "3", "--column", String(last)])
        #expect(moved.column.id == last && moved.deal.position == 2)
        #expect(try boards().boards[0].columns.map(\.dealCount) == [0, 0, 0, 3])
        #expect(try ok(["deal", "move", "1", "--column", String(first)]).contains("Prospecção"))
        #expect(try json(DealDoc.self, ["deal", "show", "2"]).deal.position == 0, "the gap closes")

        #expect(try json(DealDoc.self, ["deal", "close", "2"]).deal.ticketClosed)
        #expect(try json(DealDoc.self, ["deal", "show", "2"]).deal.ticketClosed)
        #expect(try ok(["deal", "reopen", "2"]).contains("reaberto"))
        #expect(try !json(DealDoc.self, ["deal", "show", "2"]).deal.ticketClosed)

        #expect(try refused(["deal", "move", "99", "--column", String(first)]) == "retoma: não existe negociação com id 99")
        _ = try refused(["deal", "move", "1", "--column", "99"])
        #expect(try refused(["deal", "close", "99", "--lang", "en"]) == "retoma: there is no deal with id 99")
        _ = try refused(["deal", "reopen", "99"])
        _ = try refused(["deal", "show", "99"])
    }

    // MARK: messages

    @Test func messagesAreRecordedWithTheirTimeAndShownOldestFirst() throws {
        let (_, first, _) = try emptyDemo()
        try ok(["deal", "add", "--column", String(first), "--title", "T", "--contact-name", "Ana", "--phone", "11987654321"])
        let reply = try json(MessageDoc.self, ["message", "add", "--deal", "1", "--from", "customer",
                                               "--text", "Oi! Conseguiu ver o orçamento? 😊", "--at", "2026-01-05T10:00:00-03:00"])
        #expect(reply.author == "customer" && reply.dealId == 1 && reply.at == "2026-01-05T10:00:00-03:00")
        #expect(reply.text == "Oi! Conseguiu ver o orçamento? 😊")
        let earlier = try json(MessageDoc.self, ["message", "add", "--deal", "1", "--from", "agent",
                                                 "--text", "Segue a proposta.", "--at", "2026-01-05T12:00:00Z"])
        #expect(earlier.at == "2026-01-05T09:00:00-03:00", "shown in the local offset")
        let now = try json(MessageDoc.self, ["message", "add", "--deal", "1", "--from", "agent", "--text", "Bom dia!"])
        let human = try ok(["message", "add", "--deal", "1", "--from", "customer", "--text", "Bom dia", "--lang", "en"])
        #expect(human.contains("Recorded message"))

        let messages = try json(DealDoc.self, ["deal", "show", "1"]).messages
        #expect(messages.map(\.id) == [earlier.id, reply.id, now.id, now.id + 1])
        #expect(messages.map(\.author) == ["agent", "customer", "agent", "customer"])
    }

    @Test func messageRefusals() throws {
        let (_, first, _) = try emptyDemo()
        try ok(["deal", "add", "--column", String(first), "--title", "T", "--contact-name", "Ana", "--phone", "11987654321"])
        #expect(try refused(["message", "add", "--deal", "1", "--from", "agent", "--text", "Oi", "--at", "ontem"])
            .contains("horário inválido"))
        _ = try refused(["message", "add", "--deal", "1", "--from", "agent", "--text", "Oi", "--at", "2026-01-05T10:00:00"])
        #expect(try refused(["message", "add", "--deal", "1", "--from", "agent", "--text", "  "]).contains("mensagem"))
        _ = try refused(["message", "add", "--deal", "9", "--from", "agent", "--text", "Oi"])
        let robot = try run(["message", "add", "--deal", "1", "--from", "robot", "--text", "Oi", "--db", db])
        #expect(robot.status == 64 && robot.stderr.contains("customer"))
        #expect(try json(DealDoc.self, ["deal", "show", "1"]).messages.isEmpty)
    }

    // MARK: the database file

    @Test func aFileThatIsNotADatabaseIsRefusedAndLeftAlone() throws {
        let csv = folder.path("contatos.csv")
        let contents = Data("nome,telefone\nMaria,+5511987654321\n".utf8)
        #expect(FileManager.default.createFile(atPath: csv, contents: contents))
        let result = try run(["board", "list", "--db", csv, "--lang", "en"])
        #expect(result.status == 1 && result.stdout.isEmpty)
        #expect(result.stderr == "retoma: \(csv) is not a Retoma database (not an SQLite file); it was left untouched\n")
        #expect(FileManager.default.contents(atPath: csv) == contents)
        #expect(try folder.files() == ["contatos.csv"])
        // The board itself refuses it the same way.
        let board = try run(["--db", csv])
        #expect(board.status == 1 && board.stderr.contains("não é um banco de dados do Retoma"))
    }

    @Test func databaseLocationFollowsFlagThenEnvironment() throws {
        let home = folder.path("home"), xdg = folder.path("xdg"), fromEnv = folder.path("env/r.db")
        func listing(_ extra: [String] = [], env: [String: String]) throws {
            let result = try run(["demo", "--deals", "1"] + extra, env: env)
            #expect(result.status == 0, "\(result)")
        }
        try listing(env: ["HOME": home])
        #expect(FileManager.default.fileExists(atPath: home + "/.local/share/retoma/retoma.db"))
        try listing(env: ["HOME": home, "XDG_DATA_HOME": xdg])
        #expect(FileManager.default.fileExists(atPath: xdg + "/retoma/retoma.db"))
        try listing(env: ["HOME": home, "XDG_DATA_HOME": xdg, "RETOMA_DB": fromEnv])
        #expect(FileManager.default.fileExists(atPath: fromEnv))
        try listing(["--db", db], env: ["HOME": home, "XDG_DATA_HOME": xdg, "RETOMA_DB": fromEnv])
        #expect(FileManager.default.fileExists(atPath: db))
        // --db may also come before the subcommand.
        let early = folder.path("early.db")
        let result = try run(["--db", early, "demo", "--deals", "1"], env: ["HOME": home])
        #expect(result.status == 0 && FileManager.default.fileExists(atPath: early), "\(result)")
        // A relative XDG_DATA_HOME is invalid by the spec and ignored.
        let relative = try run(["demo", "--deals", "1"], env: ["HOME": home, "XDG_DATA_HOME": "relative/dir"])
        #expect(relative.stdout.contains(home + "/.local/share/retoma/retoma.db"))
    }

    @Test func unknownLanguageIsAUsageError() throws {
        let result = try run(["board", "list", "--lang", "fr", "--db", db])
        #expect(result.status == 64 && result.stderr.contains("unknown language 'fr'"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }
}
