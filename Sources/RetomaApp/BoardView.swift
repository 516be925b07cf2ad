import Foundation
import RetomaCore
import TUIKit

func drawTitleBar(_ buf: inout Buffer, _ state: AppState, _ theme: Theme) {
    buf.fill(Rect(x: 0, y: 0, width: buf.width, height: 1), style: theme[.statusBar])
    var title = " Retoma"
    if let b = state.board { title += " · " + b.board.name }
    buf.put(title, x: 0, y: 0, style: theme[.statusBar].adding(.bold), maxWidth: buf.width)
    var right = ""
    if state.loading { right = state.lang == .pt ? "carregando… " : "loading… " }
    if let e = state.engine {
        var parts: [String] = []
        if e.paused { parts.append(state.lang == .pt ? "⏸ PAUSADO" : "⏸ PAUSED") }
        if e.problem != nil || e.elsewhere != nil { parts.append(state.lang == .pt ? "motor: ver status" : "engine: see status") }
        parts.append(e.channel)
        if let m = e.model { parts.append(m) }
        right += parts.joined(separator: " · ") + " · "
    }
    let total = state.columns.reduce(0) { $0 + $1.cards.count }
    if !state.filter.isEmpty {
        let shown = state.columns.indices.reduce(0) { $0 + state.visibleCount($1) }
        right += state.lang.t(.filterActive(state.filter)) + " · \(shown)/\(total) "
    } else if state.board != nil {
        right += "\(total) \(state.lang.t(.cards)) "
    }
    let w = DisplayWidth.of(right)
    if w < buf.width - DisplayWidth.of(title) - 1 {
        buf.put(right, x: buf.width - w, y: 0, style: theme[.statusBar])
    }
}

/// Only the visible columns and, in each, only the cards on screen are laid out: the cost of a frame
/// does not grow with the size of the board.
func drawBoard(_ buf: inout Buffer, _ state: AppState, _ theme: Theme) {
    drawTitleBar(&buf, state, theme)
    let l = state.layout
    guard !state.columns.isEmpty else {
        if state.board != nil {
            buf.put(state.lang.t(.emptyBoard), x: 2, y: l.boardArea.y + 1, style: theme[.cardMuted], maxWidth: buf.width - 4)
        }
        return
    }
    for slot in 0..<l.visibleColumns {
        let col = state.columnScroll + slot
        guard state.columns.indices.contains(col) else { break }
        drawColumn(&buf, state, col, rect: l.columnRect(slot: slot), theme)
    }
    // Arrows at the edges say more columns exist off screen.
    if state.columnScroll > 0 {
        buf.put("◀", x: 0, y: l.boardArea.y + l.boardArea.height / 2, style: theme[.columnBorderFocused])
    }
    if state.columnScroll + l.visibleColumns < state.columns.count {
        buf.put("▶", x: buf.width - 1, y: l.boardArea.y + l.boardArea.height / 2, style: theme[.columnBorderFocused])
    }
}

private func drawColumn(_ buf: inout Buffer, _ state: AppState, _ col: Int, rect: Rect, _ theme: Theme) {
    let snap = state.columns[col]
    let focused = col == state.focusColumn && isBoardFocus(state.mode)
    let border = focused ? theme[.columnBorderFocused] : theme[.columnBorder]
    Box.draw(in: &buf, rect: rect, style: border)
    // Header: name and count on the left, the robot on the right.
    let fu = snap.column.followUp
    let schedule = state.figures.columns[snap.column.id]
    let paused = fu.enabled && (fu.paused || state.engine?.paused == true)
    var robot = fu.enabled ? "🤖 " + fu.interval.short : "🤖"
    if paused { robot = "⏸ " + robot } else if let w = schedule?.waiting, w > 0, fu.enabled { robot += " ⏳\(w)" }
    let robotW = DisplayWidth.of(robot)
    let robotX = rect.maxX - robotW - 2
    let count = " \(state.visibleCount(col))" + (state.filter.isEmpty ? "" : "/\(snap.cards.count)")
    let nameRoom = robotX - rect.x - 3 - DisplayWidth.of(count)
    let headerStyle = focused ? theme[.columnHeaderFocused] : theme[.columnHeader]
    var x = rect.x + 1
    x += buf.put(" " + DisplayWidth.truncate(snap.column.name, to: max(1, nameRoom)), x: x, y: rect.y, style: headerStyle)
    buf.put(count + " ", x: x, y: rect.y, style: theme[.cardMuted])
    buf.put(robot, x: robotX, y: rect.y, style: paused ? theme[.error] : fu.enabled ? theme[.robotOn] : theme[.robotOff])
    if fu.enabled, !paused, let next = schedule?.nextAt {
        let text = (state.lang == .pt ? " próx. " : " next ") + (next <= state.now ? (state.lang == .pt ? "agora" : "now") : clock(next)) + " "
        buf.put(text, x: rect.x + (rect.width - DisplayWidth.of(text)) / 2, y: rect.maxY - 1, style: theme[.robotOn])
    }

    let inner = Rect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 2)
    let count2 = state.visibleCount(col)
    if count2 == 0 {
        let text = state.filter.isEmpty ? state.lang.t(.emptyColumn) : state.lang.t(.noMatches)
        buf.put(" " + text, x: inner.x, y: inner.y, style: theme[.cardMuted], maxWidth: inner.width)
        return
    }
    let first = state.cardScroll[snap.column.id] ?? 0
    let per = state.layout.cardsPerColumn
    let selected = state.selectedIndex(col)
    for i in first..<min(count2, first + per) {
        guard let card = state.card(col, i) else { break }
        let y = inner.y + (i - first) * (BoardLayout.cardHeight + BoardLayout.cardGap)
        drawCard(&buf, state, card, rect: Rect(x: inner.x, y: y, width: inner.width, height: BoardLayout.cardHeight),
                 selected: focused && i == selected, theme)
    }
    // How many cards are above and below the window, on the borders.
    if first > 0 { buf.put(" ↑\(first) ", x: rect.x + 2, y: rect.y + rect.height - 1, style: theme[.cardMuted]) }
    let below = count2 - first - per
    if below > 0 {
        let text = " ↓\(below) "
        buf.put(text, x: rect.maxX - 2 - DisplayWidth.of(text), y: rect.y + rect.height - 1, style: theme[.cardMuted])
    }
}

private func isBoardFocus(_ mode: Mode) -> Bool {
    switch mode {
    case .board, .filter: return true
    default: return false
    }
}

private func drawCard(_ buf: inout Buffer, _ state: AppState, _ card: CardSummary, rect: Rect, selected: Bool, _ theme: Theme) {
    let base = selected ? theme[.cardSelected] : theme[.card]
    let muted = selected ? theme[.cardSelected] : theme[.cardMuted]
    buf.fill(rect, style: base)
    let w = rect.width - 2
    let x = rect.x + 1
    buf.put(DisplayWidth.truncate(card.title, to: w), x: x, y: rect.y, style: base.adding(.bold), maxWidth: w)
    // The value is right-aligned and never clipped; the contact name gives way to it.
    let value = card.valueCents.map { Money.format(cents: $0) } ?? ""
    let valueW = min(DisplayWidth.of(value), w)
    if valueW > 0 { buf.put(value, x: x + w - valueW, y: rect.y + 1, style: muted, maxWidth: valueW) }
    let nameRoom = valueW > 0 ? w - valueW - 1 : w
    buf.put(DisplayWidth.truncate(card.contactName, to: nameRoom), x: x, y: rect.y + 1, style: muted, maxWidth: nameRoom)
    let lang = state.lang
    // "● aberto · cliente há 2 h", and on the right "🤖 em 3h" when a follow-up is scheduled; when room is
    // short the ticket keeps only its symbol, then the age is clipped.
    var robot = ""
    if let due = state.figures.cards[card.id] {
        robot = "🤖 " + (due <= state.now ? (lang == .pt ? "agora" : "now") : (lang == .pt ? "em " : "in ") + shortAge(from: state.now, to: due, lang))
    }
    let robotW = robot.isEmpty ? 0 : DisplayWidth.of(robot) + 1
    var last = " · " + lang.t(.noMessages)
    if let at = card.lastMessageAt, let author = card.lastMessageAuthor {
        let who: String
        switch author {
        case .customer: who = lang.t(.fromCustomer)
        case .agent: who = lang.t(.fromUs)
        case .followup: who = "🤖"
        }
        last = " · " + who + " " + lang.t(.ago(shortAge(from: at, to: state.now, lang)))
    }
    var ticket = card.ticketClosed ? "✔ " + lang.t(.ticketClosed) : "● " + lang.t(.ticketOpen)
    if DisplayWidth.of(ticket + last) + robotW > w { ticket = card.ticketClosed ? "✔" : "●" }
    let used = buf.put(ticket, x: x, y: rect.y + 2, style: card.ticketClosed ? (selected ? base : theme[.cardClosed]) : muted, maxWidth: w)
    buf.put(DisplayWidth.truncate(last, to: w - used - robotW), x: x + used, y: rect.y + 2, style: muted, maxWidth: w - used - robotW)
    if !robot.isEmpty, robotW <= w - used {
        buf.put(robot, x: x + w - robotW + 1, y: rect.y + 2, style: selected ? base : theme[.robotOn])
    }
}
