import Foundation
import RetomaCore
import TUIKit

func openFollowUp(_ state: inout AppState) -> [Effect] {
    guard let snap = state.focusedColumn else { return [] }
    return openFollowUp(&state, column: snap.column, totalDeals: snap.count)
}

/// The dialog on `column` as given (the board's snapshot, or the column read again after a refused save).
func openFollowUp(_ state: inout AppState, column: Column, totalDeals: Int) -> [Effect] {
    let others = state.columns.map(\.column).filter { $0.id != column.id }
    var form = FollowUpForm(column: column, otherColumns: others, totalDeals: totalDeals, lang: state.lang,
                            reviewForced: state.engine?.reviewForced ?? false)
    form.fit(to: state.size)
    state.mode = .followUp(form)
    return [.loadFollowUpFacts(columnID: column.id)]
}

/// A dialog action from the keymap: the form's own keys, the examples list and the bulk-send warning.
func followUpAction(_ state: inout AppState, _ form: FollowUpForm, _ action: KeyAction, key: Key) -> [Effect] {
    var form = form
    defer { if case .followUp = state.mode { state.mode = .followUp(form) } }
    if form.warning != nil { return warningAction(&state, &form, action) }
    if form.picker != nil { pickerAction(&state, &form, action, key: key); return [] }
    switch action {
    case .cancel: return leaveFollowUp(&state, form)
    case .save: return saveFollowUp(&state, &form)
    case .preview: return startPreview(&state, &form)
    case .nextField: form.moveFocus(1)
    case .previousField: form.moveFocus(-1)
    case .examples: form.picker = .init(field: form.focus, selected: 0)
    case .activate:
        switch form.focus {
        case .preview: return startPreview(&state, &form)
        case .save: return saveFollowUp(&state, &form)
        case .cancel: return leaveFollowUp(&state, form)
        // On an option list Space shows the next option and Enter goes on to the next field.
        case .unit, .onMax:
            if key == .enter { form.moveFocus(1) } else { stepChoice(&form, by: 1) }
        default: toggle(&form)
        }
    case .optionPrevious, .optionNext:
        let delta = action == .optionPrevious ? -1 : 1
        switch form.focus {
        case .unit, .onMax: stepChoice(&form, by: delta)
        case .preview, .save, .cancel: form.moveFocus(delta)
        default: break
        }
    default: break
    }
    return []
}

/// Text typed into the dialog's focused field (or the count the bulk-send warning asks for).
func followUpType(_ state: inout AppState, _ form: FollowUpForm, _ key: Key) {
    var form = form
    defer { state.mode = .followUp(form) }
    if var w = form.warning {
        _ = w.typed.handle(key)
        w.mismatch = false
        form.warning = w
        return
    }
    switch form.focus {
    case .amount, .maxAttempts, .maxPerDay:
        switch key {
        case .up: form.moveFocus(-1)
        case .down, .enter: form.moveFocus(1)
        default:
            switch form.focus {
            case .amount: _ = form.amount.handle(key)
            case .maxAttempts: _ = form.maxAttempts.handle(key)
            default: _ = form.maxPerDay.handle(key)
            }
            form.errors[form.focus] = nil
        }
    case .instructions, .extra:
        let consumed = form.focus == .instructions ? form.instructions.handle(key) : form.extra.handle(key)
        if !consumed {
            if key == .up { form.moveFocus(-1) } else if key == .down { form.moveFocus(1) }
        }
        form.errors[form.focus] = nil
    default: break
    }
}

extension FollowUpForm {
    /// Tab order over the fields shown now, wrapping around.
    mutating func moveFocus(_ delta: Int) {
        let fields = visibleFields
        let i = fields.firstIndex(of: focus) ?? 0
        focus = fields[(i + delta + fields.count) % fields.count]
    }
}

private func stepChoice(_ form: inout FollowUpForm, by delta: Int) {
    let arrow: Key = delta < 0 ? .left : .right
    if form.focus == .unit { _ = form.unit.handle(arrow) } else if form.focus == .onMax { _ = form.onMax.handle(arrow) }
    form.errors[form.focus] = nil
}

private func toggle(_ form: inout FollowUpForm) {
    switch form.focus {
    case .enabled: form.enabled.toggle()
    case .paused: form.paused.toggle()
    case .businessHours: form.businessHours.toggle()
    case .afterClose: form.afterClose.toggle()
    // Locked while forced: the column's own setting stays as it was saved.
    case .review: if !form.reviewForced { form.review.toggle() }
    case .advanced: form.advancedOpen.toggle()
    default: break
    }
}

private func pickerAction(_ state: inout AppState, _ form: inout FollowUpForm, _ action: KeyAction, key: Key) {
    guard var picker = form.picker else { return }
    let options = picker.field == .instructions ? SeedExamples.instructions : SeedExamples.extra
    switch action {
    case .up: picker.selected = max(0, picker.selected - 1)
    case .down: picker.selected = min(options.count - 1, picker.selected + 1)
    case .closeExamples: form.picker = nil; return
    case .insertExample, .pickExample:
        // A number inserts that example at once; Enter the one highlighted.
        if action == .pickExample {
            guard case let .char(c) = key, let n = c.wholeNumberValue, n >= 1, n <= options.count else {
                state.status = .init(state.lang.t(.onlyNExamples(options.count)), .info)
                return
            }
            picker.selected = n - 1
        }
        let chosen = options[picker.selected]
        // An empty field takes the example; otherwise it goes on a new line at the end.
        if picker.field == .instructions {
            form.instructions.text = form.instructions.isEmpty ? chosen : form.instructions.text + "\n" + chosen
        } else {
            form.extra.text = form.extra.isEmpty ? chosen : form.extra.text + "\n" + chosen
        }
        form.picker = nil
        return
    default: break
    }
    form.picker = picker
}

private func leaveFollowUp(_ state: inout AppState, _ form: FollowUpForm) -> [Effect] {
    if form.isDirty {
        state.mode = .confirm(Confirm(question: state.lang.t(.confirmDiscard), action: .discardForm, under: .followUp(form)))
    } else {
        state.mode = .board
    }
    return []
}

private func startPreview(_ state: inout AppState, _ form: inout FollowUpForm) -> [Effect] {
    guard let config = form.validated(state.lang) else { focusFirstError(&form); return [] }
    if form.preview == .running { return [] }
    form.preview = .running
    return [.previewFollowUp(columnID: form.columnID, config: config)]
}

private func focusFirstError(_ form: inout FollowUpForm) {
    if let f = form.visibleFields.first(where: { form.errors[$0] != nil }) { form.focus = f }
}

/// Salvar: validate, then warn about volume before anything reaches the database: what the first 24 hours of
/// sending would send, with the engine's calendar, governor and today's sends.
private func saveFollowUp(_ state: inout AppState, _ form: inout FollowUpForm) -> [Effect] {
    guard let config = form.validated(state.lang) else { focusFirstError(&form); return [] }
    if config.enabled {
        guard let forecast = form.forecast(at: state.now) else {
            state.status = .init(state.lang == .pt ? "Contando as negociações da coluna… tente de novo em instantes."
                                                   : "Counting the column's deals… try again in a moment.", .info)
            return []
        }
        if forecast.level != .none {
            form.warning = .init(eligible: forecast.volume, level: forecast.level, summary: forecast.summary(state.lang),
                                 details: Array(forecast.lines(state.lang).dropFirst()),
                                 typed: TextField(text: "", maxLength: 7), config: config)
            return []
        }
    }
    return saved(&state, form, config)
}

/// Leaves the dialog for the board, keeping it as typed until the store answers (a refused save gives it back).
private func saved(_ state: inout AppState, _ form: FollowUpForm, _ config: FollowUpConfig) -> [Effect] {
    var kept = form
    kept.warning = nil
    state.unsaved = .followUp(kept)
    state.mode = .board
    return [.saveFollowUp(columnID: form.columnID, config: config, revision: form.revision)]
}

private func warningAction(_ state: inout AppState, _ form: inout FollowUpForm, _ action: KeyAction) -> [Effect] {
    guard var w = form.warning else { return [] }
    switch action {
    case .no:
        form.warning = nil
        return []
    case .yes:
        return saved(&state, form, w.config)
    case .confirm:
        if w.typed.text.trimmingCharacters(in: .whitespaces) == String(w.eligible) {
            return saved(&state, form, w.config)
        }
        w.mismatch = true
    default:
        break
    }
    form.warning = w
    return []
}

/// The bulk-send warning of a card move, as the confirm's question.
func moveWarning(_ columnName: String, _ forecast: SendForecast, _ lang: Lang) -> String {
    let pt = lang == .pt
    let head = pt ? "Mover para “\(columnName)” faz \(forecast.volume) negociações receberem follow-up nas primeiras 24 h de envio."
                  : "Moving to “\(columnName)” makes \(forecast.volume) deals get a follow-up in the first 24 h of sending."
    let ban = pt ? "O envio em massa pode causar o banimento do número de WhatsApp." : "Mass sending can get the WhatsApp number banned."
    let ask = pt ? "Mover mesmo assim?" : "Move anyway?"
    return ([head] + forecast.lines(lang) + [ban, ask]).joined(separator: " ")
}
