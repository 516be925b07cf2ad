import Foundation
import RetomaCore
@testable import RetomaApp
import Testing

/// The deal screen says when one of our messages was sent from the business's phone, not from Retoma.
@Suite struct MessageOriginViewTests {
    let at = Date(timeIntervalSince1970: 1_773_144_000)

    func headers(_ lang: Lang) -> [String] {
        let messages = [
            Message(id: 1, dealID: 1, author: .agent, text: "Segue o orçamento.", at: at),
            Message(id: 2, dealID: 1, author: .customer, text: "Qual o valor final?", at: at, origin: .whatsapp),
            Message(id: 3, dealID: 1, author: .agent, text: "Fica R$ 1.200 à vista.", at: at, channelMessageID: "wamid.P",
                    origin: .phone),
        ]
        return conversationLines(messages, width: 80, lang: lang).filter { $0.role == .header && !$0.text.isEmpty }.map(\.text)
    }

    @Test func aPhoneEchoIsLabelledInBothLanguages() {
        let pt = headers(.pt)
        #expect(pt.count == 3)
        #expect(pt[0].hasPrefix("empresa · ") && !pt[0].contains("celular"))
        #expect(pt[1].hasPrefix("cliente · "))
        #expect(pt[2].hasPrefix("empresa · celular · "))
        #expect(headers(.en)[2].hasPrefix("company · phone · "))
    }
}
