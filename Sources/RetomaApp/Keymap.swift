import RetomaCore
import TUIKit

/// Everything a key can do. The keymap table below is the single source for dispatch, footer hints and `?`;
/// the words for each action are in the string catalog (`S.keyDesc`, `S.keyShort`).
public enum KeyAction: Sendable, Equatable, CaseIterable {
    case quit, help, closeHelp
    case left, right, up, down, top, bottom, pageUp, pageDown
    case moveCardLeft, moveCardRight, moveCardUp, moveCardDown
    case openDeal, newDeal, editDeal, deleteDeal
    case newColumn, renameColumn, deleteColumn, moveColumnLeft, moveColumnRight
    case filter, clearFilter, applyFilter, followUp, boards
    case back, writeAgent, writeCustomer, toggleTicket, scrollUp, scrollDown, why, closeWhy, toggleOptOut
    case monitor, monitorFull, brake, unassigned
    case monitorText, filterColumn, filterOutcome, search, clearFilters, resend, markDone, retryFailed, leaveMonitor, hideMonitor
    case applySearch, clearSearch
    case nextField, previousField, toggle, activate, optionPrevious, optionNext, examples, preview, save, cancel
    case pickExample, insertExample, closeExamples
    case confirm, yes, no
    case seedDemo, emptyBoard
    case assign, assignOwner
    case openBoard, newBoard, renameBoard, deleteBoard
    case results, cyclePeriod
    case review, approveDraft, editDraft, rewriteDraft, skipDraft, skipColumnToday
}

/// Where a binding applies: one context per mode, the dialogs, forms and overlays included. `global`
/// bindings apply in every context (after the context's own).
public enum KeyContext: Sendable, Equatable, CaseIterable {
    case global
    case board, filter, monitor, monitorSearch
    case deal, why, dealForm
    case followUp, examples, bulkConfirm, bulkTypeCount
    case prompt, confirm, help, demoOffer, unassigned
    case boards, boardDelete
    case templates
    case results
    case review
}

public struct Binding: Sendable {
    public var keys: [Key]
    public var action: KeyAction
    public var context: KeyContext
    /// Shown in the footer of its context (unless it cannot act now).
    public var inFooter: Bool
    /// Whether the binding still applies while a text field has the focus. Printable keys never do (they
    /// are text there); this turns off the others too, for keys the field itself uses (↑/↓ in a text area).
    public var whileTyping: Bool
    /// Why the action cannot run now, or nil when it can. Shown in the status line when the key is pressed
    /// and next to the key in `?`; the footer leaves the binding out meanwhile.
    public var disabled: @Sendable (AppState) -> S?

    public init(_ keys: [Key], _ action: KeyAction, _ context: KeyContext, footer: Bool = false, whileTyping: Bool = true,
                disabled: @escaping @Sendable (AppState) -> S? = { _ in nil }) {
        self.keys = keys; self.action = action; self.context = context; self.inFooter = footer
        self.whileTyping = whileTyping; self.disabled = disabled
    }

    /// The keys of this binding that act in a state: while typing, printable keys are text.
    public func keys(typing: Bool) -> [Key] {
        guard typing else { return keys }
        guard whileTyping else { return [] }
        return keys.filter { if case .char = $0 { return false } else { return true } }
    }
}

public enum Keymap {
    private static func noDeal(_ s: AppState) -> S? { s.focusedCard == nil ? .noDealSelected : nil }
    private static func noColumn(_ s: AppState) -> S? { s.focusedColumn == nil ? .noColumnYet : nil }

    public static let table: [Binding] = [
        // Ctrl-C quits from anywhere; `q` and `?` are text while a field has the focus (F1 is help there).
        Binding([.char("?"), .function(1)], .help, .global, footer: true),
        Binding([.char("q"), .ctrl("c")], .quit, .global, footer: true),

        Binding([.char("h"), .left], .left, .board, disabled: { s in
            noColumn(s) ?? (s.focusColumn == 0 ? .alreadyFirstColumn : nil)
        }),
        Binding([.char("l"), .right], .right, .board, disabled: { s in
            noColumn(s) ?? (s.focusColumn >= s.columns.count - 1 ? .alreadyLastColumn : nil)
        }),
        Binding([.char("k"), .up], .up, .board, disabled: { cardEdge($0, up: true) }),
        Binding([.char("j"), .down], .down, .board, disabled: { cardEdge($0, up: false) }),
        Binding([.char("g"), .home], .top, .board, disabled: { cardEdge($0, up: true) }),
        Binding([.char("G"), .end], .bottom, .board, disabled: { cardEdge($0, up: false) }),
        Binding([.pageUp], .pageUp, .board, disabled: { cardEdge($0, up: true) }),
        Binding([.pageDown], .pageDown, .board, disabled: { cardEdge($0, up: false) }),
        Binding([.enter], .openDeal, .board, footer: true, disabled: noDeal),
        Binding([.char("H")], .moveCardLeft, .board, footer: true, disabled: { s in
            noDeal(s) ?? (s.focusColumn == 0 ? .alreadyFirstColumn : nil)
        }),
        Binding([.char("L")], .moveCardRight, .board, footer: true, disabled: { s in
            noDeal(s) ?? (s.focusColumn >= s.columns.count - 1 ? .alreadyLastColumn : nil)
        }),
        Binding([.char("K")], .moveCardUp, .board, disabled: noDeal),
        Binding([.char("J")], .moveCardDown, .board, disabled: noDeal),
        Binding([.char("n")], .newDeal, .board, footer: true, disabled: noColumn),
        Binding([.char("e")], .editDeal, .board, disabled: noDeal),
        Binding([.char("d")], .deleteDeal, .board, disabled: noDeal),
        Binding([.char("C")], .newColumn, .board, disabled: { $0.board == nil ? .boardLoading : nil }),
        Binding([.char("E")], .renameColumn, .board, disabled: noColumn),
        Binding([.char("D")], .deleteColumn, .board, disabled: noColumn),
        Binding([.char("<")], .moveColumnLeft, .board, disabled: { s in
            noColumn(s) ?? (s.focusColumn == 0 ? .alreadyFirstColumn : nil)
        }),
        Binding([.char(">")], .moveColumnRight, .board, disabled: { s in
            noColumn(s) ?? (s.focusColumn >= s.columns.count - 1 ? .alreadyLastColumn : nil)
        }),
        Binding([.char("/")], .filter, .board, footer: true),
        Binding([.esc], .clearFilter, .board, disabled: { $0.filter.isEmpty ? .noFilterActive : nil }),
        Binding([.char("r")], .followUp, .board, footer: true, disabled: noColumn),
        Binding([.char("b")], .boards, .board, footer: true),
        Binding([.char("m")], .monitor, .board, footer: true),
        Binding([.char("M")], .monitorFull, .board),
        Binding([.char("P")], .brake, .board, footer: true, disabled: brakeDisabled),
        Binding([.char("U")], .unassigned, .board),
        Binding([.char("R")], .results, .board, footer: true, disabled: { $0.board == nil ? .boardLoading : nil }),
        Binding([.char("A")], .review, .board, footer: true, disabled: { $0.board == nil ? .boardLoading : nil }),
        Binding([.char("o")], .assignOwner, .board, disabled: noDeal),

        Binding([.enter], .applyFilter, .filter, footer: true),
        Binding([.esc], .clearFilter, .filter, footer: true),

        Binding([.char("k"), .up], .up, .monitor, disabled: { monitorEdge($0, up: true) }),
        Binding([.char("j"), .down], .down, .monitor, disabled: { monitorEdge($0, up: false) }),
        Binding([.char("g"), .home], .top, .monitor, disabled: { monitorEdge($0, up: true) }),
        Binding([.char("G"), .end], .bottom, .monitor, disabled: { monitorEdge($0, up: false) }),
        Binding([.enter], .monitorText, .monitor, footer: true, disabled: { monitorEntries($0).isEmpty ? .noMonitorEvents : nil }),
        Binding([.char("c")], .filterColumn, .monitor, footer: true, disabled: noColumn),
        Binding([.char("o")], .filterOutcome, .monitor, footer: true),
        Binding([.char("/")], .search, .monitor, footer: true),
        Binding([.char("x")], .clearFilters, .monitor, disabled: { s in
            let p = s.monitorPane
            return p.columnFilter == nil && p.kindFilter == nil && p.search.isEmpty ? .noFilterActive : nil
        }),
        Binding([.char("R")], .resend, .monitor, disabled: { monitorLine($0, .uncertain) ? nil : .pickUncertainLine }),
        Binding([.char("D")], .markDone, .monitor, disabled: { monitorLine($0, .uncertain) ? nil : .pickUncertainLine }),
        Binding([.char("T")], .retryFailed, .monitor, disabled: { monitorLine($0, .failed) ? nil : .pickFailedLine }),
        Binding([.char("M")], .monitorFull, .monitor),
        Binding([.char("P")], .brake, .monitor, footer: true, disabled: brakeDisabled),
        Binding([.esc], .leaveMonitor, .monitor, footer: true),
        Binding([.char("m")], .hideMonitor, .monitor),

        Binding([.enter], .applySearch, .monitorSearch, footer: true),
        Binding([.esc], .clearSearch, .monitorSearch, footer: true),

        Binding([.esc, .backspace], .back, .deal, footer: true),
        Binding([.char("a")], .writeAgent, .deal, footer: true),
        Binding([.char("c")], .writeCustomer, .deal, footer: true),
        Binding([.char("f")], .toggleTicket, .deal, footer: true, disabled: { dealScreen($0)?.detail == nil ? .dealLoading : nil }),
        Binding([.char("w")], .why, .deal, footer: true, disabled: { dealScreen($0)?.why == nil ? .engineNotRunning : nil }),
        Binding([.char("o")], .toggleOptOut, .deal, disabled: { dealScreen($0)?.detail == nil ? .dealLoading : nil }),
        Binding([.char("k"), .up], .scrollUp, .deal, disabled: { s in
            guard let d = dealScreen(s) else { return .dealLoading }
            return d.scrollFromBottom >= maxConversationScroll(s, d) ? .conversationAtTop : nil
        }),
        Binding([.char("j"), .down], .scrollDown, .deal, disabled: { dealScreen($0)?.scrollFromBottom == 0 ? .conversationAtBottom : nil }),
        Binding([.pageUp], .pageUp, .deal, disabled: { s in
            guard let d = dealScreen(s) else { return .dealLoading }
            return d.scrollFromBottom >= maxConversationScroll(s, d) ? .conversationAtTop : nil
        }),
        Binding([.pageDown], .pageDown, .deal, disabled: { dealScreen($0)?.scrollFromBottom == 0 ? .conversationAtBottom : nil }),

        Binding([.esc, .char("w"), .enter], .closeWhy, .why, footer: true),

        Binding([.tab, .down], .nextField, .dealForm, footer: true),
        Binding([.backTab, .up], .previousField, .dealForm),
        Binding([.char(" ")], .toggle, .dealForm, footer: true),
        Binding([.enter, .ctrl("s")], .save, .dealForm, footer: true),
        Binding([.esc], .cancel, .dealForm, footer: true),

        Binding([.tab], .nextField, .followUp, footer: true),
        Binding([.backTab], .previousField, .followUp),
        Binding([.char("j"), .down], .nextField, .followUp, whileTyping: false),
        Binding([.char("k"), .up], .previousField, .followUp, whileTyping: false),
        Binding([.char(" "), .enter], .activate, .followUp, footer: true, whileTyping: false),
        Binding([.left, .char("h")], .optionPrevious, .followUp, whileTyping: false, disabled: notOnChoice),
        Binding([.right, .char("l")], .optionNext, .followUp, footer: true, whileTyping: false, disabled: notOnChoice),
        Binding([.ctrl("e"), .function(2)], .examples, .followUp, footer: true, disabled: { s in
            guard let f = followUpForm(s) else { return nil }
            return f.focus == .instructions || f.focus == .extra ? nil : .examplesOnlyInTextFields
        }),
        Binding([.ctrl("p")], .preview, .followUp, footer: true, disabled: { followUpForm($0)?.preview == .running ? .previewRunning : nil }),
        Binding([.ctrl("s")], .save, .followUp, footer: true),
        Binding([.esc], .cancel, .followUp, footer: true),

        Binding([.char("k"), .up], .up, .examples, disabled: { s in
            followUpForm(s)?.picker.map { listEdge($0.selected, $0.field == .instructions ? SeedExamples.instructions.count : SeedExamples.extra.count, up: true) } ?? nil
        }),
        Binding([.char("j"), .down], .down, .examples, disabled: { s in
            followUpForm(s)?.picker.map { listEdge($0.selected, $0.field == .instructions ? SeedExamples.instructions.count : SeedExamples.extra.count, up: false) } ?? nil
        }),
        Binding([.char("1"), .char("2"), .char("3"), .char("4"), .char("5")], .pickExample, .examples, footer: true),
        Binding([.enter], .insertExample, .examples, footer: true),
        Binding([.esc], .closeExamples, .examples, footer: true),

        Binding([.char("s"), .char("S"), .char("y"), .char("Y"), .enter], .yes, .bulkConfirm, footer: true),
        Binding([.char("n"), .char("N"), .esc], .no, .bulkConfirm, footer: true),
        Binding([.enter], .confirm, .bulkTypeCount, footer: true),
        Binding([.esc], .no, .bulkTypeCount, footer: true),

        Binding([.enter], .confirm, .prompt, footer: true),
        Binding([.esc], .cancel, .prompt, footer: true),

        Binding([.char("s"), .char("S"), .char("y"), .char("Y"), .enter], .yes, .confirm, footer: true),
        Binding([.char("n"), .char("N"), .esc], .no, .confirm, footer: true),

        Binding([.esc, .char("?"), .char("q"), .function(1)], .closeHelp, .help, footer: true),
        Binding([.char("k"), .up], .scrollUp, .help, disabled: { helpScroll($0) == 0 ? .listAtTop : nil }),
        Binding([.char("j"), .down], .scrollDown, .help, disabled: { helpScroll($0) >= maxHelpScroll($0) ? .listAtBottom : nil }),

        Binding([.char("s"), .char("S"), .char("y"), .char("Y"), .enter], .seedDemo, .demoOffer, footer: true),
        Binding([.char("n"), .char("N"), .esc], .emptyBoard, .demoOffer, footer: true),

        Binding([.char("k"), .up], .up, .unassigned, disabled: { s in
            guard case let .unassigned(list, selected) = s.mode else { return nil }
            return listEdge(selected, list?.count ?? 0, up: true)
        }),
        Binding([.char("j"), .down], .down, .unassigned, footer: true, disabled: { s in
            guard case let .unassigned(list, selected) = s.mode else { return nil }
            return listEdge(selected, list?.count ?? 0, up: false)
        }),
        Binding([.char("a")], .assign, .unassigned, footer: true, disabled: { s in
            guard case let .unassigned(list, _) = s.mode, let list, !list.isEmpty else { return .noUnassigned }
            return s.focusedCard == nil ? .selectDealForConversation : nil
        }),
        Binding([.esc, .char("U")], .back, .unassigned, footer: true),

        Binding([.char("k"), .up], .up, .templates, disabled: { s in
            guard case let .templates(picker) = s.mode else { return nil }
            return listEdge(picker.selected, picker.templates.count, up: true)
        }),
        Binding([.char("j"), .down], .down, .templates, footer: true, disabled: { s in
            guard case let .templates(picker) = s.mode else { return nil }
            return listEdge(picker.selected, picker.templates.count, up: false)
        }),
        Binding([.enter], .activate, .templates, footer: true),
        Binding([.esc], .cancel, .templates, footer: true),

        Binding([.char("k"), .up], .up, .boards, disabled: { s in
            guard case let .boards(list, selected) = s.mode else { return nil }
            return listEdge(selected, list?.count ?? 0, up: true)
        }),
        Binding([.char("j"), .down], .down, .boards, disabled: { s in
            guard case let .boards(list, selected) = s.mode else { return nil }
            return listEdge(selected, list?.count ?? 0, up: false)
        }),
        Binding([.enter], .openBoard, .boards, footer: true, disabled: { selectedBoard($0) == nil ? .boardsLoading : nil }),
        Binding([.char("n")], .newBoard, .boards, footer: true),
        Binding([.char("e")], .renameBoard, .boards, footer: true, disabled: { selectedBoard($0) == nil ? .boardsLoading : nil }),
        Binding([.char("d")], .deleteBoard, .boards, footer: true, disabled: deleteBoardDisabled),
        Binding([.esc, .char("b")], .back, .boards, footer: true),

        // Back first: the footer of a narrow terminal keeps the way out.
        Binding([.esc, .char("R")], .back, .results, footer: true),
        Binding([.char("p")], .cyclePeriod, .results, footer: true),
        Binding([.char("k"), .up], .up, .results, disabled: { s in
            guard case let .results(r) = s.mode else { return nil }
            return r.report == nil ? .resultsLoading : listEdge(r.selected, r.report?.columns.count ?? 0, up: true)
        }),
        Binding([.char("j"), .down], .down, .results, footer: true, disabled: { s in
            guard case let .results(r) = s.mode else { return nil }
            return r.report == nil ? .resultsLoading : listEdge(r.selected, r.report?.columns.count ?? 0, up: false)
        }),

        // Back first, as on the results screen.
        Binding([.esc, .char("A")], .back, .review, footer: true),
        Binding([.enter], .approveDraft, .review, footer: true, disabled: waitingDraft),
        Binding([.char("e")], .editDraft, .review, footer: true, disabled: waitingDraft),
        Binding([.char("g")], .rewriteDraft, .review, footer: true, disabled: waitingDraft),
        Binding([.char("s")], .skipDraft, .review, footer: true, disabled: waitingDraft),
        Binding([.char("S")], .skipColumnToday, .review, footer: true, disabled: { s in
            guard case let .review(r) = s.mode else { return nil }
            return r.items == nil ? .reviewLoading : r.current == nil ? .listEmpty : nil
        }),
        Binding([.char("k"), .up], .up, .review, disabled: { s in
            guard case let .review(r) = s.mode else { return nil }
            return r.items == nil ? .reviewLoading : listEdge(r.selected, r.items?.count ?? 0, up: true)
        }),
        Binding([.char("j"), .down], .down, .review, disabled: { s in
            guard case let .review(r) = s.mode else { return nil }
            return r.items == nil ? .reviewLoading : listEdge(r.selected, r.items?.count ?? 0, up: false)
        }),

        Binding([.left, .char("h")], .optionPrevious, .boardDelete),
        Binding([.right, .char("l")], .optionNext, .boardDelete, footer: true),
        Binding([.enter], .yes, .boardDelete, footer: true),
        Binding([.esc, .char("n")], .no, .boardDelete, footer: true),
    ]

    /// Moving up (or down) a list of `count` from `selected` has nowhere to go.
    static func listEdge(_ selected: Int, _ count: Int, up: Bool) -> S? {
        if count == 0 { return .listEmpty }
        if up { return selected <= 0 ? .listAtTop : nil }
        return selected >= count - 1 ? .listAtBottom : nil
    }

    static func cardEdge(_ s: AppState, up: Bool) -> S? {
        if let none = noColumn(s) { return none }
        return listEdge(s.selectedIndex(s.focusColumn), s.visibleCount(s.focusColumn), up: up)
    }

    /// The monitor's selection (nil follows the newest line, the last one).
    static func monitorEdge(_ s: AppState, up: Bool) -> S? {
        let count = monitorEntries(s).count
        return listEdge(s.monitorPane.selected ?? count - 1, count, up: up)
    }

    /// The review queue's selected draft is one a person can still decide on.
    static func waitingDraft(_ s: AppState) -> S? {
        guard case let .review(r) = s.mode else { return nil }
        guard let items = r.items else { return .reviewLoading }
        guard let item = r.current else { return items.isEmpty ? .listEmpty : .reviewLoading }
        return item.waiting ? nil : .draftNotWaiting
    }

    static func brakeDisabled(_ s: AppState) -> S? {
        guard let e = s.engine else { return .engineNotRunning }
        return e.problem == nil ? nil : .engineNotRunning
    }

    static func notOnChoice(_ s: AppState) -> S? {
        guard let f = followUpForm(s) else { return nil }
        return [.unit, .onMax, .preview, .save, .cancel].contains(f.focus) ? nil : .optionsOnlyOnChoices
    }

    static func followUpForm(_ s: AppState) -> FollowUpForm? {
        if case let .followUp(f) = s.mode { return f }
        return nil
    }

    static func dealScreen(_ s: AppState) -> DealScreen? {
        if case let .deal(d) = s.mode { return d }
        return nil
    }

    static func helpScroll(_ s: AppState) -> Int {
        if case let .help(scroll, _) = s.mode { return scroll }
        return 0
    }

    static func monitorEntries(_ s: AppState) -> [MonitorEntry] { s.monitorPane.filtered(s.monitor) }

    /// The selected monitor line (the newest when none is picked) is of `kind` and names an attempt.
    static func monitorLine(_ s: AppState, _ kind: EventKind) -> Bool {
        let entries = monitorEntries(s)
        let i = s.monitorPane.selected ?? entries.count - 1
        return entries.indices.contains(i) && entries[i].kind == kind && entries[i].attemptID != nil
    }

    static func selectedBoard(_ s: AppState) -> BoardSummary? {
        guard case let .boards(list, selected) = s.mode, let list, list.indices.contains(selected) else { return nil }
        return list[selected]
    }

    static func deleteBoardDisabled(_ s: AppState) -> S? {
        guard case let .boards(list, _) = s.mode, let list, selectedBoard(s) != nil else { return .boardsLoading }
        if list.count == 1 { return .onlyBoard }
        return nil
    }

    /// The binding a key triggers in a state: the context's own bindings win over global ones; while a
    /// field has the focus printable keys are text and trigger nothing.
    public static func binding(for key: Key, in state: AppState) -> Binding? {
        binding(for: key, in: state.keyContext, typing: state.isTyping)
    }

    public static func binding(for key: Key, in context: KeyContext, typing: Bool = false) -> Binding? {
        if let b = table.first(where: { $0.context == context && $0.keys(typing: typing).contains(key) }) { return b }
        return table.first(where: { $0.context == .global && $0.keys(typing: typing).contains(key) })
    }

    public static func action(for key: Key, in context: KeyContext, typing: Bool = false) -> KeyAction? {
        binding(for: key, in: context, typing: typing)?.action
    }

    public static func bindings(in context: KeyContext) -> [Binding] { table.filter { $0.context == context } }

    /// What acts in a state, the context's own first and then the global ones, each with the keys that act.
    public static func active(in state: AppState) -> [(binding: Binding, keys: [Key])] {
        let typing = state.isTyping
        let context = state.keyContext
        return (bindings(in: context) + bindings(in: .global)).compactMap { b in
            let keys = b.keys(typing: typing).filter { binding(for: $0, in: context, typing: typing)?.action == b.action }
            return keys.isEmpty ? nil : (b, keys)
        }
    }

    /// "←/h", "Enter", "Ctrl-C", "Espaço".
    public static func label(_ key: Key, _ lang: Lang = .pt) -> String {
        switch key {
        case let .char(c): return c == " " ? lang.t(.keySpace) : String(c)
        case let .ctrl(c): return "Ctrl-\(c.uppercased())"
        case .enter: return "Enter"
        case .esc: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case let .function(n): return "F\(n)"
        case .resize: return "resize"
        case .mouse: return "mouse"
        }
    }

    /// The keys as the footer and `?` show them; runs of digits read "1–5".
    public static func label(_ keys: [Key], _ lang: Lang = .pt) -> String {
        let digits = keys.compactMap { k -> Int? in if case let .char(c) = k { return c.wholeNumberValue } else { return nil } }
        if digits.count > 2, digits.count == keys.count, let lo = digits.min(), let hi = digits.max(), hi - lo + 1 == digits.count {
            return "\(lo)–\(hi)"
        }
        return keys.map { label($0, lang) }.joined(separator: "/")
    }

    public static func label(_ b: Binding, _ lang: Lang = .pt) -> String { label(b.keys, lang) }
}

extension AppState {
    /// The key context of the current mode (with its overlays and sub-dialogs).
    public var keyContext: KeyContext {
        switch mode {
        case .board: return monitorPane.focused ? (monitorPane.searching ? .monitorSearch : .monitor) : .board
        case .filter: return .filter
        case let .deal(screen): return screen.showWhy ? .why : .deal
        case .dealForm: return .dealForm
        case let .followUp(form):
            if let w = form.warning { return w.level == .typeCount ? .bulkTypeCount : .bulkConfirm }
            return form.picker != nil ? .examples : .followUp
        case .prompt: return .prompt
        case .confirm: return .confirm
        case .help: return .help
        case .demoOffer: return .demoOffer
        case .unassigned: return .unassigned
        case .boards: return .boards
        case .deleteBoard: return .boardDelete
        case .templates: return .templates
        case .results: return .results
        case .review: return .review
        }
    }

    /// A text field has the focus: printable keys are text, not commands.
    public var isTyping: Bool {
        switch mode {
        case .filter, .prompt: return true
        case .board: return monitorPane.focused && monitorPane.searching
        case let .dealForm(form): return form.focus != .closed
        case let .followUp(form):
            if let w = form.warning { return w.level == .typeCount }
            if form.picker != nil { return false }
            // Whatever is not a box, an option list or a button takes text (a new text field included).
            let nonText: [FollowUpForm.Field] = [.enabled, .paused, .businessHours, .afterClose, .review, .advanced, .unit, .onMax,
                                                 .preview, .save, .cancel]
            return !nonText.contains(form.focus)
        default: return false
        }
    }
}
