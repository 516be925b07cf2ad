import Foundation
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaStore
import Testing

/// The results of what the engine really sent: attempts numbered as the ledger numbers them, the reply attributed,
/// and the deal the "on max" action moved counted in the column it left.
@Suite("Engine results")
struct ResultsEngineTests {
    @Test func sentFollowUpsTheirAttemptsAndTheMoveOnMaxAreCounted() throws {
        let world = try World(at: br(2026, 3, 2, 10))
        try world.store.setFollowUp(columnID: world.waiting.id,
                                    config: World.config(businessHours: false, max: 3, onMax: .moveTo(columnID: world.lost.id)))
        let moved = try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 2, 10))
        let answered = try world.deal(phone: "21987654321", lastAgentAt: br(2026, 3, 2, 10))
        let engine = world.engine(channel: RecordingChannel(), events: EventLog())
        world.clock.set(br(2026, 3, 3, 10))
        engine.runUntilIdle()
        world.clock.set(br(2026, 3, 3, 13))
        try world.store.addMessage(dealID: answered.id, author: .customer, text: "Oi, vou ver", at: br(2026, 3, 3, 13))
        for day in 4...6 {
            world.clock.set(br(2026, 3, day, 10))
            engine.runUntilIdle()
        }
        #expect(try world.store.dealDetail(id: moved.id).deal.columnID == world.lost.id)
        let period = ResultsPeriod(from: LocalDate(year: 2026, month: 3, day: 1), to: LocalDate(year: 2026, month: 3, day: 7))
        let results = try #require(try world.store.results(period: period, columnID: world.waiting.id).columns.first)
        #expect(results.sent == 4)
        #expect(results.byAttempt.map(\.attempt) == [1, 2, 3])
        #expect(results.byAttempt.map(\.sent) == [2, 1, 1])
        #expect(results.replied24h == 1 && results.replied72h == 1)
        // Sent a little after 10:00 (the governor spaces sends), answered at 13:00.
        #expect((170...180).contains(results.medianReplyMinutes ?? 0))
        #expect(results.movedOnMax == 1)
        for deal in [moved.id, answered.id] {
            let lines = try world.store.dealDetail(id: deal).messages.map { ReplyAttribution.Line(id: $0.id, author: $0.author, at: $0.at) }
            #expect(try world.store.followUpOutcomes(dealID: deal) == ReplyAttribution.outcomes(lines))
        }
    }
}
