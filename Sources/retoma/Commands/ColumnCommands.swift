import ArgumentParser
import RetomaStore

struct ColumnCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "column", abstract: "Columns of a board.",
        subcommands: [ColumnAddCommand.self, ColumnRenameCommand.self])
}

struct ColumnAddCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a column at the right end of a board.")

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Board id.") var board: Int64
    @Option(name: .long, help: "Column name.") var name: String
    @Flag(name: .long, help: "Print the column as one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        let column = try store.addColumn(boardID: board, name: name)
        if json { return try output.json(ColumnJSON(column)) }
        output.say(pt: "Coluna \(column.id) \"\(column.name)\" criada no quadro \(board).",
                   en: "Created column \(column.id) \"\(column.name)\" on board \(board).")
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
