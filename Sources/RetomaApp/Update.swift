import Foundation
import RetomaCore
import TUIKit

/// The one place state changes. Returns the I/O to perform; never performs it.
public func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    let effects = dispatch(&state, msg)
    // Whatever changed, the screen may now show cards not read yet, or a new filter.
    return effects + state.boardReads()
}

private func dispatch(_ state: inout AppState, _ msg: Msg) -> [Effect] {
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
        // Another board: its columns and cards share nothing with the last one's focus and scroll.
        if let current = state.board, current.board.id != snapshot.board.id { state.resetBoardFocus() }
        state.applyBoard(snapshot, focusDeal: focusDeal)
        if case .demoOffer = state.mode { state.mode = .board }
        return []
    case let .cardsLoaded(page):
        state.applyPage(page)
        return []
    case .noBoard:
        state.loading = false
        state.board = nil
        state.mode = .demoOffer
        return []
    case let .unassignedLoaded(list):
        if case let .unassigned(_, selected) = state.mode { state.mode = .unassigned(list: list, selected: min(selected, max(0, list.count - 1))) }
        return []
    case let .boardsLoaded(list, select):
        boardsLoaded(&state, list, select: select)
        return []
    case let .dealWhy(dealID, decision):
        if case var .deal(screen) = state.mode, screen.dealID == dealID {
            screen.why = decision
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
    case let .agentSendRefused(dealID, text, refusal):
        state.status = .init(state.lang.t(.agentSendRefused(refusal)), .error)
        // Outside the window with templates configured: offer them, over the deal screen the text was typed in.
        if case let .outsideWindow(_, templates) = refusal, !templates.isEmpty, case .deal = state.mode {
            state.mode = .templates(TemplatePicker(dealID: dealID, text: text, templates: templates, under: state.mode))
        }
        return []
    case let .externalChange(dealID):
        var effects: [Effect] = [.loadBoard(focusDeal: nil)] + resultsRefresh(state) + reviewRefresh(state)
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
    case .editConflict, .dealFormReloaded, .followUpReloaded, .followUpSavedBy:
        return operatorMessage(&state, msg)
    case let .followUpFacts(columnID, facts, policy):
        if case var .followUp(form) = state.mode, form.columnID == columnID {
            form.facts = facts
            form.policy = policy
            state.mode = .followUp(form)
        }
        return []
    case let .confirmMove(dealID, column, name, forecast):
        state.mode = .confirm(Confirm(question: moveWarning(name, forecast, state.lang),
                                      action: .moveDeal(dealID, toColumn: column), under: .board))
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
        // A page asked for may be what failed: let the next frame ask again.
        state.pendingPages = [:]
        return []
    case let .resultsLoaded(boardID, days, report):
        resultsLoaded(&state, boardID: boardID, days: days, report)
        return []
    case let .reviewLoaded(boardID, items):
        reviewLoaded(&state, boardID: boardID, items)
        return []
    case let .reviewCounted(count):
        state.reviewWaiting = count
        return []
    case let .draftEditRefused(id, text, problem):
        draftEditRefused(&state, attemptID: id, text: text, problem: problem)
        return []
    case let .confirmRetry(id):
        state.mode = .confirm(Confirm(question: state.lang.t(.confirmRetry), action: .retryFailed(id), under: .board))
        return []
    case let .key(key):
        if key == .resize { return [] }
        return handleKey(&state, key)
    }
}

/// Keys become actions through the keymap table and nothing else. A key the table does not bind goes to
/// the focused text field, if one is being typed in; a binding that cannot act now says why.
private func handleKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    if case let .mouse(x, y) = key {
        return state.keyContext == .board ? boardClick(&state, x: x, y: y) : []
    }
    guard let binding = Keymap.binding(for: key, in: state) else {
        return state.isTyping ? typeIntoField(&state, key) : []
    }
    if let reason = binding.disabled(state) {
        state.status = .init(state.lang.t(reason), .info)
        return []
    }
    return perform(&state, binding.action, key: key)
}

/// Runs an action in the current context. `key` only tells keys of one binding apart where they differ
/// (the example's number, Space or Enter on an option list).
func perform(_ state: inout AppState, _ action: KeyAction, key: Key) -> [Effect] {
    switch action {
    case .quit:
        state.quitRequested = true
        return [.quit]
    case .help:
        state.mode = .help(scroll: 0, under: state.mode)
        return []
    default:
        break
    }
    switch state.mode {
    case .board where state.monitorPane.focused: return monitorAction(&state, action)
    case .board: return boardAction(&state, action)
    case .filter: return filterAction(&state, action)
    case let .deal(screen): return dealAction(&state, screen, action)
    case let .dealForm(form): return dealFormAction(&state, form, action)
    case let .followUp(form): return followUpAction(&state, form, action, key: key)
    case let .prompt(prompt): return promptAction(&state, prompt, action)
    case let .confirm(confirm): return confirmAction(&state, confirm, action)
    case let .help(scroll, under): helpAction(&state, scroll: scroll, under: under, action); return []
    case .demoOffer: return demoOfferAction(&state, action)
    case let .unassigned(list, selected): return unassignedAction(&state, list, selected, action)
    case let .boards(list, selected): return boardsAction(&state, list, selected, action)
    case let .deleteBoard(deletion): return deleteBoardAction(&state, deletion, action)
    case let .templates(picker): return templatePickerAction(&state, picker, action)
    case let .results(screen): return resultsAction(&state, screen, action)
    case let .review(screen): return reviewAction(&state, screen, action)
    }
}

/// The template picker: Enter sends the refused text as the chosen template, Esc gives it up (nothing was written).
private func templatePickerAction(_ state: inout AppState, _ picker: TemplatePicker, _ action: KeyAction) -> [Effect] {
    var picker = picker
    switch action {
    case .up: picker.selected = max(0, picker.selected - 1)
    case .down: picker.selected = min(max(0, picker.templates.count - 1), picker.selected + 1)
    case .activate:
        state.mode = picker.under
        guard picker.templates.indices.contains(picker.selected) else { return [] }
        return [.sendAsAgent(dealID: picker.dealID, text: picker.text, template: picker.templates[picker.selected])]
    case .cancel:
        state.mode = picker.under
        return []
    default: break
    }
    state.mode = .templates(picker)
    return []
}

/// Text typed into the focused field: the only keys that do not go through the table.
private func typeIntoField(_ state: inout AppState, _ key: Key) -> [Effect] {
    switch state.mode {
    case var .filter(field):
        _ = field.handle(key)
        state.setFilter(field.text)
        state.mode = .filter(field)
    case var .prompt(prompt):
        _ = prompt.field.handle(key)
        prompt.error = nil
        state.mode = .prompt(prompt)
    case let .dealForm(form):
        dealFormType(&state, form, key)
    case let .followUp(form):
        followUpType(&state, form, key)
    case .board where state.monitorPane.searching:
        monitorSearchType(&state, key)
    default:
        break
    }
    return []
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
    case .sent:
        state.status = .init("🤖 " + entry.detail, .success)
    case .failed, .uncertain, .storeError:
        state.status = .init("🤖 " + entry.detail, .error)
    case .paused:
        state.engine?.paused = true
        state.engine?.pauseDetail = entry.detail
        state.status = .init("⏸ " + entry.detail, .error)
    case .resumed:
        state.engine?.paused = false
        state.engine?.pauseDetail = nil
        state.status = .init("▶ " + entry.detail, .info)
    case .leaseLost:
        state.engine?.elsewhere = entry.detail
    case .leaseAcquired:
        state.engine?.elsewhere = nil
    case .review:
        state.status = .init("✎ " + entry.detail, .info)
    case .started, .stopped, .planned, .generating, .sending, .replied, .skipped, .throttled, .retrying, .cancelled, .maxAttempts:
        break
    }
    // What the results count: a follow-up sent, a reply, a deal moved on max.
    var results: [Effect] = []
    switch entry.kind {
    case .sent, .replied, .maxAttempts: results = resultsRefresh(state)
    default: break
    }
    // What the review queue lists: a new draft, one sent, written again or made stale (the title bar's count too).
    switch entry.kind {
    case .review, .sent, .replied, .cancelled, .generating, .failed, .maxAttempts:
        let open = reviewRefresh(state)
        // A new draft changes the title bar's count, and no read of the board follows it.
        if open.isEmpty, entry.kind == .review, let board = state.board { results.append(.loadReview(boardID: board.board.id)) }
        results += open
    default: break
    }
    // A send, a move or a cancellation changed the conversation or the board under the user's eyes.
    switch entry.kind {
    case .sent, .maxAttempts, .cancelled, .failed, .uncertain: break
    default: return results
    }
    var effects: [Effect] = [.loadBoard(focusDeal: nil)] + results
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

private func unassignedAction(_ state: inout AppState, _ list: [UnassignedSummary]?, _ selected: Int, _ action: KeyAction) -> [Effect] {
    let count = list?.count ?? 0
    switch action {
    case .back: state.mode = .board
    case .up: state.mode = .unassigned(list: list, selected: max(0, selected - 1))
    case .down: state.mode = .unassigned(list: list, selected: min(max(0, count - 1), selected + 1))
    case .assign:
        guard let list, list.indices.contains(selected), let deal = state.focusedCard else { return [] }
        state.mode = .board
        state.status = .init(state.lang.t(.conversationAssigned(phone: Phone.display(list[selected].phone), deal: deal.title)), .success)
        return [.assignUnassigned(conversationID: list[selected].id, dealID: deal.id), .loadBoard(focusDeal: deal.id)]
    default: break
    }
    return []
}

private func demoOfferAction(_ state: inout AppState, _ action: KeyAction) -> [Effect] {
    switch action {
    case .seedDemo:
        state.loading = true
        return [.seedDemo]
    case .emptyBoard:
        state.loading = true
        return [.createEmptyBoard]
    default:
        return []
    }
}

private func helpAction(_ state: inout AppState, scroll: Int, under: Mode, _ action: KeyAction) {
    switch action {
    case .closeHelp: state.mode = under
    case .scrollUp: state.mode = .help(scroll: max(0, scroll - 1), under: under)
    case .scrollDown: state.mode = .help(scroll: min(maxHelpScroll(state), scroll + 1), under: under)
    default: break
    }
}

private func filterAction(_ state: inout AppState, _ action: KeyAction) -> [Effect] {
    switch action {
    case .applyFilter:
        state.mode = .board
        if let word = BoardFilter(state.filter).unknownKeywords.first {
            state.status = AppState.Status(state.lang.t(.unknownFilterKeyword(word)), .info)
        }
    case .clearFilter:
        state.setFilter("")
        state.mode = .board
    default:
        break
    }
    return []
}

private func confirmAction(_ state: inout AppState, _ confirm: Confirm, _ action: KeyAction) -> [Effect] {
    switch action {
    case .yes:
        switch confirm.action {
        case let .deleteDeal(id): state.mode = .board; return [.deleteDeal(id: id)]
        case let .deleteColumn(id): state.mode = .board; return [.deleteColumn(id: id)]
        case .discardForm: state.mode = .board; return []
        case let .resendUncertain(id): state.mode = .board; return [.resendUncertain(attemptID: id)]
        case let .retryFailed(id): state.mode = .board; return [.retryFailed(attemptID: id, confirmed: true)]
        case let .deleteBoard(id):
            state.mode = confirm.under
            return [.deleteBoard(id: id, moveTo: nil)]
        case let .moveDeal(id, column): state.mode = .board; return [.moveDealConfirmed(id: id, toColumn: column)]
        case let .setOptOut(contact, deal, optedOut):
            state.mode = confirm.under
            return [.setOptOut(contactID: contact, dealID: deal, optedOut: optedOut)]
        case let .skipColumnToday(column):
            state.mode = confirm.under
            return [.skipColumnToday(columnID: column)]
        case let .reloadDeal(id):
            state.mode = .board
            return [.reloadDealForm(id)]
        case let .reloadFollowUp(column):
            state.mode = .board
            return [.reloadFollowUp(columnID: column)]
        }
    case .no:
        state.mode = confirm.under
    default:
        break
    }
    return []
}

private func promptAction(_ state: inout AppState, _ prompt: Prompt, _ action: KeyAction) -> [Effect] {
    var prompt = prompt
    switch action {
    case .cancel:
        state.mode = prompt.under
        return []
    case .confirm:
        let text = prompt.field.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if case let .owner(dealID) = prompt.purpose { return ownerTyped(&state, prompt, dealID: dealID, text: text) }
        guard !text.isEmpty else {
            switch prompt.purpose {
            case .message, .editDraft: prompt.error = state.lang.t(.messageEmpty)
            default: prompt.error = state.lang.t(.errNameEmpty)
            }
            state.mode = .prompt(prompt)
            return []
        }
        // Board names are unique ignoring case (the store refuses too): say so here, keeping what was typed.
        if case let .boards(list, _) = prompt.under, let list, list.contains(where: { b in
            b.name.lowercased() == text.lowercased() && prompt.purpose != .renameBoard(id: b.id)
        }) {
            prompt.error = state.lang.t(.duplicateBoardName(text))
            state.mode = .prompt(prompt)
            return []
        }
        state.mode = prompt.under
        switch prompt.purpose {
        case let .newColumn(boardID): return [.addColumn(boardID: boardID, name: text)]
        case let .renameColumn(id): return [.renameColumn(id: id, name: text)]
        case let .message(dealID, .agent): return [.sendAsAgent(dealID: dealID, text: text, template: nil)]
        case let .message(dealID, author): return [.addMessage(dealID: dealID, author: author, text: text)]
        case .newBoard: return [.addBoard(name: text)]
        case let .renameBoard(id): return [.renameBoard(id: id, name: text)]
        case let .editDraft(id): return [.approveDraft(attemptID: id, text: text)]
        case .owner: return []
        }
    default:
        return []
    }
}
