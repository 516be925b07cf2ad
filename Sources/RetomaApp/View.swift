import Foundation
import RetomaCore
import TUIKit

/// Draws the whole screen for a state. Pure: the same state and theme always give the same buffer.
public func view(_ state: AppState, theme: Theme) -> Buffer {
    var buf = Buffer(width: state.size.width, height: state.size.height, fill: theme[.boardBackground])
    let min = AppState.minimumSize
    // The results and the review queue degrade (truncated lines) on a terminal too small for the board.
    if state.size.width < min.width || state.size.height < min.height, !isResults(state.mode), !isReview(state.mode) {
        drawTooSmall(&buf, state, theme)
        return buf
    }
    drawMode(&buf, state, state.mode, theme)
    if state.monitorPane.size != .hidden, !isDealScreen(state.mode) {
        let rows = monitorHeight(state)
        drawMonitor(&buf, state, rect: Rect(x: 0, y: state.size.height - 2 - rows, width: state.size.width, height: rows), theme)
    }
    drawStatus(&buf, state, theme)
    drawFooter(&buf, state, theme)
    return buf
}

private func drawMode(_ buf: inout Buffer, _ state: AppState, _ mode: Mode, _ theme: Theme) {
    switch mode {
    case .board, .filter:
        drawBoard(&buf, state, theme)
    case let .deal(screen):
        drawDeal(&buf, state, screen, theme)
    case let .dealForm(form):
        drawBoard(&buf, state, theme)
        drawDealForm(&buf, state, form, theme)
    case let .followUp(form):
        drawBoard(&buf, state, theme)
        drawFollowUp(&buf, state, form, theme)
    case let .prompt(prompt):
        drawMode(&buf, state, prompt.under, theme)
        drawPrompt(&buf, state, prompt, theme)
    case let .confirm(confirm):
        drawMode(&buf, state, confirm.under, theme)
        drawConfirm(&buf, state, confirm, theme)
    case let .help(scroll, under):
        drawMode(&buf, state, under, theme)
        drawHelp(&buf, state, scroll: scroll, theme)
    case .demoOffer:
        drawTitleBar(&buf, state, theme)
        drawDemoOffer(&buf, state, theme)
    case let .unassigned(list, selected):
        drawBoard(&buf, state, theme)
        drawUnassigned(&buf, state, list, selected, theme)
    case let .boards(list, selected):
        drawBoard(&buf, state, theme)
        drawBoards(&buf, state, list, selected, theme)
    case let .deleteBoard(deletion):
        drawBoard(&buf, state, theme)
        drawBoards(&buf, state, deletion.list, deletion.selected, theme)
        drawDeleteBoard(&buf, state, deletion, theme)
    case let .templates(picker):
        drawMode(&buf, state, picker.under, theme)
        drawTemplatePicker(&buf, state, picker, theme)
    case let .results(screen):
        drawResults(&buf, state, screen, theme)
    case let .review(screen):
        drawReview(&buf, state, screen, theme)
    }
}

private func drawTooSmall(_ buf: inout Buffer, _ state: AppState, _ theme: Theme) {
    let text = state.lang.t(.terminalTooSmall(.init(state.size.width, state.size.height),
                                              .init(AppState.minimumSize.width, AppState.minimumSize.height)))
    let lines = wrap(text, width: max(1, state.size.width - 2))
    let top = max(0, (state.size.height - lines.count) / 2)
    for (i, line) in lines.enumerated() {
        buf.put(line, x: 1, y: top + i, style: theme[.warning], maxWidth: state.size.width - 2)
    }
}

private func isResults(_ mode: Mode) -> Bool {
    switch mode {
    case .results: return true
    case let .help(_, under): return isResults(under)
    default: return false
    }
}

private func isReview(_ mode: Mode) -> Bool {
    switch mode {
    case .review: return true
    case let .help(_, under): return isReview(under)
    case let .prompt(p): return isReview(p.under)
    case let .confirm(c): return isReview(c.under)
    default: return false
    }
}

private func isDealScreen(_ mode: Mode) -> Bool {
    switch mode {
    case .deal: return true
    case let .prompt(p): return isDealScreen(p.under)
    case let .confirm(c): return isDealScreen(c.under)
    case let .help(_, under): return isDealScreen(under)
    default: return false
    }
}

/// The state as it was under the help screen, so `?` explains the keys of what it covers.
func stateUnderHelp(_ state: AppState) -> AppState {
    var under = state
    if case let .help(_, mode) = state.mode { under.mode = mode }
    return under
}

private func drawStatus(_ buf: inout Buffer, _ state: AppState, _ theme: Theme) {
    let row = state.layout.statusRow
    buf.fill(Rect(x: 0, y: row, width: buf.width, height: 1), style: theme[.statusBar])
    if case let .filter(field) = state.mode {
        let label = state.lang.t(.filterPrompt)
        let used = buf.put(" " + label, x: 0, y: row, style: theme[.statusBar])
        field.draw(in: &buf, rect: Rect(x: used, y: row, width: buf.width - used - 1, height: 1),
                   style: theme[.fieldInputFocused], placeholderStyle: theme[.placeholder], focused: true)
        return
    }
    guard let status = state.status else { return }
    let style: Style
    switch status.kind {
    case .info: style = theme[.statusBar]
    case .success: style = theme[.success]
    case .error: style = theme[.error]
    }
    buf.put(" " + status.text, x: 0, y: row, style: style, maxWidth: buf.width)
}

private func drawFooter(_ buf: inout Buffer, _ state: AppState, _ theme: Theme) {
    let row = state.layout.footerRow
    buf.fill(Rect(x: 0, y: row, width: buf.width, height: 1), style: theme[.footer])
    // Help and quit always fit: the context's own keys give way first.
    let hints = footerHints(state)
    let global = hints.filter(\.global), local = hints.filter { !$0.global }
    func width(_ h: FooterHint) -> Int { DisplayWidth.of(h.keys) + 1 + DisplayWidth.of(h.words) + 2 }
    // (The last hint needs no gap after it.)
    let reserved = global.reduce(0) { $0 + width($1) } - (global.isEmpty ? 0 : 2)
    var x = 1
    for h in local {
        if x + width(h) + reserved > buf.width { break }
        x += buf.put(h.keys, x: x, y: row, style: theme[.statusBarKey])
        x += buf.put(" " + h.words + "  ", x: x, y: row, style: theme[.footer])
    }
    for h in global where x + width(h) - 2 <= buf.width {
        x += buf.put(h.keys, x: x, y: row, style: theme[.statusBarKey])
        x += buf.put(" " + h.words + "  ", x: x, y: row, style: theme[.footer])
    }
}

struct FooterHint: Equatable {
    var keys: String
    var words: String
    var global: Bool
}

/// The keys that act right now, from the same table that dispatches them: the context's own footer
/// bindings that are not disabled, then the global ones, each with only the keys that act here (a function
/// key only where it is the one that acts: F1 while typing; `?` lists them all).
func footerHints(_ state: AppState) -> [FooterHint] {
    var hints: [FooterHint] = []
    for (b, keys) in Keymap.active(in: state) where b.inFooter && b.disabled(state) == nil {
        let plain = keys.filter { if case .function = $0 { return false } else { return true } }
        let hint = FooterHint(keys: Keymap.label(plain.isEmpty ? keys : plain, state.lang), words: state.lang.t(.keyShort(b.action)),
                              global: b.context == .global)
        // Neighbours with the same words share one hint: "H/L mover".
        if let last = hints.last, last.words == hint.words, last.global == hint.global {
            hints[hints.count - 1].keys += "/" + hint.keys
        } else {
            hints.append(hint)
        }
    }
    return hints
}
