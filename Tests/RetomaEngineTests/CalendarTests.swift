import Foundation
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaStore
import Testing

/// Business hours, weekends, holidays and calendar months as the engine lives them.
@Suite("Engine calendar")
struct CalendarTests {
    @Test func fridayAt1759IsSentAndAt1800WaitsForMonday() throws {
        // Due Friday 2026-03-13 at 17:59 and at 18:00 (anchors on Thursday).
        let world = try World(at: br(2026, 3, 12, 19))
        let early = try world.deal("17:59", phone: "11900000001", lastAgentAt: br(2026, 3, 12, 17, 59))
        let late = try world.deal("18:00", phone: "11900000002", lastAgentAt: br(2026, 3, 12, 18))
        let channel = RecordingChannel()
        let engine = world.engine(channel: channel)

        #expect(engine.runUntilIdle() == br(2026, 3, 13, 17, 59))
        world.clock.set(br(2026, 3, 13, 17, 59, 59))
        engine.runUntilIdle()
        #expect(channel.sent.map(\.to) == ["+5511900000001"])
        #expect(try world.followUps(early.id).count == 1)

        world.clock.set(br(2026, 3, 13, 18))
        #expect(try engine.decision(dealID: late.id, at: world.clock.now()).reason == .outsideBusinessHours)
        let next = engine.runUntilIdle()
        #expect(channel.sent.count == 1, "18:00 is outside business hours")
        #expect(next == br(2026, 3, 16, 8), "Monday 08:00")
        world.clock.set(br(2026, 3, 16, 7, 59, 59))
        engine.runUntilIdle()
        #expect(channel.sent.count == 1)
        world.clock.set(br(2026, 3, 16, 8))
        engine.runUntilIdle()
        #expect(channel.sent.filter { $0.to == "+5511900000002" }.count == 1)
        #expect(try world.followUps(late.id).map(\.at) == [br(2026, 3, 16, 8)])
    }

    @Test func aWeekendWaitsUnlessTheColumnSendsAnyTime() throws {
        // Due Saturday 2026-03-14 10:00.
        let world = try World(at: br(2026, 3, 14, 10))
        let anyTime = try world.store.addColumn(boardID: world.board.id, name: "Qualquer hora")
        try world.store.setFollowUp(columnID: anyTime.id, config: World.config(businessHours: false))
        let office = try world.deal("comercial", phone: "11900000001", lastAgentAt: br(2026, 3, 13, 10))
        let always = try world.deal("sempre", phone: "11900000002", column: anyTime.id, lastAgentAt: br(2026, 3, 13, 10))
        let channel = RecordingChannel()
        let engine = world.engine(channel: channel)
        #expect(engine.runUntilIdle() == br(2026, 3, 15, 10), "the any-time deal's next follow-up, on Sunday")
        #expect(channel.sent.map(\.to) == ["+5511900000002"])
        #expect(try world.store.dealFollowUp(id: office.id).dueAt == br(2026, 3, 16, 8))
        #expect(try engine.decision(dealID: office.id, at: world.clock.now()).reason == .outsideBusinessHours)
        #expect(try world.followUps(always.id).count == 1)
    }

    @Test func aNationalHolidayCountsAsClosedUnlessTurnedOff() throws {
        // Good Friday 2026-04-03; due at 10:00 that day.
        let world = try World(at: br(2026, 4, 3, 10))
        let deal = try world.deal(phone: "11900000001", lastAgentAt: br(2026, 4, 2, 10))
        let channel = RecordingChannel()
        let engine = world.engine(channel: channel)
        let decision = try engine.decision(dealID: deal.id, at: world.clock.now())
        #expect(decision.action == .wait && decision.reason == .holiday && decision.dueAt == br(2026, 4, 6, 8))
        #expect(engine.runUntilIdle() == br(2026, 4, 6, 8))
        #expect(channel.sent.isEmpty)

        try world.store.setHolidayRules(honorHolidays: false, skipPontosFacultativos: false)
        #expect(try engine.decision(dealID: deal.id, at: world.clock.now()).reason == .due)
        engine.runUntilIdle()
        #expect(channel.sent.count == 1, "with holidays turned off the window is open")
    }

    @Test func tiradentesOnATuesdayWaitsForWednesday() throws {
        let world = try World(at: br(2026, 4, 21, 9))
        try world.deal(phone: "11900000001", lastAgentAt: br(2026, 4, 20, 9))
        let channel = RecordingChannel()
        let engine = world.engine(channel: channel)
        #expect(engine.runUntilIdle() == br(2026, 4, 22, 8))
        #expect(channel.sent.isEmpty)
        world.clock.set(br(2026, 4, 22, 8))
        engine.runUntilIdle()
        #expect(channel.sent.count == 1)
    }

    @Test func monthsAreCalendarMonthsInBrasilia() throws {
        // Jan 31 + 1 month = Feb 28 in 2026 (29 in 2028); sent at any hour.
        let world = try World(at: br(2026, 1, 31, 10), config: World.config(every: Interval(amount: 1, unit: .months),
                                                                            businessHours: false, max: 0))
        let deal = try world.deal(phone: "11900000001", lastAgentAt: br(2026, 1, 31, 10))
        let channel = RecordingChannel()
        let engine = world.engine(channel: channel)
        #expect(engine.runUntilIdle() == br(2026, 2, 28, 10))
        world.clock.set(br(2026, 2, 28, 9, 59, 59))
        engine.runUntilIdle()
        #expect(channel.sent.isEmpty)
        world.clock.set(br(2026, 2, 28, 10))
        #expect(engine.runUntilIdle() == br(2026, 3, 28, 10), "the next one counts from Feb 28")
        #expect(try world.followUps(deal.id).map(\.at) == [br(2026, 2, 28, 10)])

        let leap = try World(at: br(2028, 1, 31, 10), config: World.config(every: Interval(amount: 1, unit: .months),
                                                                           businessHours: false))
        try leap.deal(phone: "11900000002", lastAgentAt: br(2028, 1, 31, 10))
        #expect(leap.engine().runUntilIdle() == br(2028, 2, 29, 10))
    }
}
