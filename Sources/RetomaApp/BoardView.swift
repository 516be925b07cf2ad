import Foundation
import RetomaCore
import TUIKit

func drawTitleBar(_ buf: inout Buffer, _ state: AppState, _ theme: Theme) {
    buf.fill(Rect(x: 0, y: 0, width: buf.width, height: 1), style: theme[.statusBar])
    var title = " Retoma"
    if let b = state.board { title += " · " + b.board.name }
    let drawn = buf.put(title, x: 0, y: 0, style: theme[.statusBar].adding(.bold), maxWidth: buf.width)
    // Who is at this terminal, after the board's name: cut to 16 columns, and left out when the name of the
    // board already fills a narrow terminal.
    let me = " · 👤 " + DisplayWidth.truncate(state.operatorName, to: 16)
    if drawn + DisplayWidth.of(me) <= buf.width { buf.put(me, x: drawn, y: 0, style: theme[.statusBar]) }
    title += me
    var right = ""
    if state.loading { right = state.lang.t(.loading) + " " }
    if let e = state.engine {
        var parts: [String] = []
        if e.paused { parts.append(state.lang.t(.titlePaused)) }
        if e.problem != nil || e.elsewhere != nil { parts.append(state.lang.t(.titleEngineTrouble)) }
        parts.append(e.channel)
        if let m = e.model { parts.append(m) }
        right += parts.joined(separator: " · ") + " · "
    }
    if let r = state.reviewWaiting, r.boardID == state.board?.board.id, r.waiting > 0 {
        right += state.lang.t(.reviewCount(r.waiting)) + " · "
    }
    let total = state.columns.reduce(0) { $0 + $1.count }
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
    let count = " \(state.visibleCount(col))" + (state.filter.isEmpty ? "" : "/\(snap.count)")
    let nameRoom = robotX - rect.x - 3 - DisplayWidth.of(count)
    let headerStyle = focused ? theme[.columnHeaderFocused] : theme[.columnHeader]
    var x = rect.x + 1
    x += buf.put(" " + DisplayWidth.truncate(snap.column.name, to: max(1, nameRoom)), x: x, y: rect.y, style: headerStyle)
    buf.put(count + " ", x: x, y: rect.y, style: theme[.cardMuted])
    buf.put(robot, x: robotX, y: rect.y, style: paused ? theme[.error] : fu.enabled ? theme[.robotOn] : theme[.robotOff])
    if fu.enabled, !paused, let next = schedule?.nextAt {
        let text = " " + state.lang.t(.columnNext(next <= state.now ? nil : clock(next))) + " "
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
        let y = inner.y + (i - first) * (BoardLayout.cardHeight + BoardLayout.cardGap)
        let cardRect = Rect(x: inner.x, y: y, width: inner.width, height: BoardLayout.cardHeight)
        guard let card = state.card(col, i) else {
            // Not read yet (a jump far down the column): its page is on its way.
            buf.fill(cardRect, style: theme[.card])
            buf.put("…", x: cardRect.x + 1, y: cardRect.y, style: theme[.cardMuted])
            continue
        }
        drawCard(&buf, state, card, rect: cardRect, selected: focused && i == selected, theme)
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
    // The value is right-aligned and never clipped; the contact name gives way to it, then to the owner's first name.
    var value = card.valueCents.map { Money.format(cents: $0) } ?? ""
    if let owner = card.owner.flatMap({ $0.split(separator: " ").first }).map(String.init) {
        let tag = "👤" + DisplayWidth.truncate(owner, to: 8)
        value = value.isEmpty ? tag : tag + " " + value
    }
    let valueW = min(DisplayWidth.of(value), w)
    if valueW > 0 { buf.put(value, x: x + w - valueW, y: rect.y + 1, style: muted, maxWidth: valueW) }
    var nameRoom = valueW > 0 ? w - valueW - 1 : w
    var nameX = x
    if card.contactOptedOut {
        // The contact asked for no more messages: 🚫 before the name, which gives way to it.
        let mark = optedOutMark + " "
        let used = buf.put(mark, x: x, y: rect.y + 1, style: muted, maxWidth: max(0, nameRoom))
        nameX += used; nameRoom -= used
    }
    buf.put(DisplayWidth.truncate(card.contactName, to: nameRoom), x: nameX, y: rect.y + 1, style: muted,
            maxWidth: max(0, nameRoom))
    let line = cardStatus(card, due: state.figures.cards[card.id], now: state.now, width: w, lang: state.lang)
    let ticketStyle = card.ticketClosed ? (selected ? base : theme[.cardClosed]) : muted
    var used = buf.put(line.ticket, x: x, y: rect.y + 2, style: ticketStyle, maxWidth: w)
    let robotW = line.robot.isEmpty ? 0 : DisplayWidth.of(line.robot) + 1
    var room = max(0, w - used - robotW)
    let gapW = buf.put(line.gap, x: x + used, y: rect.y + 2, style: muted, maxWidth: room)
    used += gapW; room -= gapW
    // A customer waiting for an answer is the thing to see first: the theme's warning, selected or not.
    let lastStyle = line.awaiting ? theme[.warning] : muted
    used += buf.put(DisplayWidth.truncate(line.last, to: room), x: x + used, y: rect.y + 2, style: lastStyle, maxWidth: room)
    if !line.robot.isEmpty, robotW <= w - used {
        buf.put(line.robot, x: x + w - robotW + 1, y: rect.y + 2, style: selected ? base : theme[.robotOn])
    }
}

/// On a card whose contact opted out, before the contact's name.
let optedOutMark = "🚫"

/// A card's third line in three parts: the ticket ("● aberto"), who wrote last and when (" · empresa há 2 h"),
/// or, when the customer did, that they await an answer and for how long (" · aguardando resposta · 2 h"),
/// and the next follow-up on the right ("🤖 em 3 h").
struct CardStatus: Equatable {
    var ticket: String
    /// What separates the ticket from `last` (" · ", " ", or nothing when `last` is empty).
    var gap: String
    var last: String
    var robot: String
    /// `last` says the customer awaits an answer (drawn in the theme's warning).
    var awaiting = false
    var text: String { ticket + gap + last + (robot.isEmpty ? "" : " " + robot) }
}

/// The fullest form of a card's third line that fits `width`. The least important gives way first: the
/// spaces in the ages, then who wrote last, then the last message altogether; the ticket's label and the
/// follow-up stay, and only on the narrowest cards does the ticket keep just its symbol. A customer who
/// awaits an answer is never dropped: the ticket's label gives way to it first, then its own words
/// ("aguardando · 2h"), and past that the caller truncates it to the room left.
func cardStatus(_ card: CardSummary, due: Date?, now: Date, width: Int, lang: Lang) -> CardStatus {
    let ticketFull = card.ticketClosed ? "✔ " + lang.t(.ticketClosed) : "● " + lang.t(.ticketOpen)
    let ticketSymbol = card.ticketClosed ? "✔" : "●"
    if let at = card.lastMessageAt, card.lastMessageAuthor == .customer {
        return awaitingStatus(since: at, ticketFull: ticketFull, ticketSymbol: ticketSymbol, due: due, now: now,
                              width: width, lang: lang)
    }
    var lastFull = lang.t(.noMessages), lastCompact = lastFull, ageOnly = ""
    if let at = card.lastMessageAt, let author = card.lastMessageAuthor {
        let who: String
        switch author {
        case .customer: who = lang.t(.fromCustomer)
        case .agent: who = lang.t(.fromUs)
        case .followup: who = "🤖"
        }
        lastFull = lang.t(.lastMessage(who: who, age: shortAge(from: at, to: now, lang)))
        let compact = shortAge(from: at, to: now, lang, compact: true)
        lastCompact = lang.t(.lastMessage(who: who, age: compact))
        ageOnly = compact.map { lang.t(.ago($0)) } ?? lang.t(.justNow)
    }
    var robotFull = "", robotCompact = ""
    if let due {
        let soon = due > now
        robotFull = lang.t(.nextFollowUp(time: shortAge(from: now, to: due, lang), soon: soon, compact: false))
        robotCompact = lang.t(.nextFollowUp(time: shortAge(from: now, to: due, lang, compact: true), soon: soon, compact: true))
    }
    func line(_ ticket: String, _ last: String, _ robot: String) -> CardStatus {
        // A bare symbol reads "● empresa há 2h", not "● · empresa…".
        let gap = last.isEmpty ? "" : (ticket == ticketSymbol ? " " : " · ")
        return CardStatus(ticket: ticket, gap: gap, last: last, robot: robot)
    }
    let candidates = [
        line(ticketFull, lastFull, robotFull),
        line(ticketFull, lastCompact, robotFull),
        line(ticketFull, lastCompact, robotCompact),
        line(ticketFull, ageOnly, robotCompact),
        line(ticketFull, "", robotCompact),
        line(ticketSymbol, ageOnly, robotCompact),
        line(ticketSymbol, "", robotCompact),
    ]
    return candidates.first { DisplayWidth.of($0.text) <= width } ?? candidates[candidates.count - 1]
}

/// The third line of a card whose last message is the customer's: "● aberto · aguardando resposta · 2 h",
/// narrowing to "● aguardando · 2h"; the age ticks with the board's clock (`now`).
private func awaitingStatus(since at: Date, ticketFull: String, ticketSymbol: String, due: Date?, now: Date,
                            width: Int, lang: Lang) -> CardStatus {
    let full = lang.t(.awaitingReply(age: shortAge(from: at, to: now, lang), short: false))
    let compactAge = shortAge(from: at, to: now, lang, compact: true)
    let compact = lang.t(.awaitingReply(age: compactAge, short: false))
    let short = lang.t(.awaitingReply(age: compactAge, short: true))
    // A follow-up is rarely due once the customer spoke; when one is, it keeps only its compact form.
    var robotCompact = ""
    if let due {
        robotCompact = lang.t(.nextFollowUp(time: shortAge(from: now, to: due, lang, compact: true), soon: due > now,
                                            compact: true))
    }
    func line(_ ticket: String, _ last: String) -> CardStatus {
        CardStatus(ticket: ticket, gap: ticket == ticketSymbol ? " " : " · ", last: last, robot: robotCompact,
                   awaiting: true)
    }
    var bare = line(ticketSymbol, short)
    bare.robot = ""
    let candidates = [
        line(ticketFull, full), line(ticketFull, compact),
        line(ticketSymbol, full), line(ticketSymbol, compact), line(ticketSymbol, short),
        bare,
    ]
    return candidates.first { DisplayWidth.of($0.text) <= width } ?? bare
}
