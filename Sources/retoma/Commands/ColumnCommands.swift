import ArgumentParser
import RetomaStore

struct ColumnCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "column", abstract: "Columns of a board.",
        subcommands: [ColumnAddCommand.self, ColumnRenameCommand.self, ColumnMoveCommand.self, ColumnDeleteCommand.self,
                      ColumnHistoryCommand.self])
}

struct ColumnAddCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a column at the right end of a board.")

    @OptionGroup var global: GlobalOptions
    /// `--board`, required here.
    @OptionGroup var board: BoardOption
    @Option(name: .long, help: "Column name.") var name: String
    @Flag(name: .long, help: "Print the column as one JSON document.") var json = false

    func validate() throws {
        if board.board == nil { throw ValidationError("Missing expected argument '--board <board>'") }
    }

    func run(store: Store, output: Output) throws {
        guard let board = try board.resolve(in: store) else { return }
        let column = try store.addColumn(boardID: board.id, name: name)
        if json { return try output.json(ColumnJSON(column)) }
        output.say(pt: "Coluna \(column.id) \"\(column.name)\" criada no quadro \(board.id).",
                   en: "Created column \(column.id) \"\(column.name)\" on board \(board.id).")
    }
}

struct ColumnRenameCommand: StoreCommand {
    static let configuration = CommandConfiguration(commandName: "rename", abstract: "Rename a column.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Column id.") var id: Int64
    @Option(name: .long, help: "New name.") var name: String
    @Flag(name: .long, help: "Print the column as one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        let column = try store.renameColumn(id: id, name: name)
        if json { return try output.json(ColumnJSON(column)) }
        output.say(pt: "Coluna \(column.id) renomeada para \"\(column.name)\".",
                   en: "Renamed column \(column.id) to \"\(column.name)\".")
    }
}

struct ColumnMoveCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "move", abstract: "Move a column to another place on its board.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Column id.") var id: Int64
    @Option(name: .customLong("to-position"),
            help: ArgumentHelp("New place: 0 is the leftmost, as `position` in `board list --json`.", valueName: "n"))
    var position: Int
    @Flag(name: .long, help: "Print the column as one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        let column = try store.moveColumn(id: id, toPosition: position)
        if json { return try output.json(ColumnJSON(column)) }
        output.say(pt: "Coluna \(column.id) \"\(column.name)\" agora na posição \(column.position).",
                   en: "Column \(column.id) \"\(column.name)\" is now at position \(column.position).")
    }
}

struct ColumnDeleteCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a column with its deals and their conversations.",
        discussion: "Without --yes nothing is deleted and the exit status is 3.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Column id.") var id: Int64
    @Flag(name: .long, help: "Confirm the deletion.") var yes = false
    @Flag(name: .long, help: "Print the deleted column as one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        let column = try store.column(id: id)
        if !yes {
            let deals = try store.boardListings().lazy.flatMap(\.columns).first { $0.id == id }?.dealCount ?? 0
            if deals == 0 {
                throw ConfirmationNeeded(
                    pt: "apagar a coluna \(id) \"\(column.name)\" apaga também suas configurações de follow-up",
                    en: "deleting column \(id) \"\(column.name)\" also deletes its follow-up settings")
            }
            let ptDeals = deals == 1 ? "sua negociação e a conversa dela" : "suas \(deals) negociações e as conversas delas"
            let enDeals = deals == 1 ? "its deal and that deal's conversation" : "its \(deals) deals and their conversations"
            throw ConfirmationNeeded(pt: "apagar a coluna \(id) \"\(column.name)\" apaga também \(ptDeals)",
                                     en: "deleting column \(id) \"\(column.name)\" also deletes \(enDeals)")
        }
        try store.deleteColumn(id: id)
        if json { return try output.json(ColumnJSON(column)) }
        output.say(pt: "Coluna \(id) \"\(column.name)\" apagada.", en: "Deleted column \(id) \"\(column.name)\".")
    }
}
