import Foundation
import RetomaCore
import RetomaStore
import Testing

@Suite("Columns")
struct ColumnTests {
    @Test func addAppendsAtTheRightWithFollowUpOff() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        #expect(columns.map(\.position) == [0, 1, 2])
        #expect(columns.allSatisfy { $0.boardID == board.id && $0.followUp == .off })
        let listing = try #require(try store.boardListings().first)
        #expect(listing.columns.map(\.name) == ["A", "B", "C"])
        #expect(listing.columns.allSatisfy { $0.dealCount == 0 && !$0.followUpEnabled })
    }

    @Test func namesAreTrimmedAndEmptyNamesRefused() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        #expect(try store.addColumn(boardID: board.id, name: "  Proposta enviada ").name == "Proposta enviada")
        let before = try StoreDump(store)
        #expect(throws: StoreError.invalid(.emptyColumnName)) { try store.addColumn(boardID: board.id, name: " \t ") }
        #expect(throws: StoreError.invalid(.emptyColumnName)) { try store.renameColumn(id: columns[0].id, name: "") }
        #expect(throws: StoreError.notFound(entity: "board", id: 99)) { try store.addColumn(boardID: 99, name: "X") }
        #expect(throws: StoreError.notFound(entity: "column", id: 99)) { try store.renameColumn(id: 99, name: "X") }
        #expect(try StoreDump(store) == before)
    }

    @Test func rename() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        let renamed = try store.renameColumn(id: columns[1].id, name: "Negociação 🤝")
        #expect(renamed.name == "Negociação 🤝" && renamed.position == 1)
        #expect(try store.loadBoard(id: board.id).columns.map(\.column.name) == ["A", "Negociação 🤝", "C"])
    }

    @Test func moveSwapsWithTheNeighbourAndStopsAtTheEdges() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        func names() throws -> [String] { try store.loadBoard(id: board.id).columns.map(\.column.name) }
        #expect(try store.moveColumn(id: columns[0].id, by: 1) == 1)
        #expect(try names() == ["B", "A", "C"])
        #expect(try store.moveColumn(id: columns[2].id, by: 1) == 2)
        #expect(try names() == ["B", "A", "C"])
        #expect(try store.moveColumn(id: columns[1].id, by: -1) == 0)
        #expect(try store.moveColumn(id: columns[1].id, by: -1) == 0)
        #expect(try names() == ["B", "A", "C"])
        #expect(try store.moveColumn(id: columns[1].id, by: 5) == 2)
        #expect(try names() == ["A", "C", "B"])
        #expect(try store.loadBoard(id: board.id).columns.map(\.column.position) == [0, 1, 2])
    }

    @Test func deleteRemovesItsDealsAndMessagesAndKeepsPositionsDense() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        let doomed = try Fixture.deal(store, column: columns[1].id, title: "Vai sumir")
        _ = try store.addMessage(dealID: doomed.id, author: .customer, text: "Oi")
        let kept = try Fixture.deal(store, column: columns[2].id, title: "Fica", phone: "21998765432")
        try store.deleteColumn(id: columns[1].id)
        let snapshot = try store.loadBoard(id: board.id)
        #expect(snapshot.columns.map(\.column.name) == ["A", "C"])
        #expect(snapshot.columns.map(\.column.position) == [0, 1])
        #expect(throws: StoreError.notFound(entity: "deal", id: doomed.id)) { try store.dealDetail(id: doomed.id) }
        #expect(try store.dealDetail(id: kept.id).deal.title == "Fica")
        #expect(throws: StoreError.notFound(entity: "column", id: columns[1].id)) { try store.deleteColumn(id: columns[1].id) }
        // The new column goes after the remaining ones, not into the gap.
        #expect(try store.addColumn(boardID: board.id, name: "D").position == 2)
    }

    @Test func followUpSettingsRoundTrip() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        let config = FollowUpConfig(
            enabled: true, interval: Interval(amount: 2, unit: .hours), businessHoursOnly: false,
            sendAfterClose: true, instructions: "Cliente recebeu orçamento e não respondeu.",
            extraInfo: "Se passar de 10 dias, ofereça 10% de desconto.", maxAttempts: 3,
            onMax: .moveTo(columnID: columns[2].id))
        let saved = try store.setFollowUp(columnID: columns[1].id, config: config)
        #expect(saved.followUp == config)
        #expect(try store.loadBoard(id: board.id).columns[1].column.followUp == config)
        #expect(try store.boardListings()[0].columns.map(\.followUpEnabled) == [false, true, false])
        // Deleting the target column drops the "move to" rule instead of pointing at nothing.
        try store.deleteColumn(id: columns[2].id)
        #expect(try store.loadBoard(id: board.id).columns[1].column.followUp.onMax == OnMaxAction.none)
    }

    @Test func followUpValidation() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        let other = try store.addBoard(name: "Pós-venda")
        let foreign = try store.addColumn(boardID: other.id, name: "Suporte")
        let before = try StoreDump(store)
        var config = FollowUpConfig.off
        config.enabled = true
        var bad = config
        bad.interval.amount = 0
        #expect(throws: StoreError.invalid(.followUp(FieldError(field: .interval, problem: .interval(.outOfRange(amount: "0", unit: .days)))))) { try store.setFollowUp(columnID: columns[0].id, config: bad) }
        bad = config
        bad.maxAttempts = -1
        #expect(throws: StoreError.invalid(.followUp(FieldError(field: .maxAttempts, problem: .mustNotBeNegative)))) { try store.setFollowUp(columnID: columns[0].id, config: bad) }
        bad = config
        bad.onMax = .moveTo(columnID: columns[0].id)
        #expect(throws: StoreError.invalid(.followUp(FieldError(field: .onMax, problem: .movesToOwnColumn)))) {
            try store.setFollowUp(columnID: columns[0].id, config: bad)
        }
        bad = config
        bad.maxPerDay = -3
        #expect(throws: StoreError.invalid(.followUp(FieldError(field: .maxPerDay, problem: .mustNotBeNegative)))) {
            try store.setFollowUp(columnID: columns[0].id, config: bad)
        }
        bad = config
        bad.onMax = .moveTo(columnID: foreign.id)
        #expect(throws: StoreError.invalid(.followUpTargetOnOtherBoard(columnID: foreign.id))) {
            try store.setFollowUp(columnID: columns[0].id, config: bad)
        }
        bad.onMax = .moveTo(columnID: 999)
        #expect(throws: StoreError.notFound(entity: "column", id: 999)) { try store.setFollowUp(columnID: columns[0].id, config: bad) }
        #expect(throws: StoreError.notFound(entity: "column", id: 999)) { try store.setFollowUp(columnID: 999, config: config) }
        #expect(try StoreDump(store) == before)
    }
}
