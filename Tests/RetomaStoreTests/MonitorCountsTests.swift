import Foundation
@testable import RetomaStore
import RetomaCore
import Testing

@Suite("The monitor's daily figures")
struct MonitorCountsTests {
    /// Replies after a follow-up count on the Brasília day they arrived: 23:58 belongs to yesterday,
    /// 00:02 to today, whatever the UTC date says (03:00 UTC is Brasília's midnight).
    @Test func repliesAfterAFollowUpAreCountedByTheBrasiliaDayAcrossMidnight() throws {
        let today = LocalDate(year: 2026, month: 11, day: 26)
        let midnight = BrazilTime.startOfDay(today)
        func at(_ minutes: Double) -> Date { midnight.addingTimeInterval(minutes * 60) }
        // The store's clock is after every message: times later than now + 5 min are pulled back.
        let scratch = try Scratch()
        let store = try scratch.store(now: at(60))
        let board = try store.addBoard(name: "Vendas")
        let column = try store.addColumn(boardID: board.id, name: "Aguardando resposta")
        let a = try store.addDeal(NewDeal(columnID: column.id, title: "A", contactName: "Ana", phone: "+5511987654321"))
        let b = try store.addDeal(NewDeal(columnID: column.id, title: "B", contactName: "Bia", phone: "+5511987654322"))
        let c = try store.addDeal(NewDeal(columnID: column.id, title: "C", contactName: "Cris", phone: "+5511987654323"))
        _ = try store.addMessage(dealID: a.id, author: .followup, text: "Oi Ana, conseguiu ver?", at: at(-10))
        _ = try store.addMessage(dealID: a.id, author: .customer, text: "Vi sim!", at: at(-2))         // 23:58 yesterday
        _ = try store.addMessage(dealID: b.id, author: .followup, text: "Oi Bia, conseguiu ver?", at: at(-10))
        _ = try store.addMessage(dealID: b.id, author: .customer, text: "Agora sim.", at: at(2))        // 00:02 today
        _ = try store.addMessage(dealID: c.id, author: .agent, text: "Segue o orçamento.", at: at(-10))
        _ = try store.addMessage(dealID: c.id, author: .customer, text: "Obrigada.", at: at(5))         // not after a follow-up
        let counts = try store.monitorCounts(now: at(60), startOfDay: BrazilTime.startOfDay(at(60)))
        #expect(counts.repliesAfterFollowUpToday == 1)
        let yesterday = try store.monitorCounts(now: at(-1), startOfDay: BrazilTime.startOfDay(at(-1)))
        #expect(yesterday.repliesAfterFollowUpToday == 2, "seen from 23:59, both replies of the day before midnight and after count from yesterday's start")
    }
}
