import Foundation
import RetomaCore
import TUIKit

/// What the board reads: only what is on screen. The store answers the columns with their counts and, per
/// column, pages of the cards that pass the filter; here each column keeps one window of them, asks for more a
/// screen before the selection reaches its end, and forgets what lies far away.
extension AppState {
    /// Cards asked for at a time (the runtime's reads of the whole board use it too).
    public static let pageSize = 64

    /// Cards per page on this terminal: at least three screens of a column.
    var pageLimit: Int { max(Self.pageSize, layout.cardsPerColumn * 3) }

    /// The most cards a column keeps loaded.
    var windowLimit: Int { pageLimit * 4 }

    /// The indices a column should have loaded: its cards on screen and a screen more on each side.
    func neededCards(_ snap: ColumnSnapshot) -> Range<Int> {
        let per = layout.cardsPerColumn
        let n = snap.matching
        let first = max(0, min(cardScroll[snap.column.id] ?? 0, n - 1))
        return max(0, first - per)..<min(n, first + 2 * per)
    }

    /// Takes a fresh snapshot, keeping the focus on the same deal (or on `focusDeal` after a move). A snapshot of
    /// this board read with a filter that has changed since is dropped: the read with the new one is on its way. A column
    /// scrolled past the cards the snapshot brings keeps the ones it shows until they are read again there.
    mutating func applyBoard(_ snapshot: BoardSnapshot, focusDeal: Int64?) {
        guard board?.board.id != snapshot.board.id || snapshot.filter == filter else { return }
        let keepDeal = focusDeal ?? focusedCard?.id
        let keepColumnID = focusedColumn?.column.id
        var kept: [Int64: ColumnSnapshot] = [:]
        // After a change to one deal (a move, a new deal) the fresh read has it where it is now: keep nothing
        // that may show it where it was.
        if focusDeal == nil, let previous = board, previous.filter == snapshot.filter {
            for column in previous.columns where !column.cards.isEmpty { kept[column.column.id] = column }
        }
        var fresh = snapshot
        for i in fresh.columns.indices {
            let id = fresh.columns[i].column.id
            guard let old = kept[id] else { continue }
            let need = neededCards(fresh.columns[i])
            let covers = { (s: ColumnSnapshot) in s.loaded.lowerBound <= need.lowerBound && need.upperBound <= s.loaded.upperBound }
            if !need.isEmpty, !covers(fresh.columns[i]), covers(old) {
                fresh.columns[i].cards = old.cards
                fresh.columns[i].firstIndex = old.firstIndex
                staleColumns.insert(id)
            }
        }
        board = fresh
        if let keepDeal, let (col, idx) = locate(deal: keepDeal) {
            focusColumn = col
            select(col, idx)
        } else if let keepColumnID, let col = columns.firstIndex(where: { $0.column.id == keepColumnID }) {
            focusColumn = col
        }
        focusColumn = max(0, min(focusColumn, columns.count - 1))
        for col in columns.indices { select(col, selectedIndex(col)) }
        keepFocusVisible()
    }

    /// Puts a page of cards into its column's window: joined to it when they touch, in its place otherwise.
    mutating func applyPage(_ page: CardPage) {
        let request = pendingPages.removeValue(forKey: page.columnID)
        guard let board, page.filter == board.filter,
              let col = board.columns.firstIndex(where: { $0.column.id == page.columnID }) else { return }
        let id = page.columnID
        let selectedDeal = card(col, selectedIndex(col))?.id
        var snap = board.columns[col]
        snap.count = page.count
        snap.matching = page.matching
        let stale = staleColumns.remove(id) != nil
        if page.cards.isEmpty {
            switch request {
            case .after?, .before?:
                // The window is out of step with the column (it changed under it): read it again.
                if page.matching > 0 { staleColumns.insert(id) }
            case .fromIndex(let i)?:
                snap.matching = min(snap.matching, max(0, i))
            default:
                snap.matching = 0   // the column has no such cards, whatever its counter said
            }
            snap.cards = []
            snap.firstIndex = 0
        } else {
            let new = page.firstIndex..<(page.firstIndex + page.cards.count)
            let old = snap.loaded
            if !stale, !snap.cards.isEmpty, new.lowerBound <= old.upperBound, old.lowerBound <= new.upperBound {
                let ids = Set(page.cards.map(\.id))
                let before = snap.cards.prefix(max(0, new.lowerBound - old.lowerBound)).filter { !ids.contains($0.id) }
                let after = snap.cards.suffix(max(0, old.upperBound - new.upperBound)).filter { !ids.contains($0.id) }
                snap.cards = before + page.cards + after
                snap.firstIndex = new.lowerBound - before.count
            } else {
                snap.cards = page.cards
                snap.firstIndex = page.firstIndex
            }
        }
        trim(&snap)
        self.board?.columns[col] = snap
        if let selectedDeal, let i = snap.cards.firstIndex(where: { $0.id == selectedDeal }) {
            select(col, snap.firstIndex + i)
        } else {
            select(col, selectedIndex(col))
        }
        keepFocusVisible()
    }

    /// Keeps at most `windowLimit` cards, those nearest the selection.
    private func trim(_ snap: inout ColumnSnapshot) {
        let limit = windowLimit
        guard snap.cards.count > limit else { return }
        let selected = selection[snap.column.id] ?? 0
        let lower = max(snap.firstIndex, min(selected - limit / 2, snap.loaded.upperBound - limit))
        let start = lower - snap.firstIndex
        snap.cards = Array(snap.cards[start..<(start + limit)])
        snap.firstIndex = lower
    }

    /// What the screen needs read and has not asked for yet: the board again when the filter changed, else a page
    /// for each column on screen whose window does not hold its `neededCards`.
    mutating func boardReads() -> [Effect] {
        guard let board else { return [] }
        if filter != readFilter {
            readFilter = filter
            return [.filterBoard(filter, focusDeal: focusedCard?.id)]
        }
        guard board.filter == filter else { return [] }
        var effects: [Effect] = []
        let limit = pageLimit
        for slot in 0..<layout.visibleColumns {
            guard let snap = board.columns[safe: columnScroll + slot] else { break }
            let id = snap.column.id
            guard pendingPages[id] == nil, let request = pageRequest(snap) else { continue }
            pendingPages[id] = request
            effects.append(.loadCards(columnID: id, request: request, filter: filter, limit: limit))
        }
        return effects
    }

    /// The page that brings a column's window closer to its `neededCards`, or nil when it holds them. Keyset
    /// requests from the window's ends; far jumps (`G`, `g`) go to the ends, or seek by position without a filter.
    func pageRequest(_ snap: ColumnSnapshot) -> CardPageRequest? {
        let id = snap.column.id
        let need = neededCards(snap)
        if staleColumns.contains(id) {
            if let deal = snap.cards[safe: (selection[id] ?? 0) - snap.firstIndex] { return .around(dealID: deal.id) }
        } else if need.isEmpty || (snap.loaded.lowerBound <= need.lowerBound && need.upperBound <= snap.loaded.upperBound) {
            return nil
        }
        guard !need.isEmpty else { return .first }
        let have = snap.loaded
        let n = snap.matching
        if snap.cards.isEmpty || staleColumns.contains(id) {
            if need.lowerBound == 0 { return .first }
            if need.upperBound >= n { return .last }
            return filter.isEmpty ? .fromIndex(need.lowerBound) : .first
        }
        if need.upperBound > have.upperBound {
            if need.lowerBound <= have.upperBound, let last = snap.cards.last { return .after(CardKey(last)) }
            if need.upperBound >= n { return .last }
            if filter.isEmpty { return .fromIndex(need.lowerBound) }
            return snap.cards.last.map { .after(CardKey($0)) }
        }
        if need.upperBound >= have.lowerBound, let first = snap.cards.first { return .before(CardKey(first)) }
        if need.lowerBound == 0 { return .first }
        if filter.isEmpty { return .fromIndex(need.lowerBound) }
        return snap.cards.first.map { .before(CardKey($0)) }
    }
}
