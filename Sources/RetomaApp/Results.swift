import Foundation
import RetomaCore
import TUIKit

/// The results screen (`R`): per column of the board, what follow-up achieved over the last 7, 30 or 90 days.
public struct ResultsScreen: Sendable, Equatable {
    /// The periods `p` cycles through, in days.
    public static let periods = [7, 30, 90]
    public var boardID: Int64
    public var days: Int
    /// Index into the report's columns.
    public var selected: Int
    /// nil while the read is under way ("carregando…").
    public var report: ResultsReport?
    public init(boardID: Int64, days: Int = 30, selected: Int = 0, report: ResultsReport? = nil) {
        self.boardID = boardID; self.days = days; self.selected = selected; self.report = report
    }

    public var column: ColumnResults? {
        guard let report, report.columns.indices.contains(selected) else { return nil }
        return report.columns[selected]
    }
}

/// Opens the results of the board on screen, on the focused column; the figures come from `loadResults`.
func openResults(_ state: inout AppState) -> [Effect] {
    guard let board = state.board else { return [] }
    let screen = ResultsScreen(boardID: board.board.id, selected: state.focusColumn)
    state.mode = .results(screen)
    return [.loadResults(boardID: screen.boardID, days: screen.days)]
}

func resultsAction(_ state: inout AppState, _ screen: ResultsScreen, _ action: KeyAction) -> [Effect] {
    var screen = screen
    let count = screen.report?.columns.count ?? 0
    switch action {
    case .up: screen.selected = max(0, screen.selected - 1)
    case .down: screen.selected = max(0, min(count - 1, screen.selected + 1))
    case .cyclePeriod:
        let periods = ResultsScreen.periods
        screen.days = periods[((periods.firstIndex(of: screen.days) ?? 0) + 1) % periods.count]
        screen.report = nil
        state.mode = .results(screen)
        return [.loadResults(boardID: screen.boardID, days: screen.days)]
    case .back:
        state.mode = .board
        return []
    default: break
    }
    state.mode = .results(screen)
    return []
}

/// A report answers the screen only if it is still the one asked for (same board and period), under `?` too.
func resultsLoaded(_ state: inout AppState, boardID: Int64, days: Int, _ report: ResultsReport) {
    func answered(_ mode: Mode) -> Mode? {
        switch mode {
        case var .results(screen) where screen.boardID == boardID && screen.days == days:
            screen.report = report
            screen.selected = max(0, min(screen.selected, report.columns.count - 1))
            return .results(screen)
        case let .help(scroll, under): return answered(under).map { .help(scroll: scroll, under: $0) }
        default: return nil
        }
    }
    if let mode = answered(state.mode) { state.mode = mode }
}

/// The open results screen (under `?` too) reads its figures again, keeping those on screen until the answer comes:
/// what the engine or another process just recorded (a follow-up sent, a reply, a deal moved on max) moves them.
func resultsRefresh(_ state: AppState) -> [Effect] {
    func open(_ mode: Mode) -> ResultsScreen? {
        switch mode {
        case let .results(screen): return screen
        case let .help(_, under): return open(under)
        default: return nil
        }
    }
    guard let screen = open(state.mode) else { return [] }
    return [.loadResults(boardID: screen.boardID, days: screen.days)]
}
