import ArgumentParser
import Foundation
import RetomaCore
import RetomaCSV
import RetomaStore

struct ExportCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write deals or a conversation to a spreadsheet (CSV) that `import deals` reads.",
        subcommands: [ExportDealsCommand.self, ExportMessagesCommand.self])
}

struct ExportDealsCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "deals", abstract: "Write a board's deals (or a column's) to a CSV file, one line a deal.",
        discussion: """
            UTF-8, comma-separated, quoted where needed, with a header `import deals` recognises (in the interface \
            language); each line carries the deal's latest message (date, author, text).
            """)

    @OptionGroup var global: GlobalOptions
    /// `--board`, required.
    @OptionGroup var board: BoardOption
    @Option(name: .long, help: "Only this column.") var column: Int64?
    @Argument(help: "The CSV file to write (replaced if it exists).") var file: String

    func validate() throws {
        if board.board == nil { throw ValidationError("--board is required") }
    }

    func run(store: Store, output: Output) throws {
        let lang = output.lang, pt = lang == .pt
        guard let board = try self.board.resolve(in: store) else {
            throw CommandLineRefusal(pt: "falta --board", en: "--board is required")
        }
        if let column, try store.column(id: column).boardID != board.id {
            throw CommandLineRefusal(pt: "a coluna \(column) não é do quadro \(board.id) \"\(board.name)\"",
                                     en: "column \(column) is not on board \(board.id) \"\(board.name)\"")
        }
        let total = try store.boardListings().first { $0.id == board.id }?.columns
            .filter { column == nil || $0.id == column }.reduce(0) { $0 + $1.dealCount } ?? 0
        let bar = ProgressBar(pt ? "exportando" : "exporting", total: total, lang: lang)
        let deals = try store.exportDeals(boardID: board.id, columnID: column) { bar.update($0) }
        let rows = deals.map { d in
            DealExport.fields(DealExport.Row(title: d.deal.title, contactName: d.contact.name, phone: d.contact.phone,
                                             email: d.contact.email, company: d.contact.company,
                                             valueCents: d.deal.valueCents, ticketClosed: d.deal.ticketClosed,
                                             message: d.lastMessage.map { ($0.author, $0.text, $0.at) }), lang)
        }
        try SheetOutput.write([DealExport.header(lang, messages: false)] + rows, to: file)
        bar.finish()
        output.say(pt: "\(deals.count) \(deals.count == 1 ? "negociação exportada" : "negociações exportadas") para \(file).",
                   en: "Exported \(deals.count) \(deals.count == 1 ? "deal" : "deals") to \(file).")
    }
}

struct ExportMessagesCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "messages", abstract: "Write a deal's conversation to CSV, one line a message, oldest first.",
        discussion: """
            Each line repeats the deal's fields, so `import deals` brings the deal back with its whole conversation. \
            Without FILE the CSV goes to standard output.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Deal id.") var deal: Int64
    @Argument(help: "The CSV file to write (replaced if it exists); standard output when left out.") var file: String?

    func run(store: Store, output: Output) throws {
        let lang = output.lang
        let detail = try store.dealDetail(id: deal)
        // A deal with no message yet is still one line, so it imports back.
        let messages: [Message?] = detail.messages.isEmpty ? [nil] : detail.messages
        let rows = messages.map { DealExport.fields(DealExport.Row(detail, message: $0), lang) }
        let all = [DealExport.header(lang, messages: true)] + rows
        guard let file else {
            return FileHandle.standardOutput.write(try DealExport.encode(all))
        }
        try SheetOutput.write(all, to: file)
        let n = detail.messages.count
        output.say(pt: "\(n) \(n == 1 ? "mensagem exportada" : "mensagens exportadas") da negociação \(deal) para \(file).",
                   en: "Exported \(n) \(n == 1 ? "message" : "messages") of deal \(deal) to \(file).")
    }
}

/// Writes a CSV file whole: to a temporary file beside it, then renamed over it, so a failure never leaves half a file.
enum SheetOutput {
    static func write(_ rows: [[String]], to path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw SheetRefusal(errors: [SheetError(.isDirectory(path))], pt: nil, en: nil)
        }
        let data = try DealExport.encode(rows)
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandLineRefusal(pt: "não foi possível gravar \"\(path)\": \((error as NSError).localizedDescription)",
                                     en: "cannot write \"\(path)\": \((error as NSError).localizedDescription)")
        }
    }
}
