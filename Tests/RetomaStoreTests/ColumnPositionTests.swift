import Foundation
import RetomaCore
import RetomaStore
import Testing

@Suite("Column positions")
struct ColumnPositionTests {
    @Test func moveToAPositionShiftsTheOthers() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        let d = try store.addColumn(boardID: board.id, name: "D")
        #expect(try store.moveColumn(id: d.id, toPosition: 0).position == 0)
        #expect(try store.loadBoard(id: board.id).columns.map(\.column.name) == ["D", "A", "B", "C"])
        #expect(try store.moveColumn(id: columns[0].id, toPosition: 3).position == 3)
        #expect(try store.loadBoard(id: board.id).columns.map(\.column.name) == ["D", "B", "C", "A"])
        #expect(try store.moveColumn(id: columns[1].id, toPosition: 1).position == 1, "where it is already")
        #expect(try store.loadBoard(id: board.id).columns.map(\.column.position) == [0, 1, 2, 3])
    }

    @Test func aPositionOutsideTheBoardIsRefusedNotClamped() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        let before = try StoreDump(store)
        for position in [3, -1, Int.max, Int.min] {
            #expect(throws: StoreError.invalid(.columnPosition(position, columns: 3))) {
                try store.moveColumn(id: columns[0].id, toPosition: position)
            }
        }
        #expect(throws: StoreError.notFound(entity: "column", id: 99)) { try store.moveColumn(id: 99, toPosition: 0) }
        #expect(try StoreDump(store) == before)
        #expect(StoreError.invalid(.columnPosition(3, columns: 3)).message(.en)
            == "position 3 does not exist: the board has 3 columns, at positions 0 to 2")
    }
}
