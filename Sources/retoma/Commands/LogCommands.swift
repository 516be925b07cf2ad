import ArgumentParser
import Foundation
import RetomaCore
import RetomaStore
import TUIKit

struct LogCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "The follow-up ledger: every attempt and where it stands, newest first.")

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: ArgumentHelp("Only attempts changed at or after this instant (ISO 8601 with offset).",
                                            valueName: "time"))
    var since: String?
    @Option(name: .long, help: "At most this many attempts.") var limit = 1000
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run(store: Store, output: Output) throws {
        var from: Date?
        if let since {
            guard let parsed = Timestamp.parse(since) else { throw InputError.malformedTime(since) }
            from = parsed
        }
        let attempts = try store.ledger(since: from, limit: limit)
        let boards = try store.boardsByColumn()
        if json { return try output.json(LogDocument(attempts: attempts.map { AttemptJSON($0, board: boards[$0.columnID]) })) }
        let pt = output.lang == .pt
        if attempts.isEmpty { return output.say(pt: "Nenhuma tentativa de follow-up.", en: "No follow-up attempts.") }
        for a in attempts {
            let why = [a.reason, a.error].compactMap { $0 }.joined(separator: ": ")
            var text = TerminalText.line(a.text ?? "", lineBreak: " ⏎ ")
            if text.count > 60 { text = String(text.prefix(59)) + "…" }
            let fields = [String(a.id), Timestamp.short(a.updatedAt, pt: pt), a.state.rawValue
                          + (a.resolution.map { " (\($0.rawValue))" } ?? ""),
                          boards[a.columnID]?.name ?? "—",
                          (pt ? "negociação " : "deal ") + String(a.dealID), a.contactName, "#\(a.sequenceNumber)",
                          a.key.text, why, text]
            output.row(fields)
        }
    }
}

/// The operator's choices about attempts the engine will not touch again by itself.
struct AttemptCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attempt", abstract: "Settle uncertain or failed follow-up attempts.",
        subcommands: [AttemptResendCommand.self, AttemptDoneCommand.self, AttemptRetryCommand.self])
}

struct AttemptResendCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "resend", abstract: "Send an uncertain attempt again (the customer may get it twice).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Attempt id (see `retoma log`).") var id: Int64

    func run(store: Store, output: Output) throws {
        let next = try store.resendUncertain(attemptID: id, at: Date())
        output.say(pt: "Tentativa \(id) será reenviada como \(next.id) pelo motor.",
                   en: "Attempt \(id) will be sent again as \(next.id) by the engine.")
    }
}

struct AttemptDoneCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "done", abstract: "Confirm an uncertain attempt reached the customer (it counts as sent).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Attempt id (see `retoma log`).") var id: Int64

    func run(store: Store, output: Output) throws {
        try store.markUncertainDone(attemptID: id, at: Date())
        output.say(pt: "Tentativa \(id) marcada como enviada.", en: "Attempt \(id) marked as sent.")
    }
}

struct AttemptRetryCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Retry a failed attempt once its cause is fixed (the text is written anew).",
        discussion: "An attempt that reached WhatsApp before failing may have been delivered: it is retried only with --yes (exit 3 otherwise).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Attempt id (see `retoma log`).") var id: Int64
    @Flag(name: .long, help: "Retry even if the customer may already have the message.") var yes = false

    func run(store: Store, output: Output) throws {
        let next: Attempt
        do {
            next = try store.retryFailed(attemptID: id, confirmed: yes, at: Date())
        } catch .invalid(.retryMayDuplicate) {
            throw RetryRefusal(id: id)
        }
        output.say(pt: "Tentativa \(id) será refeita como \(next.id) pelo motor.",
                   en: "Attempt \(id) will be made again as \(next.id) by the engine.")
    }
}

/// `attempt retry` without `--yes` on an attempt that may have been delivered: nothing was changed.
struct RetryRefusal: CommandRefusal {
    let exitStatus: Int32 = 3
    var id: Int64

    func write(_ lang: Lang) {
        let line = lang == .pt
            ? "retoma: a tentativa \(id) chegou ao WhatsApp antes de falhar, então o cliente pode já ter a mensagem; "
                + "nada foi feito. Para tentar de novo mesmo assim, use --yes."
            : "retoma: attempt \(id) reached WhatsApp before it failed, so the customer may already have the message; "
                + "nothing was done. To retry anyway, add --yes."
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
