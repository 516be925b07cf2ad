import ArgumentParser
import Foundation
import RetomaCore
import RetomaStore
import TUIKit

struct ContactCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact", abstract: "A contact's opt-out: show it, set it, clear it.",
        subcommands: [ContactShowCommand.self, ContactOptOutCommand.self, ContactOptInCommand.self])
}

/// `--phone P`: typed as a person types it; a Brazilian mobile matches with or without its ninth digit.
struct PhoneOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The contact's number (with or without the ninth digit).", valueName: "phone"))
    var phone: String
}

struct ContactShowCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a contact: whether it opted out (when, why) and its deals.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var number: PhoneOption
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        let status = try store.contactStatus(phone: number.phone)
        if json { return try output.json(ContactDocument(status)) }
        ContactLines.write(status, output: output)
    }
}

struct ContactOptOutCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "optout", abstract: "Mark a contact as not wanting messages: no follow-up on any of its deals.",
        discussion: "Asks first: without --yes nothing changes (exit 3). Agents can still reply by hand.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var number: PhoneOption
    @Flag(name: .long, help: "Confirm.") var yes = false
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        try ContactLines.set(store: store, phone: number.phone, optedOut: true, yes: yes, json: json, output: output)
    }
}

struct ContactOptInCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "optin", abstract: "Clear a contact's opt-out: its deals follow up again as their columns say.",
        discussion: "Asks first: without --yes nothing changes (exit 3).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var number: PhoneOption
    @Flag(name: .long, help: "Confirm.") var yes = false
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        try ContactLines.set(store: store, phone: number.phone, optedOut: false, yes: yes, json: json, output: output)
    }
}

enum ContactLines {
    static func set(store: Store, phone: String, optedOut: Bool, yes: Bool, json: Bool, output: Output) throws {
        let before = try store.contactStatus(phone: phone)
        guard yes else { throw OptOutConfirmation(status: before, optedOut: optedOut) }
        let after = try store.setOptOut(phone: phone, optedOut: optedOut)
        if json { return try output.json(ContactDocument(after)) }
        write(after, output: output)
    }

    static func write(_ status: ContactStatus, output: Output) {
        let pt = output.lang == .pt
        output.line((pt ? "Contato \(status.contact.id): " : "Contact \(status.contact.id): ")
                    + "\(status.contact.name) · \(Phone.display(status.contact.phone))")
        if let optOut = status.optOut {
            output.line("🚫 " + optOutWords(optOut, lang: output.lang))
        } else {
            output.line(pt ? "Recebe follow-ups" : "Receives follow-ups")
        }
        let deals = status.dealIDs.map(String.init).joined(separator: ", ")
        output.line((pt ? "Negociações: " : "Deals: ") + (deals.isEmpty ? "—" : deals))
    }

    /// "pediu para não receber mensagens · 10/03/2026 09:00 · “Pare”" (the operator's mark says so instead).
    static func optOutWords(_ optOut: ContactOptOut, lang: Lang) -> String {
        let pt = lang == .pt
        let when = BrazilTime.display(optOut.at, lang)
        switch (optOut.source, optOut.text) {
        case (.customer, let text?):
            return (pt ? "pediu para não receber mensagens · " : "asked not to receive messages · ") + when
                + " · “\(TerminalText.line(text, lineBreak: " ⏎ "))”"
        default:
            return (pt ? "marcado pelo operador como não quer receber mensagens · " : "marked by the operator as not wanting messages · ")
                + when
        }
    }
}

/// `contact optout|optin` without `--yes`: says what it would do, changes nothing, exits 3.
struct OptOutConfirmation: CommandRefusal {
    let exitStatus: Int32 = 3
    var status: ContactStatus
    var optedOut: Bool

    func write(_ lang: Lang) {
        let who = TerminalText.line("\(status.contact.name) (\(Phone.display(status.contact.phone)))")
        let deals = status.dealIDs.count
        let line: String
        switch (optedOut, lang) {
        case (true, .pt):
            line = "retoma: marcar \(who) como não quer receber mensagens para os follow-ups das suas \(deals) negociação(ões); "
                + "nada foi alterado. Use --yes para confirmar."
        case (true, .en):
            line = "retoma: marking \(who) as not wanting messages stops the follow-ups of their \(deals) deal(s); "
                + "nothing was changed. Use --yes to confirm."
        case (false, .pt):
            line = "retoma: liberar \(who) para receber mensagens retoma os follow-ups das suas \(deals) negociação(ões); "
                + "nada foi alterado. Use --yes para confirmar."
        case (false, .en):
            line = "retoma: clearing the opt-out of \(who) resumes the follow-ups of their \(deals) deal(s); "
                + "nothing was changed. Use --yes to confirm."
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
