import Foundation
import RetomaCore
@testable import RetomaApp
import Testing
import TUIKit

@Suite struct FollowUpFormTests {
    /// A Wednesday at 10:00 in Brasília: inside business hours.
    static let now = BrazilTime.date(LocalDate(year: 2026, month: 11, day: 25), hour: 10, minute: 0, second: 0)

    /// `count` deals whose last message is ours, three days old: due under a 1-day interval.
    func dueFacts(_ count: Int, column: Int64 = 100) -> [DealFacts] {
        (0..<count).map { DealFacts(dealID: Int64($0 + 1), columnID: column, ticketClosed: false, lastMessageAuthor: .agent,
                                    lastOurMessageAt: Self.now.addingTimeInterval(-3 * 86_400), followUpsSinceLastCustomerReply: 0) }
    }

    func openDialog(cards: Int = 3, facts: [DealFacts]? = nil, size: Size = Size(width: 120, height: 45)) -> AppState {
        var s = loadedState([cards, 1], size: size)
        s.now = Self.now
        let effects = press(&s, .char("r"))
        #expect(effects == [.loadFollowUpFacts(columnID: 100)])
        if let facts { _ = update(&s, .followUpFacts(columnID: 100, facts: facts)) }
        return s
    }

    func form(_ s: AppState) -> FollowUpForm? {
        if case let .followUp(f) = s.mode { return f }
        return nil
    }

    @Test func everyFieldIsEditableAndSaveSendsExactlyTheForm() throws {
        var s = openDialog(facts: dueFacts(3))
        press(&s, .char(" "))                                   // Usar Follow-up
        press(&s, .tab)                                         // Pausar (left off)
        press(&s, .tab, .ctrl("u")); type(&s, "2")              // Intervalo
        press(&s, .tab, .right)                                 // Dias → Meses
        press(&s, .tab, .char(" "))                             // horário comercial: on → off
        press(&s, .tab, .char(" "))                             // mesmo finalizado
        press(&s, .tab); type(&s, "Peça um retorno educado.")
        press(&s, .enter); type(&s, "Não invente preços.")
        press(&s, .tab); type(&s, "Se passar de 10 dias, ofereça 10% de desconto.")
        press(&s, .tab, .char(" "))                             // ▸ Avançado
        press(&s, .tab, .ctrl("u")); type(&s, "3")
        press(&s, .tab, .right)                                 // move to "Coluna 2"
        let effects = press(&s, .ctrl("s"))
        let expected = FollowUpConfig(enabled: true, interval: Interval(amount: 2, unit: .months), businessHoursOnly: false,
                                      sendAfterClose: true, instructions: "Peça um retorno educado.\nNão invente preços.",
                                      extraInfo: "Se passar de 10 dias, ofereça 10% de desconto.", maxAttempts: 3,
                                      onMax: .moveTo(columnID: 101))
        #expect(effects == [.saveFollowUp(columnID: 100, config: expected)])
        guard case .board = s.mode else { Issue.record("saving closes the dialog"); return }
    }

    @Test func invalidValuesAreShownAndNothingIsSaved() {
        var s = openDialog(facts: [])
        press(&s, .tab, .tab, .ctrl("u")); type(&s, "0")
        #expect(press(&s, .ctrl("s")).isEmpty)
        #expect(form(s)?.errors[.amount] != nil)
        #expect(form(s)?.focus == .amount)
        press(&s, .ctrl("u")); type(&s, "1000")
        #expect(press(&s, .ctrl("s")).isEmpty)
        press(&s, .ctrl("u")); type(&s, "25"); press(&s, .tab, .right)   // 25 months: over 24
        #expect(press(&s, .ctrl("s")).isEmpty)
        #expect(form(s)?.errors[.amount] != nil)
        // The failed save put the focus back on the interval.
        press(&s, .tab, .left, .backTab, .ctrl("u")); type(&s, "12")
        press(&s, .tab, .tab, .tab, .tab)
        type(&s, String(repeating: "á", count: 2001))
        #expect(press(&s, .ctrl("s")).isEmpty)
        #expect(form(s)?.errors[.instructions] != nil)
        let text = view(s, theme: .builtinDefault).text()
        #expect(text.contains("2001/2000"))
    }

    @Test func leavingAChangedDialogAsksAndAnUnchangedOneClosesAtOnce() {
        var s = openDialog(facts: [])
        press(&s, .esc)
        guard case .board = s.mode else { Issue.record("unchanged closes"); return }
        press(&s, .char("r"), .char(" "), .esc)
        guard case let .confirm(c) = s.mode else { Issue.record("changed asks"); return }
        #expect(c.question == "Descartar alterações?")
        press(&s, .char("n"))
        #expect(form(s)?.enabled == true, "no keeps what was typed")
        press(&s, .esc, .char("s"))
        guard case .board = s.mode else { Issue.record("yes discards"); return }
        press(&s, .char("r"))
        #expect(form(s)?.enabled == false, "nothing was stored")
    }

    @Test func nineteenEligibleSaveDirectlyTwentyAskToConfirm() {
        var s = openDialog(facts: dueFacts(19))
        press(&s, .char(" "))
        #expect(press(&s, .ctrl("s")).count == 1)

        s = openDialog(facts: dueFacts(20))
        press(&s, .char(" "))
        #expect(press(&s, .ctrl("s")).isEmpty)
        #expect(form(s)?.warning?.level == .confirm)
        let screen = view(s, theme: .builtinDefault).text()
        #expect(screen.contains("20 mensagens · limite 40/hora"))
        #expect(screen.contains("Ative o Follow-up apenas em colunas vazias"))
        press(&s, .char("n"))
        #expect(form(s)?.warning == nil, "cancelling returns to the form")
        press(&s, .ctrl("s"))
        let effects = press(&s, .char("s"))
        #expect(effects.count == 1)
        if case .saveFollowUp(_, let c) = effects.first { #expect(c.enabled) } else { Issue.record("expected a save") }
    }

    @Test func aHundredEligibleMustTypeTheNumber() {
        var s = openDialog(cards: 150, facts: dueFacts(150))
        press(&s, .char(" "), .ctrl("s"))
        #expect(form(s)?.warning?.level == .typeCount)
        #expect(press(&s, .char("s")).isEmpty, "a plain yes is not enough")
        type(&s, "15")
        #expect(press(&s, .enter).isEmpty)
        #expect(form(s)?.warning?.mismatch == true)
        #expect(view(s, theme: .builtinDefault).text().contains("Digite 150 para confirmar"))
        press(&s, .ctrl("u")); type(&s, "150")
        #expect(press(&s, .enter).count == 1)
    }

    @Test func theEligibleLineFollowsTheFormAsTyped() {
        var s = openDialog(cards: 5, facts: dueFacts(5))
        #expect(view(s, theme: .builtinDefault).text().contains("5 negociações elegíveis agora · 5 no total"))
        press(&s, .tab, .tab, .ctrl("u")); type(&s, "4")     // 4 days: not due yet
        #expect(view(s, theme: .builtinDefault).text().contains("0 negociações elegíveis agora · 5 no total"))
    }

    @Test func examplesAreOneKeyAway() {
        var s = openDialog(facts: [])
        for _ in 0..<6 { press(&s, .tab) }
        #expect(form(s)?.focus == .instructions)
        press(&s, .ctrl("e"))
        #expect(view(s, theme: .builtinDefault).text().contains("Aguardando documentos"))
        press(&s, .char("3"))                                  // a number inserts that example at once
        #expect(form(s)?.instructions.text == SeedExamples.instructions[2])
        #expect(form(s)?.picker == nil)
        press(&s, .tab, .ctrl("e"), .down, .enter)
        #expect(form(s)?.extra.text == SeedExamples.extra[1])
    }

    @Test func theGenericInstructionIsThePlaceholderAndAdvancedIsFolded() {
        let s = openDialog(facts: [])
        let text = view(s, theme: .builtinDefault).text()
        #expect(text.contains("Follow-up automático — Coluna 1"))
        #expect(text.contains("Retome o contato de forma cordial"))
        #expect(text.contains("▸ Avançado"))
        #expect(!text.contains("Máximo de follow-ups"))
        #expect(text.contains("[ Salvar ]") && text.contains("[ Cancelar ]") && text.contains("[ Prévia ]"))
    }

    @Test func previewRunsInTheBackgroundAndShowsItsResultOrError() {
        var s = openDialog(facts: dueFacts(2))
        #expect(press(&s, .ctrl("p")) == [.previewFollowUp(columnID: 100, config: FollowUpConfig.off)])
        #expect(view(s, theme: .builtinDefault).text().contains("gerando a mensagem"))
        #expect(press(&s, .ctrl("p")).isEmpty, "one preview at a time")
        _ = update(&s, .previewReady(columnID: 100, deal: "Negócio 1", contact: "Cliente 1", text: "Oi! Conseguiu ver?", model: "smollm2"))
        #expect(view(s, theme: .builtinDefault).text().contains("Oi! Conseguiu ver?"))
        press(&s, .ctrl("p"))
        _ = update(&s, .previewFailed(columnID: 100, message: "o servidor respondeu 401"))
        #expect(view(s, theme: .builtinDefault).text().contains("Prévia falhou: o servidor respondeu 401"))
    }

    @Test func theColumnsOwnBrakeIsSavedWithTheSettings() {
        var s = openDialog(facts: dueFacts(2))
        press(&s, .char(" "), .tab, .char(" "))
        let effects = press(&s, .ctrl("s"))
        guard case let .saveFollowUp(_, config) = effects.first else { Issue.record("expected a save"); return }
        #expect(config.enabled && config.paused)
    }

    @Test func englishLabels() {
        var s = loadedState([1], lang: .en)
        press(&s, .char("r"))
        let text = view(s, theme: .builtinDefault).text()
        #expect(text.contains("Use follow-up for this column"))
        #expect(text.contains("Send even if the ticket was closed"))
    }

    @Test func aShortTerminalScrollsTheDialogToTheFocusedField() {
        var s = openDialog(facts: [], size: Size(width: 80, height: 18))
        press(&s, .backTab)   // to Cancelar, the last row
        let text = view(s, theme: .builtinDefault).text()
        #expect(text.contains("[ Salvar ]"))
    }
}
