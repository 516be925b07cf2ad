import Foundation
@testable import RetomaCore

/// A deal in "Aguardando resposta" whose customer went quiet after a quote.
enum PromptFixtures {
    static let now = BrazilTime.date(2026, 4, 3, 17, 59) // a Friday (Good Friday, but the prompt only states the date)

    static let contact = Contact(id: 7, name: "Maria Souza", phone: "+5511987654321",
                                 email: "maria@exemplo.com.br", company: "Padaria Pão Quente")

    static let deal = Deal(id: 42, columnID: 3, position: 0, title: "Site institucional", valueCents: 120_050,
                           contactID: 7, ticketClosed: false, createdAt: BrazilTime.date(2026, 3, 20, 9, 0))

    static func config(instructions: String = "", extraInfo: String = "") -> FollowUpConfig {
        var c = FollowUpConfig.off
        c.enabled = true
        c.instructions = instructions
        c.extraInfo = extraInfo
        return c
    }

    static func message(_ id: Int64, _ author: MessageAuthor, _ text: String, _ at: Date) -> Message {
        Message(id: id, dealID: 42, author: author, text: text, at: at)
    }

    static let conversation: [Message] = [
        message(1, .customer, "Oi, vocês fazem site para padaria?", BrazilTime.date(2026, 3, 30, 10, 0)),
        message(2, .agent, "Fazemos sim! Te mando o orçamento hoje.", BrazilTime.date(2026, 3, 30, 10, 5)),
        message(3, .agent, "Segue o orçamento: R$ 1.200,50, entrega em 15 dias.", BrazilTime.date(2026, 3, 30, 16, 0)),
        message(4, .followup, "Oi Maria! Conseguiu dar uma olhada no orçamento?", BrazilTime.date(2026, 4, 1, 9, 0)),
    ]

    static func context(messages: [Message] = conversation, instructions: String = "", extraInfo: String = "",
                        followUps: Int = 1) -> FollowUpContext {
        FollowUpContext(contact: contact, deal: deal, columnName: "Aguardando resposta",
                        config: config(instructions: instructions, extraInfo: extraInfo),
                        recentMessages: messages, followUpsSinceReply: followUps, now: now)
    }

    /// `count` messages one minute apart, alternating customer and agent, the text naming its number.
    static func numbered(_ count: Int) -> [Message] {
        (1...count).map { i in
            message(Int64(i), i % 2 == 0 ? .agent : .customer, "mensagem número \(i)",
                    BrazilTime.date(2026, 3, 1, 8, 0).addingTimeInterval(Double(i) * 60))
        }
    }
}
