import Foundation
import GRDB
import RetomaCore
@testable import RetomaStore
import Testing
import StoreTestBackend

/// What the business sends from its phone, heard as the provider's echo: recorded as ours (origin `phone`),
/// once per provider id, restarting the interval clock and never acting as a customer's reply.
@Suite struct EchoTests {
    static let day: TimeInterval = 86_400
    static let number = SendingNumber(sender: "cloud:1", governor: .standard, window: .unrestricted)

    func echo(_ id: String, to: String = "+5511987654321", text: String = "Passei o valor final pelo celular.",
              at: Date = Fixture.now) -> EchoMessage {
        EchoMessage(channel: "cloud", channelMessageID: id, to: to, text: text, sentAt: at)
    }

    /// A deal in a column that follows up daily at any hour, and the lease the ledger needs.
    func world(_ store: Store, phone: String = "11987654321") throws -> Deal {
        let (_, columns) = try Fixture.board(store)
        try store.setFollowUp(columnID: columns[0].id, config: FollowUpConfig(
            enabled: true, interval: Interval(amount: 1, unit: .days), businessHoursOnly: false, sendAfterClose: false,
            instructions: "", extraInfo: "", maxAttempts: 5, onMax: .none))
        _ = try store.acquireLease(holderID: "engine", pid: 1, host: "h", at: Fixture.now, ttl: 86_400)
        return try Fixture.deal(store, column: columns[0].id, title: "Orçamento", phone: phone)
    }

    /// plan → generating → ready, as the engine does before sending.
    func ready(_ store: Store, _ dealID: Int64) throws -> Attempt {
        guard case .planned(let planned) = try store.planAttempt(dealID: dealID, holderID: "engine", at: Fixture.now,
                                                                 number: Self.number) else {
            throw TestFailure("the deal was not due")
        }
        _ = try store.markGenerating(attemptID: planned.id, at: Fixture.now)
        return try store.markReady(attemptID: planned.id, text: "Oi Maria, conseguiu ver?", model: "m", at: Fixture.now)
    }

    struct TestFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    @Test func anEchoIsOurMessageFromThePhoneAndRestartsTheClock() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let deal = try world(store)
        _ = try store.addMessage(dealID: deal.id, author: .agent, text: "Segue o orçamento.", at: Fixture.now.addingTimeInterval(-3 * 3600))
        let asked = Fixture.now.addingTimeInterval(-2 * 3600)
        _ = try store.addMessage(dealID: deal.id, author: .customer, text: "Qual o valor final?", at: asked)
        // The customer spoke last: nothing is due.
        #expect(try store.dealFollowUp(id: deal.id).dueAt == nil)

        let answered = Fixture.now.addingTimeInterval(-3600)
        guard case .recorded(let dealID, let messageID) = try store.recordEcho(echo("wamid.PHONE1", at: answered)) else {
            Issue.record("the echo was not recorded in the deal"); return
        }
        #expect(dealID == deal.id)
        let last = try #require(try store.dealDetail(id: deal.id).messages.last)
        #expect(last.id == messageID && last.author == .agent && last.origin == .phone)
        #expect(last.at == answered && last.channelMessageID == "wamid.PHONE1")
        // Our side spoke last: the anchor is the echo, the next follow-up one interval after it.
        let followUp = try store.dealFollowUp(id: deal.id)
        #expect(followUp.anchorMessageID == messageID && followUp.facts.lastMessageAuthor == .agent)
        #expect(followUp.dueAt == answered.addingTimeInterval(Self.day))
        // It is not the customer's: the 24-hour window still dates from the customer's question.
        #expect(try store.lastCustomerMessageAt(dealID: deal.id) == asked)
        // Delivered again: once.
        #expect(try store.recordEcho(echo("wamid.PHONE1", at: answered)) == .duplicate)
        #expect(try store.dealDetail(id: deal.id).messages.count == 3)
    }

    @Test func anEchoCancelsAWrittenFollowUpAsConversationChangedNotAsAReply() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let deal = try world(store)
        _ = try store.addMessage(dealID: deal.id, author: .agent, text: "Segue o orçamento.", at: Fixture.now.addingTimeInterval(-2 * Self.day))
        let attempt = try ready(store, deal.id)
        #expect(attempt.state == .ready)

        _ = try store.recordEcho(echo("wamid.PHONE2", at: Fixture.now.addingTimeInterval(-10)))
        let cancelled = try store.attempt(id: attempt.id)
        #expect(cancelled.state == .cancelled && cancelled.reason == CancelReason.conversationChanged)
        // The sequence goes on from the echo, as after an agent's message in the board.
        #expect(try store.dealFollowUp(id: deal.id).dueAt == Fixture.now.addingTimeInterval(-10 + Self.day))
    }

    @Test func anEchoDoesNotResetTheFollowUpsWithoutAReply() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let deal = try world(store)
        _ = try store.addMessage(dealID: deal.id, author: .agent, text: "Segue o orçamento.", at: Fixture.now.addingTimeInterval(-2 * Self.day))
        let attempt = try ready(store, deal.id)
        guard case .sending = try store.beginSending(attemptID: attempt.id, holderID: "engine", at: Fixture.now, number: Self.number) else {
            Issue.record("not sending"); return
        }
        try store.recordSent(attemptID: attempt.id, channelMessageID: "wamid.FU1", deliveryStatus: .sent, at: Fixture.now)
        #expect(try store.followUpMaterial(dealID: deal.id).followUpsSinceReply == 1)
        _ = try store.recordEcho(echo("wamid.PHONE3", at: Fixture.now))
        #expect(try store.followUpMaterial(dealID: deal.id).followUpsSinceReply == 1)
    }

    @Test func theEchoOfOurOwnFollowUpIsNotStoredTwice() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let deal = try world(store)
        _ = try store.addMessage(dealID: deal.id, author: .agent, text: "Segue o orçamento.", at: Fixture.now.addingTimeInterval(-2 * Self.day))
        let attempt = try ready(store, deal.id)
        _ = try store.beginSending(attemptID: attempt.id, holderID: "engine", at: Fixture.now, number: Self.number)
        try store.recordSent(attemptID: attempt.id, channelMessageID: "wamid.FU2", deliveryStatus: .sent, at: Fixture.now)
        let before = try store.dealDetail(id: deal.id).messages

        #expect(try store.recordEcho(echo("wamid.FU2", text: "Oi Maria, conseguiu ver?")) == .duplicate)
        #expect(try store.dealDetail(id: deal.id).messages == before)
    }

    @Test func theEchoOfAFollowUpWhoseDealWasDeletedIsStillOurs() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let deal = try world(store)
        _ = try store.addMessage(dealID: deal.id, author: .agent, text: "Segue o orçamento.", at: Fixture.now.addingTimeInterval(-2 * Self.day))
        let attempt = try ready(store, deal.id)
        _ = try store.beginSending(attemptID: attempt.id, holderID: "engine", at: Fixture.now, number: Self.number)
        try store.recordSent(attemptID: attempt.id, channelMessageID: "wamid.FU3", deliveryStatus: .sent, at: Fixture.now)
        try store.deleteDeal(id: deal.id)
        // The ledger remembers the id: not kept as a new unassigned conversation.
        #expect(try store.recordEcho(echo("wamid.FU3", text: "Oi Maria, conseguiu ver?")) == .duplicate)
        #expect(try store.unassignedConversations().isEmpty)
    }

    @Test func anEchoThatBeatsTheSendsRecordGivesWayToIt() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let deal = try world(store)
        _ = try store.addMessage(dealID: deal.id, author: .agent, text: "Segue o orçamento.", at: Fixture.now.addingTimeInterval(-2 * Self.day))
        let attempt = try ready(store, deal.id)
        _ = try store.beginSending(attemptID: attempt.id, holderID: "engine", at: Fixture.now, number: Self.number)
        // The provider's echo arrives while the API's answer is still on its way.
        guard case .recorded = try store.recordEcho(echo("wamid.FU4", text: "Oi Maria, conseguiu ver?")) else {
            Issue.record("the early echo was not recorded"); return
        }
        let (sent, message) = try store.recordSent(attemptID: attempt.id, channelMessageID: "wamid.FU4", deliveryStatus: .sent,
                                                   at: Fixture.now)
        #expect(sent.state == .sent)
        let messages = try store.dealDetail(id: deal.id).messages
        #expect(messages.filter { $0.channelMessageID == "wamid.FU4" }.map(\.author) == [.followup])
        #expect(messages.count == 2)
        #expect(try store.dealFollowUp(id: deal.id).anchorMessageID == message?.id)
        #expect(try store.recordEcho(echo("wamid.FU4")) == .duplicate)
    }

    @Test func anEchoStampedBeforeTheCustomersLaterMessageLeavesTheCustomerLast() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let deal = try world(store)
        _ = try store.addMessage(dealID: deal.id, author: .agent, text: "Segue o orçamento.", at: Fixture.now.addingTimeInterval(-3 * 3600))
        _ = try store.addMessage(dealID: deal.id, author: .customer, text: "Obrigada!", at: Fixture.now.addingTimeInterval(-3600))
        // Sent from the phone before the customer's thanks, delivered after it.
        _ = try store.recordEcho(echo("wamid.PHONE4", at: Fixture.now.addingTimeInterval(-2 * 3600)))
        let messages = try store.dealDetail(id: deal.id).messages
        #expect(messages.map(\.author) == [.agent, .agent, .customer])
        #expect(messages[1].origin == .phone)
        let followUp = try store.dealFollowUp(id: deal.id)
        #expect(followUp.facts.lastMessageAuthor == .customer && followUp.dueAt == nil)
    }

    @Test func anEchoStampedAheadOfNowIsKeptAtNowSoTheNextReplySortsAfterIt() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let deal = try world(store)
        // Within the skew the webhook believes (a provider clock a minute fast).
        _ = try store.recordEcho(echo("wamid.PHONE5", at: Fixture.now.addingTimeInterval(60)))
        #expect(try store.dealDetail(id: deal.id).messages.last?.at == Fixture.now)
        _ = try store.recordInbound(InboundMessage(channel: "cloud", channelMessageID: "wamid.IN5", from: "+5511987654321",
                                                   text: "Recebi", sentAt: Fixture.now))
        #expect(try store.dealDetail(id: deal.id).messages.map(\.author) == [.agent, .customer])
        #expect(try store.dealFollowUp(id: deal.id).facts.lastMessageAuthor == .customer)
    }

    @Test func anEchoFindsTheContactWithOrWithoutTheNinthDigit() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let deal = try world(store, phone: "(31) 98765-4321")
        guard case .recorded(let dealID, _) = try store.recordEcho(echo("wamid.PHONE6", to: "+553187654321")) else {
            Issue.record("not recorded"); return
        }
        #expect(dealID == deal.id)
    }

    @Test func anEchoIsPartOfWhatTheModelReadsAsTheCompanysMessage() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let deal = try world(store)
        _ = try store.addMessage(dealID: deal.id, author: .customer, text: "Qual o valor final?", at: Fixture.now.addingTimeInterval(-7200))
        _ = try store.recordEcho(echo("wamid.PHONE7", text: "Fica R$ 1.200 à vista.", at: Fixture.now.addingTimeInterval(-3600)))
        let material = try store.followUpMaterial(dealID: deal.id)
        #expect(material.recentMessages.map(\.origin) == [.retoma, .phone])
        let prompt = FollowUpPrompt.build(FollowUpContext(
            contact: material.contact, deal: material.deal, columnName: material.column.name, config: material.column.followUp,
            recentMessages: material.recentMessages, followUpsSinceReply: material.followUpsSinceReply, now: Fixture.now))
        let user = try #require(prompt.last?.content)
        #expect(user.contains("] empresa: \"Fica R$ 1.200 à vista.\""), "\(user)")
        #expect(user.contains("] cliente: \"Qual o valor final?\""))
    }

    @Test func anEchoToANumberWithNoDealIsKeptUnassignedAsOurs() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        guard case .unassigned(let conversationID) = try store.recordEcho(echo("wamid.PHONE8", to: "+5511933334444",
                                                                                text: "Oi! Aqui é da loja.")) else {
            Issue.record("not kept"); return
        }
        let conversation = try #require(try store.unassignedConversations().first)
        #expect(conversation.id == conversationID && conversation.lastIsOurs && conversation.profileName == nil)
        _ = try store.recordInbound(InboundMessage(channel: "cloud", channelMessageID: "wamid.IN8", from: "+5511933334444",
                                                   profileName: "Ana", text: "Oi, quem fala?",
                                                   sentAt: Fixture.now.addingTimeInterval(1)))
        #expect(try store.unassignedMessages(conversationID: conversationID).map(\.author) == [.agent, .customer])
        #expect(try store.unassignedConversations().first?.lastIsOurs == false)
        #expect(try store.recordEcho(echo("wamid.PHONE8", to: "+5511933334444")) == .duplicate)
    }

    @Test func assigningAConversationOfOursOnlyMovesTheClockInsteadOfStoppingIt() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let deal = try world(store, phone: "11933334444")
        _ = try store.addMessage(dealID: deal.id, author: .agent, text: "Segue o orçamento.", at: Fixture.now.addingTimeInterval(-2 * Self.day))
        let attempt = try ready(store, deal.id)
        // The phone wrote to a number Retoma did not know yet (the customer's second number).
        guard case .unassigned(let conversationID) = try store.recordEcho(echo("wamid.PHONE9", to: "+5511955556666",
                                                                                at: Fixture.now.addingTimeInterval(-30))) else {
            Issue.record("not kept"); return
        }
        #expect(try store.assignUnassignedConversation(id: conversationID, toDealID: deal.id) == 1)
        let moved = try #require(try store.dealDetail(id: deal.id).messages.last)
        #expect(moved.author == .agent && moved.origin == .phone && moved.channelMessageID == "wamid.PHONE9")
        let cancelled = try store.attempt(id: attempt.id)
        #expect(cancelled.state == .cancelled && cancelled.reason == CancelReason.conversationChanged)
        #expect(try store.dealFollowUp(id: deal.id).dueAt == Fixture.now.addingTimeInterval(-30 + Self.day))
    }

    @Test func assigningAConversationWithTheCustomersReplyStopsAsAReply() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let deal = try world(store)
        _ = try store.addMessage(dealID: deal.id, author: .agent, text: "Segue o orçamento.", at: Fixture.now.addingTimeInterval(-2 * Self.day))
        let attempt = try ready(store, deal.id)
        _ = try store.recordEcho(echo("wamid.PHONE10", to: "+5511955556666", at: Fixture.now.addingTimeInterval(-60)))
        guard case .unassigned(let conversationID) = try store.recordInbound(InboundMessage(
            channel: "cloud", channelMessageID: "wamid.IN10", from: "+5511955556666", text: "Vi sim!",
            sentAt: Fixture.now.addingTimeInterval(-30))) else { Issue.record("not kept"); return }
        #expect(try store.assignUnassignedConversation(id: conversationID, toDealID: deal.id) == 2)
        let messages = try store.dealDetail(id: deal.id).messages
        #expect(messages.suffix(2).map(\.origin) == [.phone, .whatsapp])
        let cancelled = try store.attempt(id: attempt.id)
        #expect(cancelled.state == .cancelled && cancelled.reason == ReasonCode.customerRepliedLast.rawValue)
    }

    @Test(.sqliteOnly("upgrades an SQLite file made by an earlier Retoma (GRDB migrations)")) func anEarlierDatabaseGainsOriginsAndUnassignedAuthors() throws {
        let scratch = try Scratch()
        let path = scratch.path("v6.db")
        do {
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue, upTo: "v6")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO board (name) VALUES ('Vendas');
                    INSERT INTO board_column (board_id, name, position) VALUES (1, 'A', 0);
                    INSERT INTO contact (name, phone) VALUES ('Maria', '+5511987654321');
                    INSERT INTO deal (column_id, position, title, contact_id, created_at) VALUES (1, 0, 'Um', 1, 0);
                    INSERT INTO message (deal_id, author, text, at) VALUES (1, 'agent', 'Segue.', 10);
                    INSERT INTO message (deal_id, author, text, at, channel_message_id) VALUES (1, 'customer', 'Vi!', 20, 'wamid.A');
                    INSERT INTO message (deal_id, author, text, at) VALUES (1, 'customer', 'Importada', 30);
                    INSERT INTO message (deal_id, author, text, at, channel_message_id, attempt_id)
                        VALUES (1, 'followup', 'Oi?', 40, 'wamid.B', 1);
                    INSERT INTO unassigned_conversation (phone, channel, first_at, last_at) VALUES ('+5511933334444', 'cloud', 5, 5);
                    INSERT INTO unassigned_message (conversation_id, channel_message_id, text, at) VALUES (1, 'wamid.C', 'Oi', 5);
                    """)
            }
            try queue.close()
        }
        let store = try Store(path: path)
        defer { try? store.close() }
        // Customer messages with a provider id came through the webhook; the rest was written here.
        #expect(try store.dealDetail(id: 1).messages.map(\.origin) == [.retoma, .whatsapp, .retoma, .retoma])
        #expect(try store.unassignedMessages(conversationID: 1).map(\.author) == [.customer])
    }
}
