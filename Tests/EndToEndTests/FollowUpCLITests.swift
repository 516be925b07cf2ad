import Foundation
import Testing

/// `retoma followup set|show`, run as a real process against a temporary database.
@Suite("retoma followup")
struct FollowUpCLITests: DatabaseCommands {
    /// Mirror of the --json document; decoding fails if a key is missing or mistyped.
    struct FollowUpDoc: Decodable, Equatable {
        struct Interval: Decodable, Equatable { var amount: Int; var unit: String }
        var boardId: Int64
        var columnId: Int64
        var columnName: String
        var enabled: Bool
        var every: String
        var interval: Interval
        var businessHours: Bool
        var afterClose: Bool
        var instructions: String
        var extra: String
        var maxAttempts: Int
        var onMax: String
        var maxPerDay: Int
        var eligibleNow: Int
        var dueNext24h: Int
        var dueNext7d: Int
        var totalDeals: Int
    }
    struct BoardsDoc: Decodable {
        struct Board: Decodable { var id: Int64; var columns: [Column] }
        struct Column: Decodable { var id: Int64; var name: String; var dealCount: Int }
        var boards: [Board]
    }

    let folder: TemporaryFolder
    let db: String

    init() throws {
        folder = try TemporaryFolder()
        db = folder.path("retoma.db")
    }


    func show(_ column: Int64, sourceLocation: SourceLocation = #_sourceLocation) throws -> FollowUpDoc {
        let out = try ok(["followup", "show", "--column", String(column), "--json"], sourceLocation: sourceLocation)
        return try JSONDecoder().decode(FollowUpDoc.self, from: Data(out.utf8))
    }

    @discardableResult
    func set(_ column: Int64, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> FollowUpDoc {
        let out = try ok(["followup", "set", "--column", String(column), "--json"] + arguments, sourceLocation: sourceLocation)
        return try JSONDecoder().decode(FollowUpDoc.self, from: Data(out.utf8))
    }

    /// Expects `status`, nothing on stdout, and the database unchanged. Returns stderr.
    func refused(_ column: Int64, _ arguments: [String], status: Int32 = 1,
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let before = try show(column, sourceLocation: sourceLocation)
        let result = try run(["followup", "set", "--column", String(column)] + arguments + ["--db", db])
        #expect(result.status == status, "\(arguments): \(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(arguments): \(result)", sourceLocation: sourceLocation)
        if status == 1 {
            let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 2 && lines[1].isEmpty && lines[0].hasPrefix("retoma: "),
                    "one line on stderr: \(result)", sourceLocation: sourceLocation)
        }
        #expect(try show(column, sourceLocation: sourceLocation) == before, "\(arguments) changed the settings",
                sourceLocation: sourceLocation)
        return result.stderr
    }

    /// The demo board's columns, in board order.
    func demo(deals: Int) throws -> [BoardsDoc.Column] {
        try ok(["demo", "--deals", String(deals)])
        let out = try ok(["board", "list", "--json"])
        return try #require(try JSONDecoder().decode(BoardsDoc.self, from: Data(out.utf8)).boards.first).columns
    }

    // MARK: round trip

    @Test func aNewColumnShowsTheDialogDefaults() throws {
        let columns = try demo(deals: 0)
        let doc = try show(columns[0].id)
        #expect(doc.columnId == columns[0].id && doc.columnName == "Prospecção")
        #expect(!doc.enabled && doc.every == "1d" && doc.interval == .init(amount: 1, unit: "days"))
        #expect(doc.businessHours && !doc.afterClose && doc.instructions.isEmpty && doc.extra.isEmpty)
        #expect(doc.maxAttempts == 5 && doc.onMax == "none" && doc.eligibleNow == 0 && doc.totalDeals == 0)
        #expect(doc.maxPerDay == 0 && doc.dueNext24h == 0 && doc.dueNext7d == 0)
        let out = try ok(["followup", "show", "--column", String(columns[0].id), "--json"])
        for key in ["\"afterClose\"", "\"businessHours\"", "\"eligibleNow\"", "\"onMax\"", "\"totalDeals\"",
                    "\"dueNext24h\"", "\"dueNext7d\"", "\"maxPerDay\""] {
            #expect(out.contains(key))
        }
    }

    @Test func everyFieldRoundTripsThroughSetAndShow() throws {
        let columns = try demo(deals: 0)
        let (column, target) = (columns[2].id, columns[3].id)
        let instructions = "Olá! Pergunte se o orçamento chegou.\n- Seja breve, sem pressão\n- Não ofereça desconto 🙂"
        let extra = "Promoção válida até março.\nAção: frete grátis em São Paulo."
        let saved = try set(column, ["--enabled", "true", "--every", "3mo", "--business-hours", "false",
                                     "--after-close", "true", "--instructions", instructions, "--extra", extra,
                                     "--max-attempts", "7", "--on-max", "move:\(target)", "--max-per-day", "12"])
        let expected = FollowUpDoc(
            boardId: saved.boardId, columnId: column, columnName: "Aguardando resposta", enabled: true, every: "3mo",
            interval: .init(amount: 3, unit: "months"), businessHours: false, afterClose: true,
            instructions: instructions, extra: extra, maxAttempts: 7, onMax: "move:\(target)", maxPerDay: 12,
            eligibleNow: 0, dueNext24h: 0, dueNext7d: 0, totalDeals: 0)
        #expect(saved == expected)
        #expect(try show(column) == expected)

        // Only the options given change; the rest is kept.
        let partly = try set(column, ["--every", "45m", "--max-attempts", "0", "--on-max", "none", "--max-per-day", ""])
        var changed = expected
        changed.every = "45m"; changed.interval = .init(amount: 45, unit: "minutes")
        changed.maxAttempts = 0; changed.onMax = "none"; changed.maxPerDay = 0
        #expect(partly == changed)
        #expect(try show(column) == changed)

        // Like the dialog, text is saved trimmed, and empty text clears the field.
        #expect(try set(column, ["--instructions", "  \n Retome o contato. \n"]).instructions == "Retome o contato.")
        #expect(try set(column, ["--extra", ""]).extra == "")
        #expect(try set(column, ["--enabled", "false"]).enabled == false)
    }

    @Test func showReadsLikeTheDialogInBothLanguages() throws {
        let columns = try demo(deals: 0)
        let column = columns[1].id
        try set(column, ["--enabled", "true", "--every", "2d", "--instructions", "Linha um\nLinha dois",
                         "--on-max", "move:\(columns[3].id)"])
        let pt = try ok(["followup", "show", "--column", String(column)])
        #expect(pt.contains("Follow-up automático — Em andamento"))
        #expect(pt.contains("Usar Follow-up para essa coluna: sim"))
        #expect(pt.contains("Intervalo: 2d (2 dias)"))
        #expect(pt.contains("Instruções para a IA:\n  Linha um\n  Linha dois\n"))
        #expect(pt.contains("Informações extras:\n  (em branco)"))
        #expect(pt.contains("Ao atingir o máximo: mover para \"Concluído\""))
        #expect(pt.contains("0 negociações elegíveis agora · 0 no total"))
        #expect(pt.contains("Máximo de follow-ups por dia nesta coluna: sem limite"))
        #expect(pt.contains("Com o follow-up ligado: 0 agora · 0 nas próximas 24 h · 0 em 7 dias"))
        let en = try ok(["followup", "show", "--column", String(column), "--lang", "en"])
        #expect(en.contains("Interval: 2d (2 days)") && en.contains("Use follow-up for this column: yes"))
        #expect(en.contains("When the maximum is reached: move to \"Concluído\""))

        let said = try ok(["followup", "set", "--column", String(column), "--every", "1mo"])
        #expect(said.contains("salvo: ligado, a cada 1mo"))
    }

    // MARK: refusals

    @Test func invalidValuesAreRefusedWithTheDialogsMessagesAndNothingIsWritten() throws {
        let columns = try demo(deals: 0)
        let column = columns[0].id
        let cases: [([String], String)] = [
            (["--every", "0d"], "O intervalo deve ser um número inteiro de 1 a 999 (recebido 0)."),
            (["--every", "1000h"], "de 1 a 999 (recebido 1000)"),
            (["--every", "25mo"], "Em meses, o intervalo deve ser de 1 a 24 (recebido 25)."),
            (["--every", "30"], "Falta a unidade em \"30\""),
            (["--every", "2x"], "Unidade desconhecida \"x\""),
            (["--every", "1.5h"], "\"1.5\" não é um número inteiro"),
            (["--every", "-3d"], "\"-3\" não é um número inteiro"),
            (["--every", ""], "Informe o intervalo"),
            (["--instructions", String(repeating: "ç", count: 2001)],
             "Instruções para a IA: no máximo 2.000 caracteres (agora 2.001)."),
            (["--extra", String(repeating: "ã", count: 1001)],
             "Informações extras: no máximo 1.000 caracteres (agora 1.001)."),
            (["--max-attempts", "-1"], "Máximo de follow-ups sem resposta: não pode ser negativo."),
            (["--on-max", "move:\(column)"], "Ao atingir o máximo: escolha outra coluna"),
            (["--on-max", "move:999"], "não existe coluna com id 999"),
            (["--max-per-day", "-1"], "Máximo de follow-ups por dia nesta coluna: use um número inteiro (0 = sem limite)."),
            (["--max-per-day", "dez"], "Máximo de follow-ups por dia nesta coluna: use um número inteiro (0 = sem limite)."),
            (["--max-per-day", "10001"], "Máximo de follow-ups por dia nesta coluna: no máximo 10.000."),
            (["--max-per-day", "99999999999999999999999"], "Máximo de follow-ups por dia nesta coluna: no máximo 10.000."),
            // Every problem at once, in the dialog's order, still on one line.
            (["--every", "0m", "--max-attempts", "-2", "--enabled", "true"],
             "(recebido 0). Máximo de follow-ups sem resposta: não pode ser negativo."),
        ]
        for (arguments, message) in cases {
            let stderr = try refused(column, arguments)
            #expect(stderr.contains(message), "\(arguments): \(stderr)")
        }
        // Exactly the limits are accepted.
        #expect(try set(column, ["--instructions", String(repeating: "ç", count: 2000)]).instructions.count == 2000)
        #expect(try set(column, ["--every", "24mo"]).every == "24mo")
        #expect(try set(column, ["--every", "999m"]).every == "999m")

        let english = try refused(column, ["--every", "0d", "--lang", "en"])
        #expect(english.contains("The interval must be a whole number from 1 to 999 (got 0)."))
    }

    @Test func malformedFlagsAreUsageErrors() throws {
        let columns = try demo(deals: 0)
        for arguments in [["--enabled", "maybe"], ["--business-hours", "sim"], ["--max-attempts", "três"],
                          ["--on-max", "move:abc"], ["--on-max", "nothing"], ["--on-max", "move:0"]] {
            let stderr = try refused(columns[0].id, arguments, status: 64)
            #expect(stderr.contains(arguments[0]), "\(arguments): \(stderr)")
        }
    }

    @Test func unknownColumns() throws {
        _ = try demo(deals: 0)
        for command in [["followup", "show", "--column", "999"], ["followup", "show", "--column", "999", "--json"],
                        ["followup", "set", "--column", "999", "--enabled", "false"]] {
            let result = try run(command + ["--db", db])
            #expect(result.status == 1 && result.stdout.isEmpty, "\(command): \(result)")
            #expect(result.stderr == "retoma: não existe coluna com id 999\n", "\(command): \(result)")
        }
        let english = try run(["followup", "show", "--column", "999", "--lang", "en", "--db", db])
        #expect(english.stderr == "retoma: there is no column with id 999\n")
    }

    // MARK: the bulk-send warning

    @Test func enablingAColumnFullOfDueDealsNeedsYes() throws {
        let columns = try demo(deals: 200)
        // Set the interval first with follow-up still off: that never warns.
        var busiest: (id: Int64, eligible: Int) = (0, 0)
        for column in columns {
            let doc = try set(column.id, ["--every", "1m", "--business-hours", "false"])
            #expect(!doc.enabled && doc.totalDeals == column.dealCount)
            if doc.eligibleNow > busiest.eligible { busiest = (column.id, doc.eligibleNow) }
        }
        try #require(busiest.eligible >= 20, "the demo should leave at least one column with 20 deals due")

        let stderr = try refused(busiest.id, ["--enabled", "true"], status: 3)
        let lines = stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 6, "\(stderr)")
        #expect(lines.first == "retoma: salvar agora manda follow-up para \(busiest.eligible) negociações nas primeiras 24 h de envio; nada foi salvo.")
        // The sandbox channel's own governor paces the sends (120 an hour), as the engine would.
        #expect(lines.count > 1 && lines[1].hasPrefix("\(busiest.eligible) mensagens · limite 120/hora"), "\(stderr)")
        #expect(lines.count > 1 && lines[1].contains("para concluir"), "\(stderr)")
        #expect(lines.count > 2 && lines[2].hasPrefix("\(busiest.eligible) agora · 0 nas próximas 24 h"), "\(stderr)")
        #expect(lines.count > 3 && lines[3].contains("--max-per-day 10"), "\(stderr)")
        #expect(stderr.contains("banimento") && stderr.contains("Ative o Follow-up apenas em colunas vazias"))
        #expect(lines.last == "Use --yes para confirmar.")
        #expect(try show(busiest.id).enabled == false)

        let english = try refused(busiest.id, ["--enabled", "true", "--lang", "en"], status: 3)
        #expect(english.contains("\(busiest.eligible) messages · limit 120/hour") && english.contains("Use --yes to confirm."))

        // Any save that leaves the column on asks again, as the dialog's Salvar does.
        let saved = try set(busiest.id, ["--enabled", "true", "--yes"])
        #expect(saved.enabled && saved.every == "1m" && saved.eligibleNow == busiest.eligible)
        _ = try refused(busiest.id, ["--instructions", "Retome o contato."], status: 3)
        let human = try ok(["followup", "set", "--column", String(busiest.id), "--extra", "Frete grátis.", "--yes"])
        #expect(human.contains("\(busiest.eligible) mensagens · limite 120/hora"), "\(human)")

        // A longer interval releases fewer at once; switching off never asks.
        #expect(try set(busiest.id, ["--enabled", "false"]).enabled == false)
    }

    @Test func fewDueDealsSaveWithoutAsking() throws {
        let columns = try demo(deals: 24)
        for column in columns {
            // A month after our last message nobody in a fresh demo is due yet.
            let doc = try set(column.id, ["--enabled", "true", "--every", "24mo"])
            #expect(doc.enabled && doc.eligibleNow < 20, "\(doc)")
        }
    }

    // MARK: a warning that sees tomorrow

    /// Twenty deals whose latest message (ours) was 23 h 50 min ago: under a 1-day interval none is due this
    /// instant, and all of them are ten minutes from now.
    func almostDue(_ count: Int) throws -> (column: Int64, other: Int64, deals: [Int64]) {
        let columns = try demo(deals: 0)
        let (column, other) = (columns[0].id, columns[1].id)
        var deals: [Int64] = []
        for n in 0..<count { deals.append(try deal(n, in: column, lastAgentMessage: -(23 * 3600 + 50 * 60))) }
        try set(column, ["--every", "1d", "--business-hours", "false"])
        return (column, other, deals)
    }

    /// A deal whose conversation ends with our message `lastAgentMessage` seconds from now.
    func deal(_ n: Int, in column: Int64, lastAgentMessage offset: TimeInterval) throws -> Int64 {
        let out = try ok(["deal", "add", "--column", String(column), "--title", "D\(n)", "--contact-name", "Cliente \(n)",
                          "--phone", "1190000\(String(format: "%04d", n))", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let id = try #require((object["deal"] as? [String: Any])?["id"] as? Int)
        let at = ISO8601DateFormatter().string(from: Date().addingTimeInterval(offset))
        try ok(["message", "add", "--deal", String(id), "--from", "agent", "--text", "Segue o orçamento.", "--at", at])
        return Int64(id)
    }

    @Test func showCountsWhatFallsDueInTheNext24HoursAndSetRefusesOnIt() throws {
        let (column, _, _) = try almostDue(20)
        let doc = try show(column)
        #expect(doc.eligibleNow == 0 && doc.dueNext24h == 20 && doc.dueNext7d == 20 && doc.totalDeals == 20)
        // None is due this instant, yet all twenty go out in ten minutes: saving asks, with the same numbers.
        let stderr = try refused(column, ["--enabled", "true"], status: 3)
        #expect(stderr.hasPrefix("retoma: salvar agora manda follow-up para 20 negociações nas primeiras 24 h de envio"), "\(stderr)")
        #expect(stderr.contains("\n0 agora · 20 nas próximas 24 h · 20 em 7 dias\n"), "\(stderr)")
        // The suggested daily limit brings the first day under the threshold: 5 today and 5 tomorrow.
        let limited = try set(column, ["--enabled", "true", "--max-per-day", "5"])
        #expect(limited.enabled && limited.maxPerDay == 5 && limited.dueNext24h == 20)
        let human = try ok(["followup", "show", "--column", String(column)])
        #expect(human.contains("Máximo de follow-ups por dia nesta coluna: 5"), "\(human)")
        #expect(human.contains("no máximo 5 por dia nesta coluna"), "\(human)")
    }

    @Test func dealMoveRefusesToTipAColumnOverTheThresholdUnlessYes() throws {
        var (column, other, deals) = try almostDue(20)
        // Due two days ago, in a column that does not send.
        deals.insert(try deal(99, in: other, lastAgentMessage: -2 * 86_400), at: 0)
        try set(column, ["--enabled", "true", "--every", "1d", "--business-hours", "false", "--max-attempts", "0", "--yes"])
        #expect(try show(column).dueNext24h == 20)
        let refused = try run(["deal", "move", String(deals[0]), "--column", String(column), "--db", db])
        #expect(refused.status == 3 && refused.stdout.isEmpty, "\(refused)")
        #expect(refused.stderr.hasPrefix("retoma: mover para \"Prospecção\" faz 21 negociações receberem follow-up nas primeiras 24 h de envio; nada foi movido."),
                "\(refused)")
        #expect(refused.stderr.hasSuffix("Use --yes para confirmar.\n"))
        #expect(try show(other).totalDeals == 1, "nothing moved")
        // A deal that would not be sent (the customer wrote last) moves without asking.
        try ok(["message", "add", "--deal", String(deals[1]), "--from", "customer", "--text", "Vou ver."])
        try ok(["deal", "move", String(deals[1]), "--column", String(other)])
        try ok(["deal", "move", String(deals[1]), "--column", String(column)])
        try ok(["deal", "move", String(deals[0]), "--column", String(column), "--yes"])
        #expect(try show(column).totalDeals == 21)
        // A column that does not send never asks.
        try set(column, ["--enabled", "false"])
        try ok(["deal", "move", String(deals[0]), "--column", String(other)])
    }
}
