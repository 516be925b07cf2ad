import Foundation
import RetomaCore
@testable import RetomaApp
import TUIKit

/// A small board built in memory: columns with `counts[i]` cards each.
func makeBoard(_ counts: [Int], names: [String]? = nil, now: Date = Date(timeIntervalSince1970: 1_780_000_000)) -> BoardSnapshot {
    var id: Int64 = 1
    let cols = counts.enumerated().map { (ci, n) -> ColumnSnapshot in
        let colID = Int64(100 + ci)
        let cards = (0..<n).map { i -> CardSummary in
            defer { id += 1 }
            return CardSummary(id: id, columnID: colID, position: i, title: "Negócio \(id)", contactName: "Cliente \(id)",
                               phone: "+55119876543\(String(format: "%02d", Int(id % 100)))", valueCents: 120_050,
                               ticketClosed: i % 3 == 2, lastMessageAt: now.addingTimeInterval(-7200),
                               lastMessageAuthor: i % 2 == 0 ? .agent : .customer)
        }
        let name = names?[ci] ?? "Coluna \(ci + 1)"
        return ColumnSnapshot(column: Column(id: colID, boardID: 1, name: name, position: ci), cards: cards)
    }
    return BoardSnapshot(board: Board(id: 1, name: "Vendas"), columns: cols)
}

func loadedState(_ counts: [Int], size: Size = Size(width: 120, height: 40), lang: Lang = .pt) -> AppState {
    var s = AppState(lang: lang, size: size, now: Date(timeIntervalSince1970: 1_780_000_000))
    _ = update(&s, .boardLoaded(makeBoard(counts), focusDeal: nil))
    return s
}

@discardableResult
func press(_ s: inout AppState, _ keys: Key...) -> [Effect] {
    var out: [Effect] = []
    for k in keys { out += update(&s, .key(k)) }
    return out
}

func type(_ s: inout AppState, _ text: String) {
    for ch in text { _ = update(&s, .key(.char(ch))) }
}
