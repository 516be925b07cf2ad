import Foundation
import RetomaCore
@testable import RetomaApp
import Testing
import TUIKit

/// A card whose last message is the customer's says so, how long they have waited, in the theme's warning;
/// the age ticks with the board's clock, and it fits the narrowest card.
@Suite struct AwaitingCardTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    /// One column of cards, each last written by its author in `authors`.
    func state(_ authors: [MessageAuthor], size: Size = Size(width: 100, height: 24), lang: Lang = .pt,
               ago: TimeInterval = 2 * 3600) -> AppState {
        let cards = authors.enumerated().map { i, author in
            CardSummary(id: Int64(i + 1), columnID: 100, position: i, title: "Negócio \(i + 1)", contactName: "Cliente \(i + 1)",
                        phone: "+5511987654321", valueCents: nil, ticketClosed: false,
                        lastMessageAt: Self.now.addingTimeInterval(-ago), lastMessageAuthor: author)
        }
        let board = BoardSnapshot(board: Board(id: 1, name: "Vendas"),
                                  columns: [ColumnSnapshot(column: Column(id: 100, boardID: 1, name: "Coluna", position: 0), cards: cards)])
        var s = AppState(lang: lang, size: size, now: Self.now)
        _ = update(&s, .boardLoaded(board, focusDeal: nil))
        return s
    }

    /// The third line of the i-th card on screen.
    func statusRow(_ s: AppState, card i: Int) -> Int {
        s.layout.columnRect(slot: 0).y + 1 + i * (BoardLayout.cardHeight + BoardLayout.cardGap) + 2
    }

    /// The column where `needle` starts in row `y`, counted in cells.
    func column(of needle: String, in buf: Buffer, y: Int) -> Int? {
        let line = buf.lines()[y]
        guard let r = line.range(of: needle) else { return nil }
        return DisplayWidth.of(String(line[..<r.lowerBound]))
    }

    @Test func onlyTheCustomersLastMessageShowsAwaiting() {
        let s = state([.customer, .agent, .followup])
        let lines = view(s, theme: .builtinDefault).lines()
        #expect(lines[statusRow(s, card: 0)].contains("● aberto · aguardando resposta · 2 h"), "\(lines[statusRow(s, card: 0)])")
        #expect(!lines[statusRow(s, card: 1)].contains("aguardando"), "\(lines[statusRow(s, card: 1)])")
        #expect(lines[statusRow(s, card: 1)].contains("empresa há 2 h"))
        #expect(!lines[statusRow(s, card: 2)].contains("aguardando"))
        let en = view(state([.customer], lang: .en), theme: .builtinDefault).text()
        #expect(en.contains("● open · awaiting reply · 2 h"), "\(en)")
        #expect(!en.contains("customer 2 h ago"), "the same fact is not said twice")
    }

    @Test func theWordsTakeTheThemesWarningStyle() {
        var theme = Theme.builtinDefault
        let attention = Style(fg: .rgb(0x123456), bg: .rgb(0xabcdef), attrs: [.underline])
        theme[.warning] = attention
        var s = state([.customer, .agent])
        press(&s, .char("j"))   // the second card is selected, the first is not
        let buf = view(s, theme: theme)
        let y = statusRow(s, card: 0)
        let x = try! #require(column(of: "aguardando", in: buf, y: y))
        for dx in 0..<DisplayWidth.of("aguardando resposta · 2 h") {
            #expect(buf[x + dx, y].style == attention, "cell \(x + dx) of \(buf.lines()[y])")
        }
        // The ticket before it keeps the card's own muted style.
        #expect(buf[x - 4, y].style == theme[.cardMuted])
        // Another card's last message is not an alert.
        let y2 = statusRow(s, card: 1)
        let x2 = try! #require(column(of: "empresa", in: buf, y: y2))
        #expect(buf[x2, y2].style != attention)
        // Selected, it stays in the warning style.
        press(&s, .char("k"))
        #expect(view(s, theme: theme)[x, y].style == attention)
        #expect(view(s, theme: theme)[x - 4, y].style == theme[.cardSelected])
        // And a shipped theme's own warning colour is what is drawn.
        let light = ThemeLoader.load("light", environment: [:]).theme
        #expect(light[.warning] != Theme.builtinDefault[.warning])
        #expect(view(s, theme: light)[x, y].style == light[.warning])
    }

    @Test func theWaitTicksWithTheClock() {
        var s = state([.customer], ago: 30)
        let y = statusRow(s, card: 0)
        #expect(view(s, theme: .builtinDefault).lines()[y].contains("aguardando resposta · agora"))
        _ = update(&s, .tick(Self.now.addingTimeInterval(5 * 60)))
        #expect(view(s, theme: .builtinDefault).lines()[y].contains("aguardando resposta · 5 min"))
        _ = update(&s, .tick(Self.now.addingTimeInterval(3 * 86_400)))
        #expect(view(s, theme: .builtinDefault).lines()[y].contains("aguardando resposta · 3 d"))
    }

    @Test func itFitsEveryCardWidthAndNarrowsItsWordsBeforeItGoes() {
        let card = CardSummary(id: 1, columnID: 1, position: 0, title: "T", contactName: "C", phone: "+5511987654321",
                               valueCents: nil, ticketClosed: true, lastMessageAt: Self.now.addingTimeInterval(-17 * 3600),
                               lastMessageAuthor: .customer)
        for lang in [Lang.pt, .en] {
            for width in 1...60 {
                for due in [nil, Self.now.addingTimeInterval(3600)] {
                    let line = cardStatus(card, due: due, now: Self.now, width: width, lang: lang)
                    #expect(line.awaiting)
                    if width >= 18 {   // "✔ aguardando · 17h"; a card on the board is at least 26 wide
                        #expect(DisplayWidth.of(line.text) <= width, "\(width): \(line.text)")
                        #expect(line.last.contains("17"), "\(width): the wait stays: \(line.text)")
                    }
                }
            }
        }
        #expect(cardStatus(card, due: nil, now: Self.now, width: 41, lang: .pt).text == "✔ finalizado · aguardando resposta · 17 h")
        #expect(cardStatus(card, due: nil, now: Self.now, width: 30, lang: .pt).text == "✔ aguardando resposta · 17 h")
        #expect(cardStatus(card, due: nil, now: Self.now, width: 27, lang: .pt).text == "✔ aguardando resposta · 17h")
        #expect(cardStatus(card, due: nil, now: Self.now, width: 20, lang: .pt).text == "✔ aguardando · 17h")
    }

    /// In the narrowest terminal the board accepts, and a little wider: every row exactly the terminal's
    /// width, the border in place, the wait still said.
    @Test func aNarrowBoardTruncatesItByDisplayWidth() {
        for size in [AppState.minimumSize, Size(width: 64, height: 16)] {
            var s = state([.customer, .customer], size: size, lang: .pt)
            var f = MonitorFigures()
            f.cards = [2: Self.now.addingTimeInterval(86_400)]
            _ = update(&s, .figures(f))
            let lines = view(s, theme: .builtinDefault).lines()
            for l in lines { #expect(DisplayWidth.of(l) == size.width, "\(l)") }
            let row = lines[statusRow(s, card: 0)]
            #expect(row.contains("aguardando"), "\(row)")
            #expect(row.hasSuffix("│"), "\(row)")
        }
    }

    /// A contact who opted out: 🚫 before the name (two columns), the value still whole on the right.
    @Test func anOptedOutContactShowsTheNoEntryMark() {
        for size in [AppState.minimumSize, Size(width: 100, height: 24)] {
            var s = state([.customer, .agent], size: size)
            var board = try! #require(s.board)
            board.columns[0].cards[0].contactOptedOut = true
            board.columns[0].cards[0].contactName = "Maria Aparecida dos Santos Albuquerque de Oliveira Magalhães da Conceição e Souza"
            board.columns[0].cards[0].valueCents = 1_234_567
            _ = update(&s, .boardLoaded(board, focusDeal: nil))
            let buf = view(s, theme: .builtinDefault)
            let lines = buf.lines()
            for l in lines { #expect(DisplayWidth.of(l) == size.width, "\(l)") }
            let rect = s.layout.columnRect(slot: 0)
            let nameRow = rect.y + 2
            let row = lines[nameRow]
            #expect(row.contains("│ 🚫 Maria"), "\(row)")
            #expect(row.contains("R$ 12.345,67 │"), "the value is never clipped: \(row)")
            #expect(row.contains("…"), "the name gives way: \(row)")
            let x = rect.x + 2
            #expect(buf[x, nameRow].text == "🚫" && buf[x + 1, nameRow].isContinuation, "two columns wide")
            #expect(!lines[nameRow + BoardLayout.cardHeight + BoardLayout.cardGap].contains("🚫"), "only that contact")
        }
    }
}
