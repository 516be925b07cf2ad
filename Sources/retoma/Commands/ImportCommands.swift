import ArgumentParser
import Foundation
import RetomaCore
import RetomaCSV
import RetomaStore
import TUIKit

struct ImportCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Bring deals in from a spreadsheet (CSV).", subcommands: [ImportDealsCommand.self])
}

struct ImportDealsCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "deals", abstract: "Create deals from a CSV file at the bottom of a column.",
        discussion: """
            Line 1 names the columns, in Portuguese or English, case and accents ignored: Título/Title, Contato/Contact, \
            Telefone/Phone (required), E-mail, Empresa/Company, Valor/Value (R$: 1.234,56, R$ 1.234,56 or 1234.56; \
            1.234 is a thousand two hundred and thirty-four reais), Chamado/Ticket (aberto/finalizado, open/closed), and a \
            message: Última mensagem/Last message or Data/Date (31/12/2025 14:30, Brasília time, or ISO 8601), \
            Autor/Author (cliente/empresa, customer/company) and Mensagem/Message (its text). UTF-8 or Latin-1, "," or \
            ";". Lines with the same phone and title are one deal (each adds its message). A deal whose phone and title \
            are already on the board is left alone, so importing a file twice creates nothing new. Nothing is written \
            unless every line is valid, or --skip-invalid is given; everything is written in one transaction. When the \
            column sends follow-ups and the import makes \(BulkSendWarning.confirmThreshold) or more of its deals get one \
            in the first 24 hours of sending, nothing is written and the exit status is 3, unless --yes is given.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The CSV file.") var file: String
    /// `--board`, required.
    @OptionGroup var board: BoardOption
    @Option(name: .long, help: "The column that receives the deals.") var column: Int64
    @Option(name: .long, help: ArgumentHelp(
        "Another header for a key: title, contact, phone, email, company, value, ticket, date, author, text.",
        valueName: "KEY=HEADER,…"))
    var map: [String] = []
    @Flag(name: .customLong("dry-run"), help: "Print what each line would create, and every error; write nothing.")
    var dryRun = false
    @Flag(name: .customLong("skip-invalid"), help: "Import the valid lines and leave the others out (each is reported).")
    var skipInvalid = false
    @Flag(name: .long, help: "Import even when many deals of the column would get a follow-up at once.") var yes = false

    func validate() throws {
        if board.board == nil { throw ValidationError("--board is required") }
    }

    func run(store: Store, output: Output) throws {
        let lang = output.lang, pt = lang == .pt
        guard let board = try self.board.resolve(in: store) else {
            throw CommandLineRefusal(pt: "falta --board", en: "--board is required")
        }
        let target = try store.column(id: column)
        guard target.boardID == board.id else {
            throw CommandLineRefusal(pt: "a coluna \(column) não é do quadro \(board.id) \"\(board.name)\"",
                                     en: "column \(column) is not on board \(board.id) \"\(board.name)\"")
        }
        let map = try sheetStep { () throws(SheetError) in try DealSheet.parseMap(self.map) }
        let data = try sheetStep { () throws(SheetError) in try SheetFile.read(file) }
        let reading = ProgressBar(pt ? "lendo" : "reading", total: 0, lang: lang)
        let sheet = try sheetStep { () throws(SheetError) in
            try DealSheet.read(data, map: map, now: Date(), lang: lang) { done, total in reading.update(done, total: total) }
        }
        reading.finish()
        let existing = try store.existingImportDeals(boardID: board.id)
        let errors = sheet.errors
        let fresh = sheet.deals.filter { $0.key.find(in: existing) == nil }

        if dryRun {
            for line in sheet.lines { describe(line, sheet: sheet, existing: existing, output: output) }
            if !sheet.ignoredHeaders.isEmpty {
                output.say(pt: "Colunas ignoradas: \(sheet.ignoredHeaders.joined(separator: ", ")).",
                           en: "Columns left out: \(sheet.ignoredHeaders.joined(separator: ", ")).")
            }
            let n = fresh.count, old = sheet.deals.count - fresh.count
            output.say(pt: "Simulação: \(n) \(n == 1 ? "negociação seria criada" : "negociações seriam criadas"), \(old) já \(old == 1 ? "está" : "estão") no quadro, \(errors.count) \(errors.count == 1 ? "erro" : "erros"); nada foi gravado.",
                       en: "Dry run: \(n) \(n == 1 ? "deal" : "deals") would be created, \(old) already on the board, \(errors.count) \(errors.count == 1 ? "error" : "errors"); nothing was written.")
            if !errors.isEmpty && !skipInvalid {
                throw SheetRefusal(errors: [], pt: "com erros, a importação não gravaria nada (ou use --skip-invalid)",
                                   en: "with errors, the import would write nothing (or use --skip-invalid)")
            }
            return
        }
        if !errors.isEmpty {
            if !skipInvalid {
                throw SheetRefusal(errors: errors, pt: "\(errors.count) \(errors.count == 1 ? "erro" : "erros"); nada foi gravado. Corrija o arquivo, ou use --skip-invalid para importar só as linhas válidas (--dry-run mostra cada linha)",
                                   en: "\(errors.count) \(errors.count == 1 ? "error" : "errors"); nothing was written. Fix the file, or use --skip-invalid to import only the valid lines (--dry-run shows each line)")
            }
            SheetRefusal(errors: errors, pt: nil, en: nil).write(lang)
        }
        if !yes, target.followUp.enabled, !target.followUp.paused, !fresh.isEmpty {
            let policy = try NumberSetup.policy(store: store, environment: ProcessInfo.processInfo.environment, at: Date())
            if let warning = policy.moveWarning(existing: try store.followUpFacts(columnID: column),
                                                moving: fresh.map { Self.facts($0, column: column) },
                                                into: column, config: target.followUp) {
                throw BulkSendRefusal(warning, .importing(columnName: target.name))
            }
        }
        let writing = ProgressBar(pt ? "importando" : "importing", total: sheet.deals.count, lang: lang)
        let outcome = try store.importDeals(sheet.deals, columnID: column) { writing.update($0) }
        writing.finish()
        let made = outcome.created.count, old = outcome.existing.count
        if made == 0 {
            output.say(pt: "Nada novo: \(old == 1 ? "a negociação do arquivo já está" : "as \(old) negociações do arquivo já estão") no quadro \"\(board.name)\".",
                       en: "Nothing new: \(old == 1 ? "the file's deal is" : "the file's \(old) deals are") already on the board \"\(board.name)\".")
        } else {
            output.say(pt: "\(made) \(made == 1 ? "negociação criada" : "negociações criadas") em \"\(target.name)\" (quadro \"\(board.name)\")" + (old > 0 ? "; \(old) já \(old == 1 ? "estava" : "estavam") no quadro e \(old == 1 ? "ficou" : "ficaram") como \(old == 1 ? "estava" : "estavam")." : "."),
                       en: "Created \(made) \(made == 1 ? "deal" : "deals") in \"\(target.name)\" (board \"\(board.name)\")" + (old > 0 ? "; \(old) already on the board, left as \(old == 1 ? "it was" : "they were")." : "."))
        }
        if skipInvalid && !errors.isEmpty {
            output.say(pt: "\(errors.count) \(errors.count == 1 ? "erro deixou sua linha" : "erros deixaram suas linhas") de fora (--skip-invalid).",
                       en: "\(errors.count) \(errors.count == 1 ? "error left its line" : "errors left their lines") out (--skip-invalid).")
        }
    }

    /// A sheet's problem as the command's refusal.
    private func sheetStep<T>(_ body: () throws(SheetError) -> T) throws -> T {
        do { return try body() } catch { throw SheetRefusal(errors: [error], pt: nil, en: nil) }
    }

    /// One line of the dry run.
    private func describe(_ line: DealSheet.Line, sheet: DealSheet, existing: [ImportKey: Int64], output: Output) {
        let pt = output.lang == .pt
        let at = pt ? "linha \(line.line): " : "line \(line.line): "
        switch line.outcome {
        case .deal(let index):
            let deal = sheet.deals[index]
            if let id = deal.key.find(in: existing) {
                return output.say(pt: at + "já está no quadro (negociação \(id)) — \(deal.title)",
                                  en: at + "already on the board (deal \(id)) — \(deal.title)")
            }
            var parts = [deal.title, deal.contactName, Phone.display(deal.phone)]
            if let email = deal.email { parts.append(email) }
            if let company = deal.company { parts.append(company) }
            if let cents = deal.valueCents { parts.append(Money.format(cents: cents)) }
            parts.append(deal.ticketClosed ? (pt ? "finalizado" : "closed") : (pt ? "aberto" : "open"))
            let n = deal.messages.count
            if n > 0 { parts.append(pt ? (n == 1 ? "1 mensagem" : "\(n) mensagens") : (n == 1 ? "1 message" : "\(n) messages")) }
            output.say(pt: at + "criaria " + parts.joined(separator: " · "), en: at + "would create " + parts.joined(separator: " · "))
        case .message(let first):
            output.say(pt: at + "mais uma mensagem da negociação da linha \(first)",
                       en: at + "one more message of the deal on line \(first)")
        case .repeated(let first):
            output.say(pt: at + "repete a linha \(first); nada a mais", en: at + "repeats line \(first); nothing more")
        case .invalid(let problems):
            for p in problems {
                output.say(pt: at + "erro: " + p.message(.pt), en: at + "error: " + p.message(.en))
            }
        }
    }

    /// What the follow-up rules would see of a new deal.
    static func facts(_ deal: ImportDeal, column: Int64) -> DealFacts {
        let ordered = deal.messages.sorted { $0.at < $1.at }
        var sinceReply = 0
        var lastOurs: Date?
        for m in ordered {
            switch m.author {
            case .customer: sinceReply = 0
            case .followup: sinceReply += 1; lastOurs = m.at
            case .agent: lastOurs = m.at
            }
        }
        return DealFacts(dealID: -Int64(deal.line), columnID: column, ticketClosed: deal.ticketClosed,
                         lastMessageAuthor: ordered.last?.author, lastOurMessageAt: lastOurs,
                         followUpsSinceLastCustomerReply: sinceReply)
    }
}

/// Problems of a spreadsheet, one line each on stderr ("retoma: linha 7: …"), then what happened: exit 1.
struct SheetRefusal: CommandRefusal {
    let exitStatus: Int32 = 1
    var errors: [SheetError]
    var pt: String?
    var en: String?

    func write(_ lang: Lang) {
        var lines = errors.map { "retoma: " + TerminalText.line($0.message(lang)) }
        if let last = lang == .pt ? pt : en { lines.append("retoma: " + TerminalText.line(last)) }
        FileHandle.standardError.write(Data(lines.map { $0 + "\n" }.joined().utf8))
    }
}

/// Reading the file a command names, with the reasons people understand.
enum SheetFile {
    static func read(_ path: String) throws(SheetError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SheetError(.missingFile(path))
        }
        if isDirectory.boolValue { throw SheetError(.isDirectory(path)) }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SheetError(.unreadable(path, reason: (error as NSError).localizedDescription))
        }
    }
}
