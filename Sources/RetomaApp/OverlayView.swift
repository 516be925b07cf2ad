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
    let inner = dialog(&buf, width: 58, height: lines.count + 4, title: state.lang.t(.confirmTitle), theme)
    for (i, l) in lines.enumerated() {
        buf.put(l, x: inner.x + 2, y: inner.y + 1 + i, style: theme[.dialog], maxWidth: inner.width - 4)
    }
    let answer = state.lang.t(.confirmAnswer)
    buf.put(answer, x: inner.x + 2, y: inner.y + lines.count + 1, style: theme[.warning], maxWidth: inner.width - 4)
}

func drawDemoOffer(_ buf: inout Buffer, _ state: AppState, _ theme: Theme) {
    let text = state.lang.t(.demoOffer)
    let lines = wrap(text, width: 52)
    let inner = dialog(&buf, width: 58, height: lines.count + 4, title: state.lang.t(.appName), theme)
    for (i, l) in lines.enumerated() {
        buf.put(l, x: inner.x + 2, y: inner.y + 1 + i, style: theme[.dialog], maxWidth: inner.width - 4)
    }
    let answer = state.lang.t(.demoAnswer)
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
    row(.title, lang.t(.fieldTitle), form.title, placeholder: lang.t(.placeholderTitle))
    row(.contact, lang.t(.fieldContact), form.contact, placeholder: "Maria Souza")
    row(.phone, lang.t(.fieldPhone), form.phone, placeholder: "+55 11 98765-4321")
    row(.value, lang.t(.fieldValue), form.value, placeholder: "1.200,50")
    let focused = form.focus == .closed
    Checkbox.draw(in: &buf, rect: Rect(x: inner.x + 1, y: y, width: inner.width - 2, height: 1), label: lang.t(.fieldClosed),
                  checked: form.closed, style: focused ? theme[.fieldInputFocused] : theme[.fieldLabel])
}

/// One row of `?`: a heading, or a binding with its keys, its words and why it cannot act now.
struct HelpRow: Equatable {
    var keys: String
    var text: String
    var heading = false
    var unavailable: String?
}

/// Every binding of the table, in sections: what the screen under the help covers first (its keys checked
/// against that state), then the global keys, then every other context.
func helpRows(_ state: AppState) -> [HelpRow] {
    let lang = state.lang
    let under = stateUnderHelp(state)
    let here = under.keyContext
    var rows: [HelpRow] = []
    let order = [here, .global] + KeyContext.allCases.filter { $0 != here && $0 != .global && $0 != .bulkTypeCount }
    var keywordsListed = false
    for context in order {
        let bindings = Keymap.bindings(in: context)
        guard !bindings.isEmpty else { continue }
        if !rows.isEmpty { rows.append(HelpRow(keys: "", text: "")) }
        rows.append(HelpRow(keys: lang.t(.helpSection(context)), text: "", heading: true))
        for b in bindings {
            let reason = context == here || context == .global ? b.disabled(under).map { lang.t($0) } : nil
            rows.append(HelpRow(keys: Keymap.label(b, lang), text: lang.t(.keyDesc(b.action)), unavailable: reason))
        }
        // The `/` filter's keywords, once, in the first of the board's and the filter's sections listed.
        if !keywordsListed, context == .board || context == .filter {
            keywordsListed = true
            rows += BoardFilter.Keyword.allCases.map { HelpRow(keys: $0.typed, text: lang.t(.filterKeyword($0))) }
            rows.append(HelpRow(keys: "", text: lang.t(.filterKeywordsCombine)))
        }
    }
    return rows
}

/// Rows of help inside the dialog for this terminal size.
/// (The dialog is the screen's height less four rows, its border included.)
private func helpHeight(_ state: AppState) -> Int { max(1, state.size.height - 6) }

func maxHelpScroll(_ state: AppState) -> Int { max(0, helpRows(state).count - helpHeight(state)) }

func drawHelp(_ buf: inout Buffer, _ state: AppState, scroll: Int, _ theme: Theme) {
    let lang = state.lang
    let rows = helpRows(state)
    let inner = dialog(&buf, width: 112, height: buf.height - 4, title: lang.t(.helpTitle) + " — ?", theme)
    let first = min(scroll, max(0, rows.count - inner.height))
    for (i, r) in rows.dropFirst(first).prefix(inner.height).enumerated() {
        let y = inner.y + i
        if r.heading {
            buf.put(r.keys, x: inner.x + 1, y: y, style: theme[.help].adding(.bold), maxWidth: inner.width - 2)
            continue
        }
        // A key that cannot act now is dimmed, with the reason after its words.
        let keyStyle = r.unavailable == nil ? theme[.helpKey] : theme[.cardMuted]
        let textStyle = r.unavailable == nil ? theme[.help] : theme[.cardMuted]
        buf.put(r.keys, x: inner.x + 2, y: y, style: keyStyle, maxWidth: 18)
        let used = buf.put(r.text, x: inner.x + 21, y: y, style: textStyle, maxWidth: inner.width - 22)
        if let why = r.unavailable {
            buf.put(" — " + lang.t(.helpUnavailable(why)), x: inner.x + 21 + used, y: y, style: theme[.cardMuted],
                    maxWidth: max(0, inner.width - 22 - used))
        }
    }
    if rows.count > inner.height {
        ListView.drawScrollbar(in: &buf, x: inner.maxX - 1, y: inner.y, height: inner.height, count: rows.count,
                               visible: inner.height, offset: first, theme: theme)
    }
}

func drawUnassigned(_ buf: inout Buffer, _ state: AppState, _ list: [UnassignedSummary]?, _ selected: Int, _ theme: Theme) {
    let lang = state.lang
    let rows = list?.count ?? 1
    let inner = dialog(&buf, width: min(100, buf.width - 2), height: min(buf.height - 4, max(rows, 1) * 2 + 4),
                       title: lang.t(.unassignedTitle), theme)
    guard let list else {
        buf.put(" " + lang.t(.loading), x: inner.x + 1, y: inner.y + 1, style: theme[.cardMuted])
        return
    }
    if list.isEmpty {
        buf.put(" " + lang.t(.unassignedNone), x: inner.x + 1, y: inner.y + 1, style: theme[.cardMuted], maxWidth: inner.width - 2)
        return
    }
    let per = max(1, (inner.height - 1) / 2)
    let first = BoardLayout.scroll(current: 0, selected: selected, window: per, count: list.count)
    for (i, c) in list[first..<min(list.count, first + per)].enumerated() {
        let y = inner.y + 1 + i * 2
        let style = first + i == selected ? theme[.selection] : theme[.dialog]
        buf.fill(Rect(x: inner.x + 1, y: y, width: inner.width - 2, height: 2), style: style)
        let head = lang.t(.unassignedLine(phone: Phone.display(c.phone), name: c.name, count: c.count, at: BrazilTime.display(c.lastAt, lang)))
        buf.put(head, x: inner.x + 2, y: y, style: style.adding(.bold), maxWidth: inner.width - 4)
        buf.put("“" + c.lastText + "”", x: inner.x + 4, y: y + 1, style: style, maxWidth: inner.width - 6)
    }
}

/// The board switcher: each board with its deals and active follow-ups, the open one marked.
func drawBoards(_ buf: inout Buffer, _ state: AppState, _ list: [BoardSummary]?, _ selected: Int, _ theme: Theme) {
    let lang = state.lang
    let rows = list?.count ?? 1
    let inner = dialog(&buf, width: min(84, buf.width - 2), height: min(buf.height - 4, max(rows, 1) + 4),
                       title: lang.t(.boardsTitle), theme)
    guard let list else {
        buf.put(" " + lang.t(.loading), x: inner.x + 1, y: inner.y + 1, style: theme[.cardMuted])
        return
    }
    let per = max(1, inner.height - 2)
    let first = BoardLayout.scroll(current: 0, selected: selected, window: per, count: list.count)
    let nameW = min(24, max(8, inner.width / 2 - 6))
    for (i, b) in list[first..<min(list.count, first + per)].enumerated() {
        let y = inner.y + 1 + i
        let style = first + i == selected ? theme[.selection] : theme[.dialog]
        buf.fill(Rect(x: inner.x + 1, y: y, width: inner.width - 2, height: 1), style: style)
        let mark = b.id == state.board?.board.id ? "● " : "  "
        var x = inner.x + 2
        x += buf.put(mark + DisplayWidth.pad(DisplayWidth.truncate(b.name, to: nameW), to: nameW), x: x, y: y,
                     style: style.adding(.bold), maxWidth: inner.width - 4)
        buf.put("  " + lang.t(.boardLine(deals: b.deals, followUps: b.activeFollowUps)), x: x, y: y, style: style,
                maxWidth: max(0, inner.maxX - 1 - x))
    }
}

/// Where the deals of a board being deleted go.
func drawDeleteBoard(_ buf: inout Buffer, _ state: AppState, _ d: BoardDeletion, _ theme: Theme) {
    let lang = state.lang
    let lines = wrap(lang.t(.deleteBoardMove(d.board.name, d.board.deals)), width: 60)
    let inner = dialog(&buf, width: 66, height: lines.count + 6, title: lang.t(.deleteBoardTitle(d.board.name)), theme)
    for (i, l) in lines.enumerated() {
        buf.put(l, x: inner.x + 2, y: inner.y + 1 + i, style: theme[.dialog], maxWidth: inner.width - 4)
    }
    let y = inner.y + lines.count + 2
    let used = buf.put(lang.t(.deleteBoardTarget), x: inner.x + 2, y: y, style: theme[.fieldLabel])
    d.target.draw(in: &buf, rect: Rect(x: inner.x + 2 + used, y: y, width: inner.width - 4 - used, height: 1), style: theme[.fieldInputFocused])
    buf.put(lang.t(.deleteBoardAnswer), x: inner.x + 2, y: y + 1, style: theme[.warning], maxWidth: inner.width - 4)
}
