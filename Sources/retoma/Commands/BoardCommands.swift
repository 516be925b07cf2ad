import ArgumentParser
import RetomaCore
import RetomaStore
import TUIKit

struct BoardCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board", abstract: "Boards (quadros): each one a pipeline with its own columns and follow-ups.",
        subcommands: [BoardListCommand.self, BoardAddCommand.self, BoardRenameCommand.self, BoardDeleteCommand.self])
}

struct BoardAddCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Create an empty board (names are unique, ignoring case).")

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Board name.") var name: String
    @Flag(name: .long, help: "Print the board as one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        let board = try store.addBoard(name: name)
        if json { return try output.json(BoardJSON(board)) }
        output.say(pt: "Quadro \(board.id) \"\(board.name)\" criado. Abra-o com: retoma --board \(board.id)",
                   en: "Created board \(board.id) \"\(board.name)\". Open it with: retoma --board \(board.id)")
    }
}

struct BoardRenameCommand: StoreCommand {
    static let configuration = CommandConfiguration(commandName: "rename", abstract: "Rename a board.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Board id or name.") var board: String
    @Option(name: .long, help: "New name.") var name: String
    @Flag(name: .long, help: "Print the board as one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        let renamed = try store.renameBoard(id: try BoardArgument.resolve(board, in: store).id, name: name)
        if json { return try output.json(BoardJSON(renamed)) }
        output.say(pt: "Quadro \(renamed.id) renomeado para \"\(renamed.name)\".",
                   en: "Renamed board \(renamed.id) to \"\(renamed.name)\".")
    }
}

struct BoardDeleteCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a board and its columns.",
        discussion: """
            A board that holds deals is refused unless --move-to names another board: each deal goes to the bottom \
            of that board's column with the same name (ignoring case), else of its first column, with its \
            conversation, and follows that column's follow-up from then on. Without --yes nothing is deleted and \
            the exit status is 3.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Board id or name.") var board: String
    @Option(name: .customLong("move-to"), help: ArgumentHelp("Board (id or name) that receives the deals.", valueName: "board"))
    var moveTo: String?
    @Flag(name: .long, help: "Confirm the deletion.") var yes = false
    @Flag(name: .long, help: "Print the result as one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        let doomed = try BoardArgument.resolve(board, in: store)
        let target = try moveTo.map { try BoardArgument.resolve($0, in: store) }
        guard let listing = try store.boardListings().first(where: { $0.id == doomed.id }) else {
            throw StoreError.notFound(entity: "board", id: doomed.id)
        }
        let deals = listing.columns.map(\.dealCount).reduce(0, +)
        if deals > 0, target == nil {
            throw CommandLineRefusal(
                pt: StoreError.invalid(.boardHasDeals(doomed.name, deals: deals)).message(.pt) + "; use --move-to QUADRO",
                en: StoreError.invalid(.boardHasDeals(doomed.name, deals: deals)).message(.en) + "; use --move-to BOARD")
        }
        if !yes {
            let columns = listing.columns.count
            let ptColumns = columns == 1 ? "1 coluna" : "\(columns) colunas"
            let enColumns = columns == 1 ? "1 column" : "\(columns) columns"
            if let target, deals > 0 {
                let ptDeals = deals == 1 ? "1 negociação vai" : "\(deals) negociações vão"
                let enDeals = deals == 1 ? "1 deal goes" : "\(deals) deals go"
                throw ConfirmationNeeded(
                    pt: "apagar o quadro \(doomed.id) \"\(doomed.name)\" apaga suas \(ptColumns) e as configurações de follow-up delas; \(ptDeals) para \"\(target.name)\"",
                    en: "deleting board \(doomed.id) \"\(doomed.name)\" deletes its \(enColumns) and their follow-up settings; \(enDeals) to \"\(target.name)\"")
            }
            throw ConfirmationNeeded(
                pt: "apagar o quadro \(doomed.id) \"\(doomed.name)\" apaga suas \(ptColumns) e as configurações de follow-up delas",
                en: "deleting board \(doomed.id) \"\(doomed.name)\" deletes its \(enColumns) and their follow-up settings")
        }
        let moved = try store.deleteBoard(id: doomed.id, moveDealsTo: target?.id)
        if json { return try output.json(BoardDeletedDocument(deleted: BoardJSON(doomed), movedDeals: moved, movedTo: target.map(BoardJSON.init))) }
        if let target, moved > 0 {
            output.say(pt: "Quadro \(doomed.id) \"\(doomed.name)\" apagado; \(moved == 1 ? "1 negociação movida" : "\(moved) negociações movidas") para \"\(target.name)\".",
                       en: "Deleted board \(doomed.id) \"\(doomed.name)\"; moved \(moved == 1 ? "1 deal" : "\(moved) deals") to \"\(target.name)\".")
        } else {
            output.say(pt: "Quadro \(doomed.id) \"\(doomed.name)\" apagado.", en: "Deleted board \(doomed.id) \"\(doomed.name)\".")
        }
    }
}

/// `--board ID|NAME`, one type for every command that takes it: the root command (`retoma --board`, the board to
/// open) reads options anywhere on the line, so a subcommand's own `--board` must be this same group to get it.
struct BoardOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The board, by id or name.", valueName: "board"))
    var board: String?

    /// The board named, or the refusal "there is no board with id or name …".
    func resolve(in store: Store) throws -> Board? {
        try board.map { try BoardArgument.resolve($0, in: store) }
    }
}

/// A board as people name it on the command line: its id, else its name (exact, then ignoring case).
enum BoardArgument {
    static func resolve(_ text: String, in store: Store) throws -> Board {
        if let board = try store.board(idOrName: text) { return board }
        if let id = Int64(text.trimmingCharacters(in: .whitespaces)) { throw StoreError.notFound(entity: "board", id: id) }
        throw StoreError.invalid(.noBoardNamed(text))
    }
}

struct BoardJSON: Encodable {
    var id: Int64
    var name: String
    init(_ board: Board) { id = board.id; name = board.name }
}

/// `board delete --json`. `movedTo` is null when no deal had to move.
struct BoardDeletedDocument: Encodable {
    var deleted: BoardJSON
    var movedDeals: Int
    var movedTo: BoardJSON?

    enum CodingKeys: String, CodingKey { case deleted, movedDeals, movedTo }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(deleted, forKey: .deleted); try c.encode(movedDeals, forKey: .movedDeals)
        try c.encode(movedTo, forKey: .movedTo)
    }
}

struct BoardListCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the boards with their columns.")

    @OptionGroup var global: GlobalOptions
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        let boards = try store.boardListings()
        if json { return try output.json(BoardsDocument(boards: boards)) }
        let pt = output.lang == .pt
        if boards.isEmpty {
            output.say(pt: "Nenhum quadro ainda. Crie o de demonstração com: retoma demo",
                       en: "No boards yet. Create the demo one with: retoma demo")
        }
        for (index, board) in boards.enumerated() {
            if index > 0 { output.line("") }
            output.line(pt ? "Quadro \(board.id): \(board.name)" : "Board \(board.id): \(board.name)")
            let header = pt ? ["ID", "COLUNA", "NEGOCIAÇÕES", "FOLLOW-UP"] : ["ID", "COLUMN", "DEALS", "FOLLOW-UP"]
            let rows = board.columns.map { column in
                [String(column.id), column.name, String(column.dealCount),
                 column.followUpEnabled ? (pt ? "ligado" : "on") : (pt ? "desligado" : "off")]
            }
            for line in Table.render([header] + rows, rightAligned: [0, 2]) { output.line("  " + line) }
        }
    }
}

/// Plain text columns, aligned by display width (accents and emoji count right).
enum Table {
    static func render(_ cells: [[String]], rightAligned: Set<Int>) -> [String] {
        // Cleaned before measuring: a control character is 0 columns wide but shows as a space.
        let rows = cells.map { $0.map { TerminalText.line($0) } }
        let count = rows.map(\.count).max() ?? 0
        let widths = (0..<count).map { i in rows.map { i < $0.count ? DisplayWidth.of($0[i]) : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, cell in
                let gap = String(repeating: " ", count: widths[i] - DisplayWidth.of(cell))
                return rightAligned.contains(i) ? gap + cell : cell + gap
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
