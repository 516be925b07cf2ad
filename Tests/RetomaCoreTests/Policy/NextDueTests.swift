import Foundation
import Testing
@testable import RetomaCore

/// The stored next-due instant must agree with the rules, or the engine would miss deals or spin on them.
@Suite struct NextDueTests {
    @Test func neverSendableBeforeItAndSendableFromItWhileTheWindowIsOpen() {
        var random = SplitMix64(seed: 2026)
        let calendar = BusinessCalendar()
        let base = br(2026, 3, 27, 12) // a Friday, a week before Good Friday
        for _ in 0..<4000 {
            let units: [IntervalUnit] = [.minutes, .hours, .days, .months]
            let config = FollowUpConfig(
                enabled: Int.random(in: 0..<10, using: &random) > 0,
                interval: Interval(amount: Int.random(in: 1...3, using: &random), unit: units.randomElement(using: &random)!),
                businessHoursOnly: Bool.random(using: &random), sendAfterClose: Bool.random(using: &random),
                instructions: "", extraInfo: "", maxAttempts: Int.random(in: 0...3, using: &random), onMax: .none)
            let anchor = base.addingTimeInterval(Double(Int.random(in: -40...40, using: &random)) * 3_600 + 60 * 17)
            let facts = DealFacts(dealID: 1, columnID: 1, ticketClosed: Int.random(in: 0..<5, using: &random) == 0,
                                  lastMessageAuthor: [MessageAuthor.agent, .followup, .customer, nil].randomElement(using: &random)!,
                                  lastOurMessageAt: Int.random(in: 0..<8, using: &random) == 0 ? nil : anchor,
                                  followUpsSinceLastCustomerReply: Int.random(in: 0...3, using: &random))
            let hold = Int.random(in: 0..<6, using: &random) == 0 ? AttemptHold(attemptID: 9, state: .uncertain, reason: nil) : nil
            let next = NextDue.instant(facts, config: config, calendar: calendar, hold: hold)
            for step in stride(from: -72, through: 24 * 40, by: 5) {
                let at = base.addingTimeInterval(Double(step) * 3_600 + 60 * 29)
                let decision = Eligibility.decide(facts, config: config, paused: false, hold: hold, calendar: calendar, at: at)
                if decision.action == .send {
                    #expect(next != nil && next! <= at, "sendable at \(at) but scheduled for \(String(describing: next))")
                }
                if let next, at < next {
                    #expect(decision.action != .send, "scheduled for \(next) but sendable at \(at)")
                }
            }
            if let next, !NextDue.isMaxed(facts, config: config) {
                let decision = Eligibility.decide(facts, config: config, paused: false, hold: hold, calendar: calendar, at: next)
                #expect(decision.action == .send, "due at \(next) but \(decision.reason)")
            }
        }
    }

    @Test func aReachedMaximumSchedulesItsActionOnceAtTheNextDueTime() {
        let config = FollowUpConfig(enabled: true, interval: Interval(amount: 1, unit: .days), businessHoursOnly: true,
                                    sendAfterClose: false, instructions: "", extraInfo: "", maxAttempts: 2, onMax: .none)
        let facts = DealFacts(dealID: 1, columnID: 1, ticketClosed: false, lastMessageAuthor: .followup,
                              lastOurMessageAt: br(2026, 3, 13, 17), followUpsSinceLastCustomerReply: 2)
        #expect(NextDue.instant(facts, config: config, calendar: BusinessCalendar()) == br(2026, 3, 14, 17),
                "a move is not a send: no business-hours shift")
        #expect(NextDue.instant(facts, config: config, calendar: BusinessCalendar(), maxHandled: true) == nil)
    }

    @Test func aHeldAttemptIsExplainedAndWaitsAsPaused() {
        let config = FollowUpConfig(enabled: true, interval: Interval(amount: 1, unit: .days), businessHoursOnly: false,
                                    sendAfterClose: false, instructions: "", extraInfo: "", maxAttempts: 0, onMax: .none)
        let facts = DealFacts(dealID: 1, columnID: 1, ticketClosed: false, lastMessageAuthor: .agent,
                              lastOurMessageAt: br(2026, 3, 9, 10), followUpsSinceLastCustomerReply: 0)
        let hold = AttemptHold(attemptID: 12, state: .uncertain, reason: "timeout")
        let d = Eligibility.decide(facts, config: config, paused: false, hold: hold, calendar: BusinessCalendar(), at: br(2026, 3, 12, 10))
        #expect(d.action == .wait && d.reason == .paused && d.dueAt == nil)
        #expect(d.explain(.pt).last == "✗ A tentativa 12 pode ter sido enviada (envio interrompido): timeout; "
                + "nada é reenviado sem a decisão do operador (reenviar ou marcar como feita)")
        #expect(NextDue.instant(facts, config: config, calendar: BusinessCalendar(), hold: hold) == nil)
    }
}
