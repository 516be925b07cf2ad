import CSV
import Foundation
import RetomaCore
import RetomaStore

/// What `retoma export` writes: UTF-8, ",", fields quoted when they hold a comma, a quote or a line break, under a
/// header `DealSheet` recognises, so an export imports back as the same deals.
public enum DealExport {
    /// One deal, with the message its row carries (the last one for `export deals`, each one for `export messages`).
    public struct Row: Sendable {
        public var title: String
        public var contactName: String
        public var phone: String
        public var email: String?
        public var company: String?
        public var valueCents: Int64?
        public var ticketClosed: Bool
        public var message: (author: MessageAuthor, text: String, at: Date)?

        public init(title: String, contactName: String, phone: String, email: String?, company: String?,
                    valueCents: Int64?, ticketClosed: Bool, message: (author: MessageAuthor, text: String, at: Date)?) {
            self.title = title; self.contactName = contactName; self.phone = phone; self.email = email
            self.company = company; self.valueCents = valueCents; self.ticketClosed = ticketClosed; self.message = message
        }

        public init(_ detail: DealDetail, message: Message?) {
            self.init(title: detail.deal.title, contactName: detail.contact.name, phone: detail.contact.phone,
                      email: detail.contact.email, company: detail.contact.company, valueCents: detail.deal.valueCents,
                      ticketClosed: detail.deal.ticketClosed, message: message.map { ($0.author, $0.text, $0.at) })
        }
    }

    /// "Título,Contato,…,Última mensagem,Autor,Mensagem" (pt) or the English names; `messages` names the date
    /// column "Data" / "Date", one row per message.
    public static func header(_ lang: Lang, messages: Bool) -> [String] {
        lang == .pt
            ? ["Título", "Contato", "Telefone", "E-mail", "Empresa", "Valor", "Chamado",
               messages ? "Data" : "Última mensagem", "Autor", "Mensagem"]
            : ["Title", "Contact", "Phone", "E-mail", "Company", "Value", "Ticket",
               messages ? "Date" : "Last message", "Author", "Message"]
    }

    public static func fields(_ row: Row, _ lang: Lang) -> [String] {
        let pt = lang == .pt
        var author = "", date = "", text = ""
        if let m = row.message {
            switch m.author {
            case .customer: author = pt ? "cliente" : "customer"
            case .agent: author = pt ? "empresa" : "company"
            case .followup: author = "follow-up"
            }
            date = SheetDate.format(m.at); text = m.text
        }
        return [row.title, row.contactName, row.phone, row.email ?? "", row.company ?? "",
                row.valueCents.map { Money.format(cents: $0) } ?? "",
                row.ticketClosed ? (pt ? "finalizado" : "closed") : (pt ? "aberto" : "open"), date, author, text]
    }

    /// Rows as CSV bytes, each ended by "\n" (a file is the header's bytes followed by its rows').
    public static func encode(_ rows: [[String]]) throws -> Data {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream, delimiter: ",", newline: .lf)
        for row in rows { try writer.write(row: row) }
        stream.close()
        var data = (stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data) ?? Data()
        if !rows.isEmpty { data.append(0x0A) }
        return data
    }
}
