import Foundation
import RetomaCore
import TUIKit

/// A centred dialog frame with a title; returns the area inside the border.
func dialog(_ buf: inout Buffer, width: Int, height: Int, title: String, _ theme: Theme) -> Rect {
    let area = Rect(x: 0, y: 1, width: buf.width, height: buf.height - 3)
    let frame = area.centered(width: min(width, buf.width - 2), height: min(height, area.height))
    buf.fill(frame, style: theme[.dialog])
    Box.draw(in: &buf, rect: frame, style: theme[.dialogBorder])
    buf.put(" " + DisplayWidth.truncate(title, to: frame.width - 4) + " ", x: frame.x + 1, y: frame.y, style: theme[.dialogTitle])
    return frame.inset(by: 1)
}

func drawPrompt(_ buf: inout Buffer, _ state: AppState, _ prompt: Prompt, _ theme: Theme) {
    let inner = dialog(&buf, width: 64, height: prompt.error == nil ? 4 : 5, title: prompt.title, theme)
    prompt.field.draw(in: &buf, rect: Rect(x: inner.x + 1, y: inner.y + 1, width: inner.width - 2, height: 1),
                      style: theme[.fieldInputFocused], placeholderStyle: theme[.placeholder], focused: true)
    if let e = prompt.error {
        buf.put("⚠ " + e, x: inner.x + 1, y: inner.y + 2, style: theme[.fieldError], maxWidth: inner.width - 2)
    }
}

func drawConfirm(_ buf: inout Buffer, _ state: AppState, _ confirm: Confirm, _ theme: Theme) {
    let lines = wrap(confirm.question, width: 52)
    let inner = dialog(&buf, width: 58, height: lines.count + 4, title: state.lang == .pt ? "Confirmar" : "Confirm", theme)
    for (i, l) in lines.enumerated() {
        buf.put(l, x: inner.x + 2, y: inner.y + 1 + i, style: theme[.dialog], maxWidth: inner.width - 4)
    }
    let answer = state.lang == .pt ? "[s] sim   [n] não" : "[y] yes   [n] no"
    buf.put(answer, x: inner.x + 2, y: inner.y + lines.count + 1, style: theme[.warning], maxWidth: inner.width - 4)
}

func drawDemoOffer(_ buf: inout Buffer, _ state: AppState, _ theme: Theme) {
    let text = state.lang.t(.demoOffer)
    let lines = wrap(text, width: 52)
    let inner = dialog(&buf, width: 58, height: lines.count + 4, title: "Retoma", theme)
    for (i, l) in lines.enumerated() {
        buf.put(l, x: inner.x + 2, y: inner.y + 1 + i, style: theme[.dialog], maxWidth: inner.width - 4)
    }
    let answer = state.lang == .pt ? "[s] criar demonstração   [n] quadro vazio" : "[y] create the demo   [n] empty board"
    buf.put(answer, x: inner.x + 2, y: inner.y + lines.count + 1, style: theme[.warning], maxWidth: inner.width - 4)
}

func drawDealForm(_ buf: inout Buffer, _ state: AppState, _ form: DealForm, _ theme: Theme) {
    let lang = state.lang
    let title = lang.t(form.editingID == nil ? .newDeal : .editDeal)
    let inner = dialog(&buf, width: 70, height: 15, title: title, theme)
    let labelW = 20
    let fieldW = inner.width - labelW - 3
    var y = inner.y + 1
    func row(_ f: DealForm.Field, _ label: String, _ field: TextField, placeholder: String) {
        var field = field
        field.placeholder = placeholder
        let focused = form.focus == f
        buf.put(label, x: inner.x + 1, y: y, style: focused ? theme[.fieldLabel].adding(.bold) : theme[.fieldLabel], maxWidth: labelW)
        field.draw(in: &buf, rect: Rect(x: inner.x + 1 + labelW, y: y, width: fieldW, height: 1),
                   style: focused ? theme[.fieldInputFocused] : theme[.fieldInput], placeholderStyle: theme[.placeholder],
                   focused: focused)
        if let e = form.errors[f] {
            buf.put("⚠ " + e, x: inner.x + 1 + labelW, y: y + 1, style: theme[.fieldError], maxWidth: fieldW)
        }
        y += 2
    }
    row(.title, lang.t(.fieldTitle), form.title, placeholder: lang == .pt ? "Plano anual – Clínica Sorriso" : "Annual plan – Acme")
    row(.contact, lang.t(.fieldContact), form.contact, placeholder: "Maria Souza")
    row(.phone, lang.t(.fieldPhone), form.phone, placeholder: "+55 11 98765-4321")
    row(.value, lang.t(.fieldValue), form.value, placeholder: "1.200,50")
    let focused = form.focus == .closed
    Checkbox.draw(in: &buf, rect: Rect(x: inner.x + 1, y: y, width: inner.width - 2, height: 1), label: lang.t(.fieldClosed),
                  checked: form.closed, style: focused ? theme[.fieldInputFocused] : theme[.fieldLabel])
}

func drawHelp(_ buf: inout Buffer, _ state: AppState, scroll: Int, context: KeyContext, _ theme: Theme) {
    let lang = state.lang
    var rows: [(String, String, Bool)] = []   // keys, description, is a heading
    func section(_ title: S, _ ctx: KeyContext) {
        rows.append((lang.t(title), "", true))
        for b in Keymap.bindings(in: ctx) { rows.append((Keymap.label(b), b.action.describe(lang), false)) }
        rows.append(("", "", false))
    }
    section(context == .deal ? .helpDeal : context == .monitor ? .helpMonitor : .helpBoard, context)
    section(.helpGlobal, .global)
    rows.append((lang.t(.helpForm), "", true))
    for (k, d) in [("Tab/Shift-Tab", lang == .pt ? "próximo/anterior campo" : "next/previous field"),
                   ("Espaço", lang == .pt ? "marcar/desmarcar" : "toggle"),
                   ("Enter/Ctrl-S", lang.t(.save)), ("Esc", lang.t(.cancel))] { rows.append((k, d, false)) }
    let inner = dialog(&buf, width: 64, height: buf.height - 4, title: lang.t(.helpTitle) + " — ?", theme)
    let first = min(scroll, max(0, rows.count - inner.height))
    for (i, r) in rows.dropFirst(first).prefix(inner.height).enumerated() {
        if r.2 {
            buf.put(r.0, x: inner.x + 1, y: inner.y + i, style: theme[.help].adding(.bold), maxWidth: inner.width - 2)
        } else {
            buf.put(r.0, x: inner.x + 2, y: inner.y + i, style: theme[.helpKey], maxWidth: 18)
            buf.put(r.1, x: inner.x + 21, y: inner.y + i, style: theme[.help], maxWidth: inner.width - 22)
        }
    }
}

func drawUnassigned(_ buf: inout Buffer, _ state: AppState, _ list: [UnassignedSummary]?, _ selected: Int, _ theme: Theme) {
    let pt = state.lang == .pt
    let rows = list?.count ?? 1
    let inner = dialog(&buf, width: min(100, buf.width - 2), height: min(buf.height - 4, max(rows, 1) * 2 + 4),
                       title: pt ? "Conversas sem negociação" : "Conversations with no deal", theme)
    guard let list else {
        buf.put(pt ? " carregando…" : " loading…", x: inner.x + 1, y: inner.y + 1, style: theme[.cardMuted])
        return
    }
    if list.isEmpty {
        buf.put(pt ? " Nenhuma: toda mensagem recebida tem uma negociação." : " None: every message received has a deal.",
                x: inner.x + 1, y: inner.y + 1, style: theme[.cardMuted], maxWidth: inner.width - 2)
        return
    }
    let per = max(1, (inner.height - 1) / 2)
    let first = BoardLayout.scroll(current: 0, selected: selected, window: per, count: list.count)
    for (i, c) in list[first..<min(list.count, first + per)].enumerated() {
        let y = inner.y + 1 + i * 2
        let style = first + i == selected ? theme[.selection] : theme[.dialog]
        buf.fill(Rect(x: inner.x + 1, y: y, width: inner.width - 2, height: 2), style: style)
        let head = Phone.display(c.phone) + (c.name.map { " · " + $0 } ?? "") + " · \(c.count) " + (pt ? "mensagens" : "messages")
            + " · " + BrazilTime.display(c.lastAt, state.lang)
        buf.put(head, x: inner.x + 2, y: y, style: style.adding(.bold), maxWidth: inner.width - 4)
        buf.put("“" + c.lastText + "”", x: inner.x + 4, y: y + 1, style: style, maxWidth: inner.width - 6)
    }
}
