import Foundation
import RetomaCore
import TUIKit

func dealAction(_ state: inout AppState, _ screen: DealScreen, _ action: KeyAction) -> [Effect] {
    var screen = screen
    if screen.showWhy {
        if action == .closeWhy { screen.showWhy = false }
        state.mode = .deal(screen)
        return []
    }
    let page = max(1, state.size.height - 10)
    switch action {
    case .back:
        state.mode = .board
        return []
    case .scrollUp: screen.scrollFromBottom += 1
    case .scrollDown: screen.scrollFromBottom = max(0, screen.scrollFromBottom - 1)
    case .pageUp: screen.scrollFromBottom += page
    case .pageDown: screen.scrollFromBottom = max(0, screen.scrollFromBottom - page)
    case .writeAgent, .writeCustomer:
        let author: MessageAuthor = action == .writeAgent ? .agent : .customer
        state.mode = .prompt(Prompt(purpose: .message(dealID: screen.dealID, author: author),
                                    title: state.lang.t(action == .writeAgent ? .writeAsCompany : .writeAsCustomer),
                                    field: TextField(text: ""), error: nil, under: .deal(screen)))
        return []
    case .why:
        screen.showWhy = true
    case .toggleTicket:
        guard let d = screen.detail else { return [] }
        return [.setTicketClosed(dealID: d.deal.id, closed: !d.deal.ticketClosed)]
    case .toggleOptOut:
        // Asks first: it silences (or wakes) every deal of this person.
        guard let d = screen.detail else { return [] }
        let optOut = d.optOut == nil
        let name = d.contact.name
        state.mode = .confirm(Confirm(question: state.lang.t(optOut ? .confirmOptOut(name: name) : .confirmOptIn(name: name)),
                                      action: .setOptOut(contactID: d.contact.id, dealID: d.deal.id, optedOut: optOut),
                                      under: .deal(screen)))
        return []
    default:
        break
    }
    screen.scrollFromBottom = min(screen.scrollFromBottom, maxConversationScroll(state, screen))
    state.mode = .deal(screen)
    return []
}

/// How far up the conversation can scroll: the same lines the view draws, less one screenful.
func maxConversationScroll(_ state: AppState, _ screen: DealScreen) -> Int {
    guard let d = screen.detail else { return 0 }
    let box = dealConversationRect(state, screen)
    return max(0, conversationLines(d.messages, history: d.history, width: box.width - 2, lang: state.lang).count - (box.height - 2))
}

func dealFormAction(_ state: inout AppState, _ form: DealForm, _ action: KeyAction) -> [Effect] {
    var form = form
    let fields = DealForm.Field.allCases
    switch action {
    case .cancel:
        if form.isDirty {
            state.mode = .confirm(Confirm(question: state.lang.t(.confirmDiscard), action: .discardForm, under: .dealForm(form)))
        } else {
            state.mode = .board
        }
        return []
    case .nextField:
        form.focus = fields[(form.focus.rawValue + 1) % fields.count]
    case .previousField:
        form.focus = fields[(form.focus.rawValue + fields.count - 1) % fields.count]
    case .save:
        if let draft = validate(&form, state.lang) {
            state.mode = .board
            if let id = form.editingID {
                state.unsaved = .dealForm(form)
                return [.updateDeal(id: id, draft, revision: form.revision)]
            }
            return [.addDeal(columnID: form.columnID, draft)]
        }
    case .toggle:
        if form.focus == .closed { form.closed.toggle() }
    default:
        break
    }
    state.mode = .dealForm(form)
    return []
}

/// Text typed into the focused field of the deal form.
func dealFormType(_ state: inout AppState, _ form: DealForm, _ key: Key) {
    var form = form
    switch form.focus {
    case .title: _ = form.title.handle(key)
    case .contact: _ = form.contact.handle(key)
    case .phone: _ = form.phone.handle(key)
    case .value: _ = form.value.handle(key)
    case .closed: break
    }
    form.errors[form.focus] = nil
    state.mode = .dealForm(form)
}

/// Checks every field; on failure marks each bad field and returns nil so nothing is saved.
func validate(_ form: inout DealForm, _ lang: Lang) -> DealDraft? {
    form.errors = [:]
    let title = form.title.text.trimmingCharacters(in: .whitespaces)
    let contact = form.contact.text.trimmingCharacters(in: .whitespaces)
    if title.isEmpty { form.errors[.title] = lang.t(.errTitleEmpty) }
    if contact.isEmpty { form.errors[.contact] = lang.t(.errNameEmpty) }
    var phone = ""
    switch Phone.normalize(form.phone.text) {
    case let .success(p): phone = p
    case let .failure(problem): form.errors[.phone] = describe(problem, lang)
    }
    var cents: Int64?
    let rawValue = form.value.text.trimmingCharacters(in: .whitespaces)
    if !rawValue.isEmpty {
        cents = Money.parse(rawValue)
        if cents == nil { form.errors[.value] = lang.t(.errValue) }
    }
    if let first = DealForm.Field.allCases.first(where: { form.errors[$0] != nil }) {
        form.focus = first
        return nil
    }
    return DealDraft(title: title, contactName: contact, phone: phone, valueCents: cents, ticketClosed: form.closed)
}
