import Foundation
import RetomaCore
import TUIKit

/// The brake: one key stops every new send (an in-flight one finishes), and the same key resumes.
func brake(_ state: inout AppState) -> [Effect] {
    guard let engine = state.engine, engine.problem == nil else { return [] }
    return [.setPaused(!engine.paused)]
}

/// Text typed into the monitor's search line.
func monitorSearchType(_ state: inout AppState, _ key: Key) {
    switch key {
    case .backspace: if !state.monitorPane.search.isEmpty { state.monitorPane.search.removeLast() }
    case let .char(c): state.monitorPane.search.append(c)
    default: return
    }
    state.monitorPane.selected = nil
}

func monitorAction(_ state: inout AppState, _ action: KeyAction) -> [Effect] {
    var pane = state.monitorPane
    defer { state.monitorPane = pane }
    let entries = pane.filtered(state.monitor)
    let last = entries.count - 1
    let current = pane.selected ?? last
    switch action {
    case .applySearch:
        pane.searching = false
        pane.selected = nil
    case .clearSearch:
        pane.searching = false
        pane.search = ""
        pane.selected = nil
    case .up: pane.selected = max(0, current - 1)
    case .down: pane.selected = current >= last - 1 ? nil : current + 1
    case .top: pane.selected = entries.isEmpty ? nil : 0
    case .bottom: pane.selected = nil
    case .monitorText: pane.showText.toggle()
    case .filterColumn:
        let ids = state.columns.map(\.column.id)
        if let c = pane.columnFilter, let i = ids.firstIndex(of: c) { pane.columnFilter = i + 1 < ids.count ? ids[i + 1] : nil }
        else { pane.columnFilter = ids.first }
        pane.selected = nil
    case .filterOutcome:
        let kinds = MonitorPane.kinds
        if let k = pane.kindFilter, let i = kinds.firstIndex(of: k) { pane.kindFilter = i + 1 < kinds.count ? kinds[i + 1] : nil }
        else { pane.kindFilter = kinds.first }
        pane.selected = nil
    case .search:
        pane.searching = true
    case .clearFilters:
        pane.columnFilter = nil; pane.kindFilter = nil; pane.search = ""; pane.selected = nil
    case .monitorFull:
        pane.size = pane.size == .full ? .pane : .full
    case .brake:
        return brake(&state)
    case .leaveMonitor:
        // Esc gives the keys back to the board and keeps the pane, unless the monitor filled the screen.
        pane.focused = false
        if pane.size == .full { pane.size = .hidden }
    case .hideMonitor:
        pane.focused = false
        pane.size = .hidden
    case .resend, .markDone, .retryFailed:
        // The keymap checked that the selected line is of the right kind and names an attempt.
        guard entries.indices.contains(current), let id = entries[current].attemptID else { return [] }
        switch action {
        case .resend:
            state.monitorPane = pane
            state.mode = .confirm(Confirm(question: state.lang.t(.confirmResend), action: .resendUncertain(id), under: .board))
        case .markDone:
            return [.markUncertainDone(attemptID: id)]
        default:
            return [.retryFailed(attemptID: id, confirmed: false)]
        }
    default:
        break
    }
    return []
}
