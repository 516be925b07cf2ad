import Foundation
import Testing

/// `retoma import deals` and `retoma export`, run as real processes against a temporary database.
@Suite("retoma import and export")
struct ImportCLITests: DatabaseCommands {
    let folder: TemporaryFolder
    let db: String

    init() throws {
        folder = try TemporaryFolder()
        db = folder.path("retoma.db")
    }


    /// A new board with one column; the column's id.
    func column(board: String) throws -> Int64 {
        try ok(["board", "add", "--name", board])
        try ok(["column", "add", "--board", board, "--name", "Entrada"])
        let list = try JSONSerialization.jsonObject(with: Data(try ok(["board", "list", "--json"]).utf8)) as? [String: Any]
        let boards = try #require(list?["boards"] as? [[String: Any]])
        let mine = try #require(boards.first { $0["name"] as? String == board })
        let columns = try #require(mine["columns"] as? [[String: Any]])
        return try #require((columns.first?["id"] as? NSNumber)?.int64Value)
    }

    /// The board's deals in board order (`deal list --json`).
    func dealIDs(board: String) throws -> [Int64] {
        let doc = try JSONSerialization.jsonObject(with: Data(try ok(["deal", "list", "--board", board, "--json"]).utf8))
        let deals = try #require((doc as? [String: Any])?["deals"] as? [[String: Any]])
        return deals.compactMap { ($0["id"] as? NSNumber)?.int64Value }
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = folder.path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// `n` deals whose last message is ours, `daysAgo` days back: due for a follow-up in a column that sends daily.
    func sheet(_ n: Int, daysAgo: Int = 2) -> String {
        let day = Date().addingTimeInterval(-Double(daysAgo) * 86_400)
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "America/Sao_Paulo")
        f.dateFormat = "dd/MM/yyyy HH:mm"
        var lines = ["Título;Contato;Telefone;Valor;Última mensagem;Autor;Mensagem"]
        for i in 0..<n {
            lines.append("Proposta \(i);Cliente \(i);(11) 98765-\(String(format: "%04d", i));1.234,56;\(f.string(from: day));empresa;Segue a proposta \(i).")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    @Test func exportImportsBackAsTheSameDealsAndMessages() throws {
        let source = try column(board: "Origem")
        try ok(["deal", "add", "--column", String(source), "--title", "Cozinha; planejada",
                "--contact-name", "Ana \"Aninha\" Souza", "--phone", "11987654321", "--value", "1234.56"])
        let deal = try #require(try dealIDs(board: "Origem").first)
        try ok(["message", "add", "--deal", String(deal), "--from", "agent", "--text", "Olá,\nsegue o orçamento."])
        try ok(["message", "add", "--deal", String(deal), "--from", "customer", "--text", "Vou ver, obrigado"])
        try ok(["deal", "add", "--column", String(source), "--title", "Sem conversa", "--contact-name", "Bruno", "--phone", "21912345678"])
        let exported = folder.path("origem.csv")
        try ok(["export", "deals", "--board", "Origem", exported])
        let messages = folder.path("mensagens.csv")
        try ok(["export", "messages", "--deal", String(deal), messages])

        #expect(try read(exported).contains("Cozinha; planejada,\"Ana \"\"Aninha\"\" Souza\""), "the deals are in the file")
        #expect(try read(messages).split(separator: "\n").count == 4, "a header and two messages, one with a line break")
        let target = try column(board: "Destino")
        let out = try ok(["import", "deals", exported, "--board", "Destino", "--column", String(target)])
        #expect(out.contains("2 negociações criadas"), "\(out)")
        let again = folder.path("destino.csv")
        try ok(["export", "deals", "--board", "Destino", again])
        #expect(try read(again) == read(exported))

        // The conversation's export, one line a message, imports as one deal with every message.
        let third = try column(board: "Conversa")
        try ok(["import", "deals", messages, "--board", "Conversa", "--column", String(third)])
        let ids = try dealIDs(board: "Conversa")
        #expect(ids.count == 1)
        let dealID = try #require(ids.first)
        let messagesBack = folder.path("mensagens-de-volta.csv")
        try ok(["export", "messages", "--deal", String(dealID), messagesBack])
        #expect(try read(messagesBack) == read(messages))
    }

    @Test func theSameFileTwiceCreatesNothingNewAndSaysSo() throws {
        let column = try column(board: "Vendas")
        let file = try write("deals.csv", sheet(3))
        #expect(try ok(["import", "deals", file, "--board", "Vendas", "--column", String(column)]).contains("3 negociações criadas"))
        let second = try ok(["import", "deals", file, "--board", "Vendas", "--column", String(column)])
        #expect(second.hasPrefix("Nada novo: as 3 negociações do arquivo já estão no quadro \"Vendas\"."), "\(second)")
        let exported = folder.path("out.csv")
        try ok(["export", "deals", "--board", "Vendas", exported])
        #expect(try read(exported).split(separator: "\n").count == 4, "a header and three deals")
    }

    @Test func dryRunWritesNothing() throws {
        let column = try column(board: "Vendas")
        let file = try write("deals.csv", sheet(2))
        let out = try ok(["import", "deals", file, "--board", "Vendas", "--column", String(column), "--dry-run"])
        #expect(out.contains("linha 2: criaria Proposta 0"), "\(out)")
        #expect(out.contains("linha 3: criaria Proposta 1"), "\(out)")
        #expect(out.contains("nada foi gravado"), "\(out)")
        let exported = folder.path("out.csv")
        try ok(["export", "deals", "--board", "Vendas", exported])
        #expect(try read(exported).split(separator: "\n").count == 1, "only the header")
    }

    @Test func anInvalidLineRefusesTheWholeFileUnlessSkipInvalid() throws {
        let column = try column(board: "Vendas")
        var text = sheet(2)
        text += "Proposta ruim;Fulano;123;;;;\r\n"
        let file = try write("deals.csv", text)
        let refused = try run(["import", "deals", file, "--board", "Vendas", "--column", String(column), "--db", db])
        #expect(refused.status == 1 && refused.stdout.isEmpty, "\(refused)")
        #expect(refused.stderr.hasPrefix("retoma: linha 4: "), "\(refused)")
        #expect(refused.stderr.contains("nada foi gravado"), "\(refused)")
        let exported = folder.path("out.csv")
        try ok(["export", "deals", "--board", "Vendas", exported])
        #expect(try read(exported).split(separator: "\n").count == 1, "nothing written")

        let skipped = try run(["import", "deals", file, "--board", "Vendas", "--column", String(column), "--skip-invalid", "--db", db])
        #expect(skipped.status == 0 && skipped.stdout.contains("2 negociações criadas"), "\(skipped)")
        #expect(skipped.stderr.hasPrefix("retoma: linha 4: "), "the left-out line is reported: \(skipped)")
        try ok(["export", "deals", "--board", "Vendas", exported])
        #expect(try read(exported).split(separator: "\n").count == 3)
    }

    @Test func twentyDealsDueInAColumnThatSendsNeedYes() throws {
        let column = try column(board: "Vendas")
        try ok(["followup", "set", "--column", String(column), "--enabled", "true", "--every", "1d",
                "--business-hours", "false", "--yes"])
        let file = try write("deals.csv", sheet(20))
        let refused = try run(["import", "deals", file, "--board", "Vendas", "--column", String(column), "--db", db])
        #expect(refused.status == 3 && refused.stdout.isEmpty, "\(refused)")
        #expect(refused.stderr.contains("20 negociações"), "\(refused)")
        #expect(refused.stderr.hasSuffix("Use --yes para confirmar.\n"), "\(refused)")
        let exported = folder.path("out.csv")
        try ok(["export", "deals", "--board", "Vendas", exported])
        #expect(try read(exported).split(separator: "\n").count == 1, "nothing written")

        let imported = try ok(["import", "deals", file, "--board", "Vendas", "--column", String(column), "--yes"])
        #expect(imported.contains("20 negociações criadas"), "\(imported)")
    }
}
