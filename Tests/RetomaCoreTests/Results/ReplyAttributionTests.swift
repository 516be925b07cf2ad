import Foundation
import RetomaCore
import Testing

@Suite struct ReplyAttributionTests {
    /// A fixed clock: every instant is this plus some hours.
    let t0 = BrazilTime.date(2026, 3, 2, 9, 0)
    func at(_ hours: Double) -> Date { t0.addingTimeInterval(hours * 3600) }
    func line(_ id: Int64, _ author: MessageAuthor, _ hours: Double) -> ReplyAttribution.Line {
        .init(id: id, author: author, at: at(hours))
    }

    @Test func replyGoesToTheLastFollowUpBeforeIt() {
        let outcomes = ReplyAttribution.outcomes([
            line(1, .agent, 0), line(2, .followup, 24), line(3, .followup, 48), line(4, .customer, 50),
        ])
        #expect(outcomes.map(\.followUpID) == [2, 3])
        #expect(outcomes[0].reply == nil)
        #expect(outcomes[1].reply == .init(messageID: 4, at: at(50), delay: 2 * 3600))
        #expect(outcomes[1].reply?.within24h == true)
        #expect(outcomes[1].reply?.minutes == 120)
        #expect(outcomes.map(\.attempt) == [1, 2])
    }

    @Test func windowEndsAt72HoursInclusive() {
        let onTime = ReplyAttribution.outcomes([line(1, .followup, 0), line(2, .customer, 72)])
        #expect(onTime[0].reply?.delay == ReplyAttribution.window)
        #expect(onTime[0].reply?.minutes == 72 * 60)
        #expect(onTime[0].reply?.within24h == false)
        let late = ReplyAttribution.outcomes([line(1, .followup, 0),
                                              .init(id: 2, author: .customer, at: at(72).addingTimeInterval(1))])
        #expect(late[0].reply == nil)
        let day = ReplyAttribution.outcomes([line(1, .followup, 0), line(2, .customer, 24)])
        #expect(day[0].reply?.within24h == true)
        let past = ReplyAttribution.outcomes([line(1, .followup, 0),
                                              .init(id: 2, author: .customer, at: at(24).addingTimeInterval(1))])
        #expect(past[0].reply?.within24h == false)
    }

    @Test func onlyTheFirstReplyCountsAndAgentMessagesDoNotMatter() {
        let outcomes = ReplyAttribution.outcomes([
            line(1, .followup, 0), line(2, .agent, 1), line(3, .customer, 5), line(4, .customer, 6),
        ])
        #expect(outcomes.count == 1)
        #expect(outcomes[0].reply?.messageID == 3)
    }

    @Test func attemptsRestartAfterTheCustomerWrites() {
        let outcomes = ReplyAttribution.outcomes([
            line(1, .followup, 0), line(2, .followup, 24), line(3, .customer, 100), line(4, .agent, 101),
            line(5, .followup, 125), line(6, .customer, 126),
        ])
        #expect(outcomes.map(\.attempt) == [1, 2, 1])
        // The reply at 100 h came 76 h after the follow-up before it: not its answer, but it restarts the count.
        #expect(outcomes.map { $0.reply?.messageID } == [nil, nil, 6])
    }

    @Test func sameSecondGoesByIDAndInputOrderDoesNotMatter() {
        let before = ReplyAttribution.outcomes([line(5, .followup, 1), line(4, .customer, 1)])
        #expect(before[0].reply == nil)
        let after = ReplyAttribution.outcomes([line(5, .customer, 1), line(4, .followup, 1)])
        #expect(after[0].reply?.delay == 0)
        let shuffled = ReplyAttribution.outcomes([line(3, .customer, 50), line(1, .followup, 24), line(2, .followup, 48)])
        #expect(shuffled.map(\.followUpID) == [1, 2])
        #expect(shuffled[1].reply?.messageID == 3)
    }

    @Test func newestReplyRuleMatchesTheWholeConversation() {
        #expect(ReplyAttribution.reply(messageID: 9, at: at(10), toFollowUpAt: at(0))?.delay == 36_000)
        #expect(ReplyAttribution.reply(messageID: 9, at: at(73), toFollowUpAt: at(0)) == nil)
        #expect(ReplyAttribution.reply(messageID: 9, at: at(0), toFollowUpAt: at(1)) == nil)
    }

    @Test func medianOfCounts() {
        #expect(ColumnResults.median([]) == nil)
        #expect(ColumnResults.median([(value: 5, count: 1)]) == 5)
        #expect(ColumnResults.median([(value: 1, count: 1), (value: 10, count: 1)]) == 5.5)
        #expect(ColumnResults.median([(value: 1, count: 3), (value: 10, count: 1)]) == 1)
        #expect(ColumnResults.median([(value: 1, count: 2), (value: 4, count: 0), (value: 10, count: 2)]) == 5.5)
    }

    @Test func periodOfLastDays() {
        let p = ResultsPeriod.last(7, endingAt: BrazilTime.date(2026, 3, 2, 1, 0))
        #expect(p.from == LocalDate(year: 2026, month: 2, day: 24))
        #expect(p.to == LocalDate(year: 2026, month: 3, day: 2))
        #expect(p.dayCount == 7)
        #expect(p.days.count == 7)
    }
}
