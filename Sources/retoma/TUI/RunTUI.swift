import RetomaCore
import RetomaStore

/// What the interactive board needs from the command line.
struct TUIOptions: Sendable {
    var dbPath: String
    var lang: Lang
    var themeName: String?
    /// The database file did not exist before this run (offer the demo board).
    var freshDatabase: Bool
}

/// Opens the board in the terminal. Returns the process exit code.
/// (Filled in by the interactive-board work; the CLI only calls it.)
func runTUI(store: Store, options: TUIOptions) -> Int32 {
    return 0
}
