import Foundation
import RetomaCore
import TUIKit

/// One draft of the review queue as the screen shows it (the store's `ReviewDraft`, read by the runtime).
public struct ReviewItem: Sendable, Equatable {
    /// The attempt's id: what `retoma draft approve ID` takes.
    public var id: Int64
    public var columnID: Int64
    public var columnName: String
    public var dealID: Int64
    public var dealTitle: String
    public var contactName: String
    /// The follow-up's number in the deal's sequence (1º, 2º…).
    public var sequence: Int
    public var text: String
    /// Still waiting for a person; otherwise it went stale and `reason` (a ledger or rule code) says why.
    public var waiting: Bool
    public var reason: String?
    /// The column's interval, short ("1d"), and our last message it counts from: why it is due.
    public var interval: String
    public var lastOurMessageAt: Date?
    public init(id: Int64, columnID: Int64, columnName: String, dealID: Int64, dealTitle: String, contactName: String,
                sequence: Int, text: String, waiting: Bool, reason: String?, interval: String, lastOurMessageAt: Date?) {
        self.id = id; self.columnID = columnID; self.columnName = columnName; self.dealID = dealID; self.dealTitle = dealTitle
        self.contactName = contactName; self.sequence = sequence; self.text = text; self.waiting = waiting; self.reason = reason
        self.interval = interval; self.lastOurMessageAt = lastOurMessageAt
    }
}

/// The review queue (`A`): the drafts of the board on screen waiting for a person, and those that went stale.
public struct ReviewScreen: Sendable, Equatable {
    public var boardID: Int64
    /// Index into `items`.
    public var selected: Int
    /// nil while the read is under way ("carregando…").
    public var items: [ReviewItem]?
    public init(boardID: Int64, selected: Int = 0, items: [ReviewItem]? = nil) {
        self.boardID = boardID; self.selected = selected; self.items = items
    }

    public var current: ReviewItem? {
        guard let items, items.indices.contains(selected) else { return nil }
        return items[selected]
    }
}

/// Opens the queue of the board on screen; the drafts come from `loadReview`.
func openReview(_ state: inout AppState) -> [Effect] {
    guard let board = state.board else { return [] }
    let screen = ReviewScreen(boardID: board.board.id)
    state.mode = .review(screen)
    return [.loadReview(boardID: screen.boardID)]
}

func reviewAction(_ state: inout AppState, _ screen: ReviewScreen, _ action: KeyAction) -> [Effect] {
    var screen = screen
    let count = screen.items?.count ?? 0
    switch action {
    case .up: screen.selected = max(0, screen.selected - 1)
    case .down: screen.selected = max(0, min(count - 1, screen.selected + 1))
    case .back:
        state.mode = .board
        return []
    case .approveDraft, .rewriteDraft, .skipDraft:
        guard let item = screen.current, item.waiting else { return [] }
        state.mode = .review(screen)
        switch action {
        case .approveDraft: return [.approveDraft(attemptID: item.id, text: nil)]
        case .rewriteDraft: return [.rewriteDraft(attemptID: item.id)]
        default: return [.skipDraft(attemptID: item.id)]
        }
    case .editDraft:
        guard let item = screen.current, item.waiting else { return [] }
        state.mode = .prompt(Prompt(purpose: .editDraft(attemptID: item.id), title: state.lang.t(.editDraftTitle(item.contactName)),
                                    field: TextField(text: item.text), error: nil, under: .review(screen)))
        return []
    case .skipColumnToday:
        guard let item = screen.current else { return [] }
        let waiting = screen.items?.filter { $0.waiting && $0.columnID == item.columnID }.count ?? 0
        state.mode = .confirm(Confirm(question: state.lang.t(.confirmSkipColumnToday(column: item.columnName, drafts: waiting)),
                                      action: .skipColumnToday(item.columnID), under: .review(screen)))
        return []
    default: break
    }
    state.mode = .review(screen)
    return []
}

/// A refused edit loses nothing: over the queue it was typed in, the input opens again with the text and why.
func draftEditRefused(_ state: inout AppState, attemptID: Int64, text: String, problem: String) {
    let message = state.lang.t(.draftTextRefused(problem))
    guard case let .review(screen) = state.mode, let item = screen.items?.first(where: { $0.id == attemptID }) else {
        state.status = .init(message, .error)
        return
    }
    state.mode = .prompt(Prompt(purpose: .editDraft(attemptID: attemptID), title: state.lang.t(.editDraftTitle(item.contactName)),
                                field: TextField(text: text), error: message, under: .review(screen)))
}

/// The queue's answer reaches the screen only if it is the board asked for (under `?` and dialogs too), keeping the
/// selection on the same draft when it is still listed; the title bar's count follows it either way.
func reviewLoaded(_ state: inout AppState, boardID: Int64, _ items: [ReviewItem]) {
    state.reviewWaiting = ReviewCount(boardID: boardID, waiting: items.filter(\.waiting).count)
    func answered(_ mode: Mode) -> Mode? {
        switch mode {
        case var .review(screen) where screen.boardID == boardID:
            let keep = screen.current?.id
            screen.items = items
            screen.selected = keep.flatMap { id in items.firstIndex { $0.id == id } } ?? max(0, min(screen.selected, items.count - 1))
            return .review(screen)
        case let .help(scroll, under): return answered(under).map { .help(scroll: scroll, under: $0) }
        case var .prompt(p): return answered(p.under).map { p.under = $0; return .prompt(p) }
        case var .confirm(c): return answered(c.under).map { c.under = $0; return .confirm(c) }
        default: return nil
        }
    }
    if let mode = answered(state.mode) { state.mode = mode }
}

/// The open queue (under `?` and dialogs too) read again when the engine or another process changed it (a new draft,
/// a send, a reply that made one stale). With the queue closed the title bar's count comes with the board's reads.
func reviewRefresh(_ state: AppState) -> [Effect] {
    func open(_ mode: Mode) -> ReviewScreen? {
        switch mode {
        case let .review(screen): return screen
        case let .help(_, under): return open(under)
        case let .prompt(p): return open(p.under)
        case let .confirm(c): return open(c.under)
        default: return nil
        }
    }
    guard let screen = open(state.mode) else { return [] }
    return [.loadReview(boardID: screen.boardID)]
}

/// Drafts waiting on one board, for the title bar.
public struct ReviewCount: Sendable, Equatable {
    public var boardID: Int64
    public var waiting: Int
    public init(boardID: Int64, waiting: Int) { self.boardID = boardID; self.waiting = waiting }
}
