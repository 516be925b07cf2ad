import Foundation
import RetomaCore
import RetomaStore
import StoreTestBackend
import XCTest
@testable import RetomaPostgres

/// A few real Store operations on PostgreSQL, end to end through the seam: a board, a column with follow-up on, a
/// deal with its conversation, the due list and one follow-up claimed, written and sent exactly once.
final class PostgresStoreSmokeTests: XCTestCase {
    override func tearDown() {
        TestServer.dropCreated()
        super.tearDown()
    }

    func testABoardItsDealAndOneFollowUpOnPostgres() throws {
        let now = Date()
        let store = Store(database: try PostgresDatabase(url: try TestServer.freshDatabase(), environment: [:]), now: { now })
        defer { try? store.close() }
        let board = try store.addBoard(name: "Vendas")
        let column = try store.addColumn(boardID: board.id, name: "Prospecção")
        let later = try store.addColumn(boardID: board.id, name: "Fechado")
        var config = FollowUpConfig.off
        (config.enabled, config.businessHoursOnly, config.interval) = (true, false, Interval(amount: 1, unit: .minutes))
        try store.setFollowUp(columnID: column.id, config: config)
        let deal = try store.addDeal(NewDeal(columnID: column.id, title: "Site da clínica", contactName: "Ana Souza",
                                             phone: "11987654321", valueCents: 1_250_000))
        _ = try store.addMessage(dealID: deal.id, author: .agent, text: "Oi, Ana! Segue a proposta do site.",
                             at: now.addingTimeInterval(-7200))
        let snapshot = try store.loadBoard(id: board.id)
        XCTAssertEqual(snapshot.columns.map { $0.cards.count }, [1, 0])
        XCTAssertEqual(try store.dealDetail(id: deal.id).messages.map(\.text), ["Oi, Ana! Segue a proposta do site."])
        XCTAssertEqual(try store.dueDeals(atOrBefore: now, limit: 10).map(\.dealID), [deal.id])

        let number = SendingNumber(sender: "+5511900000000", governor: .standard, window: .unrestricted)
        _ = try store.acquireLease(holderID: "engine", pid: 1, host: "h", at: now, ttl: 60)
        guard case .planned(let attempt) = try store.planAttempt(dealID: deal.id, holderID: "engine", at: now, number: number) else {
            return XCTFail("the due deal is planned")
        }
        if case .planned = try store.planAttempt(dealID: deal.id, holderID: "engine", at: now, number: number) {
            return XCTFail("one attempt in flight per deal")
        }
        _ = try store.markGenerating(attemptID: attempt.id, at: now)
        _ = try store.markReady(attemptID: attempt.id, text: "Oi, Ana! Conseguiu ver a proposta?", model: "m", at: now)
        guard case .sending = try store.beginSending(attemptID: attempt.id, holderID: "engine", at: now, number: number) else {
            return XCTFail("the send starts")
        }
        let sent = try store.recordSent(attemptID: attempt.id, channelMessageID: "wamid.1", deliveryStatus: .sent, at: now)
        XCTAssertEqual(sent.attempt.state, .sent)
        XCTAssertEqual(try store.dealDetail(id: deal.id).messages.count, 2)
        _ = try store.moveDeal(id: deal.id, toColumn: later.id)
        XCTAssertEqual(try store.loadBoard(id: board.id).columns.map { $0.cards.count }, [0, 1])
    }
}
