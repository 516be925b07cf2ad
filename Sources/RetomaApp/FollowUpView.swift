import Foundation
import RetomaCore
import TUIKit

/// One line (or block) of the dialog, top to bottom.
private enum Row {
    case enabled, paused, eligible, blank, interval, businessHours, afterClose, review, reviewForced
    case label(FollowUpForm.Field), area(FollowUpForm.Field, Int), counter(FollowUpForm.Field)
    case advanced, maxAttempts, onMax, maxPerDay, preview([String]), buttons
    case error(FollowUpForm.Field)

    var height: Int {
        switch self {
        case let .area(_, h): return h
        case let .preview(lines): return lines.count
        default: return 1
        }
    }

    /// The field that owns the row, for keeping the focus on screen.
    var field: FollowUpForm.Field? {
        switch self {
        case .enabled: return .enabled
        case .paused: return .paused
        case .interval: return .amount
        case .businessHours: return .businessHours
        case .afterClose: return .afterClose
        case .review: return .review
        case let .area(f, _): return f
        case .advanced: return .advanced
        case .maxAttempts: return .maxAttempts
        case .onMax: return .onMax
        case .maxPerDay: return .maxPerDay
        case .buttons: return .save
        default: return nil
        }
    }
}

func drawFollowUp(_ buf: inout Buffer, _ state: AppState, _ form: FollowUpForm, _ theme: Theme) {
    let lang = state.lang
    let pt = lang == .pt
    let textW = FollowUpForm.textWidth(for: state.size)
    var rows: [Row] = [.enabled, .eligible, .paused, .blank, .interval]
    if form.errors[.amount] != nil { rows.append(.error(.amount)) }
    rows += [.businessHours, .afterClose, .review] + (form.reviewForced ? [Row.reviewForced] : []) + [.blank,
             .label(.instructions), .area(.instructions, 5), .counter(.instructions),
             .label(.extra), .area(.extra, 3), .counter(.extra), .advanced]
    if form.advancedOpen {
        rows.append(.maxAttempts)
        if form.errors[.maxAttempts] != nil { rows.append(.error(.maxAttempts)) }
        rows.append(.onMax)
        if form.errors[.onMax] != nil { rows.append(.error(.onMax)) }
        rows.append(.maxPerDay)
        if form.errors[.maxPerDay] != nil { rows.append(.error(.maxPerDay)) }
    }
    let preview = previewLines(form.preview, width: textW, lang)
    rows.append(.blank)
    if !preview.isEmpty { rows += [.preview(preview), .blank] }
    rows.append(.buttons)

    let total = rows.reduce(0) { $0 + $1.height }
    let available = buf.height - 3
    let title = (pt ? "Follow-up automático — " : "Automatic follow-up — ") + form.columnName
    let inner = dialog(&buf, width: FollowUpForm.dialogWidth(for: state.size), height: min(available, total + 2), title: title, theme)
    // Scroll so the focused field is fully visible on short terminals.
    var y = 0, scroll = 0
    let focusRow: FollowUpForm.Field = [.preview, .save, .cancel].contains(form.focus) ? .save : (form.focus == .unit ? .amount : form.focus)
    for r in rows {
        if r.field == focusRow { scroll = max(0, y + r.height - inner.height) }
        y += r.height
    }
    let clip = inner
    let x = inner.x + 2
    y = inner.y - scroll
    func label(_ f: FollowUpForm.Field) -> Style { form.focus == f ? theme[.fieldLabel].adding(.bold) : theme[.fieldLabel] }
    func input(_ f: FollowUpForm.Field) -> Style { form.focus == f ? theme[.fieldInputFocused] : theme[.fieldInput] }
    func check(_ f: FollowUpForm.Field, _ on: Bool, _ text: String) {
        guard y >= clip.y, y < clip.maxY else { return }
        Checkbox.draw(in: &buf, rect: Rect(x: x, y: y, width: DisplayWidth.of(text) + 4, height: 1), label: text, checked: on,
                      style: form.focus == f ? theme[.fieldInputFocused] : theme[.dialog])
    }
    for r in rows {
        defer { y += r.height }
        guard y + r.height > clip.y, y < clip.maxY else { continue }
        switch r {
        case .blank: break
        case .enabled:
            check(.enabled, form.enabled, pt ? "Usar Follow-up para essa coluna" : "Use follow-up for this column")
        case .paused:
            check(.paused, form.paused, pt ? "Pausar os envios desta coluna (as configurações ficam guardadas)"
                                           : "Pause sending for this column (the settings are kept)")
        case .eligible:
            let text: String
            var style = theme[.cardMuted]
            if let f = form.forecast(at: state.now) {
                text = pt ? "\(f.eligibleNow) negociações elegíveis agora · \(f.dueNext24h) nas próximas 24 h · "
                            + "\(f.dueNext7d) em 7 dias · \(form.totalDeals) no total"
                          : "\(f.eligibleNow) deals eligible right now · \(f.dueNext24h) in the next 24 h · "
                            + "\(f.dueNext7d) in 7 days · \(form.totalDeals) in total"
                if f.level != .none { style = theme[.warning] }
            } else {
                text = pt ? "contando negociações… · \(form.totalDeals) no total" : "counting deals… · \(form.totalDeals) in total"
            }
            buf.put("    " + text, x: x, y: y, style: style, maxWidth: inner.width - 4, clip: clip)
        case .interval:
            var cx = x + buf.put(pt ? "Intervalo: " : "Interval: ", x: x, y: y, style: label(.amount), clip: clip)
            form.amount.draw(in: &buf, rect: Rect(x: cx, y: y, width: 5, height: 1), style: input(.amount),
                             placeholderStyle: theme[.placeholder], focused: form.focus == .amount)
            cx += 6
            form.unit.draw(in: &buf, rect: Rect(x: cx, y: y, width: form.unit.displayWidth, height: 1), style: input(.unit))
        case let .error(f):
            buf.put("⚠ " + (form.errors[f] ?? ""), x: x + 2, y: y, style: theme[.fieldError], maxWidth: inner.width - 6, clip: clip)
        case .businessHours:
            check(.businessHours, form.businessHours, pt ? "Enviar apenas no horário comercial (seg. a sex., 8h às 18h, horário de Brasília)"
                                                         : "Send only in business hours (Mon–Fri, 8:00–18:00, Brasília time)")
        case .afterClose:
            check(.afterClose, form.afterClose, pt ? "Enviar mesmo que o chamado tenha sido finalizado" : "Send even if the ticket was closed")
        case .review:
            // Forced: shown on, and Space does not change it (`FollowUpUpdate`).
            check(.review, form.review || form.reviewForced, pt ? "Revisar antes de enviar" : "Review before sending")
        case .reviewForced:
            buf.put("    " + (pt ? "modelo local de demonstração: revisão obrigatória para envios reais"
                                 : "local demo model: review is required for real sends"),
                    x: x, y: y, style: theme[.warning], maxWidth: inner.width - 4, clip: clip)
        case let .label(f):
            let name = f == .instructions ? (pt ? "Instruções para a IA" : "Instructions for the AI")
                                          : (pt ? "Informações extras (opcional)" : "Extra information (optional)")
            let used = buf.put(name, x: x, y: y, style: label(f), clip: clip)
            buf.put(pt ? "   Ctrl-E exemplos" : "   Ctrl-E examples", x: x + used, y: y, style: theme[.cardMuted], clip: clip)
        case let .area(f, h):
            let area = f == .instructions ? form.instructions : form.extra
            let rect = Rect(x: x, y: y, width: textW, height: h).intersection(clip)
            area.draw(in: &buf, rect: rect, style: input(f), placeholderStyle: theme[.placeholder], focused: form.focus == f)
        case let .counter(f):
            let count = (f == .instructions ? form.instructions : form.extra).characterCount
            let max = f == .instructions ? FollowUpValidation.instructionsMaxLength : FollowUpValidation.extraInfoMaxLength
            let text = "\(count)/\(max)"
            buf.put(text, x: x + textW - DisplayWidth.of(text), y: y, style: count > max ? theme[.fieldError] : theme[.cardMuted], clip: clip)
            if let e = form.errors[f] { buf.put("⚠ " + e, x: x, y: y, style: theme[.fieldError], maxWidth: textW - DisplayWidth.of(text) - 1, clip: clip) }
        case .advanced:
            let text = (form.advancedOpen ? "▾ " : "▸ ") + (pt ? "Avançado" : "Advanced")
            buf.put(text, x: x, y: y, style: form.focus == .advanced ? theme[.fieldInputFocused] : theme[.fieldLabel], clip: clip)
        case .maxAttempts:
            let l = pt ? "Máximo de follow-ups sem resposta (0 = sem limite): " : "Most follow-ups without a reply (0 = no limit): "
            let used = buf.put("  " + l, x: x, y: y, style: label(.maxAttempts), clip: clip)
            form.maxAttempts.draw(in: &buf, rect: Rect(x: x + used, y: y, width: 5, height: 1), style: input(.maxAttempts),
                                  placeholderStyle: theme[.placeholder], focused: form.focus == .maxAttempts)
        case .onMax:
            let used = buf.put("  " + (pt ? "Ao atingir o máximo: " : "When the maximum is reached: "), x: x, y: y, style: label(.onMax), clip: clip)
            form.onMax.draw(in: &buf, rect: Rect(x: x + used, y: y, width: inner.width - used - 4, height: 1), style: input(.onMax))
        case .maxPerDay:
            let l = pt ? "No máximo " : "At most "
            var cx = x + buf.put("  " + l, x: x, y: y, style: label(.maxPerDay), clip: clip)
            form.maxPerDay.draw(in: &buf, rect: Rect(x: cx, y: y, width: 6, height: 1), style: input(.maxPerDay),
                                placeholderStyle: theme[.placeholder], focused: form.focus == .maxPerDay)
            cx += 7
            buf.put(pt ? "follow-ups por dia nesta coluna (vazio = sem limite)" : "follow-ups a day in this column (empty = no limit)",
                    x: cx, y: y, style: label(.maxPerDay), maxWidth: max(0, inner.maxX - cx - 1), clip: clip)
        case let .preview(lines):
            for (i, l) in lines.enumerated() where y + i >= clip.y && y + i < clip.maxY {
                let style: Style
                switch form.preview {
                case .failed: style = theme[.error]
                default: style = i == 0 ? theme[.fieldLabel].adding(.bold) : theme[.messageFollowup]
                }
                buf.put(l, x: x, y: y + i, style: style, maxWidth: textW, clip: clip)
            }
        case .buttons:
            var bx = x
            for (f, name) in [(FollowUpForm.Field.preview, pt ? "Prévia" : "Preview"), (.save, pt ? "Salvar" : "Save"), (.cancel, pt ? "Cancelar" : "Cancel")] {
                bx += buf.put("[ \(name) ]", x: bx, y: y, style: form.focus == f ? theme[.buttonFocused] : theme[.button], clip: clip) + 2
            }
        }
    }
    if total > inner.height {
        ListView.drawScrollbar(in: &buf, x: inner.maxX - 1, y: inner.y, height: inner.height, count: total,
                               visible: inner.height, offset: scroll, theme: theme)
    }
    // Who saved what the dialog shows, on its bottom border, right-aligned.
    if let saved = form.savedBy {
        let text = " " + DisplayWidth.truncate(state.lang.t(.savedBy(operatorName: saved.operatorName,
                                                                     when: BrazilTime.display(saved.at, state.lang))),
                                               to: inner.width - 4) + " "
        buf.put(text, x: inner.maxX - DisplayWidth.of(text), y: inner.maxY, style: theme[.cardMuted])
    }
    if let picker = form.picker { drawPicker(&buf, state, picker, theme) }
    if let warning = form.warning { drawBulkWarning(&buf, state, warning, theme) }
}

private func previewLines(_ p: FollowUpForm.Preview, width: Int, _ lang: Lang) -> [String] {
    let pt = lang == .pt
    switch p {
    case .idle: return []
    case .running: return [pt ? "Prévia: gerando a mensagem…" : "Preview: writing the message…"]
    case let .ready(deal, contact, text, model):
        return [(pt ? "Prévia para " : "Preview for ") + "\(deal) (\(contact)) — \(model):"] + wrap(text, width: width)
    case let .failed(msg):
        return wrap((pt ? "Prévia falhou: " : "Preview failed: ") + msg, width: width)
    }
}

private func drawPicker(_ buf: inout Buffer, _ state: AppState, _ picker: FollowUpForm.Picker, _ theme: Theme) {
    let pt = state.lang == .pt
    let options = picker.field == .instructions ? SeedExamples.instructions : SeedExamples.extra
    let width = min(90, buf.width - 4)
    var lines: [(Int, String)] = []
    for (i, o) in options.enumerated() {
        for (j, l) in wrap("\(i + 1). " + o, width: width - 6).enumerated() { lines.append((i, j == 0 ? l : "   " + l)) }
    }
    let inner = dialog(&buf, width: width, height: lines.count + 4, title: pt ? "Exemplos" : "Examples", theme)
    for (k, (i, l)) in lines.enumerated() {
        let style = i == picker.selected ? theme[.selection] : theme[.dialog]
        buf.fill(Rect(x: inner.x + 1, y: inner.y + 1 + k, width: inner.width - 2, height: 1), style: style)
        buf.put(l, x: inner.x + 2, y: inner.y + 1 + k, style: style, maxWidth: inner.width - 4)
    }
}

private func drawBulkWarning(_ buf: inout Buffer, _ state: AppState, _ w: FollowUpForm.Warning, _ theme: Theme) {
    let lang = state.lang
    let pt = lang == .pt
    let width = min(84, buf.width - 4)
    var body: [(String, ThemeRole)] = []
    let head = pt ? "Salvar agora manda follow-up para \(w.eligible) negociações nas primeiras 24 h de envio."
                  : "Saving now sends follow-ups to \(w.eligible) deals in the first 24 h of sending."
    for l in wrap(head, width: width - 6) { body.append((l, .warning)) }
    body.append((w.summary, .dialogTitle))
    for d in w.details { for l in wrap(d, width: width - 6) { body.append((l, .dialog)) } }
    body.append(("", .dialog))
    let ban = pt ? "O envio em massa pode causar o banimento imediato do número de WhatsApp. Recomendações:"
                 : "Mass sending can get the WhatsApp number banned at once. Recommendations:"
    for l in wrap(ban, width: width - 6) { body.append((l, .dialog)) }
    for r in SeedExamples.recommendations(lang) {
        for (j, l) in wrap(r, width: width - 8).enumerated() { body.append(((j == 0 ? "• " : "  ") + l, .dialog)) }
    }
    body.append(("", .dialog))
    let inner = dialog(&buf, width: width, height: body.count + 5, title: pt ? "⚠ Envio em massa" : "⚠ Bulk sending", theme)
    for (i, (l, role)) in body.enumerated() {
        buf.put(l, x: inner.x + 2, y: inner.y + 1 + i, style: theme[role], maxWidth: inner.width - 4)
    }
    let y = inner.y + 1 + body.count
    switch w.level {
    case .typeCount:
        let prompt = pt ? "Digite \(w.eligible) para confirmar: " : "Type \(w.eligible) to confirm: "
        let used = buf.put(prompt, x: inner.x + 2, y: y, style: theme[.warning])
        w.typed.draw(in: &buf, rect: Rect(x: inner.x + 2 + used, y: y, width: 9, height: 1), style: theme[.fieldInputFocused],
                     placeholderStyle: theme[.placeholder], focused: true)
        if w.mismatch {
            buf.put(pt ? "O número não confere." : "The number does not match.", x: inner.x + 2 + used + 10, y: y, style: theme[.fieldError])
        }
    default:
        buf.put(pt ? "[s] confirmar e salvar   [n] voltar ao formulário" : "[y] confirm and save   [n] back to the form",
                x: inner.x + 2, y: y, style: theme[.warning], maxWidth: inner.width - 4)
    }
}
