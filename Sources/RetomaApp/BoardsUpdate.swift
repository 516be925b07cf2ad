import Foundation
import RetomaCore
import TUIKit

/// `b`: the board switcher, with the open board selected once the list arrives.
func openBoards(_ state: inout AppState) -> [Effect] {
    state.mode = .boards(list: nil, selected: 0)
    return [.loadBoards(select: nil)]
}

func boardsLoaded(_ state: inout AppState, _ list: [BoardSummary], select: Int64?) {
    guard case let .boards(old, selected) = state.mode else { return }
    let wanted = select ?? (old == nil ? state.board?.board.id : old?[safe: selected]?.id)
    let index = wanted.flatMap { id in list.firstIndex { $0.id == id } } ?? min(selected, max(0, list.count - 1))
    state.mode = .boards(list: list, selected: index)
}

func boardsAction(_ state: inout AppState, _ list: [BoardSummary]?, _ selected: Int, _ action: KeyAction) -> [Effect] {
    let count = list?.count ?? 0
    let chosen = list?[safe: selected]
    switch action {
    case .back:
        state.mode = .board
    case .up:
        state.mode = .boards(list: list, selected: max(0, selected - 1))
    case .down:
        state.mode = .boards(list: list, selected: min(max(0, count - 1), selected + 1))
    case .openBoard:
        guard let chosen else { return [] }
        state.mode = .board
        if chosen.id == state.board?.board.id { return [] }
        state.loading = true
        return [.switchBoard(id: chosen.id)]
    case .newBoard:
        state.mode = .prompt(Prompt(purpose: .newBoard, title: state.lang.t(.newBoard), field: TextField(text: ""), error: nil,
                                    under: state.mode))
    case .renameBoard:
        guard let chosen else { return [] }
        state.mode = .prompt(Prompt(purpose: .renameBoard(id: chosen.id), title: state.lang.t(.renameBoard),
                                    field: TextField(text: chosen.name), error: nil, under: state.mode))
    case .deleteBoard:
        guard let list, let chosen else { return [] }
        if chosen.deals == 0 {
            state.mode = .confirm(Confirm(question: state.lang.t(.confirmDeleteBoard(chosen.name)), action: .deleteBoard(chosen.id),
                                          under: state.mode))
            return []
        }
        // A board with deals goes only once a board with columns is chosen to receive them.
        let targets = list.filter { $0.id != chosen.id && $0.columns > 0 }
        guard !targets.isEmpty else {
            state.status = .init(state.lang.t(.noBoardToReceive(chosen.name, chosen.deals)), .error)
            return []
        }
        state.mode = .deleteBoard(BoardDeletion(board: chosen, targets: targets, target: Choice(options: targets.map(\.name)),
                                                list: list, selected: selected))
    default:
        break
    }
    return []
}

func deleteBoardAction(_ state: inout AppState, _ deletion: BoardDeletion, _ action: KeyAction) -> [Effect] {
    var deletion = deletion
    switch action {
    case .optionPrevious, .optionNext:
        _ = deletion.target.handle(action == .optionPrevious ? .left : .right)
        state.mode = .deleteBoard(deletion)
    case .yes:
        guard let target = deletion.targets[safe: deletion.target.selectedIndex] else { return [] }
        state.mode = .boards(list: deletion.list, selected: deletion.selected)
        return [.deleteBoard(id: deletion.board.id, moveTo: target.id)]
    case .no:
        state.mode = .boards(list: deletion.list, selected: deletion.selected)
    default:
        break
    }
    return []
}

extension AppState {
    /// Forgets where the focus and the scroll were: they belonged to another board.
    mutating func resetBoardFocus() {
        focusColumn = 0
        selection = [:]
        columnScroll = 0
        cardScroll = [:]
        filter = ""
        pendingPages = [:]
        staleColumns = []
        monitorPane.columnFilter = nil
    }
}
