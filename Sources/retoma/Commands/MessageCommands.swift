import ArgumentParser
import Foundation
import RetomaCore
import RetomaStore

struct MessageCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "message", abstract: "Conversation messages.",
        subcommands: [MessageAddCommand.self, MessageSendCommand.self])
}

/// Who a recorded message comes from. Follow-ups are written by the engine only.
enum MessageSender: String, ExpressibleByArgument, CaseIterable {
    case customer, agent

    var author: MessageAuthor { self == .customer ? .customer : .agent }
}

struct MessageAddCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Record a message in a deal's conversation without sending it (importing history, sandbox use).",
        discussion: "Nothing is sent to WhatsApp; `retoma message send` sends as the agent.")

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Deal id.") var deal: Int64
    @Option(name: .long, help: "Who wrote it: customer or agent (the company).") var from: MessageSender
    @Option(name: .long, help: "The message text.") var text: String
    @Option(name: .long, help: ArgumentHelp("When it was sent, ISO 8601 with offset (default: now).",
                                           valueName: "time"))
    var at: String?
    @Flag(name: .long, help: "Print the message as one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        var time: Date?
        if let at {
            guard let parsed = Timestamp.parse(at) else { throw InputError.malformedTime(at) }
            // The store would pull it back to now + 5 min anyway; say so instead of changing it silently.
            if parsed.timeIntervalSinceNow > 300 { throw InputError.futureTime(at) }
            time = parsed
        }
        let message = try store.addMessage(dealID: deal, author: from.author, text: text, at: time)
        if json { return try output.json(MessageJSON(message)) }
        output.say(pt: "Mensagem \(message.id) registrada na negociação \(deal).",
                   en: "Recorded message \(message.id) on deal \(deal).")
    }
}
