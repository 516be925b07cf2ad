import Foundation
import Testing
@testable import RetomaCore

@Suite struct DealFactsTests {
    let deal = Deal(id: 42, columnID: 9, position: 0, title: "Proposta", valueCents: 120_050, contactID: 5,
                    ticketClosed: true, createdAt: br(2026, 3, 1, 9))

    func msg(_ id: Int64, _ author: MessageAuthor, _ at: Date) -> Message {
        Message(id: id, dealID: 42, author: author, text: "…", at: at)
    }

    @Test func emptyConversation() {
        let f = DealFacts(deal: deal, messages: [])
        #expect(f.dealID == 42 && f.columnID == 9 && f.ticketClosed)
        #expect(f.lastMessageAuthor == nil && f.lastOurMessageAt == nil && !f.hasAnyOurMessage)
        #expect(f.followUpsSinceLastCustomerReply == 0)
    }

    @Test func onlyTheCustomerWrote() {
        let f = DealFacts(deal: deal, messages: [msg(1, .customer, br(2026, 3, 1, 10))])
        #expect(f.lastMessageAuthor == .customer && !f.hasAnyOurMessage)
    }

    @Test func anchorIsOurLatestMessageAndFollowUpsCountSinceTheReply() {
        // Given out of order on purpose.
        let f = DealFacts(deal: deal, messages: [
            msg(5, .followup, br(2026, 3, 6, 10)),
            msg(1, .agent, br(2026, 3, 1, 10)),
            msg(4, .followup, br(2026, 3, 5, 10)),
            msg(2, .followup, br(2026, 3, 2, 10)),
            msg(3, .customer, br(2026, 3, 3, 10)),
        ])
        #expect(f.lastMessageAuthor == .followup)
        #expect(f.lastOurMessageAt == br(2026, 3, 6, 10) && f.hasAnyOurMessage)
        #expect(f.followUpsSinceLastCustomerReply == 2)
    }

    @Test func anAgentMessageMovesTheAnchorButNotTheCount() {
        let f = DealFacts(deal: deal, messages: [
            msg(1, .agent, br(2026, 3, 1, 10)),
            msg(2, .followup, br(2026, 3, 2, 10)),
            msg(3, .agent, br(2026, 3, 4, 10)),
        ])
        #expect(f.lastOurMessageAt == br(2026, 3, 4, 10))
        #expect(f.lastMessageAuthor == .agent)
        #expect(f.followUpsSinceLastCustomerReply == 1)
    }

    @Test func sameInstantTiesGoByID() {
        let t = br(2026, 3, 2, 10)
        let f = DealFacts(deal: deal, messages: [msg(8, .customer, t), msg(7, .followup, t)])
        #expect(f.lastMessageAuthor == .customer)
        #expect(f.followUpsSinceLastCustomerReply == 0)
    }
}
