import Foundation
import RetomaCore
@testable import RetomaApp
import Testing
import TUIKit

/// The board reads only what is on screen: a window of each column, more asked for ahead of the selection.
@Suite struct BoardPagingTests {
    /// A column of `count` deals kept "in the database": cards by index, pages as the store would answer them.
    struct Column {
        let id: Int64 = 100
        let count: Int
        var titlePrefix = "Negócio"
        func card(_ i: Int) -> CardSummary {
            CardSummary(id: Int64(i + 1), columnID: id, position: i, title: "\(titlePrefix) \(i + 1)", contactName: "Cliente \(i + 1)",
                        phone: "+5511987650000", valueCents: nil, ticketClosed: false, lastMessageAt: nil, lastMessageAuthor: nil)
        }
        func page(_ range: Range<Int>, filter: String = "") -> CardPage {
            let r = max(0, range.lowerBound)..<min(count, range.upperBound)
            return CardPage(columnID: id, filter: filter, firstIndex: r.lowerBound, cards: r.map(card), count: count, matching: count)
        }
        /// What the store answers for a request.
        func answer(_ request: CardPageRequest, limit: Int, filter: String = "") -> CardPage {
            switch request {
            case .first: return page(0..<limit, filter: filter)
            case .last: return page((count - limit)..<count, filter: filter)
            case .after(let key): return page((key.position + 1)..<(key.position + 1 + limit), filter: filter)
            case .before(let key): return page((key.position - limit)..<key.position, filter: filter)
            case .fromIndex(let i): return page(i..<(i + limit), filter: filter)
            case .around(let id): let i = Int(id) - 1; return page((i - limit / 2)..<(i - limit / 2 + limit), filter: filter)
            }
        }
        func snapshot(firstPage: Int = AppState.pageSize, filter: String = "") -> BoardSnapshot {
            let first = page(0..<firstPage, filter: filter)
            return BoardSnapshot(board: Board(id: 1, name: "Vendas"),
                                 columns: [ColumnSnapshot(column: RetomaCore.Column(id: id, boardID: 1, name: "Prospecção", position: 0),
                                                          cards: first.cards, firstIndex: 0, count: count, matching: count)],
                                 filter: filter)
        }
    }

    func start(_ column: Column, size: Size = Size(width: 100, height: 45)) -> AppState {
        var s = AppState(lang: .pt, size: size, now: Date(timeIntervalSince1970: 1_780_000_000))
        #expect(update(&s, .boardLoaded(column.snapshot(), focusDeal: nil)).isEmpty, "the first page covers the first screen")
        return s
    }

    /// Answers every page request among `effects` as the store would, and those the answers cause, in turn.
    func answer(_ s: inout AppState, _ column: Column, _ effects: [Effect]) {
        var queue = effects
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            if case let .loadCards(_, request, filter, limit) = effect {
                queue += update(&s, .cardsLoaded(column.answer(request, limit: limit, filter: filter)))
            }
        }
    }

    /// Answers only the page requests among `effects`; returns what the answers asked for next.
    func answerOnce(_ s: inout AppState, _ column: Column, _ effects: [Effect]) -> [Effect] {
        var next: [Effect] = []
        for case let .loadCards(_, request, filter, limit) in effects {
            next += update(&s, .cardsLoaded(column.answer(request, limit: limit, filter: filter)))
        }
        return next
    }

    @Test func movingDownAsksForTheNextPageBeforeTheSelectionReachesTheEndOfWhatIsLoaded() {
        let column = Column(count: 100_000)
        var s = start(column)
        let per = s.layout.cardsPerColumn
        var asked: [(at: Int, effect: Effect)] = []
        for _ in 0..<200 {
            let effects = press(&s, .char("j"))
            for e in effects { asked.append((s.selectedIndex(0), e)) }
            answer(&s, column, effects)
        }
        let first = try! #require(asked.first)
        #expect(first.effect == .loadCards(columnID: 100, request: .after(CardKey(column.card(63))), filter: "", limit: s.pageLimit))
        #expect(first.at + per <= AppState.pageSize, "asked for while a screen of loaded cards was still below the selection")
        #expect(s.selectedIndex(0) == 200 && s.focusedCard?.id == 201, "every card on the way was there to select")
        #expect(s.columns[0].cards.count <= s.windowLimit, "far cards are let go")
        #expect(s.columns[0].loaded.contains(200))
        // Moving back up asks for the cards above the window once they come near.
        for _ in 0..<200 { answer(&s, column, press(&s, .char("k"))) }
        #expect(s.focusedCard?.id == 1 && s.columns[0].firstIndex == 0)
    }

    @Test func aPageIsAskedForOnceUntilItArrives() {
        let column = Column(count: 5_000)
        var s = start(column)
        var requests: [Effect] = []
        for _ in 0..<60 { requests += press(&s, .char("j")) }
        #expect(requests.count == 1, "one request in flight per column: \(requests)")
        answer(&s, column, requests)
        #expect(s.columns[0].cards.count == 2 * s.pageLimit)
    }

    @Test func jumpingToTheEndReadsTheLastPageAndShowsPlaceholdersMeanwhile() {
        let column = Column(count: 250_000)
        var s = start(column)
        let effects = press(&s, .char("G"))
        #expect(effects == [.loadCards(columnID: 100, request: .last, filter: "", limit: s.pageLimit)])
        #expect(s.focusedCard == nil, "not read yet")
        let waiting = view(s, theme: .builtinDefault).text()
        #expect(waiting.contains("…") && waiting.contains("↑\(250_000 - s.layout.cardsPerColumn)"))
        #expect(waiting.contains("Prospecção 250000"), "the header counts every deal of the column")
        #expect(waiting.contains("250000 negociações"))
        answer(&s, column, effects)
        #expect(s.focusedCard?.id == 250_000)
        #expect(view(s, theme: .builtinDefault).text().contains("Negócio 250000"))
        // And back to the top.
        let top = press(&s, .char("g"))
        #expect(top == [.loadCards(columnID: 100, request: .first, filter: "", limit: s.pageLimit)])
        answer(&s, column, top)
        #expect(s.focusedCard?.id == 1)
    }

    @Test func pagingDownFarSeeksByPositionWithoutAFilter() {
        let column = Column(count: 100_000)
        var s = start(column)
        let per = s.layout.cardsPerColumn
        var requests: [Effect] = []
        for _ in 0..<30 { requests += press(&s, .pageDown) }   // faster than pages arrive
        #expect(requests.count == 1)
        let seek = answerOnce(&s, column, requests)
        let scroll = s.cardScroll[100] ?? 0
        #expect(seek == [.loadCards(columnID: 100, request: .fromIndex(scroll - per), filter: "", limit: s.pageLimit)],
                "the window is far behind: a seek on the position, not a walk")
        #expect(answerOnce(&s, column, seek).isEmpty)
        #expect(s.selectedIndex(0) == 30 * per && s.focusedCard?.id == Int64(30 * per + 1))
    }

    @Test func aFreshSnapshotKeepsADeepWindowAndReadsAgainAroundTheSelection() {
        let column = Column(count: 10_000)
        var s = start(column)
        for _ in 0..<150 { answer(&s, column, press(&s, .char("j"))) }
        let selected = try! #require(s.focusedCard)
        // A write elsewhere: the runtime reads the board again (counts and first pages only).
        let effects = update(&s, .boardLoaded(column.snapshot(), focusDeal: nil))
        #expect(s.focusedCard == selected, "the cards shown stay until read again: no placeholders")
        #expect(effects == [.loadCards(columnID: 100, request: .around(dealID: selected.id), filter: "", limit: s.pageLimit)])
        answer(&s, column, effects)
        #expect(s.focusedCard == selected && s.staleColumns.isEmpty)
    }

    @Test func theFilterIsAskedOfTheDatabaseAndStaleAnswersAreDropped() {
        let column = Column(count: 1_000)
        var s = start(column)
        #expect(press(&s, .char("/")).isEmpty)
        let typed = [press(&s, .char("c")), press(&s, .char("l"))]
        #expect(typed[0] == [.filterBoard("c", focusDeal: 1)] && typed[1] == [.filterBoard("cl", focusDeal: 1)])
        // The answer to "c" arrives after "cl" was typed: dropped.
        var c = Column(count: 1_000); c.titlePrefix = "c"
        #expect(update(&s, .boardLoaded(c.snapshot(filter: "c"), focusDeal: nil)).isEmpty)
        #expect(s.board?.filter == "" && s.visibleCount(0) == 1_000)
        let filtered = Column(count: 3)
        _ = update(&s, .boardLoaded(BoardSnapshot(board: Board(id: 1, name: "Vendas"), columns: [
            ColumnSnapshot(column: RetomaCore.Column(id: 100, boardID: 1, name: "Prospecção", position: 0),
                           cards: (0..<3).map(filtered.card), firstIndex: 0, count: 1_000, matching: 3),
        ], filter: "cl"), focusDeal: nil))
        #expect(s.visibleCount(0) == 3 && s.columns[0].count == 1_000)
        let text = view(s, theme: .builtinDefault).text()
        #expect(text.contains("Prospecção 3/1000") && text.contains("3/1000"))
        // A page read for another filter is dropped too.
        _ = update(&s, .cardsLoaded(column.page(0..<64, filter: "c")))
        #expect(s.visibleCount(0) == 3)
        press(&s, .esc)
        #expect(s.filter.isEmpty && s.readFilter.isEmpty)
    }
}
