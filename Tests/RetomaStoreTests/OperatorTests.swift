import Foundation
import GRDB
@testable import RetomaStore
import RetomaCore
import Testing
import StoreTestBackend

/// Operators (issue 13): who typed, moved, closed, assigned and saved, on real database files; and forms that
/// refuse to save over a newer revision written by another store on the same file.
@Suite("Operators")
struct OperatorTests {
    static let number = SendingNumber(sender: "cloud:1", governor: .standard, window: .unrestricted)

    func store(_ scratch: Scratch, _ name: String, at instant: Date = Fixture.now) throws -> Store {
        try scratch.store(now: instant, operatorName: name)
    }

    @Test func messagesOurSideTypesCarryTheOperatorAndNoOtherDoes() throws {
        let scratch = try Scratch()
        let ana = try store(scratch, "ana")
        let (_, columns) = try Fixture.board(ana)
        let deal = try Fixture.deal(ana, column: columns[0].id, title: "Site")
        let typed = try ana.addMessage(dealID: deal.id, author: .agent, text: "Segue o orçamento.")
        try ana.addMessage(dealID: deal.id, author: .customer, text: "Obrigada!")
        let bia = try store(scratch, "bia")
        guard case .queued(_, let sent) = try bia.queueAgentSend(dealID: deal.id, text: "Alguma dúvida?", number: Self.number)
        else { Issue.record("not queued"); return }
        #expect(typed.operatorName == "ana" && sent.operatorName == "bia")
        let messages = try ana.dealDetail(id: deal.id).messages
        #expect(messages.map(\.operatorName) == ["ana", nil, "bia"])
    }

    @Test func movesTicketsAndOwnersAreRecordedWithTheirOperatorAndTime() throws {
        let scratch = try Scratch()
        let ana = try store(scratch, "ana")
        let (_, columns) = try Fixture.board(ana)
        let deal = try Fixture.deal(ana, column: columns[0].id, title: "Site")
        try ana.moveDeal(id: deal.id, toColumn: columns[2].id)
        try ana.moveDeal(id: deal.id, toColumn: columns[2].id)   // its own column: nothing happens, nothing recorded
        let later = Fixture.now.addingTimeInterval(600)
        let bia = try store(scratch, "bia", at: later)
        try bia.setTicketClosed(dealID: deal.id, closed: true)
        try bia.setTicketClosed(dealID: deal.id, closed: true)
        try bia.assignOwner(dealID: deal.id, to: "  carla ")
        try ana.setTicketClosed(dealID: deal.id, closed: false)
        try ana.assignOwner(dealID: deal.id, to: nil)
        let history = try ana.dealDetail(id: deal.id).history
        #expect(history.map(\.kind) == [.moved, .closed, .owner, .reopened, .owner])
        #expect(history.map(\.operatorName) == ["ana", "bia", "bia", "ana", "ana"])
        #expect(history[0].fromColumn == "A" && history[0].toColumn == "C" && history[0].at == Fixture.now)
        #expect(history[1].at == later && history[2].owner == "carla" && history[4].owner == nil)
        #expect(try ana.dealDetail(id: deal.id).deal.owner == nil)
        // A name that is no name is refused with nothing written.
        for bad in ["", "   ", String(repeating: "x", count: 41), "ana\u{1B}[2J"] {
            #expect(throws: StoreError.invalid(.ownerName(bad))) { try ana.assignOwner(dealID: deal.id, to: bad) }
        }
        #expect(try ana.dealDetail(id: deal.id).history.count == 5)
    }

    @Test func aDealFormOpenedBeforeAnotherSaveIsRefusedAndWritesNothing() throws {
        let scratch = try Scratch()
        let ana = try store(scratch, "ana")
        let (_, columns) = try Fixture.board(ana)
        let deal = try Fixture.deal(ana, column: columns[0].id, title: "Site")
        #expect(deal.revision == 1)
        // Both open the form at revision 1; Bia saves first.
        let saved = Fixture.now.addingTimeInterval(3 * 3600 + 7 * 60)
        let bia = try store(scratch, "bia", at: saved)
        let biaSaved = try bia.saveDealForm(id: deal.id, title: "Site novo", contactName: "Maria Souza",
                                            phone: "11987654321", valueCents: 150_000, ticketClosed: false,
                                            expectedRevision: deal.revision)
        #expect(biaSaved.revision == 2 && biaSaved.title == "Site novo")
        let before = try StoreDump(ana)
        #expect(throws: StoreError.conflict(EditConflict(subject: .deal(deal.id), revision: 2, operatorName: "bia", at: saved))) {
            try ana.saveDealForm(id: deal.id, title: "Site da Ana", contactName: "Maria Souza", phone: "11987654321",
                                 valueCents: nil, ticketClosed: true, expectedRevision: 1)
        }
        #expect(try StoreDump(ana) == before, "nothing of Ana's form was written")
        let error = #expect(throws: StoreError.self) {
            try ana.saveDealForm(id: deal.id, title: "Site da Ana", contactName: "Maria Souza", phone: "11987654321",
                                 valueCents: nil, ticketClosed: true, expectedRevision: 1)
        }
        // 12:00 UTC + 3 h 07 min is 12:07 in Brasília.
        #expect(error?.message(.pt) == "a negociação \(deal.id) foi alterada por bia às 12:07 depois de aberta; nada foi salvo")
        #expect(error?.message(.en) == "deal \(deal.id) was changed by bia at 12:07 after it was opened; nothing was saved")
        // Reloaded, Ana saves on the new revision; closing the ticket is a change of the form too.
        let again = try ana.saveDealForm(id: deal.id, title: "Site da Ana", contactName: "Maria Souza",
                                         phone: "11987654321", valueCents: 150_000, ticketClosed: true, expectedRevision: 2)
        #expect(again.revision == 3 && again.ticketClosed)
        #expect(try ana.dealDetail(id: deal.id).history.map(\.kind) == [.closed])
        // Moves and owners are not what the form holds: they leave its revision alone.
        try bia.moveDeal(id: deal.id, toColumn: columns[1].id)
        try bia.assignOwner(dealID: deal.id, to: "bia")
        #expect(try ana.dealDetail(id: deal.id).deal.revision == 3)
    }

    @Test func eachSavedFollowUpIsAVersionWithEveryFieldAndAStaleDialogIsRefused() throws {
        let scratch = try Scratch()
        let ana = try store(scratch, "ana")
        let (_, columns) = try Fixture.board(ana)
        let column = columns[0]
        #expect(column.followUpRevision == 1)
        var config = column.followUp
        config.enabled = true
        config.interval = Interval(amount: 2, unit: .hours)
        let first = try ana.setFollowUp(columnID: column.id, config: config, expectedRevision: 1)
        #expect(first.followUpRevision == 2)
        try ana.setFollowUp(columnID: column.id, config: config, expectedRevision: 2)   // nothing changed: no version
        let later = Fixture.now.addingTimeInterval(3600)
        let bia = try store(scratch, "bia", at: later)
        var biaConfig = config
        biaConfig.instructions = "Seja breve."
        biaConfig.onMax = .moveTo(columnID: columns[2].id)
        try bia.setFollowUp(columnID: column.id, config: biaConfig, expectedRevision: 2)
        // Ana's dialog still holds revision 2.
        var anaConfig = config
        anaConfig.maxAttempts = 9
        #expect(throws: StoreError.conflict(EditConflict(subject: .followUp(columnID: column.id), revision: 3,
                                                         operatorName: "bia", at: later))) {
            try ana.setFollowUp(columnID: column.id, config: anaConfig, expectedRevision: 2)
        }
        #expect(try ana.column(id: column.id).followUp == biaConfig, "Bia's save stands")
        // `followup set` passes no revision: it reads and writes in one transaction.
        try ana.setFollowUp(columnID: column.id, config: anaConfig)
        let history = try ana.columnHistory(columnID: column.id)
        #expect(history.map(\.revision) == [4, 3, 2, 1])
        #expect(history.map(\.operatorName) == ["ana", "bia", "ana", "ana"], "revision 1 by whoever added the column")
        #expect(history[1].savedAt == later && history[1].config == biaConfig)
        #expect(history[0].changes == [FollowUpChange(field: "instructions", old: "Seja breve.", new: ""),
                                       FollowUpChange(field: "maxAttempts", old: "5", new: "9"),
                                       FollowUpChange(field: "onMax", old: "move:\(columns[2].id)", new: "none")])
        #expect(history[2].changes == [FollowUpChange(field: "enabled", old: "false", new: "true"),
                                       FollowUpChange(field: "every", old: "1d", new: "2h")])
        #expect(history[3].changes.isEmpty)
        #expect(history.map(\.instructionVersion) == [3, 2, 1, 0], "tied to the instruction versions the results count")
        #expect(try ana.currentColumnConfig(columnID: column.id)?.revision == 4)
    }

    /// A database made before v13 gets revision 1 of every column's configuration, signed as its first
    /// instruction version was, and deals without an owner at revision 1.
    @Test(.sqliteOnly("upgrades an SQLite file made by an earlier Retoma (GRDB migrations)")) func theMigrationGivesEveryColumnItsFirstConfigurationVersion() throws {
        let scratch = try Scratch()
        let file = try scratch.olderDemoDatabase("old.db", undo: [
            "DROP TABLE deal_history", "DROP TABLE column_config_version", "DROP INDEX deal_by_owner",
            "ALTER TABLE deal DROP COLUMN owner", "ALTER TABLE deal DROP COLUMN revision",
            "ALTER TABLE deal DROP COLUMN revised_by", "ALTER TABLE deal DROP COLUMN revised_at",
            "ALTER TABLE message DROP COLUMN operator", "ALTER TABLE board_column DROP COLUMN fu_revision",
            "DELETE FROM column_instruction_version",
            "INSERT INTO column_instruction_version SELECT id, 1, fu_instructions, fu_extra, 0, 'zeca' FROM board_column",
            "DELETE FROM grdb_migrations WHERE identifier = 'v13'",
        ])
        let store = try Store(path: file, now: { Fixture.now }, operatorName: "ana")
        let board = try #require(try store.boardListings().first)
        for listing in board.columns {
            let history = try store.columnHistory(columnID: listing.id)
            let column = try store.column(id: listing.id)
            #expect(history.count == 1 && history[0].revision == 1 && history[0].operatorName == "zeca"
                    && history[0].config == column.followUp && column.followUpRevision == 1, "\(listing.name)")
        }
        let cards = try store.loadBoard(id: board.id).columns.flatMap(\.cards)
        #expect(!cards.isEmpty)
        for card in cards {
            let detail = try store.dealDetail(id: card.id)
            #expect(detail.deal.owner == nil && detail.deal.revision == 1 && detail.history.isEmpty)
            #expect(detail.messages.allSatisfy { $0.operatorName == nil })
        }
    }
}
