import ArgumentParser
import Foundation
import RetomaCore
import RetomaStore
import TUIKit

struct DealCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deal", abstract: "Deals (negociações).",
        subcommands: [DealListCommand.self, DealAddCommand.self, DealEditCommand.self, DealMoveCommand.self, DealCloseCommand.self,
                      DealReopenCommand.self, DealDeleteCommand.self, DealShowCommand.self, DealWhyCommand.self,
                      DealAssignCommand.self])
}

struct DealAddCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Create a deal at the bottom of a column.")

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Column id.") var column: Int64
    @Option(name: .long, help: "Deal title.") var title: String
    @Option(name: .customLong("contact-name"), help: "Contact name.") var contactName: String
    @Option(name: .long, help: "WhatsApp number; Brazilian numbers may omit +55.") var phone: String
    @Option(name: .long, help: ArgumentHelp("Value in reais, like 1200.50 or 1.200,50.", valueName: "reais"))
    var value: String?
    @Option(name: .long, help: "The contact's e-mail (kept on the contact, used in the follow-up prompt).") var email: String?
    @Option(name: .long, help: "The contact's company.") var company: String?
    @Flag(name: .long, help: "Create it with the ticket closed.") var closed = false
    @Flag(name: .long, help: "Print the deal as one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        var cents: Int64?
        if let value {
            guard let parsed = Money.parse(value) else { throw InputError.malformedValue(value) }
            cents = parsed
        }
        let deal = try store.addDeal(NewDeal(columnID: column, title: title, contactName: contactName, phone: phone,
                                             valueCents: cents, ticketClosed: closed, email: email, company: company))
        let detail = try store.dealDetail(id: deal.id)
        if json { return try output.json(DealDocument(detail)) }
        output.say(pt: "Negociação \(deal.id) criada em \"\(detail.column.name)\": \(deal.title).",
                   en: "Created deal \(deal.id) in \"\(detail.column.name)\": \(deal.title).")
    }
}

struct DealEditCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Change a deal's fields and its contact's; the others stay as they are.",
        discussion: """
            The same checks as the board's form. The phone identifies the contact: a number that belongs to another \
            contact gives the deal to that contact. An empty --value, --email or --company clears it.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Deal id.") var id: Int64
    @Option(name: .long, help: "Deal title.") var title: String?
    @Option(name: .long, help: ArgumentHelp("Value in reais, like 1200.50 or 1.200,50; empty clears it.", valueName: "reais"))
    var value: String?
    @Option(name: .customLong("contact-name"), help: "Contact name.") var contactName: String?
    @Option(name: .long, help: "WhatsApp number; Brazilian numbers may omit +55.") var phone: String?
    @Option(name: .long, help: "The contact's e-mail; empty clears it.") var email: String?
    @Option(name: .long, help: "The contact's company; empty clears it.") var company: String?
    @Flag(name: .long, help: "Print the deal as one JSON document.") var json = false

    func validate() throws {
        if [title, value, contactName, phone, email, company].allSatisfy({ $0 == nil }) {
            throw ValidationError("nothing to change: give --title, --value, --contact-name, --phone, --email or --company")
        }
    }

    func run(store: Store, output: Output) throws {
        var changes = DealChanges(title: title, contactName: contactName, phone: phone, email: email, company: company)
        if let value {
            if value.trimmingCharacters(in: .whitespaces).isEmpty {
                changes.valueCents = .some(nil)
            } else {
                guard let parsed = Money.parse(value) else { throw InputError.malformedValue(value) }
                changes.valueCents = .some(parsed)
            }
        }
        try store.editDeal(id: id, changes)
        let detail = try store.dealDetail(id: id)
        if json { return try output.json(DealDocument(detail)) }
        output.say(pt: "Negociação \(id) salva: \(detail.deal.title).", en: "Saved deal \(id): \(detail.deal.title).")
    }
}

struct DealAssignCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign", abstract: "Give a deal an owner (\"responsável\"), yourself, or none.",
        discussion: "You are $RETOMA_OPERATOR, else your login name. The change is kept in the deal's history.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Deal id.") var id: Int64
    @Option(name: .long, help: ArgumentHelp("The owner's name (1 to 40 printable characters).", valueName: "name"))
    var to: String?
    @Flag(name: .long, help: "Yourself.") var me = false
    @Flag(name: .long, help: "No owner.") var none = false
    @Flag(name: .long, help: "Print the deal as one JSON document.") var json = false

    func validate() throws {
        if [to != nil, me, none].filter({ $0 }).count != 1 { throw ValidationError("give one of --to NAME, --me or --none") }
    }

    func run(store: Store, output: Output) throws {
        let owner = me ? store.operatorName : (none ? nil : to)
        let deal = try store.assignOwner(dealID: id, to: owner)
        if json { return try output.json(DealDocument(try store.dealDetail(id: id))) }
        if let owner = deal.owner {
            output.say(pt: "Negociação \(id): responsável \(owner).", en: "Deal \(id): owner \(owner).")
        } else {
            output.say(pt: "Negociação \(id): sem responsável.", en: "Deal \(id): no owner.")
        }
    }
}

struct DealDeleteCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a deal and its conversation (the contact stays).",
        discussion: "Without --yes nothing is deleted and the exit status is 3.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Deal id.") var id: Int64
    @Flag(name: .long, help: "Confirm the deletion.") var yes = false
    @Flag(name: .long, help: "Print the deleted deal as one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        let detail = try store.dealDetail(id: id)
        let title = detail.deal.title
        if !yes {
            let n = detail.messages.count
            throw ConfirmationNeeded(
                pt: "apagar a negociação \(id) \"\(title)\" apaga também a conversa (\(n == 1 ? "1 mensagem" : "\(n) mensagens"))",
                en: "deleting deal \(id) \"\(title)\" also deletes its conversation (\(n == 1 ? "1 message" : "\(n) messages"))")
        }
        try store.deleteDeal(id: id)
        if json { return try output.json(DealDocument(detail)) }
        output.say(pt: "Negociação \(id) \"\(title)\" apagada.", en: "Deleted deal \(id) \"\(title)\".")
    }
}

struct DealMoveCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "move", abstract: "Move a deal to the bottom of another column.",
        discussion: """
            When the column sends follow-ups and the move makes \(BulkSendWarning.confirmThreshold) or more of its \
            deals get one in the first 24 hours of sending, nothing is moved and the exit status is 3, unless \
            --yes is given (the same warning as `followup set`).
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Deal id.") var id: Int64
    @Option(name: .long, help: "Target column id.") var column: Int64
    @Flag(name: .long, help: "Move even when many deals of the column would get a follow-up at once.") var yes = false
    @Flag(name: .long, help: "Print the deal as one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        let target = try store.column(id: column)
        let moving = try store.dealFollowUp(id: id).facts
        if !yes, moving.columnID != column, target.followUp.enabled, !target.followUp.paused {
            let policy = try NumberSetup.policy(store: store, environment: ProcessInfo.processInfo.environment, at: Date())
            if let warning = policy.moveWarning(existing: try store.followUpFacts(columnID: column), moving: [moving],
                                                into: column, config: target.followUp) {
                throw BulkSendRefusal(warning, .move(columnName: target.name))
            }
        }
        try store.moveDeal(id: id, toColumn: column)
        let detail = try store.dealDetail(id: id)
        if json { return try output.json(DealDocument(detail)) }
        output.say(pt: "Negociação \(id) movida para \"\(detail.column.name)\".",
                   en: "Moved deal \(id) to \"\(detail.column.name)\".")
    }
}

struct DealCloseCommand: StoreCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Close the deal's ticket.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Deal id.") var id: Int64
    @Flag(name: .long, help: "Print the deal as one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        try store.setTicketClosed(dealID: id, closed: true)
        if json { return try output.json(DealDocument(try store.dealDetail(id: id))) }
        output.say(pt: "Chamado da negociação \(id) finalizado.", en: "Closed the ticket of deal \(id).")
    }
}

struct DealReopenCommand: StoreCommand {
    static let configuration = CommandConfiguration(commandName: "reopen", abstract: "Reopen the deal's ticket.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Deal id.") var id: Int64
    @Flag(name: .long, help: "Print the deal as one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        try store.setTicketClosed(dealID: id, closed: false)
        if json { return try output.json(DealDocument(try store.dealDetail(id: id))) }
        output.say(pt: "Chamado da negociação \(id) reaberto.", en: "Reopened the ticket of deal \(id).")
    }
}

struct DealShowCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a deal: contact, ticket, column and conversation.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Deal id.") var id: Int64
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        let detail = try store.dealDetail(id: id)
        if json { return try output.json(DealDocument(detail)) }
        let pt = output.lang == .pt
        let deal = detail.deal
        let value = deal.valueCents.map { Money.format(cents: $0) } ?? "—"
        let ticket = deal.ticketClosed ? (pt ? "finalizado" : "closed") : (pt ? "aberto" : "open")
        output.line((pt ? "Negociação" : "Deal") + " \(deal.id): \(deal.title)")
        output.line(pt ? "Coluna: \(detail.column.name) · Chamado: \(ticket) · Valor: \(value)"
                       : "Column: \(detail.column.name) · Ticket: \(ticket) · Value: \(value)")
        let contact = [detail.contact.name, Phone.display(detail.contact.phone), detail.contact.email,
                       detail.contact.company].compactMap { $0 }.joined(separator: " · ")
        output.line((pt ? "Contato: " : "Contact: ") + contact)
        if let optOut = detail.optOut { output.line("🚫 " + ContactLines.optOutWords(optOut, lang: output.lang)) }
        output.line(pt ? "Conversa (\(detail.messages.count) mensagens):" : "Conversation (\(detail.messages.count) messages):")
        for message in detail.messages {
            let who: String
            switch message.author {
            case .customer: who = pt ? "Cliente" : "Customer"
            case .agent: who = pt ? "Empresa" : "Company"
            case .followup: who = "Follow-up"
            }
            let text = TerminalText.line(message.text, lineBreak: " ⏎ ")
            output.line("  [\(Timestamp.short(message.at, pt: pt))] \(who): \(text)")
        }
    }
}

struct DealListCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the deals of a board, column by column, in board order.",
        discussion: "The board is --board, else the column's board, else the oldest board.")

    @OptionGroup var global: GlobalOptions
    /// `--board`: whose deals to list.
    @OptionGroup var board: BoardOption
    @Option(name: .long, help: "Only this column.") var column: Int64?
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        let boardID: Int64
        let chosen = try board.resolve(in: store)
        if let column {
            guard let board = try store.boardListings().first(where: { $0.columns.contains { $0.id == column } }) else {
                throw StoreError.notFound(entity: "column", id: column)
            }
            if let chosen, chosen.id != board.id {
                throw CommandLineRefusal(pt: "a coluna \(column) não é do quadro \(chosen.id) \"\(chosen.name)\"",
                                         en: "column \(column) is not on board \(chosen.id) \"\(chosen.name)\"")
            }
            boardID = board.id
        } else if let chosen {
            boardID = chosen.id
        } else if let first = try store.firstBoardID() {
            boardID = first
        } else {
            if json { return try output.json(DealListDocument(deals: [])) }
            return output.say(pt: "Nenhum quadro ainda.", en: "No board yet.")
        }
        let cards = try store.loadBoard(id: boardID).columns
            .filter { column == nil || $0.column.id == column }
            .flatMap { col in col.cards.map { (col.column.name, $0) } }
        if json { return try output.json(DealListDocument(deals: cards.map { CardJSON($0.1) })) }
        for (name, c) in cards {
            let value = c.valueCents.map { Money.format(cents: $0) } ?? "—"
            output.row([String(c.id), name, c.title, c.contactName, value])
        }
    }
}

struct DealListDocument: Encodable { var deals: [CardJSON] }

struct CardJSON: Encodable {
    var id: Int64
    var columnId: Int64
    var position: Int
    var title: String
    var contactName: String
    var phone: String
    var valueCents: Int64?
    var ticketClosed: Bool
    var lastMessageAt: Date?
    var lastMessageAuthor: String?

    init(_ c: CardSummary) {
        id = c.id; columnId = c.columnID; position = c.position; title = c.title; contactName = c.contactName
        phone = c.phone; valueCents = c.valueCents; ticketClosed = c.ticketClosed
        lastMessageAt = c.lastMessageAt; lastMessageAuthor = c.lastMessageAuthor?.rawValue
    }

    enum CodingKeys: String, CodingKey {
        case id, columnId, position, title, contactName, phone, valueCents, ticketClosed, lastMessageAt, lastMessageAuthor
    }

    /// Optional fields are written as null, like every other document.
    func encode(to encoder: any Encoder) throws {
        var k = encoder.container(keyedBy: CodingKeys.self)
        try k.encode(id, forKey: .id); try k.encode(columnId, forKey: .columnId); try k.encode(position, forKey: .position)
        try k.encode(title, forKey: .title); try k.encode(contactName, forKey: .contactName); try k.encode(phone, forKey: .phone)
        try k.encode(valueCents, forKey: .valueCents); try k.encode(ticketClosed, forKey: .ticketClosed)
        try k.encode(lastMessageAt, forKey: .lastMessageAt); try k.encode(lastMessageAuthor, forKey: .lastMessageAuthor)
    }
}
