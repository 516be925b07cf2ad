import Foundation
import RetomaCore
@testable import RetomaApp
import Testing
import TUIKit

@Suite struct BoardSwitcherTests {
    let theme = Theme.builtinDefault
    static let boards = [BoardSummary(id: 1, name: "Vendas", deals: 9, activeFollowUps: 1, columns: 3),
                         BoardSummary(id: 2, name: "Suporte", deals: 4, activeFollowUps: 0, columns: 2),
                         BoardSummary(id: 3, name: "Pós-venda", deals: 0, activeFollowUps: 2, columns: 1)]

    func switcher(_ list: [BoardSummary] = boards) -> AppState {
        var s = loadedState([3, 3, 3])
        #expect(press(&s, .char("b")) == [.loadBoards(select: nil)])
        _ = update(&s, .boardsLoaded(list, select: nil))
        return s
    }

    func selected(_ s: AppState) -> Int? {
        if case let .boards(_, i) = s.mode { return i }
        return nil
    }

    @Test func listsEachBoardWithItsDealsAndActiveFollowUpsTheOpenOneSelected() {
        let s = switcher()
        #expect(selected(s) == 0, "the open board (id 1) is selected")
        let text = view(s, theme: theme).text()
        #expect(text.contains("Quadros"))
        #expect(text.contains("● Vendas") && text.contains("9 negociações · 1 follow-up ativo"))
        #expect(text.contains("Suporte") && text.contains("4 negociações · 0 follow-ups ativos"))
        #expect(text.contains("Pós-venda") && text.contains("0 negociações · 2 follow-ups ativos"))
        let footer = view(s, theme: theme).lines()[s.layout.footerRow]
        #expect(footer.contains("Enter abrir") && footer.contains("n novo") && footer.contains("d excluir"), "\(footer)")
    }

    @Test func switchingLoadsThatBoardAndTheTitleNamesIt() {
        var s = switcher()
        press(&s, .char("j"), .char("l"))   // l is not a switcher key: the selection stays
        #expect(selected(s) == 1)
        #expect(press(&s, .enter) == [.switchBoard(id: 2)])
        guard case .board = s.mode else { Issue.record("back to the board"); return }
        // The store answers with the other board; the focus starts over on its first column.
        var other = makeBoard([2, 2])
        other.board = Board(id: 2, name: "Suporte")
        press(&s, .char("l"))
        _ = update(&s, .boardLoaded(other, focusDeal: nil))
        #expect(s.focusColumn == 0 && s.selectedIndex(0) == 0)
        #expect(view(s, theme: theme).lines()[0].contains("Retoma · Suporte"))
        // Opening the board already shown just closes the switcher.
        press(&s, .char("b"))
        _ = update(&s, .boardsLoaded(Self.boards, select: nil))
        #expect(selected(s) == 1)
        #expect(press(&s, .enter).isEmpty)
        guard case .board = s.mode else { Issue.record("closed"); return }
    }

    @Test func createAndRenameThroughAPromptAndADuplicateNameIsRefusedKeepingTheText() {
        var s = switcher()
        press(&s, .char("n"))
        type(&s, "suporte")
        #expect(press(&s, .enter).isEmpty)
        guard case let .prompt(p) = s.mode else { Issue.record("the prompt stays"); return }
        #expect(p.error == "já existe um quadro chamado “suporte”" && p.field.text == "suporte")
        press(&s, .ctrl("u")); type(&s, "Financeiro")
        #expect(press(&s, .enter) == [.addBoard(name: "Financeiro")])
        #expect(selected(s) != nil, "back in the switcher")
        _ = update(&s, .boardsLoaded(Self.boards + [BoardSummary(id: 4, name: "Financeiro", deals: 0, activeFollowUps: 0, columns: 0)], select: 4))
        #expect(selected(s) == 3, "the new board is selected")
        press(&s, .char("e"))
        guard case let .prompt(r) = s.mode else { Issue.record("rename asks"); return }
        #expect(r.field.text == "Financeiro")
        press(&s, .ctrl("u")); type(&s, "FINANCEIRO")
        #expect(press(&s, .enter) == [.renameBoard(id: 4, name: "FINANCEIRO")], "its own name in other letters is fine")
    }

    @Test func deletingAnEmptyBoardAsksFirst() {
        var s = switcher()
        press(&s, .char("j"), .char("j"))
        #expect(selected(s) == 2)
        #expect(press(&s, .char("d")).isEmpty)
        guard case let .confirm(c) = s.mode else { Issue.record("asks first"); return }
        #expect(c.question == "Excluir o quadro “Pós-venda”?")
        #expect(press(&s, .char("n")).isEmpty)
        #expect(selected(s) == 2, "no goes back to the switcher")
        press(&s, .char("d"))
        #expect(press(&s, .char("s")) == [.deleteBoard(id: 3, moveTo: nil)])
    }

    @Test func aBoardWithDealsIsDeletedOnlyOnceATargetIsChosen() {
        var s = switcher()
        press(&s, .char("j"), .char("d"))
        guard case let .deleteBoard(d) = s.mode else { Issue.record("asks where the deals go"); return }
        #expect(d.targets.map(\.id) == [1, 3])
        let text = view(s, theme: theme).text()
        #expect(text.contains("“Suporte” tem 4 negociações") && text.contains("Mover para: ◀ Vendas"))
        press(&s, .right)
        #expect(press(&s, .enter) == [.deleteBoard(id: 2, moveTo: 3)])
        #expect(selected(s) == 1)
        press(&s, .char("d"), .esc)
        #expect(selected(s) == 1, "Esc deletes nothing")
    }

    @Test func aBoardWithDealsAndNowhereToPutThemIsRefusedWithAReason() {
        var s = switcher([BoardSummary(id: 1, name: "Vendas", deals: 9, activeFollowUps: 1, columns: 3),
                          BoardSummary(id: 2, name: "Vazio", deals: 0, activeFollowUps: 0, columns: 0)])
        #expect(press(&s, .char("d")).isEmpty)
        #expect(selected(s) == 0)
        #expect(s.status?.kind == .error)
        #expect(s.status?.text.contains("nenhum outro quadro tem colunas") == true)
    }

    @Test func theOnlyBoardCannotBeDeleted() {
        var s = switcher([BoardSummary(id: 1, name: "Vendas", deals: 0, activeFollowUps: 0, columns: 3)])
        #expect(press(&s, .char("d")).isEmpty)
        #expect(s.status?.text == "Este é o único quadro: crie outro (n) antes de excluí-lo.")
        #expect(!view(s, theme: theme).lines()[s.layout.footerRow].contains("d excluir"), "the footer leaves it out")
    }

    @Test func englishWords() {
        var s = loadedState([1], lang: .en)
        press(&s, .char("b"))
        _ = update(&s, .boardsLoaded(Self.boards, select: nil))
        let text = view(s, theme: theme).text()
        #expect(text.contains("Boards") && text.contains("9 deals · 1 active follow-up") && text.contains("0 deals · 2 active follow-ups"))
    }
}
