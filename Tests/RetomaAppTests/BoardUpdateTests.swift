import Foundation
import RetomaCore
@testable import RetomaApp
import Testing
import TUIKit

@Suite struct BoardUpdateTests {
    @Test func focusMovesBetweenColumnsAndCardsAndStopsAtEdges() {
        var s = loadedState([3, 2, 0])
        #expect(s.focusedCard?.id == 1)
        press(&s, .char("j"), .down)
        #expect(s.focusedCard?.id == 3)
        press(&s, .char("j"))
        #expect(s.focusedCard?.id == 3, "stays on the last card")
        press(&s, .char("l"))
        #expect(s.focusColumn == 1 && s.focusedCard?.id == 4)
        press(&s, .right, .right)
        #expect(s.focusColumn == 2 && s.focusedCard == nil)
        press(&s, .char("h"), .left, .left)
        #expect(s.focusColumn == 0 && s.focusedCard?.id == 3, "each column remembers its selection")
        press(&s, .char("g"))
        #expect(s.focusedCard?.id == 1)
        press(&s, .char("G"))
        #expect(s.focusedCard?.id == 3)
    }

    @Test func movingACardAsksTheStoreAndFocusFollowsTheDealAfterReload() {
        var s = loadedState([3, 2])
        press(&s, .char("j"))
        let effects = press(&s, .char("L"))
        #expect(effects == [.moveDeal(id: 2, toColumn: 101)])
        #expect(press(&s, .char("H")).isEmpty, "no column to the left of the first")
        // The store answers with a snapshot where deal 2 is in the second column.
        var board = makeBoard([3, 2])
        var moved = board.columns[0].cards.remove(at: 1)
        moved.columnID = 101
        board.columns[1].cards.append(moved)
        board.columns[0].count = 2; board.columns[0].matching = 2
        board.columns[1].count = 3; board.columns[1].matching = 3
        _ = update(&s, .boardLoaded(board, focusDeal: 2))
        #expect(s.focusColumn == 1 && s.focusedCard?.id == 2)
    }

    @Test func reorderAndDeleteAskForConfirmationFirst() {
        var s = loadedState([3])
        #expect(press(&s, .char("J")) == [.reorderDeal(id: 1, by: 1)])
        #expect(press(&s, .char("K")) == [.reorderDeal(id: 1, by: -1)])
        #expect(press(&s, .char("d")).isEmpty)
        guard case .confirm = s.mode else { Issue.record("expected a confirmation"); return }
        #expect(press(&s, .char("n")).isEmpty)
        guard case .board = s.mode else { Issue.record("n goes back to the board"); return }
        press(&s, .char("d"))
        #expect(press(&s, .char("s")) == [.deleteDeal(id: 1)])
    }

    @Test func theFilterIsAskedOfTheStoreAndItsAnswerShownAndEscClearsIt() {
        // Case and accents are the store's business now (BoardPageTests): here, what is asked and what is shown.
        let board = makeBoard([2, 2])
        var s = AppState(lang: .pt, size: Size(width: 120, height: 40), now: Date())
        _ = update(&s, .boardLoaded(board, focusDeal: nil))
        press(&s, .char("/"))
        type(&s, "clinica")
        #expect(s.filter == "clinica" && s.readFilter == "clinica")
        var answer = board
        answer.filter = "clinica"
        answer.columns[0].cards = [board.columns[0].cards[1]]
        answer.columns[0].matching = 1
        answer.columns[1].cards = []
        answer.columns[1].matching = 0
        answer.columns[0].cards[0].title = "Orçamento Clínica"
        _ = update(&s, .boardLoaded(answer, focusDeal: nil))
        #expect(s.visibleCount(0) == 1 && s.visibleCount(1) == 0)
        #expect(s.focusedCard?.title == "Orçamento Clínica")
        press(&s, .enter)
        #expect(s.filter == "clinica")
        #expect(press(&s, .char("/"), .ctrl("u")) == [.filterBoard("", focusDeal: 2)])
        var asked: [Effect] = []
        for ch in "JOAO" { asked += update(&s, .key(.char(ch))) }
        #expect(asked == ["J", "JO", "JOA", "JOAO"].map { .filterBoard($0, focusDeal: 2) }, "one read per key; the runtime keeps the last")
        #expect(press(&s, .esc) == [.filterBoard("", focusDeal: 2)])
        _ = update(&s, .boardLoaded(board, focusDeal: nil))
        #expect(s.filter.isEmpty && s.visibleCount(0) == 2)
    }

    @Test func scrollingKeepsTheSelectedCardOnScreen() {
        var s = loadedState([200], size: Size(width: 80, height: 24))
        let per = s.layout.cardsPerColumn
        for _ in 0..<50 { press(&s, .char("j")) }
        let scroll = s.cardScroll[100] ?? 0
        #expect(scroll <= 50 && 50 < scroll + per)
        press(&s, .char("G"))
        #expect(s.cardScroll[100] == 200 - per)
        press(&s, .pageUp)
        #expect(s.selectedIndex(0) == 199 - per)
    }

    @Test func manyColumnsScrollHorizontally() {
        var s = loadedState([1, 1, 1, 1, 1, 1, 1, 1], size: Size(width: 90, height: 30))
        let visible = s.layout.visibleColumns
        #expect(visible == 3)
        for _ in 0..<6 { press(&s, .char("l")) }
        #expect(s.columnScroll == 6 - visible + 1)
    }

    @Test func newDealFormValidatesEveryFieldAndSavesNothingUntilValid() {
        var s = loadedState([1, 1])
        press(&s, .char("l"), .char("n"))
        #expect(press(&s, .enter).isEmpty)
        guard case let .dealForm(form) = s.mode else { Issue.record("form should stay open"); return }
        #expect(form.errors[.title] != nil && form.errors[.contact] != nil && form.errors[.phone] != nil)
        type(&s, "Plano anual – Clínica Sorriso")
        press(&s, .tab); type(&s, "Maria Souza")
        press(&s, .tab); type(&s, "(11) 98765-4321")
        press(&s, .tab); type(&s, "abc")
        #expect(press(&s, .enter).isEmpty, "bad value refused")
        press(&s, .ctrl("u")); type(&s, "1.200,50")
        press(&s, .tab, .char(" "))
        let effects = press(&s, .ctrl("s"))
        #expect(effects == [.addDeal(columnID: 101, DealDraft(title: "Plano anual – Clínica Sorriso", contactName: "Maria Souza",
                                                              phone: "+5511987654321", valueCents: 120_050, ticketClosed: true))])
    }

    @Test func leavingAChangedFormAsksToDiscard() {
        var s = loadedState([1])
        press(&s, .char("n"), .esc)
        guard case .board = s.mode else { Issue.record("unchanged form closes at once"); return }
        press(&s, .char("n")); type(&s, "x"); press(&s, .esc)
        guard case let .confirm(c) = s.mode else { Issue.record("changed form asks"); return }
        #expect(c.question == "Descartar alterações?")
        press(&s, .char("n"))
        guard case let .dealForm(f) = s.mode else { Issue.record("no keeps the form"); return }
        #expect(f.title.text == "x")
    }

    @Test func columnPromptsRefuseEmptyNames() {
        var s = loadedState([1])
        press(&s, .char("C"))
        #expect(press(&s, .enter).isEmpty)
        guard case let .prompt(p) = s.mode else { Issue.record("prompt stays"); return }
        #expect(p.error != nil)
        type(&s, "Negociação")
        #expect(press(&s, .enter) == [.addColumn(boardID: 1, name: "Negociação")])
        press(&s, .char("E"), .ctrl("u")); type(&s, "Fechamento")
        #expect(press(&s, .enter) == [.renameColumn(id: 100, name: "Fechamento")])
    }

    @Test func dealScreenWritesMessagesAndTogglesTheTicket() {
        var s = loadedState([1])
        #expect(press(&s, .enter) == [.loadDeal(1)])
        let c = makeBoard([1]).columns[0]
        let detail = DealDetail(deal: Deal(id: 1, columnID: 100, position: 0, title: "Negócio 1", valueCents: nil, contactID: 1, ticketClosed: false, createdAt: Date()),
                                contact: Contact(id: 1, name: "Ana", phone: "+5511987654321"), column: c.column, messages: [])
        _ = update(&s, .dealLoaded(detail))
        #expect(press(&s, .char("f")) == [.setTicketClosed(dealID: 1, closed: true)])
        press(&s, .char("c")); type(&s, "Oi, vi sim!")
        #expect(press(&s, .enter) == [.addMessage(dealID: 1, author: .customer, text: "Oi, vi sim!")])
        press(&s, .char("a")); type(&s, "   ")
        #expect(press(&s, .enter).isEmpty, "empty message refused")
        press(&s, .esc, .esc)
        guard case .board = s.mode else { Issue.record("Esc goes back"); return }
    }

    @Test func quitAndHelpComeFromTheKeymap() {
        var s = loadedState([1])
        press(&s, .char("?"))
        guard case .help = s.mode else { Issue.record("? opens help"); return }
        press(&s, .esc)
        #expect(press(&s, .char("q")) == [.quit])
        #expect(s.quitRequested)
    }

    @Test func everyBoardKeyInTheTableDispatchesToItsAction() {
        for b in Keymap.table {
            for k in b.keys {
                let a = Keymap.action(for: k, in: b.context)
                #expect(a == b.action, "\(k) in \(b.context) should be \(b.action), got \(String(describing: a))")
            }
        }
    }
}

@Suite struct MouseTests {
    @Test func aClickOnTheRobotOpensThatColumnsFollowUpAndAClickOnACardSelectsIt() {
        var s = loadedState([3, 3], size: Size(width: 100, height: 30))
        let second = s.layout.columnRect(slot: 1)
        let effects = update(&s, .key(.mouse(x: second.maxX - 4, y: second.y)))
        #expect(effects == [.loadFollowUpFacts(columnID: 101)])
        guard case .followUp = s.mode else { Issue.record("the dialog opens"); return }
        var t = loadedState([3, 3], size: Size(width: 100, height: 30))
        let first = t.layout.columnRect(slot: 0)
        _ = update(&t, .key(.mouse(x: first.x + 3, y: first.y + 1 + (BoardLayout.cardHeight + BoardLayout.cardGap) * 2)))
        #expect(t.focusColumn == 0 && t.focusedCard?.id == 3)
    }
}
