import Foundation
import RetomaCore
import TUIKit

/// Draws the whole screen for a state. Pure: the same state and theme always give the same buffer.
public func view(_ state: AppState, theme: Theme) -> Buffer {
    var buf = Buffer(width: state.size.width, height: state.size.height, fill: theme[.boardBackground])
    let min = AppState.minimumSize
    if state.size.width < min.width || state.size.height < min.height {
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
        let context = helpContext(under)
        drawHelp(&buf, state, scroll: scroll, context: context == .board && state.monitorPane.focused ? .monitor : context, theme)
    case .demoOffer:
        drawTitleBar(&buf, state, theme)
        drawDemoOffer(&buf, state, theme)
    case let .unassigned(list, selected):
        drawBoard(&buf, state, theme)
        drawUnassigned(&buf, state, list, selected, theme)
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

private func isDealScreen(_ mode: Mode) -> Bool {
    switch mode {
    case .deal: return true
    case let .prompt(p): return isDealScreen(p.under)
    case let .confirm(c): return isDealScreen(c.under)
    case let .help(_, under): return isDealScreen(under)
    default: return false
    }
}

func helpContext(_ mode: Mode) -> KeyContext {
    switch mode {
    case .deal: return .deal
    case let .prompt(p): return helpContext(p.under)
    case let .confirm(c): return helpContext(c.under)
    default: return .board
    }
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
    let globalLabels = Set(Keymap.bindings(in: .global).map(Keymap.label))
    let global = hints.filter { globalLabels.contains($0.0) }, local = hints.filter { !globalLabels.contains($0.0) }
    func width(_ h: (String, String)) -> Int { DisplayWidth.of(h.0) + 1 + DisplayWidth.of(h.1) + 2 }
    let reserved = global.reduce(0) { $0 + width($1) }
    var x = 1
    for h in local {
        if x + width(h) + reserved > buf.width { break }
        x += buf.put(h.0, x: x, y: row, style: theme[.statusBarKey])
        x += buf.put(" " + h.1 + "  ", x: x, y: row, style: theme[.footer])
    }
    for h in global where x + width(h) <= buf.width {
        x += buf.put(h.0, x: x, y: row, style: theme[.statusBarKey])
        x += buf.put(" " + h.1 + "  ", x: x, y: row, style: theme[.footer])
    }
}

/// The keys that matter right now, from the same table that dispatches them.
func footerHints(_ state: AppState) -> [(String, String)] {
    let lang = state.lang
    func fromTable(_ ctx: KeyContext) -> [(String, String)] {
        (Keymap.bindings(in: ctx) + Keymap.bindings(in: .global)).filter(\.inFooter).map { (Keymap.label($0), $0.action.short(lang)) }
    }
    switch state.mode {
    case .board where state.monitorPane.focused: return fromTable(.monitor)
    case .board: return fromTable(.board)
    case .deal: return fromTable(.deal)
    case .help: return fromTable(.help)
    case .filter: return [("Enter", lang == .pt ? "aplicar" : "apply"), ("Esc", lang == .pt ? "limpar" : "clear")]
    case .prompt: return [("Enter", lang == .pt ? "confirmar" : "confirm"), ("Esc", lang.t(.cancel).lowercased())]
    case let .followUp(form): return followUpHints(form, lang)
    case .dealForm: return [("Tab/Shift-Tab", lang == .pt ? "campos" : "fields"), ("Espaço", lang == .pt ? "marcar" : "toggle"),
                            ("Enter/Ctrl-S", lang.t(.save).lowercased()), ("Esc", lang.t(.cancel).lowercased())]
    case .confirm, .demoOffer: return [("s/Enter", lang.t(.yes)), ("n/Esc", lang.t(.no))]
    case .unassigned: return [("j/k", lang == .pt ? "escolher" : "choose"), ("a", lang == .pt ? "dar à negociação em foco" : "give to the focused deal"),
                              ("Esc", lang.t(.back))]
    }
}
