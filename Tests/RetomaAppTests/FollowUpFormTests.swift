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

    /// The engine's inputs as the runtime hands them over: the standard governor, nothing sent today.
    static func policy(at now: Date = now, governor: SendGovernor = .standard, sentToday: [Int64: Int] = [:]) -> PolicyContext {
        PolicyContext(at: now, number: SendingNumber(sender: "+5511900000000", governor: governor, window: .unrestricted),
                      calendar: BusinessCalendar(), paused: false, sendHistory: [], columnSendsToday: sentToday)
    }

    func openDialog(cards: Int = 3, facts: [DealFacts]? = nil, size: Size = Size(width: 120, height: 45),
                    now: Date = now, policy: PolicyContext? = nil) -> AppState {
        var s = loadedState([cards, 1], size: size)
        s.now = now
        let effects = press(&s, .char("r"))
        #expect(effects == [.loadFollowUpFacts(columnID: 100)])
        if let facts { _ = update(&s, .followUpFacts(columnID: 100, facts: facts, policy: policy ?? Self.policy(at: now))) }
        return s
    }

    func form(_ s: AppState) -> FollowUpForm? {
        if case let .followUp(f) = s.mode { return f }
        return nil
    }

    @Test func reviewBeforeSendingIsABoxForcedOnAndLockedForTheLocalModelOnRealChannels() throws {
        var s = openDialog(facts: dueFacts(1))
        #expect(view(s, theme: .builtinDefault).text().contains("[ ] Revisar antes de enviar"))
        s.engine = EngineInfo(channel: "cloud", reviewForced: true)
        press(&s, .esc)
        press(&s, .char("r"))
        let screen = view(s, theme: .builtinDefault).text()
        #expect(screen.contains("[x] Revisar antes de enviar"))
        #expect(screen.contains("modelo local de demonstração: revisão obrigatória para envios reais"))
        // Space on the locked box changes nothing: the column's own setting stays as saved.
        while form(s)?.focus != .review { press(&s, .tab) }
        press(&s, .char(" "))
        #expect(form(s)?.review == false && form(s)?.isDirty == false)
    }

    @Test func everyFieldIsEditableAndSaveSendsExactlyTheForm() throws {
        var s = openDialog(facts: dueFacts(3))
        press(&s, .char(" "))                                   // Usar Follow-up
        press(&s, .tab)                                         // Pausar (left off)
        press(&s, .tab, .ctrl("u")); type(&s, "2")              // Intervalo
        press(&s, .tab, .right)                                 // Dias → Meses
        press(&s, .tab, .char(" "))                             // horário comercial: on → off
        press(&s, .tab, .char(" "))                             // mesmo finalizado
        press(&s, .tab, .char(" "))                             // Revisar antes de enviar
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
                                      onMax: .moveTo(columnID: 101), review: true)
        #expect(effects == [.saveFollowUp(columnID: 100, config: expected, revision: 1)])
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
        press(&s, .tab, .tab, .tab, .tab, .tab)                            // past "Revisar antes de enviar"
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
        if case .saveFollowUp(_, let c, _) = effects.first { #expect(c.enabled) } else { Issue.record("expected a save") }
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
        #expect(view(s, theme: .builtinDefault).text()
                .contains("5 negociações elegíveis agora · 0 nas próximas 24 h · 0 em 7 dias · 5 no total"))
        press(&s, .tab, .tab, .ctrl("u")); type(&s, "4")     // 4 days: due tomorrow at 10:00
        #expect(view(s, theme: .builtinDefault).text()
                .contains("0 negociações elegíveis agora · 5 nas próximas 24 h · 5 em 7 dias · 5 no total"))
        press(&s, .ctrl("u")); type(&s, "6")                  // 6 days: due in 3 days, within the week
        #expect(view(s, theme: .builtinDefault).text()
                .contains("0 negociações elegíveis agora · 0 nas próximas 24 h · 5 em 7 dias · 5 no total"))
        press(&s, .ctrl("u")); type(&s, "20")                 // 20 days: not within the week
        #expect(view(s, theme: .builtinDefault).text()
                .contains("0 negociações elegíveis agora · 0 nas próximas 24 h · 0 em 7 dias · 5 no total"))
    }

    @Test func examplesAreOneKeyAway() {
        var s = openDialog(facts: [])
        for _ in 0..<7 { press(&s, .tab) }
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
        #expect(!text.contains("Máximo de follow-ups") && !text.contains("por dia nesta coluna"))
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
        guard case let .saveFollowUp(_, config, _) = effects.first else { Issue.record("expected a save"); return }
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

    // MARK: - A warning that sees tomorrow

    /// Tuesday 05:40 in Brasília: closed until 08:00.
    static let dawn = BrazilTime.date(LocalDate(year: 2026, month: 11, day: 24), hour: 5, minute: 40, second: 0)

    /// `count` deals written to yesterday at 06:00: due at 06:00 today, sent when business hours open at 08:00.
    func morningFacts(_ count: Int) -> [DealFacts] {
        (0..<count).map { DealFacts(dealID: Int64($0 + 1), columnID: 100, ticketClosed: false, lastMessageAuthor: .agent,
                                    lastOurMessageAt: Self.dawn.addingTimeInterval(-86_400 + 20 * 60),
                                    followUpsSinceLastCustomerReply: 0) }
    }

    @Test func atTwentyToSixTheDialogCountsWhatGoesOutAtEight() {
        var s = openDialog(cards: 30, facts: morningFacts(30), now: Self.dawn)
        let text = view(s, theme: .builtinDefault).text()
        #expect(text.contains("0 negociações elegíveis agora · 30 nas próximas 24 h · 30 em 7 dias · 30 no total"))
        press(&s, .char(" "))
        #expect(press(&s, .ctrl("s")).isEmpty, "30 in the first 24 hours ask first, though none is due this instant")
        #expect(form(s)?.warning?.level == .confirm && form(s)?.warning?.eligible == 30)
        let screen = view(s, theme: .builtinDefault).text()
        #expect(screen.contains("Salvar agora manda follow-up para 30 negociações nas primeiras 24 h de envio."))
        #expect(screen.contains("30 mensagens · limite 40/hora · ~29 min para concluir"))
        #expect(screen.contains("0 agora · 30 nas próximas 24 h · 30 em 7 dias · envios a partir de 24/11/2026"))
        #expect(screen.contains("Sugestão: comece com um limite diário"))
    }

    @Test func theWarningUsesTheEnginesGovernorAndTodaysSends() {
        let sandbox = SendGovernor(minGap: 5, jitter: 0...5, hourlyCap: 120, dailyCap: 1000)
        var s = openDialog(cards: 25, facts: dueFacts(25), policy: Self.policy(governor: sandbox))
        press(&s, .char(" "), .ctrl("s"))
        #expect(view(s, theme: .builtinDefault).text().contains("25 mensagens · limite 120/hora"))
        // Eight of today's ten already went out of this column: the two left today, then tomorrow's ten.
        var limited = openDialog(cards: 25, facts: dueFacts(25), policy: Self.policy(sentToday: [100: 8]))
        press(&limited, .char(" "))
        press(&limited, .tab, .tab, .tab, .tab, .tab, .tab, .tab, .tab, .tab, .char(" "))   // ▸ Avançado
        press(&limited, .tab, .tab, .tab); type(&limited, "10")
        #expect(form(limited)?.focus == .maxPerDay)
        #expect(form(limited)?.forecast(at: Self.now)?.volume == 12)
        #expect(press(&limited, .ctrl("s")).count == 1, "12 in the first 24 hours save without asking")
    }

    @Test func theDailyLimitIsInAdvancedAndSavedWithTheForm() {
        var s = openDialog(cards: 30, facts: morningFacts(30), now: Self.dawn)
        press(&s, .char(" "))
        for _ in 0..<9 { press(&s, .tab) }
        #expect(form(s)?.focus == .advanced)
        press(&s, .char(" "))
        let text = view(s, theme: .builtinDefault).text()
        #expect(text.contains("No máximo") && text.contains("follow-ups por dia nesta coluna (vazio = sem limite)"))
        press(&s, .tab, .tab, .tab)
        #expect(form(s)?.focus == .maxPerDay)
        type(&s, "dez")
        #expect(press(&s, .ctrl("s")).isEmpty)
        #expect(form(s)?.errors[.maxPerDay] == "Máximo de follow-ups por dia nesta coluna: use um número inteiro (0 = sem limite).")
        #expect(view(s, theme: .builtinDefault).text().contains("⚠ Máximo de follow-ups por dia nesta coluna"))
        #expect(form(s)?.focus == .maxPerDay)
        press(&s, .ctrl("u")); type(&s, "5")
        // Five today and five tomorrow: under the threshold, so the suggested limit lets it save at once.
        let effects = press(&s, .ctrl("s"))
        guard case let .saveFollowUp(_, config, _) = effects.first else { Issue.record("expected a save: \(effects)"); return }
        #expect(config.enabled && config.maxPerDay == 5)
        // Reopened, the field shows the saved limit; emptied, it means no limit.
        var reopened = FollowUpForm(column: Column(id: 100, boardID: 1, name: "Coluna 1", position: 0, followUp: config),
                                    otherColumns: [], totalDeals: 30, lang: .pt)
        #expect(reopened.maxPerDay.text == "5" && reopened.draft.maxPerDay == 5 && !reopened.isDirty)
        reopened.maxPerDay.text = ""
        #expect(reopened.draft.maxPerDay == 0 && reopened.validated(.pt)?.maxPerDay == 0)
    }

    @Test func aMoveThatCrossesTheThresholdAsksFirst() {
        var s = loadedState([3, 1])
        let forecast = Self.policy().forecast(dueFacts(20), config: FollowUpConfig.off, column: 101)
        _ = update(&s, .confirmMove(dealID: 7, toColumn: 101, columnName: "Coluna 2", forecast: forecast))
        guard case let .confirm(c) = s.mode else { Issue.record("a move warning is a confirm"); return }
        #expect(c.question.hasPrefix("Mover para “Coluna 2” faz 20 negociações receberem follow-up nas primeiras 24 h de envio."))
        #expect(c.question.contains("20 mensagens · limite 40/hora") && c.question.hasSuffix("Mover mesmo assim?"))
        #expect(press(&s, .char("s")) == [.moveDealConfirmed(id: 7, toColumn: 101)])
        _ = update(&s, .confirmMove(dealID: 7, toColumn: 101, columnName: "Coluna 2", forecast: forecast))
        #expect(press(&s, .char("n")).isEmpty)
        guard case .board = s.mode else { Issue.record("no leaves the card where it was"); return }
    }
}
