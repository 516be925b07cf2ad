import Foundation
import RetomaCore
import TUIKit

/// The one place state changes. Returns the I/O to perform; never performs it.
public func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    switch msg {
    case let .resize(size):
        state.size = size
        state.keepFocusVisible()
        if case var .followUp(form) = state.mode { form.fit(to: size); state.mode = .followUp(form) }
        return []
    case let .tick(now):
        state.now = now
        return []
    case let .boardLoaded(snapshot, focusDeal):
        state.loading = false
        state.applyBoard(snapshot, focusDeal: focusDeal)
        if case .demoOffer = state.mode { state.mode = .board }
        return []
    case .noBoard:
        state.loading = false
        state.board = nil
        state.mode = .demoOffer
        return []
    case let .unassignedLoaded(list):
        if case let .unassigned(_, selected) = state.mode { state.mode = .unassigned(list: list, selected: min(selected, max(0, list.count - 1))) }
        return []
    case let .dealWhy(dealID, summary, checks):
        if case var .deal(screen) = state.mode, screen.dealID == dealID {
            screen.why = (summary, checks)
            state.mode = .deal(screen)
        }
        return []
    case let .dealLoaded(detail):
        if case var .deal(screen) = state.mode, screen.dealID == detail.deal.id {
            screen.detail = detail
            state.mode = .deal(screen)
        }
        return []
    case let .engine(entry):
        return engineEvent(&state, entry)
    case let .externalChange(dealID):
        var effects: [Effect] = [.loadBoard(focusDeal: nil)]
        if case let .deal(screen) = state.mode, dealID == nil || dealID == screen.dealID { effects.append(.loadDeal(screen.dealID)) }
        return effects
    case let .engineInfo(info):
        state.engine = info
        return []
    case let .figures(f):
        state.figures = f
        return []
    case let .engineInfoPaused(paused, detail, elsewhere):
        state.engine?.paused = paused
        state.engine?.pauseDetail = paused ? detail : nil
        state.engine?.elsewhere = elsewhere
        return []
    case let .followUpFacts(columnID, facts):
        if case var .followUp(form) = state.mode, form.columnID == columnID {
            form.facts = facts
            state.mode = .followUp(form)
        }
        return []
    case let .previewReady(columnID, deal, contact, text, model):
        state.updateFollowUp(columnID) { $0.preview = .ready(deal: deal, contact: contact, text: text, model: model) }
        return []
    case let .previewFailed(columnID, message):
        state.updateFollowUp(columnID) { $0.preview = .failed(message) }
        return []
    case let .done(s):
        state.status = .init(state.lang.t(s), .success)
        return []
    case let .failed(text):
        state.status = .init(text, .error)
        return []
    case let .confirmRetry(id):
        let pt = state.lang == .pt
        state.mode = .confirm(Confirm(question: pt ? "Tentar de novo? Este envio chegou ao WhatsApp antes de falhar: o cliente pode já ter a mensagem."
                                                   : "Retry? This send reached WhatsApp before it failed: the customer may already have it.",
                                      action: .retryFailed(id), under: .board))
        return []
    case let .key(key):
        if key == .resize { return [] }
        return handleKey(&state, key)
    }
}

private func handleKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    switch state.mode {
    case .board where state.monitorPane.focused: return monitorKey(&state, key)
    case .board: return boardKey(&state, key)
    case let .filter(field): return filterKey(&state, field, key)
    case let .deal(screen): return dealKey(&state, screen, key)
    case let .dealForm(form): return dealFormKey(&state, form, key)
    case let .followUp(form): return followUpKey(&state, form, key)
    case let .prompt(prompt): return promptKey(&state, prompt, key)
    case let .confirm(confirm): return confirmKey(&state, confirm, key)
    case let .help(scroll, under): return helpKey(&state, scroll: scroll, under: under, key)
    case .demoOffer: return demoOfferKey(&state, key)
    case let .unassigned(list, selected): return unassignedKey(&state, list, selected, key)
    }
}

/// Keeps the event, tells the operator about the ones that matter, and refreshes what a send changed.
private func engineEvent(_ state: inout AppState, _ entry: MonitorEntry) -> [Effect] {
    state.monitor.append(entry)
    // Trimmed in batches, not one entry at a time: at 1,000 events a second, shifting the whole window for
    // every event would cost more than drawing the frame.
    if state.monitor.count >= AppState.monitorCapacity + AppState.monitorCapacity / 4 {
        state.monitor.removeFirst(state.monitor.count - AppState.monitorCapacity)
    }
    switch entry.kind {
    case "sent":
        state.status = .init("🤖 " + entry.detail, .success)
    case "failed", "uncertain", "store_error":
        state.status = .init("🤖 " + entry.detail, .error)
    case "paused":
        state.engine?.paused = true
        state.engine?.pauseDetail = entry.detail
        state.status = .init("⏸ " + entry.detail, .error)
    case "resumed":
        state.engine?.paused = false
        state.engine?.pauseDetail = nil
        state.status = .init("▶ " + entry.detail, .info)
    case "lease_lost":
        state.engine?.elsewhere = entry.detail
    case "lease_acquired":
        state.engine?.elsewhere = nil
    default:
        break
    }
    // A send, a move or a cancellation changed the conversation or the board under the user's eyes.
    guard ["sent", "max_attempts", "cancelled"].contains(entry.kind) else { return [] }
    var effects: [Effect] = [.loadBoard(focusDeal: nil)]
    if case let .deal(screen) = state.mode, screen.dealID == entry.dealID { effects.append(.loadDeal(screen.dealID)) }
    return effects
}

extension AppState {
    /// Changes the open follow-up dialog of `columnID`, wherever it sits under a confirmation.
    mutating func updateFollowUp(_ columnID: Int64, _ change: (inout FollowUpForm) -> Void) {
        switch mode {
        case var .followUp(form) where form.columnID == columnID:
            change(&form); mode = .followUp(form)
        case let .confirm(c):
            if case var .followUp(form) = c.under, form.columnID == columnID {
                change(&form); var c2 = c; c2.under = .followUp(form); mode = .confirm(c2)
            }
        default: break
        }
    }
}

private func unassignedKey(_ state: inout AppState, _ list: [UnassignedSummary]?, _ selected: Int, _ key: Key) -> [Effect] {
    let count = list?.count ?? 0
    switch key {
    case .esc, .char("U"), .char("q"): state.mode = .board
    case .up, .char("k"): state.mode = .unassigned(list: list, selected: max(0, selected - 1))
    case .down, .char("j"): state.mode = .unassigned(list: list, selected: min(max(0, count - 1), selected + 1))
    case .char("a"):
        guard let list, list.indices.contains(selected), let deal = state.focusedCard else {
            state.status = .init(state.lang == .pt ? "Selecione no quadro a negociação que deve receber a conversa." :
                                 "Select on the board the deal that should get the conversation.", .info)
            return []
        }
        state.mode = .board
        state.status = .init((state.lang == .pt ? "Conversa de " : "Conversation from ") + Phone.display(list[selected].phone)
                             + (state.lang == .pt ? " adicionada a “" : " added to “") + deal.title + "”.", .success)
        return [.assignUnassigned(conversationID: list[selected].id, dealID: deal.id), .loadBoard(focusDeal: deal.id)]
    default: break
    }
    return []
}

private func demoOfferKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    switch key {
    case .char("s"), .char("S"), .char("y"), .char("Y"), .enter:
        state.loading = true
        return [.seedDemo]
    case .char("n"), .char("N"), .esc:
        state.loading = true
        return [.createEmptyBoard]
    case .char("q"), .ctrl("c"):
        state.quitRequested = true
        return [.quit]
    default:
        return []
    }
}

private func helpKey(_ state: inout AppState, scroll: Int, under: Mode, _ key: Key) -> [Effect] {
    switch Keymap.action(for: key, in: .help) {
    case .closeHelp: state.mode = under
    case .scrollUp: state.mode = .help(scroll: max(0, scroll - 1), under: under)
    case .scrollDown: state.mode = .help(scroll: scroll + 1, under: under)
    default: break
    }
    return []
}

private func filterKey(_ state: inout AppState, _ field: TextField, _ key: Key) -> [Effect] {
    var field = field
    switch key {
    case .enter:
        state.mode = .board
    case .esc:
        state.setFilter("")
        state.mode = .board
    case .ctrl("c"):
        state.quitRequested = true
        return [.quit]
    default:
        _ = field.handle(key)
        state.setFilter(field.text)
        state.mode = .filter(field)
    }
    return []
}

private func confirmKey(_ state: inout AppState, _ confirm: Confirm, _ key: Key) -> [Effect] {
    switch key {
    case .char("s"), .char("S"), .char("y"), .char("Y"), .enter:
        state.mode = .board
        switch confirm.action {
        case let .deleteDeal(id): return [.deleteDeal(id: id)]
        case let .deleteColumn(id): return [.deleteColumn(id: id)]
        case .discardForm: return []
        case let .resendUncertain(id): return [.resendUncertain(attemptID: id)]
        case let .retryFailed(id): return [.retryFailed(attemptID: id, confirmed: true)]
        }
    case .char("n"), .char("N"), .esc:
        state.mode = confirm.under
    default:
        break
    }
    return []
}

private func promptKey(_ state: inout AppState, _ prompt: Prompt, _ key: Key) -> [Effect] {
    var prompt = prompt
    switch key {
    case .esc:
        state.mode = prompt.under
        return []
    case .enter:
        let text = prompt.field.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            if case .message = prompt.purpose { prompt.error = state.lang.t(.messageEmpty) }
            else { prompt.error = state.lang.t(.errNameEmpty) }
            state.mode = .prompt(prompt)
            return []
        }
        state.mode = prompt.under
        switch prompt.purpose {
        case let .newColumn(boardID): return [.addColumn(boardID: boardID, name: text)]
        case let .renameColumn(id): return [.renameColumn(id: id, name: text)]
        case let .message(dealID, author): return [.addMessage(dealID: dealID, author: author, text: text)]
        }
    default:
        _ = prompt.field.handle(key)
        prompt.error = nil
        state.mode = .prompt(prompt)
        return []
    }
}
