import Foundation
import RetomaCore
import TUIKit

func openFollowUp(_ state: inout AppState) -> [Effect] {
    guard let snap = state.focusedColumn else { return [] }
    let others = state.columns.map(\.column).filter { $0.id != snap.column.id }
    var form = FollowUpForm(column: snap.column, otherColumns: others, totalDeals: snap.cards.count, lang: state.lang)
    form.fit(to: state.size)
    state.mode = .followUp(form)
    return [.loadFollowUpFacts(columnID: snap.column.id)]
}

func followUpKey(_ state: inout AppState, _ form: FollowUpForm, _ key: Key) -> [Effect] {
    var form = form
    defer { if case .followUp = state.mode { state.mode = .followUp(form) } }
    if form.warning != nil { return warningKey(&state, &form, key) }
    if form.picker != nil { pickerKey(&form, key); return [] }
    let fields = form.visibleFields
    func move(_ delta: Int) {
        let i = fields.firstIndex(of: form.focus) ?? 0
        form.focus = fields[(i + delta + fields.count) % fields.count]
    }
    switch key {
    case .esc:
        return leaveFollowUp(&state, form)
    case .ctrl("s"):
        return saveFollowUp(&state, &form)
    case .ctrl("p"):
        return startPreview(&state, &form)
    case .ctrl("c"):
        state.quitRequested = true
        return [.quit]
    case .tab: move(1); return []
    case .backTab: move(-1); return []
    case .ctrl("e") where form.focus == .instructions || form.focus == .extra,
         .function(2) where form.focus == .instructions || form.focus == .extra:
        form.picker = .init(field: form.focus, selected: 0)
        return []
    default: break
    }
    switch form.focus {
    case .enabled, .paused, .businessHours, .afterClose, .advanced:
        switch key {
        case .char(" "), .enter: toggle(&form)
        case .up, .char("k"): move(-1)
        case .down, .char("j"): move(1)
        default: break
        }
    case .amount, .maxAttempts:
        switch key {
        case .up: move(-1)
        case .down, .enter: move(1)
        default:
            if form.focus == .amount { _ = form.amount.handle(key) } else { _ = form.maxAttempts.handle(key) }
            form.errors[form.focus] = nil
        }
    case .unit, .onMax:
        switch key {
        case .up, .char("k"): move(-1)
        case .down, .char("j"), .enter: move(1)
        case .char(" "):
            if form.focus == .unit { _ = form.unit.handle(.right) } else { _ = form.onMax.handle(.right) }
        default:
            if form.focus == .unit { _ = form.unit.handle(key) } else { _ = form.onMax.handle(key) }
            form.errors[form.focus] = nil
        }
    case .instructions, .extra:
        let consumed = form.focus == .instructions ? form.instructions.handle(key) : form.extra.handle(key)
        if !consumed {
            if key == .up { move(-1) } else if key == .down { move(1) }
        }
        form.errors[form.focus] = nil
    case .preview, .save, .cancel:
        switch key {
        case .left, .char("h"), .up: move(-1)
        case .right, .char("l"), .down: move(1)
        case .enter, .char(" "):
            switch form.focus {
            case .preview: return startPreview(&state, &form)
            case .save: return saveFollowUp(&state, &form)
            default: return leaveFollowUp(&state, form)
            }
        default: break
        }
    }
    return []
}

private func toggle(_ form: inout FollowUpForm) {
    switch form.focus {
    case .enabled: form.enabled.toggle()
    case .paused: form.paused.toggle()
    case .businessHours: form.businessHours.toggle()
    case .afterClose: form.afterClose.toggle()
    case .advanced: form.advancedOpen.toggle()
    default: break
    }
}

private func pickerKey(_ form: inout FollowUpForm, _ key: Key) {
    guard var picker = form.picker else { return }
    let options = picker.field == .instructions ? SeedExamples.instructions : SeedExamples.extra
    switch key {
    case .up, .char("k"): picker.selected = max(0, picker.selected - 1)
    case .down, .char("j"): picker.selected = min(options.count - 1, picker.selected + 1)
    case .esc: form.picker = nil; return
    case .enter:
        let chosen = options[picker.selected]
        // An empty field takes the example; otherwise it goes on a new line at the end.
        if picker.field == .instructions {
            form.instructions.text = form.instructions.isEmpty ? chosen : form.instructions.text + "\n" + chosen
        } else {
            form.extra.text = form.extra.isEmpty ? chosen : form.extra.text + "\n" + chosen
        }
        form.picker = nil
        return
    default:
        if case let .char(c) = key, let n = c.wholeNumberValue, n >= 1, n <= options.count { picker.selected = n - 1 }
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

/// Salvar: validate, then warn about volume before anything reaches the database.
private func saveFollowUp(_ state: inout AppState, _ form: inout FollowUpForm) -> [Effect] {
    guard let config = form.validated(state.lang) else { focusFirstError(&form); return [] }
    if config.enabled {
        guard let facts = form.facts else {
            state.status = .init(state.lang == .pt ? "Contando as negociações da coluna… tente de novo em instantes."
                                                   : "Counting the column's deals… try again in a moment.", .info)
            return []
        }
        let eligible = Eligibility.eligibleNowCount(facts, config: config, calendar: BusinessCalendar(), at: state.now)
        let level = BulkSendWarning.level(eligible: eligible)
        if level != .none {
            let summary = BulkSendWarning.summary(count: eligible, governor: .standard, from: state.now, history: [], lang: state.lang)
            form.warning = .init(eligible: eligible, level: level, summary: summary, typed: TextField(text: "", maxLength: 7), config: config)
            return []
        }
    }
    state.mode = .board
    return [.saveFollowUp(columnID: form.columnID, config: config)]
}

private func warningKey(_ state: inout AppState, _ form: inout FollowUpForm, _ key: Key) -> [Effect] {
    guard var w = form.warning else { return [] }
    switch (w.level, key) {
    case (_, .esc), (.confirm, .char("n")), (.confirm, .char("N")):
        form.warning = nil
        return []
    case (.confirm, .char("s")), (.confirm, .char("S")), (.confirm, .char("y")), (.confirm, .char("Y")), (.confirm, .enter):
        state.mode = .board
        return [.saveFollowUp(columnID: form.columnID, config: w.config)]
    case (.typeCount, .enter):
        if w.typed.text.trimmingCharacters(in: .whitespaces) == String(w.eligible) {
            state.mode = .board
            return [.saveFollowUp(columnID: form.columnID, config: w.config)]
        }
        w.mismatch = true
    case (.typeCount, _):
        _ = w.typed.handle(key)
        w.mismatch = false
    default:
        break
    }
    form.warning = w
    return []
}
