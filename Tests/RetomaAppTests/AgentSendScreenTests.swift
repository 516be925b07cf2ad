import Foundation
import RetomaCore
@testable import RetomaApp
import TUIKit
import Testing

/// `a` on the deal screen replies to the customer: the text goes to the engine, and the message shows how its
/// send stands (⏱, ✓, ✓✓, ✓✓ in the read colour, ✗ with the reason, ⚠ uncertain); outside the Cloud API's
/// 24-hour window the refusal says why and offers the configured templates.
@Suite struct AgentSendScreenTests {
    let theme = Theme.builtinDefault
    let at = Date(timeIntervalSince1970: 1_773_144_000)

    func detail(_ reply: Message?) -> DealDetail {
        var messages = [Message(id: 1, dealID: 1, author: .customer, text: "Qual o prazo?", at: at, origin: .whatsapp)]
        if let reply { messages.append(reply) }
        return DealDetail(deal: Deal(id: 1, columnID: 100, position: 0, title: "Negócio 1", valueCents: nil, contactID: 7,
                                     ticketClosed: false, createdAt: at),
                          contact: Contact(id: 7, name: "Maria Souza", phone: "+5511987654321"),
                          column: Column(id: 100, boardID: 1, name: "Coluna 1", position: 0), messages: messages)
    }

    func reply(_ state: AgentSendState, _ delivery: DeliveryStatus? = nil, error: String? = nil) -> Message {
        Message(id: 2, dealID: 1, author: .agent, text: "Entrego amanhã.", at: at.addingTimeInterval(60),
                channelMessageID: state == .queued ? nil : "wamid.A", deliveryStatus: delivery, deliveryError: error,
                sendState: state)
    }

    func opened(_ reply: Message? = nil, lang: Lang = .pt) -> AppState {
        var s = loadedState([1], lang: lang)
        press(&s, .enter)
        _ = update(&s, .dealLoaded(detail(reply)))
        return s
    }

    /// The header line of the agent's reply, and the buffer it was drawn in.
    func header(_ s: AppState) -> (line: String, y: Int, buffer: Buffer) {
        let buffer = view(s, theme: theme)
        let lines = buffer.lines()
        let y = lines.lastIndex { $0.contains("empresa · ") || $0.contains("company · ") } ?? 0
        return (lines[y], y, buffer)
    }

    @Test func aRepliesThroughTheEngineAndTheFooterSaysSo() {
        var s = opened()
        #expect(view(s, theme: theme).lines().last?.contains("a responder") == true)
        #expect(press(&s, .char("a")).isEmpty)
        guard case let .prompt(prompt) = s.mode else { Issue.record("no prompt"); return }
        #expect(prompt.title.contains("Responder"))
        type(&s, "Entrego amanhã.")
        #expect(press(&s, .enter) == [.sendAsAgent(dealID: 1, text: "Entrego amanhã.", template: nil)])
        // The customer's side (sandbox use) is still only recorded.
        press(&s, .char("c"))
        type(&s, "Ok")
        #expect(press(&s, .enter) == [.addMessage(dealID: 1, author: .customer, text: "Ok")])
        #expect(opened(lang: .en).lang.t(.keyShort(.writeAgent)) == "reply")
    }

    @Test func theMarkFollowsTheSendAndTheReadOneTakesTheReadColour() {
        #expect(header(opened(reply(.queued))).line.contains("⏱"))
        #expect(header(opened(reply(.sending))).line.contains("⏱"))
        let sent = header(opened(reply(.sent, .sent))).line
        #expect(sent.contains(" ✓") && !sent.contains("✓✓") && !sent.contains("⏱"))
        #expect(header(opened(reply(.sent, .delivered))).line.contains("✓✓"))

        let delivered = header(opened(reply(.sent, .delivered)))
        let read = header(opened(reply(.sent, .read)))
        #expect(read.line.contains("✓✓"))
        let x = read.line.distance(from: read.line.startIndex, to: read.line.range(of: "✓✓")!.lowerBound)
        #expect(read.buffer[x, read.y].style == theme[.messageRead], "read ✓✓ in the theme's read colour")
        let dx = delivered.line.distance(from: delivered.line.startIndex, to: delivered.line.range(of: "✓✓")!.lowerBound)
        #expect(delivered.buffer[dx, delivered.y].style != theme[.messageRead])
    }

    @Test func aFailureShowsTheProvidersReasonAndAnUncertainSendSaysSo() {
        let failed = header(opened(reply(.failed, .failed, error: "undeliverable (131026): Message undeliverable"))).line
        #expect(failed.contains("✗ não enviada: undeliverable (131026)"))
        let afterSent = header(opened(reply(.sent, .failed, error: "131049 ecosystem limit"))).line
        #expect(afterSent.contains("✗ não enviada: 131049"))
        #expect(header(opened(reply(.uncertain))).line.contains("⚠ envio incerto"))
        #expect(header(opened(reply(.uncertain), lang: .en)).line.contains("⚠ send uncertain"))
    }

    @Test func outsideTheWindowTheRefusalOffersTheTemplates() {
        var s = opened()
        let templates = [MessageTemplate(name: "followup_1", language: "pt_BR"), MessageTemplate(name: "resposta_1", language: "pt_BR")]
        _ = update(&s, .agentSendRefused(dealID: 1, text: "Podemos retomar?",
                                         .outsideWindow(lastCustomerMessageAt: at, templates: templates)))
        #expect(s.status?.text.contains("fora da janela de 24 horas") == true)
        guard case .templates = s.mode else { Issue.record("no picker: \(s.mode)"); return }
        let screen = view(s, theme: theme).lines().joined(separator: "\n")
        #expect(screen.contains("followup_1:pt_BR") && screen.contains("resposta_1:pt_BR") && screen.contains("“Podemos retomar?”"))
        press(&s, .char("j"))
        #expect(press(&s, .enter) == [.sendAsAgent(dealID: 1, text: "Podemos retomar?", template: templates[1])])
        guard case .deal = s.mode else { Issue.record("not back on the deal"); return }

        // Esc gives it up; without templates only the reason is shown.
        _ = update(&s, .agentSendRefused(dealID: 1, text: "x", .outsideWindow(lastCustomerMessageAt: nil, templates: templates)))
        #expect(press(&s, .esc).isEmpty)
        guard case .deal = s.mode else { Issue.record("Esc did not close the picker"); return }
        _ = update(&s, .agentSendRefused(dealID: 1, text: "x", .outsideWindow(lastCustomerMessageAt: nil, templates: [])))
        guard case .deal = s.mode else { Issue.record("a picker with nothing to pick"); return }
        #expect(s.status?.text.contains("nenhum modelo aprovado") == true)
    }
}
