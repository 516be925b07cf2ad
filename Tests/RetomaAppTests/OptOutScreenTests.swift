import Foundation
import RetomaCore
@testable import RetomaApp
import TUIKit
import Testing

/// The deal screen of a contact who asked not to receive messages: a warning line above the conversation,
/// and `o` (with a confirmation) to set or clear it.
@Suite struct OptOutScreenTests {
    let theme = Theme.builtinDefault
    let at = Date(timeIntervalSince1970: 1_773_144_000)

    func detail(_ optOut: ContactOptOut?) -> DealDetail {
        DealDetail(deal: Deal(id: 1, columnID: 100, position: 0, title: "Negócio 1", valueCents: nil, contactID: 7,
                                  ticketClosed: false, createdAt: at),
                   contact: Contact(id: 7, name: "Maria Souza", phone: "+5511987654321"),
                   column: Column(id: 100, boardID: 1, name: "Coluna 1", position: 0),
                   messages: [Message(id: 1, dealID: 1, author: .customer, text: "Pare de me mandar mensagem", at: at)],
                   optOut: optOut)
    }

    func opened(_ optOut: ContactOptOut?, lang: Lang = .pt) -> AppState {
        var s = loadedState([1], lang: lang)
        press(&s, .enter)
        _ = update(&s, .dealLoaded(detail(optOut)))
        return s
    }

    @Test func theWarningLineSaysWhenAndWhyAboveTheConversation() {
        let optOut = ContactOptOut(at: at, source: .customer, text: "Pare de me mandar mensagem")
        let lines = view(opened(optOut), theme: theme).lines()
        let when = BrazilTime.display(at, .pt)
        #expect(lines[6].hasPrefix("  🚫 pediu para não receber mensagens · \(when) · “Pare de me mandar mensagem”"))
        #expect(lines[7].hasPrefix("╭─ Conversa (1)"))
        let en = view(opened(optOut, lang: .en), theme: theme).lines()
        #expect(en[6].contains("🚫 asked not to receive messages · "))
        let byHand = view(opened(ContactOptOut(at: at, source: .operator, text: nil)), theme: theme).lines()
        #expect(byHand[6].contains("🚫 marcado pelo operador como não quer receber mensagens"))
        // Without an opt-out the conversation starts right under the deal's facts.
        let plain = view(opened(nil), theme: theme).lines()
        #expect(!plain.joined().contains("🚫") && plain[6].hasPrefix("╭─ Conversa (1)"))
    }

    @Test func oAsksFirstThenSetsOrClearsIt() {
        var s = opened(nil)
        #expect(press(&s, .char("o")).isEmpty)
        guard case let .confirm(confirm) = s.mode else { Issue.record("no confirmation: \(s.mode)"); return }
        #expect(confirm.question.contains("Marcar Maria Souza como não quer receber mensagens?"))
        #expect(press(&s, .char("s")) == [.setOptOut(contactID: 7, dealID: 1, optedOut: true)])
        guard case .deal = s.mode else { Issue.record("not back on the deal"); return }

        var t = opened(ContactOptOut(at: at, source: .customer, text: "Pare"))
        press(&t, .char("o"))
        guard case let .confirm(clear) = t.mode else { Issue.record("no confirmation"); return }
        #expect(clear.question.contains("Liberar Maria Souza"))
        // "no" changes nothing.
        #expect(press(&t, .char("n")).isEmpty)
        guard case .deal = t.mode else { Issue.record("not back on the deal"); return }
        press(&t, .char("o"))
        #expect(press(&t, .enter) == [.setOptOut(contactID: 7, dealID: 1, optedOut: false)])
    }

    @Test func theHelpListsTheKey() {
        var s = opened(nil)
        press(&s, .char("?"))
        let text = view(s, theme: theme).lines().joined(separator: "\n")
        #expect(text.contains("marcar/liberar: o contato não quer receber mensagens"))
    }
}
