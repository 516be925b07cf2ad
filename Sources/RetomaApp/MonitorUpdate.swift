import Foundation
import RetomaCore
import TUIKit

/// The brake: one key stops every new send (an in-flight one finishes), and the same key resumes.
func brake(_ state: inout AppState) -> [Effect] {
    guard let engine = state.engine, engine.problem == nil else {
        state.status = .init(state.lang == .pt ? "O motor de follow-up não está rodando aqui." : "The follow-up engine is not running here.", .error)
        return []
    }
    return [.setPaused(!engine.paused)]
}

func monitorKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    var pane = state.monitorPane
    defer { state.monitorPane = pane }
    if pane.searching {
        switch key {
        case .enter: pane.searching = false
        case .esc: pane.searching = false; pane.search = ""
        case .backspace: if !pane.search.isEmpty { pane.search.removeLast() }
        case let .char(c): pane.search.append(c)
        default: break
        }
        pane.selected = nil
        return []
    }
    guard let action = Keymap.action(for: key, in: .monitor) else { return [] }
    let entries = pane.filtered(state.monitor)
    let last = entries.count - 1
    let current = pane.selected ?? last
    switch action {
    case .quit:
        state.quitRequested = true
        return [.quit]
    case .help:
        state.monitorPane = pane
        state.mode = .help(scroll: 0, under: state.mode)
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
    case .filter:
        pane.searching = true
    case .clearFilters:
        pane.columnFilter = nil; pane.kindFilter = nil; pane.search = ""; pane.selected = nil
    case .monitorFull:
        pane.size = pane.size == .full ? .pane : .full
    case .brake:
        state.monitorPane = pane
        return brake(&state)
    case .leaveMonitor:
        pane.focused = false
        if pane.size == .full || key == .char("m") { pane.size = .hidden }
    case .resend, .markDone, .retryFailed:
        guard entries.indices.contains(current), let id = entries[current].attemptID else { return [] }
        let e = entries[current]
        let pt = state.lang == .pt
        switch action {
        case .resend where e.kind == "uncertain":
            state.monitorPane = pane
            state.mode = .confirm(Confirm(question: pt ? "Reenviar? O cliente pode já ter recebido esta mensagem."
                                                      : "Resend? The customer may already have this message.",
                                          action: .resendUncertain(id), under: .board))
        case .markDone where e.kind == "uncertain":
            return [.markUncertainDone(attemptID: id)]
        case .retryFailed where e.kind == "failed":
            return [.retryFailed(attemptID: id, confirmed: false)]
        default:
            state.status = .init(pt ? "Escolha uma linha incerta (R, D) ou que falhou (T)." : "Pick an uncertain (R, D) or failed (T) line.", .info)
        }
    default:
        break
    }
    return []
}
