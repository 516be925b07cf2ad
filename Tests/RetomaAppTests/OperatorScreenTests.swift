import Foundation
import RetomaCore
@testable import RetomaApp
import TUIKit
import Testing

/// Operators on the board: who you are (and the title bar), the owner key and cards, `:meus` in `?`, and a save
/// refused because someone else saved the same deal or column first.
@Suite("Operators on the board")
struct OperatorScreenTests {
    let theme = Theme.builtinDefault

    @Test func theOperatorIsTheVariableTrimmedElseTheLoginNameAndABadOneIsRefused() throws {
        let login = { "zeca" }
        #expect(try OperatorName.resolve(environment: [:], login: login) == "zeca")
        #expect(try OperatorName.resolve(environment: ["RETOMA_OPERATOR": "  Ana Lima \n"], login: login) == "Ana Lima")
        #expect(try OperatorName.resolve(environment: ["RETOMA_OPERATOR": "   "], login: login) == "zeca")
        let forty = String(repeating: "é", count: 40)
        #expect(try OperatorName.resolve(environment: ["RETOMA_OPERATOR": forty], login: login) == forty)
        for bad in [forty + "x", "ana\u{1B}[31m", "a\u{0}b", "bia\u{202E}", "x\u{2066}y"] {
            #expect(throws: OperatorName.Problem(value: bad)) { try OperatorName.resolve(environment: ["RETOMA_OPERATOR": bad], login: login) }
        }
        let message = OperatorName.Problem(value: "ana\u{1B}[31m").message(.en)
        #expect(message == "RETOMA_OPERATOR must be 1 to 40 printable characters (got \"ana [31m\")")
        #expect(OperatorName.Problem(value: "").message(.pt).hasPrefix("RETOMA_OPERATOR deve ter de 1 a 40 caracteres imprimíveis"))
        #expect(OperatorName.validated(OperatorName.loginName) == OperatorName.loginName, "the login name is a valid name")
    }

    func titleBar(_ s: AppState, width: Int) -> String {
        var buf = Buffer(width: width, height: 1)
        drawTitleBar(&buf, s, theme)
        return buf.lines()[0]
    }

    @Test func theTitleBarNamesTheOperatorAndFitsAt40Columns() {
        var s = loadedState([2])
        s.operatorName = "ana"
        #expect(titleBar(s, width: 120).hasPrefix(" Retoma · Vendas · 👤 ana "))
        let narrow = titleBar(s, width: 40)
        #expect(DisplayWidth.of(narrow) == 40 && narrow.hasPrefix(" Retoma · Vendas · 👤 ana"), "\(narrow)")
        // A long name is cut; with a board name that fills the bar, the name gives way instead of overflowing.
        s.operatorName = "Maria Aparecida dos Santos Oliveira"
        let long = titleBar(s, width: 40)
        #expect(DisplayWidth.of(long) == 40 && long.contains("👤 Maria Aparecida…") && !long.contains("Oliveira"), "\(long)")
        var board = makeBoard([1])
        board.board.name = "Quadro de vendas da região metropolitana"
        _ = update(&s, .boardLoaded(board, focusDeal: nil))
        let full = titleBar(s, width: 40)
        #expect(DisplayWidth.of(full) == 40 && !full.contains("👤"), "\(full)")
    }

    @Test func theOwnerKeyAsksForTheNameDefaultingToYourselfAndEmptyClearsIt() throws {
        var s = loadedState([2])
        s.operatorName = "ana"
        press(&s, .char("o"))
        guard case let .prompt(prompt) = s.mode else { Issue.record("no prompt: \(s.mode)"); return }
        #expect(prompt.field.text == "ana" && prompt.title == "Responsável por “Negócio 1” (vazio: nenhum)")
        #expect(press(&s, .enter) == [.assignOwner(dealID: 1, owner: "ana")])
        // Someone else's name, then nobody.
        press(&s, .char("o"))
        for _ in 0..<3 { press(&s, .backspace) }
        type(&s, "Bia")
        #expect(press(&s, .enter) == [.assignOwner(dealID: 1, owner: "Bia")])
        press(&s, .char("o"))
        for _ in 0..<3 { press(&s, .backspace) }
        #expect(press(&s, .enter) == [.assignOwner(dealID: 1, owner: nil)])
        // A name that is no name stays in the prompt with why.
        press(&s, .char("o"))
        type(&s, String(repeating: "x", count: 40))
        #expect(press(&s, .enter).isEmpty)
        guard case let .prompt(refused) = s.mode else { Issue.record("the prompt closed"); return }
        #expect(refused.error == "O nome deve ter de 1 a 40 caracteres imprimíveis.")
        // The key is in the keymap, so in `?` and its reason when there is no deal.
        #expect(Keymap.action(for: .char("o"), in: .board) == .assignOwner)
        var empty = loadedState([0])
        press(&empty, .char("o"))
        #expect(empty.status?.text == S.noDealSelected.text(.pt))
    }

    @Test func aCardShowsItsOwnersFirstNameAndHelpListsMine() {
        var board = makeBoard([2])
        board.columns[0].cards[0].owner = "Bia Lima"
        var s = AppState(lang: .pt, size: Size(width: 80, height: 20), now: Date(timeIntervalSince1970: 1_780_000_000))
        _ = update(&s, .boardLoaded(board, focusDeal: nil))
        let lines = view(s, theme: theme).lines()
        #expect(lines.contains { $0.contains("👤Bia R$ 1.200,50") })
        #expect(lines.dropFirst().filter { $0.contains("👤") }.count == 1, "one card and the title bar")
        var help = loadedState([1], size: Size(width: 100, height: 60))
        press(&help, .char("?"))
        let text = view(help, theme: theme).text()
        #expect(text.contains(":meus") && text.contains("só as negociações de que você é o responsável (também :mine)"))
    }

    @Test func aDealFormSavedAfterSomeoneElseAsksToReloadAndKeepsWhatWasTyped() throws {
        var board = makeBoard([2])
        board.columns[0].cards[0].revision = 4
        var s = AppState(lang: .pt, size: Size(width: 120, height: 40), now: Date(timeIntervalSince1970: 1_780_000_000))
        _ = update(&s, .boardLoaded(board, focusDeal: nil))
        press(&s, .char("e"))
        type(&s, " novo")
        let effects = press(&s, .enter)
        guard case let .updateDeal(1, draft, revision)? = effects.first else { Issue.record("no save: \(effects)"); return }
        #expect(revision == 4 && draft.title == "Negócio 1 novo")
        // The store refused it: Bia saved at 14:03 Brasília.
        let at = BrazilTime.date(2026, 12, 1, 14, 3)
        _ = update(&s, .editConflict(EditConflictNotice(subject: .deal(1), operatorName: "bia", at: at)))
        guard case let .confirm(confirm) = s.mode else { Issue.record("no question: \(s.mode)"); return }
        #expect(confirm.question == "alterado por bia às 14:03 — recarregar?" && confirm.action == .reloadDeal(1))
        #expect(view(s, theme: theme).text().contains("alterado por bia às 14:03 — recarregar?"))
        // No: back to the form, as typed.
        press(&s, .char("n"))
        guard case let .dealForm(form) = s.mode else { Issue.record("the form is gone: \(s.mode)"); return }
        #expect(form.title.text == "Negócio 1 novo" && form.revision == 4)
        // Saved again, refused again; yes reads the deal again into the form.
        press(&s, .enter)
        _ = update(&s, .editConflict(EditConflictNotice(subject: .deal(1), operatorName: "bia", at: at)))
        #expect(press(&s, .char("s")) == [.reloadDealForm(1)])
        let fresh = DealDetail(deal: Deal(id: 1, columnID: 100, position: 0, title: "Título da Bia", valueCents: 5_000, contactID: 9,
                                          ticketClosed: true, createdAt: at, revision: 5),
                               contact: Contact(id: 9, name: "Ana", phone: "+5511987654321"), column: board.columns[0].column,
                               messages: [])
        _ = update(&s, .dealFormReloaded(fresh))
        guard case let .dealForm(reloaded) = s.mode else { Issue.record("no form: \(s.mode)"); return }
        #expect(reloaded.title.text == "Título da Bia" && reloaded.revision == 5 && reloaded.closed && !reloaded.isDirty)
        // English.
        var en = loadedState([1], lang: .en)
        press(&en, .char("e"))
        press(&en, .enter)
        _ = update(&en, .editConflict(EditConflictNotice(subject: .deal(1), operatorName: "bia", at: at)))
        guard case let .confirm(english) = en.mode else { Issue.record("no question"); return }
        #expect(english.question == "changed by bia at 14:03 — reload?")
    }

    @Test func theFollowUpDialogSaysWhoSavedItAndAStaleSaveAsksToReload() throws {
        var board = makeBoard([1, 1])
        board.columns[0].column.followUpRevision = 7
        var s = AppState(lang: .pt, size: Size(width: 120, height: 40), now: Date(timeIntervalSince1970: 1_780_000_000))
        _ = update(&s, .boardLoaded(board, focusDeal: nil))
        press(&s, .char("r"))
        let at = BrazilTime.date(2026, 11, 30, 9, 15)
        _ = update(&s, .followUpSavedBy(columnID: 100, operatorName: "carla", at: at))
        #expect(view(s, theme: theme).text().contains("salvo por carla em 30/11/2026 09:15"))
        guard case var .followUp(form) = s.mode else { Issue.record("no dialog"); return }
        form.maxAttempts = TextField(text: "9")
        s.mode = .followUp(form)
        let effects = press(&s, .ctrl("s"))
        guard case let .saveFollowUp(100, config, 7)? = effects.first else { Issue.record("no save: \(effects)"); return }
        #expect(config.maxAttempts == 9)
        _ = update(&s, .editConflict(EditConflictNotice(subject: .followUp(columnID: 100), operatorName: "bia",
                                                        at: BrazilTime.date(2026, 12, 1, 8, 5))))
        guard case let .confirm(confirm) = s.mode else { Issue.record("no question: \(s.mode)"); return }
        #expect(confirm.question == "alterado por bia às 08:05 — recarregar?")
        press(&s, .esc)
        guard case let .followUp(back) = s.mode else { Issue.record("the dialog is gone: \(s.mode)"); return }
        #expect(back.maxAttempts.text == "9" && back.revision == 7 && back.warning == nil)
        press(&s, .ctrl("s"))
        _ = update(&s, .editConflict(EditConflictNotice(subject: .followUp(columnID: 100), operatorName: "bia", at: at)))
        #expect(press(&s, .enter) == [.reloadFollowUp(columnID: 100)])
        var column = board.columns[0].column
        column.followUp.maxAttempts = 3
        column.followUpRevision = 8
        #expect(update(&s, .followUpReloaded(column)).contains(.loadFollowUpFacts(columnID: 100)))
        guard case let .followUp(reloaded) = s.mode else { Issue.record("no dialog"); return }
        #expect(reloaded.maxAttempts.text == "3" && reloaded.revision == 8)
    }

    @Test func theDealScreenShowsWhoTypedMovedAndClosed() {
        var s = loadedState([1], size: Size(width: 100, height: 30))
        press(&s, .enter)
        let base = BrazilTime.date(2026, 12, 1, 10, 0)
        let c = makeBoard([1]).columns[0]
        let detail = DealDetail(
            deal: Deal(id: 1, columnID: 100, position: 0, title: "Plano", valueCents: nil, contactID: 1, ticketClosed: true,
                       createdAt: base, owner: "Bia Lima"),
            contact: Contact(id: 1, name: "Ana", phone: "+5511987654321"), column: c.column,
            messages: [Message(id: 1, dealID: 1, author: .agent, text: "Segue o orçamento.", at: base, operatorName: "carla"),
                       Message(id: 2, dealID: 1, author: .customer, text: "Obrigada!", at: base.addingTimeInterval(3600))],
            history: [DealHistoryEntry(kind: .moved, fromColumn: "Prospecção", toColumn: "Coluna 1", operatorName: "bia",
                                       at: base.addingTimeInterval(60)),
                      DealHistoryEntry(kind: .movedOnMax, fromColumn: "Coluna 1", toColumn: "Perdido", operatorName: nil,
                                       at: base.addingTimeInterval(7200))])
        _ = update(&s, .dealLoaded(detail))
        let text = view(s, theme: theme).text()
        #expect(text.contains("· carla · 01/12/2026 10:00"), "who typed our message")
        #expect(text.contains("— movida de “Prospecção” para “Coluna 1” · por bia · 01/12/2026 10:01"))
        #expect(text.contains("— movida de “Coluna 1” para “Perdido” · pelo follow-up automático · 01/12/2026 12:00"))
        #expect(text.contains("responsável: Bia Lima"))
        let lines = conversationLines(detail.messages, history: detail.history, width: 90, lang: .pt).map(\.text)
        let moved = lines.firstIndex { $0.contains("por bia") }, thanked = lines.firstIndex { $0.contains("Obrigada!") }
        #expect(moved != nil && thanked != nil && moved! < thanked!, "history sits between the messages by time")
    }
}
