import ArgumentParser
import Foundation
import RetomaApp
import RetomaCore
import RetomaStore
import TUIKit

/// The review queue ("Revisar antes de enviar") from the command line: the same decisions as `A` on the board.
/// A running engine elsewhere sees them through the database's change counter and acts at once.
struct DraftCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draft", abstract: "Follow-ups waiting for review before they are sent.",
        subcommands: [DraftListCommand.self, DraftApproveCommand.self, DraftSkipCommand.self, DraftEditCommand.self])
}

struct DraftListCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Drafts waiting for review, then those that went stale in the last day (with why).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var board: BoardOption
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        let drafts = try store.reviewQueue(boardID: try board.resolve(in: store)?.id)
        if json { return try output.json(DraftListDocument(drafts: drafts.map(DraftJSON.init))) }
        if drafts.isEmpty { return output.say(pt: "Nenhum rascunho para revisar.", en: "No drafts to review.") }
        let lang = output.lang
        for d in drafts {
            output.row([String(d.attempt.id), DraftWords.status(d, lang), d.columnName,
                        (lang == .pt ? "negociação " : "deal ") + "\(d.attempt.dealID) \(d.dealTitle)",
                        d.attempt.contactName, "#\(d.attempt.sequenceNumber)", DraftWords.why(d, lang),
                        d.attempt.text ?? ""])
        }
    }
}

struct DraftApproveCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve a draft: the engine sends it, every rule checked again at send time.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Draft id (see `retoma draft list`).") var id: Int64

    func run(store: Store, output: Output) throws {
        try DraftWords.report(try store.approveDraft(attemptID: id), id: id, output: output,
                              pt: "Rascunho \(id) aprovado: o motor vai enviá-lo.",
                              en: "Draft \(id) approved: the engine will send it.")
    }
}

struct DraftSkipCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "skip", abstract: "Skip this follow-up: nothing is sent; the next one falls due one interval from now.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Draft id (see `retoma draft list`).") var id: Int64

    func run(store: Store, output: Output) throws {
        try DraftWords.report(try store.skipDraft(attemptID: id), id: id, output: output,
                              pt: "Rascunho \(id) pulado: nada foi enviado.", en: "Draft \(id) skipped: nothing was sent.")
    }
}

struct DraftEditCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Replace a draft's text and approve it (the engine sends the new text).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Draft id (see `retoma draft list`).") var id: Int64
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("The text to send.", valueName: "text"))
    var text: String

    func run(store: Store, output: Output) throws {
        try DraftWords.report(try store.approveDraft(attemptID: id, text: text), id: id, output: output,
                              pt: "Rascunho \(id) editado e aprovado: o motor vai enviá-lo.",
                              en: "Draft \(id) edited and approved: the engine will send it.")
    }
}

/// What the draft commands print, in both languages.
enum DraftWords {
    static func report(_ outcome: ReviewOutcome, id: Int64, output: Output, pt: String, en: String) throws {
        switch outcome {
        case .done: output.say(pt: pt, en: en)
        case .stale(let a):
            let why = a.reason.map { output.lang.t(.attemptReason($0)) } ?? ""
            throw CommandLineRefusal(pt: "o rascunho \(id) não vale mais: \(why)", en: "draft \(id) went stale: \(why)")
        case .notWaiting(let a):
            throw CommandLineRefusal(pt: "o rascunho \(id) não está aguardando revisão (está \(a.state.rawValue))",
                                     en: "draft \(id) is not waiting for review (it is \(a.state.rawValue))")
        case .refused(let problem):
            throw CommandLineRefusal(pt: "texto recusado: \(problem)", en: "text refused: \(problem)")
        }
    }

    /// In the words of the board's review queue (`A`).
    static func status(_ d: ReviewDraft, _ lang: Lang) -> String {
        if d.waiting { return lang.t(.draftWaiting) }
        return lang.t(.draftStale(d.attempt.reason.map { lang.t(.attemptReason($0)) } ?? ""))
    }

    /// Why it is due: the interval since our last message, and the follow-up's number.
    static func why(_ d: ReviewDraft, _ lang: Lang) -> String {
        let since = d.lastOurMessageAt.map { BrazilTime.display($0, lang) } ?? "—"
        return lang.t(.draftWhy(seq: d.attempt.sequenceNumber, interval: d.interval.short, since: since))
    }
}

struct DraftListDocument: Encodable { var drafts: [DraftJSON] }

struct DraftJSON: Encodable {
    var id: Int64
    var state: String
    var waiting: Bool
    /// Why it went stale (a rule code or a ledger reason); null while it waits.
    var reason: String?
    var boardId: Int64
    var columnId: Int64
    var columnName: String
    var dealId: Int64
    var dealTitle: String
    var contactName: String
    var attempt: Int
    var sequence: Int
    var text: String?
    var model: String?
    var interval: String
    var lastOurMessageAt: Date?
    var reviewSince: Date?

    init(_ d: ReviewDraft) {
        let a = d.attempt
        id = a.id; state = a.state.rawValue; waiting = d.waiting; reason = d.waiting ? nil : a.reason
        boardId = d.boardID; columnId = a.columnID; columnName = d.columnName; dealId = a.dealID; dealTitle = d.dealTitle
        contactName = a.contactName; attempt = a.key.attemptNumber; sequence = a.sequenceNumber
        text = a.text; model = a.model; interval = d.interval.short; lastOurMessageAt = d.lastOurMessageAt
        reviewSince = a.reviewAt
    }
}
