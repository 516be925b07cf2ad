import Foundation
import Testing
@testable import RetomaCore

@Suite struct AttemptStateTests {
    @Test func theMachinesTransitions() {
        #expect(AttemptState.planned.canMove(to: .generating) && !AttemptState.planned.canMove(to: .sending))
        #expect(AttemptState.ready.canMove(to: .sending) && !AttemptState.ready.canMove(to: .sent))
        #expect(AttemptState.sending.canMove(to: .sent) && AttemptState.sending.canMove(to: .uncertain))
        #expect(!AttemptState.sending.canMove(to: .cancelled), "a send under way is never cancelled: it may have gone out")
        #expect(AttemptState.uncertain.canMove(to: .sent) && !AttemptState.uncertain.canMove(to: .ready))
        for final in [AttemptState.sent, .cancelled, .failed] { #expect(final.next.isEmpty, "\(final)") }
    }

    @Test func theStoresListsComeFromTheMachine() {
        #expect(AttemptState.allowedSources(of: .failed) == [.planned, .generating, .ready, .sending],
                "a draft waiting for review never fails: nothing calls out from it")
        #expect(AttemptState.allowedSources(of: .uncertain) == [.sending])
        #expect(AttemptState.allowedSources(of: .generating) == [.planned, .generating, .review])
        #expect(AttemptState.sqlList(AttemptState.beforeSending) == "'planned', 'generating', 'review', 'ready'")
        #expect(AttemptState.sqlList(AttemptState.inFlight) == "'planned', 'generating', 'review', 'ready', 'sending'")
        #expect(AttemptState.sqlList(AttemptState.held) == "'failed', 'uncertain'")
        #expect(AttemptState.beforeSending.allSatisfy { $0.isBeforeSending && $0.canMove(to: .cancelled) })
        #expect(!AttemptState.sending.isBeforeSending)
        // Raw values are bare lowercase words, so the SQL lists need no escaping.
        #expect(AttemptState.allCases.allSatisfy { $0.rawValue.allSatisfy { $0.isLetter && $0.isLowercase } })
    }

    @Test func aDraftWaitsForReviewBetweenWritingAndSending() {
        #expect(AttemptState.generating.canMove(to: .review))
        #expect(AttemptState.review.next == [.ready, .generating, .cancelled],
                "approved, written again, or skipped / stale; never sent straight from review")
        #expect(!AttemptState.review.canMove(to: .sending) && !AttemptState.review.canMove(to: .failed))
        #expect(AttemptState.ready.canMove(to: .review), "a text nobody approved goes back when review becomes required")
        #expect(AttemptState.review.isBeforeSending, "a reply, a move, an opt-out or a closed ticket cancels it")
        #expect(AttemptState.allowedSources(of: .review) == [.generating, .ready])
    }

    @Test func reviewIsForcedForTheLocalDemoModelOnRealChannelsOnly() {
        #expect(ReviewRule.forced(localDemoWriter: true, realChannel: true))
        #expect(!ReviewRule.forced(localDemoWriter: true, realChannel: false), "the sandbox may auto-send")
        #expect(!ReviewRule.forced(localDemoWriter: false, realChannel: true))
        var config = FollowUpConfig.off
        #expect(!ReviewRule.required(config, forced: false) && ReviewRule.required(config, forced: true))
        config.review = true
        #expect(ReviewRule.required(config, forced: false))
    }

    @Test func cancellationRules() {
        let at = br(2026, 3, 10, 11)
        let facts = DealFacts(dealID: 1, columnID: 3, ticketClosed: false, lastMessageAuthor: .agent,
                              lastOurMessageAt: br(2026, 3, 9, 10), followUpsSinceLastCustomerReply: 0)
        var config = FollowUpConfig.off
        config.enabled = true
        func reason(_ f: DealFacts, anchor: Int64? = 50, attemptColumn: Int64 = 3, _ c: FollowUpConfig? = nil) -> String? {
            CancelReason.reason(attemptAnchor: 50, attemptColumn: attemptColumn, facts: f, anchorMessageID: anchor,
                                config: c ?? config, calendar: BusinessCalendar(), at: at)
        }
        #expect(reason(facts) == nil)
        var replied = facts
        replied.lastMessageAuthor = .customer
        #expect(reason(replied) == "customer_replied_last")
        #expect(reason(facts, anchor: 51) == CancelReason.conversationChanged)
        #expect(reason(facts, attemptColumn: 4) == CancelReason.moved)
        var off = config
        off.enabled = false
        #expect(reason(facts, off) == "followup_disabled")
        // It keeps waiting through closed hours and through the column's daily limit.
        #expect(CancelReason.reason(attemptAnchor: 50, attemptColumn: 3, facts: facts, anchorMessageID: 50, config: config,
                                    calendar: BusinessCalendar(), at: br(2026, 3, 10, 22)) == nil)
        var limited = config
        limited.maxPerDay = 1
        #expect(reason(facts, limited) == nil)
    }
}
