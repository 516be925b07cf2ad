import Foundation
import RetomaCore
import RetomaEngine
@testable import RetomaStore
import Testing

/// A column's saved settings reach its deals in batches. Until a deal's batch comes, its stored due time is the
/// old settings' one: the engine must neither send by it nor wait on it.
@Suite("Engine during a batched reschedule")
struct RescheduleEngineTests {
    static let start = br(2026, 3, 11, 10)

    static func config(_ interval: Interval) -> FollowUpConfig {
        World.config(every: interval, businessHours: false, max: 0)
    }

    /// Twelve deals whose last message is ours, two hours ago.
    func world(_ interval: Interval) throws -> World {
        let world = try World(at: Self.start, config: Self.config(interval))
        for i in 0..<12 {
            try world.deal("Deal \(i)", contact: "Cliente \(i)", phone: "1198700\(String(format: "%04d", i))",
                           lastAgentAt: Self.start.addingTimeInterval(-7_200))
        }
        return world
    }

    /// Saves `interval` and lets only the first three deals be rescheduled, as a save cut short would.
    func cutShort(_ world: World, to interval: Interval) throws {
        try world.store.setFollowUp(columnID: world.waiting.id, config: Self.config(interval), applyNow: false)
        #expect(try world.store.rescheduleBatch(maxRows: 3))
        #expect(try world.store.pendingReschedules()[world.waiting.id] != nil)
    }

    @Test func aLongerIntervalIsNotSentByTheOldDueTimes() throws {
        let world = try world(Interval(amount: 1, unit: .hours))
        #expect(try world.store.dueDeals(atOrBefore: Self.start, limit: 100).count == 12, "all due by the old settings")
        try cutShort(world, to: Interval(amount: 7, unit: .days))
        let channel = RecordingChannel()
        world.engine(channel: channel).runUntilIdle()
        #expect(channel.sent.isEmpty)
        #expect(try world.store.ledger().isEmpty, "nothing was even planned")
        #expect(try world.store.pendingReschedules().isEmpty, "the engine carried the reschedule on")
        let due = try world.store.nextDueAt()
        #expect(due == Self.start.addingTimeInterval(-7_200 + 7 * 86_400))
    }

    @Test func aShorterIntervalIsNotLeftWaitingOnTheOldDueTimes() throws {
        let world = try world(Interval(amount: 7, unit: .days))
        #expect(try world.store.dueDeals(atOrBefore: Self.start, limit: 100).isEmpty)
        try cutShort(world, to: Interval(amount: 1, unit: .hours))
        let channel = RecordingChannel()
        world.engine(channel: channel).runUntilIdle()
        #expect(channel.sent.count == 12, "every deal is due by the new settings, rescheduled or not yet")
        #expect(try world.store.pendingReschedules().isEmpty)
    }
}
