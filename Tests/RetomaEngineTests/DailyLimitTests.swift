import Foundation
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaStore
import Testing

/// "No máximo N follow-ups por dia nesta coluna", enforced by the engine per Brasília day, and the decision
/// context every caller shares.
@Suite("Engine: the column's daily limit and the shared decision context")
struct DailyLimitTests {
    @Test func dealsOverTheLimitWaitForTheNextDayWithAReasonDealWhyReads() throws {
        var config = World.config(businessHours: true, max: 0)
        config.maxPerDay = 2
        let world = try World(at: br(2026, 3, 12, 10), config: config)   // a Thursday
        let deals = try (1...5).map { try world.deal("D\($0)", phone: "1190000000\($0)", lastAgentAt: br(2026, 3, 10, 9, 0, $0)) }
        let channel = RecordingChannel()
        let engine = world.engine(channel: channel)

        // Before anything is sent, the dry run already says which two go today.
        let before = Dictionary(uniqueKeysWithValues: try engine.decisions(at: world.clock.now()).map { ($0.dealID, $0) })
        #expect(deals.prefix(2).allSatisfy { before[$0.id]?.reason == .due })
        #expect(deals.dropFirst(2).allSatisfy { before[$0.id]?.reason == .columnDailyLimit && before[$0.id]?.dueAt == br(2026, 3, 13, 8) })

        engine.runUntilIdle()
        #expect(channel.sent.map(\.to) == ["+5511900000001", "+5511900000002"])
        let why = try engine.decision(dealID: deals[2].id, at: world.clock.now())
        #expect(why.action == .wait && why.reason == .columnDailyLimit && why.dueAt == br(2026, 3, 13, 8))
        #expect(why.explain(.pt).last == "✗ Limite diário da coluna atingido (2 de 2 hoje); próximo envio possível: 13/03/2026 08:00")
        // The engine rescheduled them for tomorrow's opening instead of looking again and again.
        #expect(try world.store.dueDeals(atOrBefore: br(2026, 3, 12, 23, 59), limit: 10).isEmpty)

        // The next Brasília day: two more, then the limit again.
        world.clock.set(br(2026, 3, 13, 8))
        engine.runUntilIdle()
        #expect(channel.sent.count == 4)
        #expect(try engine.decision(dealID: deals[4].id, at: world.clock.now()).reason == .columnDailyLimit)
        // Monday: the weekend's follow-ups of the first four fall due with the fifth, and two go out.
        world.clock.set(br(2026, 3, 16, 8))
        let monday = try engine.decisions(at: world.clock.now()).filter { $0.action == .send }.map(\.dealID)
        engine.runUntilIdle()
        #expect(channel.sent.count == 6 && monday.count == 2)
        #expect(Array(channel.sent.suffix(2).map(\.to)) == monday.map { "+551190000000\($0 - deals[0].id + 1)" },
                "the dry run names the two the engine sends")
    }

    @Test func theLimitIsPerColumnAndRaisingItReleasesTheRestToday() throws {
        var config = World.config(businessHours: false, max: 0)
        config.maxPerDay = 1
        let world = try World(at: br(2026, 3, 12, 10), config: config)
        let other = try world.store.addColumn(boardID: world.board.id, name: "Outra")
        try world.store.setFollowUp(columnID: other.id, config: config)
        let a = try world.deal("A", phone: "11900000001", lastAgentAt: br(2026, 3, 10, 9))
        let b = try world.deal("B", phone: "11900000002", lastAgentAt: br(2026, 3, 10, 9, 1))
        let c = try world.deal("C", phone: "11900000003", column: other.id, lastAgentAt: br(2026, 3, 10, 9, 2))
        let channel = RecordingChannel()
        let engine = world.engine(channel: channel)
        engine.runUntilIdle()
        #expect(Set(channel.sent.map(\.to)) == ["+5511900000001", "+5511900000003"])
        #expect(try engine.decision(dealID: b.id, at: world.clock.now()).reason == .columnDailyLimit)
        #expect(try world.store.policyContext(for: engine.number, at: world.clock.now()).columnSendsToday
                == [world.waiting.id: 1, other.id: 1])
        config.maxPerDay = 5
        try world.store.setFollowUp(columnID: world.waiting.id, config: config)
        engine.runUntilIdle()
        #expect(channel.sent.count == 3 && [a, b, c].allSatisfy { (try? world.followUps($0.id).count) == 1 })
    }

    /// The dialog, `followup show/set`, `deal move` and `deal why` read the engine's own inputs: the configured
    /// governor (not a default one) and the number's sends of the day.
    @Test func theEnginesContextCarriesItsGovernorAndTodaysSends() throws {
        let world = try World(at: br(2026, 3, 12, 10), config: World.config(businessHours: false, max: 0))
        try world.deal("A", phone: "11900000001", lastAgentAt: br(2026, 3, 10, 9))
        let governor = SendGovernor(minGap: 7, jitter: 0...0, hourlyCap: 12, dailyCap: 34)
        let engine = world.engine(channel: RecordingChannel(sender: "+5511988887777"), governor: governor)
        engine.runUntilIdle()
        try world.store.setHolidayRules(honorHolidays: true, skipPontosFacultativos: true)
        let policy = try engine.policyContext()
        #expect(policy.governor == governor && policy.number.sender == "+5511988887777")
        #expect(policy.sendHistory == [br(2026, 3, 12, 10)])
        #expect(policy.calendar == BusinessCalendar(honorHolidays: true, skipPontosFacultativos: true))
        #expect(policy.columnSendsToday == [world.waiting.id: 1])
        let evaluator = FollowUpEvaluator(store: world.store, number: engine.number)
        #expect(try evaluator.context(at: world.clock.now()) == policy)
        // A day later the history the caps count is empty again, and so are the day's counts.
        #expect(try world.store.policyContext(for: engine.number, at: br(2026, 3, 13, 10)).sendHistory.isEmpty)
        #expect(try world.store.policyContext(for: engine.number, at: br(2026, 3, 13, 10)).columnSendsToday.isEmpty)
    }
}
