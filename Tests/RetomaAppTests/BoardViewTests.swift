import Foundation
import RetomaCore
@testable import RetomaApp
import Testing
import TUIKit

@Suite struct BoardViewTests {
    let theme = Theme.builtinDefault

    @Test func columnsSideBySideWithNameCountAndRobot() {
        var board = makeBoard([2, 1, 0], names: ["Prospecção", "Em andamento", "Concluído"])
        board.columns[1].column.followUp.enabled = true
        board.columns[1].column.followUp.interval = Interval(amount: 2, unit: .days)
        var s = AppState(lang: .pt, size: Size(width: 100, height: 20), now: Date(timeIntervalSince1970: 1_780_000_000))
        _ = update(&s, .boardLoaded(board, focusDeal: nil))
        let lines = view(s, theme: theme).lines()
        #expect(lines[0].contains("Retoma · Vendas"))
        #expect(lines[1].contains("Prospecção 2") && lines[1].contains("Em andamento 1") && lines[1].contains("Concluído 0"))
        #expect(lines[1].contains("🤖 2d"), "an enabled column shows its interval")
        #expect(lines[2].contains("Negócio 1") && lines[2].contains("Negócio 3"))
        #expect(lines[3].contains("Cliente 1") && lines[3].contains("R$ 1.200,50"))
        #expect(lines[4].contains("● aberto · empresa há 2 h"))
        #expect(lines[2].contains("(vazia)"))
        #expect(lines[19].contains("Enter abrir") && lines[19].contains("? ajuda"))
    }

    @Test func theSelectedCardIsHighlightedWithTheThemeStyle() {
        var s = loadedState([2], size: Size(width: 80, height: 20))
        press(&s, .char("j"))
        let buf = view(s, theme: theme)
        let l = s.layout.columnRect(slot: 0)
        let firstCardY = l.y + 1, secondCardY = firstCardY + BoardLayout.cardHeight + BoardLayout.cardGap
        #expect(buf[l.x + 3, secondCardY].style == theme[.cardSelected].adding(.bold))
        #expect(buf[l.x + 3, firstCardY].style != theme[.cardSelected].adding(.bold))
    }

    @Test func longAccentedAndEmojiTextIsClippedByDisplayWidth() {
        var board = makeBoard([1])
        board.columns[0].cards[0].title = "Orçamento 🚀🚀🚀 de cadeiras ergonômicas para a Clínica São João"
        board.columns[0].cards[0].contactName = "José da Conceição 👩‍💻 Magalhães Albuquerque"
        var s = AppState(lang: .pt, size: Size(width: 60, height: 16), now: Date())
        _ = update(&s, .boardLoaded(board, focusDeal: nil))
        let buf = view(s, theme: theme)
        for line in buf.lines() { #expect(DisplayWidth.of(line) == 60, "every row is exactly the terminal width: \(line)") }
        let title = buf.lines()[2]
        #expect(title.contains("Orçamento 🚀🚀🚀") && title.contains("…"))
        #expect(title.hasSuffix("│"), "the border is not pushed out by wide characters")
    }

    @Test func onlyVisibleCardsAreDrawnAndCountsShowWhatIsOffScreen() {
        let s = loadedState([500], size: Size(width: 80, height: 24))
        let text = view(s, theme: theme).text()
        let per = s.layout.cardsPerColumn
        #expect(text.contains("↓\(500 - per)"))
        #expect(!text.contains("Negócio \(per + 1) "))
        #expect(text.contains("Negócio \(per) "))
    }

    @Test func tooSmallTerminalSaysHowLargeItMustBe() {
        let s = loadedState([3], size: Size(width: 40, height: 10))
        let text = view(s, theme: theme).text()
        #expect(text.contains("40×10"))
        #expect(text.contains("60×16"))
    }

    @Test func dealScreenShowsContactTicketAndConversationNewestAtTheBottom() {
        var s = loadedState([1], size: Size(width: 80, height: 20))
        press(&s, .enter)
        let base = Date(timeIntervalSince1970: 1_780_000_000)
        var messages: [Message] = []
        for i in 0..<30 {
            let author: MessageAuthor = i % 2 == 0 ? .agent : .customer
            let at = base.addingTimeInterval(Double(i) * 600)
            messages.append(Message(id: Int64(i + 1), dealID: 1, author: author, text: "mensagem número \(i + 1)", at: at))
        }
        let c = makeBoard([1]).columns[0]
        let detail = DealDetail(deal: Deal(id: 1, columnID: 100, position: 0, title: "Plano anual", valueCents: 99_900, contactID: 1,
                                           ticketClosed: true, createdAt: base),
                                contact: Contact(id: 1, name: "Ana Lúcia", phone: "+5511987654321"), column: c.column, messages: messages)
        _ = update(&s, .dealLoaded(detail))
        var text = view(s, theme: theme).text()
        #expect(text.contains("Ana Lúcia") && text.contains("+55 11 98765-4321") && text.contains("R$ 999,00"))
        #expect(text.contains("Chamado: finalizado"))
        #expect(text.contains("mensagem número 30"), "the newest message is on screen")
        #expect(!text.contains("mensagem número 1 "))
        for _ in 0..<20 { press(&s, .pageUp) }
        text = view(s, theme: theme).text()
        #expect(text.contains("mensagem número 1 "), "scrolls back to the oldest")
        press(&s, .pageDown)
        #expect(!view(s, theme: theme).text().contains("mensagem número 1 "), "scrolling is clamped at the top, so one page down moves")
    }

    @Test func helpIsGeneratedFromTheKeymap() {
        var s = loadedState([1], size: Size(width: 100, height: 50))
        press(&s, .char("?"))
        let text = view(s, theme: theme).text()
        for b in Keymap.bindings(in: .board) {
            #expect(text.contains(S.keyDesc(b.action).text(.pt)), "\(b.action) missing from help")
        }
    }

    @Test func confirmationAndPromptDialogsDrawOverTheBoard() {
        var s = loadedState([2])
        press(&s, .char("d"))
        #expect(view(s, theme: theme).text().contains("Excluir a negociação “Negócio 1”?"))
        press(&s, .esc, .char("C"))
        type(&s, "Proposta enviada ✅")
        #expect(view(s, theme: theme).text().contains("Proposta enviada ✅"))
    }
}
