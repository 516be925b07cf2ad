import Foundation
import RetomaCore
import TUIKit

/// A destructive command run without `--yes`: says what it would destroy, changes nothing, exits 3
/// (like `followup set` and `attempt retry` when they need a confirmation).
struct ConfirmationNeeded: CommandRefusal {
    let exitStatus: Int32 = 3
    /// What would be lost, in each language, e.g. "deleting deal 5 “Plano anual” also deletes its 3 messages".
    var pt: String
    var en: String

    func lines(_ lang: Lang) -> [String] {
        lang == .pt
            ? ["retoma: \(TerminalText.line(pt)); nada foi apagado.", "Use --yes para confirmar."]
            : ["retoma: \(TerminalText.line(en)); nothing was deleted.", "Use --yes to confirm."]
    }

    func write(_ lang: Lang) {
        FileHandle.standardError.write(Data(lines(lang).map { $0 + "\n" }.joined().utf8))
    }
}


/// A one-line refusal (exit 1) worded for the command line, e.g. with the option that would help.
struct CommandLineRefusal: CommandRefusal {
    let exitStatus: Int32 = 1
    var pt: String
    var en: String

    func write(_ lang: Lang) {
        FileHandle.standardError.write(Data("retoma: \(TerminalText.line(lang == .pt ? pt : en))\n".utf8))
    }
}
