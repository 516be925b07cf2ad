import ArgumentParser
import Foundation
import RetomaCore
import RetomaStore
import TUIKit

struct DealCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deal", abstract: "Deals (negociações).",
        subcommands: [DealListCommand.self, DealAddCommand.self, DealMoveCommand.self, DealCloseCommand.self, DealReopenCommand.self,
                      DealShowCommand.self, DealWhyCommand.self])
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
    @Flag(name: .long, help: "Create it with the ticket closed.") var closed = false
    @Flag(name: .long, help: "Print the deal as one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        var cents: Int64?
        if let value {
            guard let parsed = Money.parse(value) else { throw InputError.malformedValue(value) }
            cents = parsed
        }
        let deal = try store.addDeal(NewDeal(columnID: column, title: title, contactName: contactName, phone: phone,
                                             valueCents: cents, ticketClosed: closed))
        let detail = try store.dealDetail(id: deal.id)
        if json { return try output.json(DealDocument(detail)) }
        output.say(pt: "Negociação \(deal.id) criada em \"\(detail.column.name)\": \(deal.title).",
                   en: "Created deal \(deal.id) in \"\(detail.column.name)\": \(deal.title).")
    }
}

struct DealMoveCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "move", abstract: "Move a deal to the bottom of another column.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Deal id.") var id: Int64
    @Option(name: .long, help: "Target column id.") var column: Int64
    @Flag(name: .long, help: "Print the deal as one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
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
        commandName: "list", abstract: "List the deals of the board, column by column, in board order.")

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Only this column.") var column: Int64?
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        let boardID: Int64
        if let column {
            guard let board = try store.boardListings().first(where: { $0.columns.contains { $0.id == column } }) else {
                throw StoreError.notFound(entity: "column", id: column)
            }
            boardID = board.id
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
