import Foundation
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaStore
import Testing

/// One governor per sending number, shared by every column: deals beyond it wait in due-time order.
@Suite("Engine governor")
struct GovernorTests {
    @Test func dueDealsGoOutOneGapApartInDueOrderAcrossColumns() throws {
        let world = try World(at: br(2026, 3, 10, 10, 0, 20),
                              config: World.config(every: Interval(amount: 1, unit: .minutes), businessHours: false))
        let other = try world.store.addColumn(boardID: world.board.id, name: "Outra")
        try world.store.setFollowUp(columnID: other.id, config: World.config(every: Interval(amount: 1, unit: .minutes),
                                                                            businessHours: false))
        // Created in the reverse of their due order, so deal ids cannot explain the order.
        let third = try world.deal("3", phone: "11900000003", lastAgentAt: br(2026, 3, 10, 9, 59, 10))
        let second = try world.deal("2", phone: "11900000002", column: other.id, lastAgentAt: br(2026, 3, 10, 9, 59, 5))
        let first = try world.deal("1", phone: "11900000001", lastAgentAt: br(2026, 3, 10, 9, 59))
        let channel = RecordingChannel(), events = EventLog()
        let engine = world.engine(channel: channel, governor: SendGovernor(minGap: 60, jitter: 0...0), events: events)

        let decisions = Dictionary(uniqueKeysWithValues: try engine.decisions(at: world.clock.now()).map { ($0.dealID, $0) })
        #expect(decisions[first.id]?.reason == .due)
        #expect(decisions[second.id]?.reason == .throttled && decisions[second.id]?.dueAt == br(2026, 3, 10, 10, 1, 20))
        #expect(decisions[third.id]?.reason == .throttled && decisions[third.id]?.dueAt == br(2026, 3, 10, 10, 2, 20))
        #expect(try engine.decision(dealID: third.id, at: world.clock.now()).dueAt == br(2026, 3, 10, 10, 2, 20))

        #expect(engine.runUntilIdle() == br(2026, 3, 10, 10, 1, 20))
        #expect(channel.sent.map(\.to) == ["+5511900000001"])
        let throttled = events.all.compactMap { event -> (Int64, Date)? in
            if case .throttled(let deal, let until, _, _) = event { return (deal.dealID, until) }
            return nil
        }
        #expect(throttled.map(\.0) == [second.id, third.id])
        #expect(throttled.allSatisfy { $0.1 == br(2026, 3, 10, 10, 1, 20) })

        world.clock.set(br(2026, 3, 10, 10, 1, 20))
        engine.runUntilIdle()
        world.clock.set(br(2026, 3, 10, 10, 2, 20))
        engine.runUntilIdle()
        #expect(channel.sent.map(\.to) == ["+5511900000001", "+5511900000002", "+5511900000003"])
    }

    @Test func theHourlyCapHoldsTheRestAndNobodyIsStarved() throws {
        let world = try World(at: br(2026, 3, 10, 10), config: World.config(businessHours: false, max: 0))
        for n in 1...3 {
            try world.deal("\(n)", phone: "1190000000\(n)", lastAgentAt: br(2026, 3, 9, 9, 0, n))
        }
        let channel = RecordingChannel()
        let engine = world.engine(channel: channel, governor: SendGovernor(minGap: 0, jitter: 0...0, hourlyCap: 2, dailyCap: 100))
        #expect(engine.runUntilIdle() == br(2026, 3, 10, 11))
        #expect(channel.sent.map(\.to) == ["+5511900000001", "+5511900000002"])
        world.clock.set(br(2026, 3, 10, 11))
        engine.runUntilIdle()
        #expect(channel.sent.map(\.to).last == "+5511900000003", "the third goes before anyone's next follow-up")
    }

    @Test func theGovernorRemembersSendsAcrossRestarts() throws {
        let world = try World(at: br(2026, 3, 10, 10), config: World.config(businessHours: false))
        try world.deal("1", phone: "11900000001", lastAgentAt: br(2026, 3, 9, 9))
        try world.deal("2", phone: "11900000002", lastAgentAt: br(2026, 3, 9, 9, 0, 1))
        let governor = SendGovernor(minGap: 120, jitter: 0...0)
        let channel = RecordingChannel()
        world.engine(channel: channel, governor: governor).runUntilIdle()
        #expect(channel.sent.count == 1)
        world.clock.advance(10)
        let restarted = world.engine(channel: channel, governor: governor, holder: "engine-a")
        #expect(restarted.runUntilIdle() == br(2026, 3, 10, 10, 2))
        #expect(channel.sent.count == 1)
    }
}

@Suite("Engine status")
struct StatusTests {
    @Test func theMonitorHeaderFiguresComeFromOneCall() throws {
        let world = try World(at: br(2026, 3, 10, 10), config: World.config(businessHours: false, max: 2))
        let first = try world.deal("1", phone: "11900000001", lastAgentAt: br(2026, 3, 9, 9))
        try world.deal("2", phone: "11900000002", lastAgentAt: br(2026, 3, 9, 9, 30))
        try world.deal("3", phone: "11900000003", lastAgentAt: br(2026, 3, 9, 20))
        let engine = world.engine(governor: SendGovernor(minGap: 600, jitter: 0...0, hourlyCap: 5, dailyCap: 9))
        engine.runUntilIdle()
        let status = try engine.status()
        #expect(status.holdsLease && status.leaseHolder?.holderID == "engine-a" && status.channelKind == "test")
        #expect(status.sentLastHour == 1 && status.sentToday == 1 && status.hourlyCap == 5 && status.dailyCap == 9)
        #expect(status.dueNow == 1, "the second deal waits for the governor")
        #expect(status.nextSlot == br(2026, 3, 10, 10, 10))
        #expect(status.nextDueAt == br(2026, 3, 9, 9, 30).addingTimeInterval(86_400))
        #expect(status.uncertain == 0 && !status.settings.paused)

        let schedule = try world.store.followUpSchedule(boardID: world.board.id)
        #expect(schedule[first.id] == ScheduledFollowUp(dueAt: br(2026, 3, 11, 10), isMaxAction: false))
        #expect(schedule.count == 3)
    }
}
