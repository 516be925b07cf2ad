import Foundation
import RetomaCore
import TUIKit

extension AppState {
    public var columns: [ColumnSnapshot] { board?.columns ?? [] }
    public var layout: BoardLayout {
        BoardLayout(size: size, columnCount: columns.count, monitorRows: monitorPane.size == .full ? 0 : monitorHeight(self))
    }

    /// Cards of a column that pass the filter (all of them without one), loaded or not.
    public func visibleCount(_ col: Int) -> Int {
        columns[safe: col]?.matching ?? 0
    }

    /// The card at a visible index of a column (after the filter), when it is loaded.
    public func card(_ col: Int, _ index: Int) -> CardSummary? {
        guard let snap = columns[safe: col] else { return nil }
        return snap.cards[safe: index - snap.firstIndex]
    }

    public var focusedColumn: ColumnSnapshot? {
        columns.indices.contains(focusColumn) ? columns[focusColumn] : nil
    }

    public func selectedIndex(_ col: Int) -> Int {
        guard let c = columns[safe: col] else { return 0 }
        return min(selection[c.column.id] ?? 0, max(0, visibleCount(col) - 1))
    }

    public var focusedCard: CardSummary? { card(focusColumn, selectedIndex(focusColumn)) }

    mutating func select(_ col: Int, _ index: Int) {
        guard let c = columns[safe: col] else { return }
        selection[c.column.id] = max(0, min(index, visibleCount(col) - 1))
    }

    /// Where a deal is among the loaded cards: (column, index).
    func locate(deal id: Int64) -> (Int, Int)? {
        for col in columns.indices {
            if let i = columns[col].cards.firstIndex(where: { $0.id == id }) { return (col, columns[col].firstIndex + i) }
        }
        return nil
    }

    /// The filter is answered by the database: `boardReads` asks for the board again with it.
    mutating func setFilter(_ text: String) {
        filter = text
    }

    /// Scrolls columns and cards so that the focused card is drawn.
    mutating func keepFocusVisible() {
        let l = layout
        columnScroll = BoardLayout.scroll(current: columnScroll, selected: focusColumn, window: l.visibleColumns, count: columns.count)
        for col in columns.indices {
            let id = columns[col].column.id
            cardScroll[id] = BoardLayout.scroll(current: cardScroll[id] ?? 0, selected: selectedIndex(col),
                                                window: l.cardsPerColumn, count: visibleCount(col))
        }
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}

/// A board action from the keymap (its disabled checks already passed).
func boardAction(_ state: inout AppState, _ action: KeyAction) -> [Effect] {
    let col = state.focusColumn
    let sel = state.selectedIndex(col)
    let page = state.layout.cardsPerColumn
    switch action {
    case .left: state.focusColumn = max(0, col - 1)
    case .right: state.focusColumn = min(max(0, state.columns.count - 1), col + 1)
    case .up: state.select(col, sel - 1)
    case .down: state.select(col, sel + 1)
    case .top: state.select(col, 0)
    case .bottom: state.select(col, state.visibleCount(col) - 1)
    case .pageUp: state.select(col, sel - page)
    case .pageDown: state.select(col, sel + page)
    case .moveCardLeft, .moveCardRight:
        guard let card = state.focusedCard else { return [] }
        let target = col + (action == .moveCardLeft ? -1 : 1)
        guard let dest = state.columns[safe: target] else { return [] }
        return [.moveDeal(id: card.id, toColumn: dest.column.id)]
    case .moveCardUp, .moveCardDown:
        guard let card = state.focusedCard else { return [] }
        return [.reorderDeal(id: card.id, by: action == .moveCardUp ? -1 : 1)]
    case .openDeal:
        guard let card = state.focusedCard else { return [] }
        state.mode = .deal(DealScreen(dealID: card.id))
        return [.loadDeal(card.id)]
    case .newDeal:
        guard let column = state.focusedColumn else { return [] }
        state.mode = .dealForm(DealForm(editingID: nil, columnID: column.column.id, title: "", contact: "", phone: "", value: "", closed: false))
    case .editDeal:
        guard let c = state.focusedCard else { return [] }
        state.mode = .dealForm(DealForm(editingID: c.id, columnID: c.columnID, title: c.title, contact: c.contactName,
                                        phone: Phone.display(c.phone), value: c.valueCents.map(editableMoney) ?? "", closed: c.ticketClosed,
                                        revision: c.revision))
    case .assignOwner:
        guard let c = state.focusedCard else { return [] }
        state.mode = .prompt(Prompt(purpose: .owner(dealID: c.id), title: state.lang.t(.ownerPrompt(deal: c.title)),
                                    field: TextField(text: c.owner ?? state.operatorName), error: nil, under: .board))
    case .deleteDeal:
        guard let c = state.focusedCard else { return [] }
        state.mode = .confirm(Confirm(question: state.lang.t(.confirmDeleteDeal(c.title)), action: .deleteDeal(c.id), under: .board))
    case .newColumn:
        guard let board = state.board else { return [] }
        state.mode = .prompt(Prompt(purpose: .newColumn(boardID: board.board.id), title: state.lang.t(.newColumn),
                                    field: TextField(text: ""), error: nil, under: .board))
    case .renameColumn:
        guard let c = state.focusedColumn else { return [] }
        state.mode = .prompt(Prompt(purpose: .renameColumn(id: c.column.id), title: state.lang.t(.renameColumn),
                                    field: TextField(text: c.column.name), error: nil, under: .board))
    case .deleteColumn:
        guard let c = state.focusedColumn else { return [] }
        state.mode = .confirm(Confirm(question: state.lang.t(.confirmDeleteColumn(c.column.name, c.count)),
                                      action: .deleteColumn(c.column.id), under: .board))
    case .moveColumnLeft, .moveColumnRight:
        guard let c = state.focusedColumn else { return [] }
        let delta = action == .moveColumnLeft ? -1 : 1
        guard state.columns.indices.contains(col + delta) else { return [] }
        state.focusColumn = col + delta
        return [.moveColumn(id: c.column.id, by: delta)]
    case .filter:
        state.mode = .filter(TextField(text: state.filter))
    case .clearFilter:
        if !state.filter.isEmpty { state.setFilter("") }
    case .followUp:
        return openFollowUp(&state)
    case .results:
        return openResults(&state)
    case .review:
        return openReview(&state)
    case .monitor:
        state.monitorPane.size = state.monitorPane.size == .hidden ? .pane : state.monitorPane.size
        state.monitorPane.focused = true
    case .monitorFull:
        state.monitorPane.size = .full
        state.monitorPane.focused = true
    case .brake:
        return brake(&state)
    case .unassigned:
        state.mode = .unassigned(list: nil, selected: 0)
        return [.loadUnassigned]
    case .boards:
        return openBoards(&state)
    default:
        break
    }
    state.keepFocusVisible()
    return []
}

/// A click focuses the column and card under the pointer; a click on a header's 🤖 opens its follow-up.
func boardClick(_ state: inout AppState, x: Int, y: Int) -> [Effect] {
    let l = state.layout
    for slot in 0..<l.visibleColumns {
        let rect = l.columnRect(slot: slot)
        let col = state.columnScroll + slot
        guard rect.contains(x: x, y: y), state.columns.indices.contains(col) else { continue }
        state.focusColumn = col
        if y == rect.y {
            if x >= rect.maxX - 8 { return openFollowUp(&state) }
            return []
        }
        let row = y - rect.y - 1
        let index = (state.cardScroll[state.columns[col].column.id] ?? 0) + row / (BoardLayout.cardHeight + BoardLayout.cardGap)
        if row % (BoardLayout.cardHeight + BoardLayout.cardGap) < BoardLayout.cardHeight, index < state.visibleCount(col) {
            state.select(col, index)
        }
        state.keepFocusVisible()
        return []
    }
    return []
}

/// 120050 → "1200,50" (what a person would type back).
func editableMoney(_ cents: Int64) -> String {
    let c = cents.magnitude % 100
    return "\(cents / 100),\(c < 10 ? "0" : "")\(c)"
}
