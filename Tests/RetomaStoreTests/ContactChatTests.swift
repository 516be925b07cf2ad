import Foundation
import GRDB
import RetomaCore
@testable import RetomaStore
import Synchronization
import Testing

/// A customer is one chat: a reply stops every deal of the contact, an opt-out stops them all for good, and
/// a reply that arrives while a follow-up is being sent comes after it.
@Suite struct ContactChatTests {
    static let day: TimeInterval = 86_400
    static let number = SendingNumber(sender: "cloud:1", governor: .standard, window: .unrestricted)

    /// Two deals of Maria (the second stored without the ninth digit: the same WhatsApp account) and one of
    /// someone else, all in a column that follows up daily at any hour, each with our message two days ago.
    struct World {
        let store: Store
        let first: Deal, second: Deal, stranger: Deal
    }

    func world(_ store: Store) throws -> World {
        let (_, columns) = try Fixture.board(store)
        try store.setFollowUp(columnID: columns[0].id, config: FollowUpConfig(
            enabled: true, interval: Interval(amount: 1, unit: .days), businessHoursOnly: false, sendAfterClose: false,
            instructions: "", extraInfo: "", maxAttempts: 5, onMax: .none))
        _ = try store.acquireLease(holderID: "engine", pid: 1, host: "h", at: Fixture.now, ttl: 86_400)
        let first = try Fixture.deal(store, column: columns[0].id, title: "Orçamento", phone: "11987654321")
        let second = try Fixture.deal(store, column: columns[0].id, title: "Instalação", phone: "1187654321")
        let stranger = try Fixture.deal(store, column: columns[0].id, title: "Outro", phone: "21987654321", contact: "João")
        for (deal, age) in [(second, 3.0), (stranger, 2.5), (first, 2.0)] {
            _ = try store.addMessage(dealID: deal.id, author: .agent, text: "Segue a proposta.",
                                     at: Fixture.now.addingTimeInterval(-age * Self.day))
        }
        return World(store: store, first: first, second: second, stranger: stranger)
    }

    /// plan → generating → ready, as the engine does before sending.
    func ready(_ store: Store, _ dealID: Int64, at: Date = Fixture.now) throws -> Attempt {
        guard case .planned(let planned) = try store.planAttempt(dealID: dealID, holderID: "engine", at: at,
                                                                 number: Self.number) else {
            throw StoreError.io("deal \(dealID) was not due")
        }
        _ = try store.markGenerating(attemptID: planned.id, at: at)
        return try store.markReady(attemptID: planned.id, text: "Oi Maria, conseguiu ver?", model: "m", at: at)
    }

    func decide(_ store: Store, _ dealID: Int64, at: Date = Fixture.now) throws -> Decision {
        let followUp = try store.dealFollowUp(id: dealID)
        return Eligibility.decide(followUp.facts, config: followUp.config, paused: false, hold: followUp.hold,
                                  calendar: BusinessCalendar(), at: at)
    }

    func inbound(_ id: String, text: String, from: String = "+5511987654321") -> InboundMessage {
        InboundMessage(channel: "cloud", channelMessageID: id, from: from, profileName: "Maria", text: text,
                       sentAt: Fixture.now, replyTo: nil)
    }

    // MARK: - One chat per customer

    @Test func aReplyOnOneDealStopsEveryDealOfTheContactUntilWeSpeakInIt() throws {
        let scratch = try Scratch()
        let w = try world(try scratch.store())
        let planned = try ready(w.store, w.second.id)
        // The reply lands on Maria's most recent deal, as before.
        guard case .recorded(let dealID, _) = try w.store.recordInbound(inbound("w1", text: "Vou ver e te falo")) else {
            Issue.record("not recorded"); return
        }
        #expect(dealID == w.first.id)
        #expect(try decide(w.store, w.first.id).reason == .customerRepliedLast)
        // Her other deal (the other form of the number) stopped in the same transaction.
        let cancelled = try w.store.attempt(id: planned.id)
        #expect(cancelled.state == .cancelled && cancelled.reason == ReasonCode.repliedInOtherDeal.rawValue)
        let other = try w.store.dealFollowUp(id: w.second.id)
        #expect(other.dueAt == nil)
        #expect(other.facts.repliedElsewhere == OtherDealReply(dealID: w.first.id, title: "Orçamento", at: Fixture.now))
        let decision = try decide(w.store, w.second.id)
        #expect(decision.action == .skip && decision.reason == .repliedInOtherDeal)
        #expect(decision.explain(.pt).last?.contains("respondeu em \"Orçamento\"") == true)
        #expect(decision.explain(.en).last?.contains("replied in \"Orçamento\"") == true)
        // Someone else's deal is untouched.
        #expect(try w.store.dealFollowUp(id: w.stranger.id).dueAt != nil)

        // Our side speaks in the other deal: its sequence starts again from that message.
        let later = Fixture.now.addingTimeInterval(60)
        _ = try w.store.addMessage(dealID: w.second.id, author: .agent, text: "Sobre a instalação: alguma dúvida?", at: later)
        let resumed = try w.store.dealFollowUp(id: w.second.id)
        #expect(resumed.facts.repliedElsewhere == nil && resumed.dueAt == later.addingTimeInterval(Self.day))
    }

    @Test func aCustomerMessageAddedByHandStopsTheOtherDealsToo() throws {
        let scratch = try Scratch()
        let w = try world(try scratch.store())
        _ = try w.store.addMessage(dealID: w.second.id, author: .customer, text: "Oi")
        #expect(try decide(w.store, w.first.id).reason == .repliedInOtherDeal)
        #expect(try w.store.dealFollowUp(id: w.first.id).dueAt == nil)
        #expect(try decide(w.store, w.second.id).reason == .customerRepliedLast)
    }

    @Test func anOlderReplyDoesNotStopADealWeWroteInAfterIt() throws {
        let scratch = try Scratch()
        let w = try world(try scratch.store())
        // Imported history: the customer wrote in the first deal before our latest message in the second.
        _ = try w.store.addMessage(dealID: w.first.id, author: .customer, text: "Oi",
                                   at: Fixture.now.addingTimeInterval(-4 * Self.day))
        #expect(try w.store.dealFollowUp(id: w.second.id).facts.repliedElsewhere == nil)
        #expect(try decide(w.store, w.second.id).reason == .due)
    }

    @Test func anOlderMessageOfOursImportedBehindTheReplyKeepsTheDealStopped() throws {
        let scratch = try Scratch()
        let w = try world(try scratch.store())
        _ = try w.store.addMessage(dealID: w.first.id, author: .customer, text: "Oi")
        // Ours, but from before the reply: the stop stands (the facts are recomputed for an older message).
        _ = try w.store.addMessage(dealID: w.second.id, author: .agent, text: "antigo", at: Fixture.now.addingTimeInterval(-3600))
        #expect(try decide(w.store, w.second.id).reason == .repliedInOtherDeal)
        // One after it releases it, even imported behind a newer message of the deal.
        _ = try w.store.addMessage(dealID: w.second.id, author: .agent, text: "novo", at: Fixture.now.addingTimeInterval(120))
        _ = try w.store.addMessage(dealID: w.second.id, author: .agent, text: "meio", at: Fixture.now.addingTimeInterval(60))
        #expect(try w.store.dealFollowUp(id: w.second.id).facts.repliedElsewhere == nil)
    }

    // MARK: - Opt-out

    @Test func anOptOutStopsEveryDealAndSurvivesAnAgentMessageUntilOptIn() throws {
        let scratch = try Scratch()
        let w = try world(try scratch.store())
        let planned = try ready(w.store, w.second.id)
        _ = try w.store.recordInbound(inbound("w2", text: "Pare de me mandar mensagem, por favor"))
        let status = try w.store.contactStatus(phone: "(11) 98765-4321")
        let optOut = try #require(status.optOut)
        #expect(optOut.source == .customer && optOut.text == "Pare de me mandar mensagem, por favor" && optOut.at == Fixture.now)
        #expect(status.dealIDs == [w.first.id, w.second.id])
        // The other form of her number is the same person.
        #expect(try w.store.contactStatus(phone: "+55 11 8765-4321").optOut != nil)
        #expect(try w.store.attempt(id: planned.id).reason == ReasonCode.optedOut.rawValue)
        for deal in [w.first, w.second] {
            #expect(try decide(w.store, deal.id).reason == .optedOut)
            #expect(try w.store.dealFollowUp(id: deal.id).dueAt == nil)
        }
        // The first rule checked, before the column's own settings.
        #expect(try decide(w.store, w.first.id).checks.count == 1)

        // An agent still answers by hand; that never clears it.
        _ = try w.store.addMessage(dealID: w.first.id, author: .agent, text: "Tudo bem, não enviaremos mais.")
        _ = try w.store.addMessage(dealID: w.second.id, author: .agent, text: "Ok!")
        for deal in [w.first, w.second] {
            #expect(try decide(w.store, deal.id, at: Fixture.now.addingTimeInterval(3 * Self.day)).reason == .optedOut)
            #expect(try w.store.dealFollowUp(id: deal.id).dueAt == nil)
        }
        #expect(try w.store.contactOptOut(contactID: w.first.contactID) == optOut)

        // The operator clears it: both deals are scheduled again from our latest message.
        let cleared = try w.store.setOptOut(phone: "11987654321", optedOut: false)
        #expect(cleared.optOut == nil)
        for deal in [w.first, w.second] {
            #expect(try w.store.dealFollowUp(id: deal.id).dueAt == Fixture.now.addingTimeInterval(Self.day))
        }
        #expect(try w.store.dealFollowUp(id: w.stranger.id).facts.optOut == nil)
    }

    @Test func theOperatorSetsItByHandAndASecondMarkKeepsTheFirst() throws {
        let scratch = try Scratch()
        let w = try world(try scratch.store())
        let set = try w.store.setOptOut(contactID: w.second.contactID, optedOut: true)
        #expect(set.optOut == ContactOptOut(at: Fixture.now, source: .operator, text: nil))
        #expect(try decide(w.store, w.first.id).reason == .optedOut)
        _ = try w.store.recordInbound(inbound("w3", text: "sair"))
        #expect(try w.store.contactStatus(phone: "11987654321").optOut?.source == .operator)
        #expect(throws: StoreError.invalid(.noContactWithPhone("11 91111-2222"))) {
            try w.store.setOptOut(phone: "11 91111-2222", optedOut: true)
        }
    }

    @Test func onlyTheCustomersOwnWordsOptOut() throws {
        let scratch = try Scratch()
        let w = try world(try scratch.store())
        for (i, text) in ["Vou sair mais cedo hoje", "Não pare de me avisar", "Parabéns pela entrega!"].enumerated() {
            _ = try w.store.recordInbound(inbound("fp\(i)", text: text))
        }
        // Ours never count: an agent's text, an echo from the phone.
        _ = try w.store.addMessage(dealID: w.first.id, author: .agent, text: "Pare")
        _ = try w.store.recordEcho(EchoMessage(channel: "cloud", channelMessageID: "e1", to: "+5511987654321",
                                               text: "stop", sentAt: Fixture.now))
        #expect(try w.store.contactStatus(phone: "11987654321").optOut == nil)
    }

    // MARK: - A reply during a slow send

    /// A store whose clock the test moves.
    final class MovingClock: Sendable {
        let value: Mutex<Date>
        init(_ start: Date) { value = Mutex(start) }
        func advance(_ seconds: TimeInterval) { value.withLock { $0 = $0.addingTimeInterval(seconds) } }
        var now: Date { value.withLock { $0 } }
    }

    /// `scratch` is the caller's: it holds the database for as long as the test reads it.
    func slowSend(_ scratch: Scratch, replyAfter delay: TimeInterval, webhook: Bool = false) throws -> (World, sentAt: Date) {
        let clock = MovingClock(Fixture.now)
        let store = try scratch.database("slow.db").open(now: { clock.now })
        let w = try world(store)
        let attempt = try ready(store, w.first.id)
        guard case .sending = try store.beginSending(attemptID: attempt.id, holderID: "engine", at: clock.now,
                                                     number: Self.number) else { throw StoreError.io("not sending") }
        let started = clock.now
        // The provider takes 5 s to answer; the customer writes meanwhile.
        clock.advance(delay)
        if webhook {
            // Stamped by the provider before the send started (the two crossed): still after it.
            _ = try store.recordInbound(InboundMessage(channel: "cloud", channelMessageID: "w9", from: "+5511987654321",
                                                       profileName: nil, text: "Oi!", sentAt: started.addingTimeInterval(-30),
                                                       replyTo: nil))
        } else {
            _ = try store.addMessage(dealID: w.first.id, author: .customer, text: "Oi! Vi sim.")
        }
        clock.advance(5 - delay)
        _ = try store.recordSent(attemptID: attempt.id, channelMessageID: "wamid.F1", deliveryStatus: .sent, at: clock.now)
        return (w, started)
    }

    @Test(arguments: [0.0, 2.0]) func aReplyDuringTheSendKeepsTheDealStopped(delay: TimeInterval) throws {
        let scratch = try Scratch()
        let (w, started) = try slowSend(scratch, replyAfter: delay)
        let messages = try w.store.dealDetail(id: w.first.id).messages
        // The follow-up is stored when its send started and sorts before the reply, even in the same second.
        #expect(messages.suffix(2).map(\.author) == [.followup, .customer])
        #expect(messages.suffix(2).first?.at == started)
        let followUp = try w.store.dealFollowUp(id: w.first.id)
        #expect(followUp.facts.lastMessageAuthor == .customer && followUp.dueAt == nil)
        #expect(try decide(w.store, w.first.id, at: Fixture.now.addingTimeInterval(2 * Self.day)).reason == .customerRepliedLast)
    }

    @Test func aWebhookReplyStampedBeforeTheSendIsPlacedAfterItsStart() throws {
        let scratch = try Scratch()
        let (w, started) = try slowSend(scratch, replyAfter: 1, webhook: true)
        let messages = try w.store.dealDetail(id: w.first.id).messages
        #expect(messages.suffix(2).map(\.author) == [.followup, .customer])
        #expect(messages.last?.at == started)
        #expect(try decide(w.store, w.first.id).reason == .customerRepliedLast)
    }

    @Test func withoutAReplyTheSentFollowUpIsTheNewAnchorAtItsStart() throws {
        let scratch = try Scratch()
        let clock = MovingClock(Fixture.now)
        let store = try scratch.database("plain.db").open(now: { clock.now })
        let w = try world(store)
        let attempt = try ready(store, w.first.id)
        _ = try store.beginSending(attemptID: attempt.id, holderID: "engine", at: clock.now, number: Self.number)
        clock.advance(5)
        let (_, message) = try store.recordSent(attemptID: attempt.id, channelMessageID: "wamid.F2", deliveryStatus: .sent,
                                                at: clock.now)
        #expect(message?.at == Fixture.now)
        let followUp = try store.dealFollowUp(id: w.first.id)
        #expect(followUp.anchorMessageID == message?.id && followUp.dueAt == Fixture.now.addingTimeInterval(Self.day))
    }
}
