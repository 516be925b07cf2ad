import Foundation
import RetomaCore
import RetomaStore
import Testing

/// Customer messages from the webhook, delivery statuses and unassigned conversations.
@Suite struct InboundTests {
    func inbound(_ id: String, from: String = "+5511987654321", text: String = "Oi", at: Date = Fixture.now,
                 replyTo: String? = nil) -> InboundMessage {
        InboundMessage(channel: "cloud", channelMessageID: id, from: from, profileName: "Maria", text: text, sentAt: at,
                       replyTo: replyTo)
    }

    @Test func aReplyLandsOnTheContactsMostRecentlyActiveDeal() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        let old = try Fixture.deal(store, column: columns[0].id, title: "Antigo")
        let recent = try Fixture.deal(store, column: columns[1].id, title: "Recente")
        _ = try store.addMessage(dealID: old.id, author: .agent, text: "a", at: Fixture.now.addingTimeInterval(-7200))
        _ = try store.addMessage(dealID: recent.id, author: .agent, text: "b", at: Fixture.now.addingTimeInterval(-60))
        #expect(try store.recordInbound(inbound("w1")) == .recorded(dealID: recent.id, messageID: try lastID(store, recent.id)))
        #expect(try store.recordInbound(inbound("w1")) == .duplicate)
        #expect(try store.dealDetail(id: recent.id).messages.filter { $0.author == .customer }.count == 1)
    }

    @Test func aReplyQuotingOurMessageGoesToThatDeal() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        let quoted = try Fixture.deal(store, column: columns[0].id, title: "Citado")
        let other = try Fixture.deal(store, column: columns[1].id, title: "Outro")
        let ours = try store.addMessage(dealID: quoted.id, author: .agent, text: "a", at: Fixture.now.addingTimeInterval(-7200))
        _ = try store.addMessage(dealID: other.id, author: .agent, text: "b", at: Fixture.now.addingTimeInterval(-60))
        // Our message carries a provider id once it was sent through a channel.
        try store.writeBehind("UPDATE message SET channel_message_id = 'wamid.OURS' WHERE id = ?", [ours.id])
        guard case .recorded(let dealID, _) = try store.recordInbound(inbound("w2", replyTo: "wamid.OURS")) else {
            Issue.record("not recorded"); return
        }
        #expect(dealID == quoted.id)
    }

    @Test func aLateReplyStillEndsTheConversationAndNothingIsInTheFuture() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        let deal = try Fixture.deal(store, column: columns[0].id, title: "T")
        _ = try store.addMessage(dealID: deal.id, author: .followup, text: "f", at: Fixture.now.addingTimeInterval(-10))
        // Stamped before our follow-up (the two crossed): placed after it, so the follow-ups stop.
        _ = try store.recordInbound(inbound("w3", at: Fixture.now.addingTimeInterval(-20)))
        let messages = try store.dealDetail(id: deal.id).messages
        #expect(messages.last?.author == .customer && messages.last?.at == Fixture.now.addingTimeInterval(-10))
        // Stamped an hour ahead: kept at now.
        _ = try store.recordInbound(inbound("w4", at: Fixture.now.addingTimeInterval(3600)))
        #expect(try store.dealDetail(id: deal.id).messages.last?.at == Fixture.now)
        #expect(try store.lastCustomerMessageAt(dealID: deal.id) == Fixture.now)
    }

    @Test func unassignedConversationsCanBeAssignedOrDismissed() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        guard case .unassigned(let id) = try store.recordInbound(inbound("u1", from: "+5521988887777", text: "Quem fala?")) else {
            Issue.record("not unassigned"); return
        }
        _ = try store.recordInbound(inbound("u2", from: "+552188887777", text: "Oi?", at: Fixture.now.addingTimeInterval(5)))
        #expect(try store.unassignedConversations().map(\.messageCount) == [2])
        let deal = try Fixture.deal(store, column: columns[0].id, title: "Novo", phone: "+55 21 98888-7777")
        #expect(try store.assignUnassignedConversation(id: id, toDealID: deal.id) == 2)
        #expect(try store.dealDetail(id: deal.id).messages.map(\.text) == ["Quem fala?", "Oi?"])
        #expect(try store.unassignedConversations().isEmpty)
        // Their ids moved along: a redelivery is still a duplicate.
        #expect(try store.recordInbound(inbound("u1", from: "+5521988887777")) == .duplicate)

        guard case .unassigned(let spam) = try store.recordInbound(inbound("s1", from: "+5511955554444")) else { return }
        try store.dismissUnassignedConversation(id: spam)
        #expect(try store.unassignedConversations().isEmpty)
        #expect(throws: StoreError.notFound(entity: "unassigned conversation", id: spam)) {
            try store.dismissUnassignedConversation(id: spam)
        }
    }

    @Test func deliveryForAnUnknownIDWaitsForItsMessage() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        #expect(try store.applyDelivery(DeliveryUpdate(channelMessageID: "x", status: .read, at: Fixture.now)) == .pending)
        #expect(try store.applyDelivery(DeliveryUpdate(channelMessageID: "x", status: .delivered, at: Fixture.now)) == .pending)
    }

    @Test func statusesOnlyMoveForward() {
        #expect(DeliveryStatus.delivered.isAdvance(over: .sent))
        #expect(DeliveryStatus.read.isAdvance(over: .sent))
        #expect(!DeliveryStatus.delivered.isAdvance(over: .read))
        #expect(DeliveryStatus.failed.isAdvance(over: .sent))
        #expect(!DeliveryStatus.failed.isAdvance(over: .read))
        #expect(DeliveryStatus.sent.isAdvance(over: nil))
    }

    func lastID(_ store: Store, _ dealID: Int64) throws -> Int64 {
        try store.dealDetail(id: dealID).messages.last?.id ?? -1
    }
}
