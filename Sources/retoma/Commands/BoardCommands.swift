import ArgumentParser
import RetomaStore
import TUIKit

struct BoardCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board", abstract: "Boards.", subcommands: [BoardListCommand.self])
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
