import Foundation
import RetomaCore
import TUIKit

/// What the store says back about operators: a save refused over a newer revision, the deal or column read again
/// for its form, and who saved a column's configuration.
func operatorMessage(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    switch msg {
    case let .editConflict(notice):
        // The form as typed stays under the question: "no" goes back to it, nothing lost.
        guard let form = state.unsaved else { return [] }
        state.unsaved = nil
        let wall = BrazilTime.wallClock(notice.at)
        let clock = String(format: "%02d:%02d", wall.hour, wall.minute)
        let action: Confirm.Action
        switch notice.subject {
        case let .deal(id): action = .reloadDeal(id)
        case let .followUp(column): action = .reloadFollowUp(columnID: column)
        }
        state.mode = .confirm(Confirm(question: state.lang.t(.changedBy(operatorName: notice.operatorName, clock: clock)),
                                      action: action, under: form))
        return []
    case let .dealFormReloaded(detail):
        let d = detail.deal
        state.mode = .dealForm(DealForm(editingID: d.id, columnID: d.columnID, title: d.title, contact: detail.contact.name,
                                        phone: Phone.display(detail.contact.phone), value: d.valueCents.map(editableMoney) ?? "",
                                        closed: d.ticketClosed, revision: d.revision))
        return []
    case let .followUpReloaded(column):
        let total = state.columns.first { $0.column.id == column.id }?.count ?? 0
        return openFollowUp(&state, column: column, totalDeals: total)
    case let .followUpSavedBy(columnID, name, at):
        if case var .followUp(form) = state.mode, form.columnID == columnID {
            form.savedBy = (name, at)
            state.mode = .followUp(form)
        }
        return []
    default:
        return []
    }
}

/// The owner prompt's answer: a valid name assigns it, empty clears it, anything else stays with its reason.
func ownerTyped(_ state: inout AppState, _ prompt: Prompt, dealID: Int64, text: String) -> [Effect] {
    if text.isEmpty {
        state.mode = prompt.under
        return [.assignOwner(dealID: dealID, owner: nil)]
    }
    guard let name = OperatorName.validated(text) else {
        var prompt = prompt
        prompt.error = state.lang.t(.ownerInvalid)
        state.mode = .prompt(prompt)
        return []
    }
    state.mode = prompt.under
    return [.assignOwner(dealID: dealID, owner: name)]
}
