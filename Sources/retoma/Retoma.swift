import ArgumentParser
import Foundation
import RetomaCore
import RetomaStore

/// `retoma` opens the board; its subcommands script the same database.
@main
struct Retoma: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retoma",
        abstract: "A keyboard-driven CRM board that follows up silent customers on WhatsApp.",
        discussion: "Without a subcommand, opens the board in the terminal.",
        version: RetomaVersion.current,
        subcommands: [DemoCommand.self, BoardCommands.self, ColumnCommands.self, DealCommands.self,
                      ContactCommands.self, MessageCommands.self, EngineCommands.self, LogCommand.self, AttemptCommands.self,
                      FollowUpCommands.self, DraftCommands.self, ImportCommands.self, ExportCommands.self, ReportCommand.self, DbCommands.self])

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Colour theme from the themes folder.", valueName: "name"))
    var theme: String?
    @Flag(name: .customLong("no-engine"), help: "Open the board without running follow-ups in this process.")
    var noEngine = false
    /// `--board`: the board to open.
    @OptionGroup var board: BoardOption

    func run() throws {
        let store: Store
        var fresh = false
        do {
            let choice = try global.databaseChoice()
            if case .file(let path) = choice.target { fresh = DatabaseLocation.isFresh(path) }
            store = try global.openStore(choice, operatorName: try global.operatorName())
            // Before curses takes the screen; the line is still there after the board closes.
            Output(lang: global.language).warnIfExposed(store)
        } catch {
            Output(lang: global.language).fail(error)
            throw ExitCode.failure
        }
        var boardID: Int64?
        if let board = board.board {
            // Checked before the screen is taken, so a typo is one line in the shell, not an empty board.
            do {
                boardID = try BoardArgument.resolve(board, in: store).id
            } catch {
                Output(lang: global.language).fail(error)
                try? store.close()
                throw ExitCode.failure
            }
        }
        var options = TUIOptions(dbPath: store.path, lang: global.language, themeName: theme, freshDatabase: fresh, runEngine: !noEngine)
        options.boardID = boardID
        let status = runTUI(store: store, options: options)
        try? store.close()
        throw ExitCode(status)
    }
}
