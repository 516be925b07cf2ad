import Foundation
import Testing
@testable import RetomaCore

@Suite struct EligibilityTests {
    let calendar = BusinessCalendar()

    func config(every interval: Interval = Interval(amount: 1, unit: .days), businessHours: Bool = true,
                afterClose: Bool = false, max: Int = 5, enabled: Bool = true) -> FollowUpConfig {
        FollowUpConfig(enabled: enabled, interval: interval, businessHoursOnly: businessHours,
                       sendAfterClose: afterClose, instructions: "", extraInfo: "", maxAttempts: max, onMax: .none)
    }

    func facts(anchor: Date? = br(2026, 3, 9, 10), last: MessageAuthor? = .agent, closed: Bool = false,
               sent: Int = 0) -> DealFacts {
        DealFacts(dealID: 7, columnID: 3, ticketClosed: closed, lastMessageAuthor: last,
                  lastOurMessageAt: anchor, followUpsSinceLastCustomerReply: sent)
    }

    func decide(_ f: DealFacts, _ c: FollowUpConfig, paused: Bool = false, at: Date) -> Decision {
        Eligibility.decide(f, config: c, paused: paused, calendar: calendar, at: at)
    }

    @Test func reasonCodesAreExactlyTheDocumentedOnes() {
        #expect(Set(ReasonCode.allCases.map(\.rawValue)) == [
            "due", "not_due", "customer_replied_last", "no_conversation", "ticket_closed",
            "outside_business_hours", "holiday", "followup_disabled", "max_attempts", "throttled", "paused",
            "outside_24h_window", "column_daily_limit", "opted_out", "replied_in_other_deal", "skipped_today",
        ])
        #expect(ReasonCode.allCases.count == 16)
        #expect(Decision.Action.allCases.map(\.rawValue) == ["send", "wait", "skip"])
    }

    @Test func aSkippedDraftRestartsTheIntervalAndASkippedColumnWaitsForTomorrow() {
        var f = facts(anchor: br(2026, 3, 9, 10))
        f.skippedAt = br(2026, 3, 10, 11)
        let c = config(businessHours: false)
        let held = decide(f, c, at: br(2026, 3, 10, 12))
        #expect(held.action == .wait && held.reason == .notDue && held.dueAt == br(2026, 3, 11, 11))
        #expect(NextDue.instant(f, config: c, calendar: calendar) == br(2026, 3, 11, 11))
        #expect(decide(f, c, at: br(2026, 3, 11, 11)).action == .send)
        // A skip older than our latest message changes nothing.
        f.skippedAt = br(2026, 3, 8, 10)
        #expect(decide(f, c, at: br(2026, 3, 10, 10)).action == .send)

        let skipped = Eligibility.decide(facts(), config: c, paused: false, calendar: calendar, at: br(2026, 3, 10, 15),
                                         columnSkippedToday: true)
        #expect(skipped.action == .wait && skipped.reason == .skippedToday && skipped.dueAt == br(2026, 3, 11, 0))
        #expect(skipped.explain(.en).last == "✗ Column skipped for today in the review queue; next possible send: 2026-03-11 00:00")
    }

    @Test func anOptedOutContactIsCheckedFirstAndNeverScheduled() {
        var f = facts()
        f.optOut = ContactOptOut(at: br(2026, 3, 9, 11), source: .customer, text: "pare")
        for c in [config(), config(enabled: false)] {
            let d = decide(f, c, paused: true, at: br(2026, 3, 10, 10))
            #expect(d.action == .skip && d.reason == .optedOut && d.checks.count == 1 && !d.checks[0].passed)
            #expect(NextDue.instant(f, config: c, calendar: calendar) == nil)
        }
        #expect(decide(f, config(), at: br(2026, 3, 10, 10)).explain(.pt)[0].contains("\"pare\""))
    }

    @Test func aReplyInAnotherDealStopsAfterTheCustomersOwnReply() {
        var f = facts()
        f.repliedElsewhere = OtherDealReply(dealID: 9, title: nil, at: br(2026, 3, 9, 12))
        let d = decide(f, config(), at: br(2026, 3, 10, 10))
        #expect(d.action == .skip && d.reason == .repliedInOtherDeal)
        #expect(d.explain(.en).last?.contains("replied in \"#9\"") == true)
        #expect(NextDue.instant(f, config: config(), calendar: calendar) == nil)
        // The customer's reply in this very deal is said first.
        f.lastMessageAuthor = .customer
        #expect(decide(f, config(), at: br(2026, 3, 10, 10)).reason == .customerRepliedLast)
    }

    @Test func dueWhenTheIntervalHasPassedInBusinessHours() {
        let d = decide(facts(), config(), at: br(2026, 3, 10, 10))
        #expect(d.action == .send && d.reason == .due)
        #expect(d.dueAt == br(2026, 3, 10, 10))
        #expect(d.dealID == 7 && d.columnID == 3)
        #expect(d.checks.allSatisfy { $0.passed })
        #expect(d.checks.count == 8)
    }

    @Test func disabledColumnSkips() {
        let d = decide(facts(), config(enabled: false), at: br(2026, 3, 10, 10))
        #expect(d.action == .skip && d.reason == .followupDisabled && d.dueAt == nil)
        #expect(d.checks == [.followUpEnabled(false)])
    }

    @Test func pausedEngineWaits() {
        let d = decide(facts(), config(), paused: true, at: br(2026, 3, 10, 10))
        #expect(d.action == .wait && d.reason == .paused && d.dueAt == nil)
        #expect(d.checks.last == .engine(paused: true))
    }

    @Test func conversationWithoutOurMessageSkips() {
        for last in [nil, MessageAuthor.customer] {
            let d = decide(facts(anchor: nil, last: last), config(), at: br(2026, 3, 10, 10))
            #expect(d.action == .skip && d.reason == .noConversation)
        }
    }

    @Test func customerRepliedLastSkips() {
        let d = decide(facts(last: .customer), config(), at: br(2026, 3, 10, 10))
        #expect(d.action == .skip && d.reason == .customerRepliedLast)
    }

    @Test func closedTicketSkipsUnlessTheColumnSendsAfterClose() {
        let skipped = decide(facts(closed: true), config(), at: br(2026, 3, 10, 10))
        #expect(skipped.action == .skip && skipped.reason == .ticketClosed)
        let sent = decide(facts(closed: true), config(afterClose: true), at: br(2026, 3, 10, 10))
        #expect(sent.action == .send && sent.reason == .due)
        #expect(sent.checks.contains(.ticket(closed: true, sendAfterClose: true)))
    }

    @Test func maximumAttempts() {
        let at = br(2026, 3, 10, 10)
        #expect(decide(facts(sent: 4), config(max: 5), at: at).reason == .due)
        let stop = decide(facts(sent: 5), config(max: 5), at: at)
        #expect(stop.action == .skip && stop.reason == .maxAttempts)
        #expect(decide(facts(sent: 9), config(max: 5), at: at).reason == .maxAttempts)
        // 0 means no limit.
        #expect(decide(facts(sent: 500), config(max: 0), at: at).reason == .due)
    }

    @Test func notDueWaitsForTheDueTime() {
        let d = decide(facts(), config(), at: br(2026, 3, 10, 9, 59, 59))
        #expect(d.action == .wait && d.reason == .notDue)
        #expect(d.dueAt == br(2026, 3, 10, 10))
    }

    @Test func notDueReportsWhenItWillReallyBeSent() {
        // Due Saturday 10:00; with business hours it goes out Monday 08:00, without at the due time.
        let anchor = br(2026, 3, 6, 10)
        let withHours = decide(facts(anchor: anchor), config(), at: br(2026, 3, 6, 12))
        #expect(withHours.reason == .notDue && withHours.dueAt == br(2026, 3, 9, 8))
        let anyTime = decide(facts(anchor: anchor), config(businessHours: false), at: br(2026, 3, 6, 12))
        #expect(anyTime.reason == .notDue && anyTime.dueAt == br(2026, 3, 7, 10))
    }

    @Test func fridayAt1759IsSentAndAt1800Waits() {
        // 1-day interval from Thursday: due Friday at the same time.
        let sent = decide(facts(anchor: br(2026, 3, 5, 17, 59)), config(), at: br(2026, 3, 6, 17, 59))
        #expect(sent.action == .send && sent.reason == .due)
        let late = decide(facts(anchor: br(2026, 3, 5, 18, 0)), config(), at: br(2026, 3, 6, 18, 0))
        #expect(late.action == .wait && late.reason == .outsideBusinessHours)
        #expect(late.dueAt == br(2026, 3, 9, 8, 0))
        // A minute earlier it is simply not due yet, but already planned for Monday.
        let early = decide(facts(anchor: br(2026, 3, 5, 18, 0)), config(), at: br(2026, 3, 6, 17, 59))
        #expect(early.reason == .notDue && early.dueAt == br(2026, 3, 9, 8, 0))
    }

    @Test func weekendWaitsForMonday() {
        let d = decide(facts(anchor: br(2026, 3, 6, 11)), config(), at: br(2026, 3, 7, 11))
        #expect(d.action == .wait && d.reason == .outsideBusinessHours && d.dueAt == br(2026, 3, 9, 8))
        let early = decide(facts(anchor: br(2026, 3, 8, 6)), config(every: Interval(amount: 1, unit: .hours)),
                           at: br(2026, 3, 9, 7, 30))
        #expect(early.reason == .outsideBusinessHours && early.dueAt == br(2026, 3, 9, 8))
    }

    @Test func weekendSendsWhenBusinessHoursAreOff() {
        let d = decide(facts(anchor: br(2026, 3, 6, 11)), config(businessHours: false), at: br(2026, 3, 7, 11))
        #expect(d.action == .send && d.reason == .due)
        #expect(d.checks.last == .sendsAnyTime)
    }

    @Test func goodFridayIsAHoliday() {
        let d = decide(facts(anchor: br(2026, 4, 2, 9)), config(), at: br(2026, 4, 3, 9))
        #expect(d.action == .wait && d.reason == .holiday && d.dueAt == br(2026, 4, 6, 8))
        let ignored = Eligibility.decide(facts(anchor: br(2026, 4, 2, 9)), config: config(), paused: false,
                                         calendar: BusinessCalendar(honorHolidays: false), at: br(2026, 4, 3, 9))
        #expect(ignored.reason == .due)
    }

    @Test func tiradentesIsAHoliday() {
        let d = decide(facts(anchor: br(2026, 4, 20, 15)), config(), at: br(2026, 4, 21, 15))
        #expect(d.reason == .holiday && d.dueAt == br(2026, 4, 22, 8))
    }

    @Test func firstFailingRuleDecidesInTheDocumentedOrder() {
        // Every rule fails; fixing them one by one reveals the next in line.
        var c = config(max: 1, enabled: false)
        var f = facts(anchor: nil, last: .customer, closed: true, sent: 1)
        let at = br(2026, 3, 7, 10) // Saturday
        #expect(decide(f, c, paused: true, at: at).reason == .followupDisabled)
        c.enabled = true
        #expect(decide(f, c, paused: true, at: at).reason == .paused)
        #expect(decide(f, c, at: at).reason == .noConversation)
        f.lastOurMessageAt = br(2026, 3, 6, 10)
        #expect(decide(f, c, at: at).reason == .customerRepliedLast)
        f.lastMessageAuthor = .followup
        #expect(decide(f, c, at: at).reason == .ticketClosed)
        f.ticketClosed = false
        #expect(decide(f, c, at: at).reason == .maxAttempts)
        c.maxAttempts = 0
        #expect(decide(f, c, at: br(2026, 3, 6, 12)).reason == .notDue)
        #expect(decide(f, c, at: at).reason == .outsideBusinessHours)
        #expect(decide(f, c, at: br(2026, 3, 9, 8)).reason == .due)
    }

    @Test func repeatedFollowUpsStopAtTheMaximumAndRestartAfterAReply() {
        let deal = Deal(id: 1, columnID: 3, position: 0, title: "Orçamento", valueCents: nil, contactID: 1,
                        ticketClosed: false, createdAt: br(2026, 3, 2, 9))
        var messages = [Message(id: 1, dealID: 1, author: .agent, text: "Segue o orçamento", at: br(2026, 3, 2, 9))]
        let c = config(every: Interval(amount: 2, unit: .days), businessHours: false, max: 3)

        // Walk the clock hour by hour; every send becomes a follow-up message and the next anchor.
        func run(from start: Date, hours: Int) -> [Date] {
            var sends: [Date] = []
            for h in 0..<hours {
                let now = start.addingTimeInterval(Double(h) * 3600)
                let d = Eligibility.decide(DealFacts(deal: deal, messages: messages), config: c, paused: false,
                                           calendar: calendar, at: now)
                if d.action == .send {
                    sends.append(now)
                    messages.append(Message(id: Int64(messages.count + 1), dealID: 1, author: .followup,
                                            text: "Oi!", at: now))
                }
            }
            return sends
        }
        let first = run(from: br(2026, 3, 2, 9), hours: 24 * 14)
        #expect(first == [br(2026, 3, 4, 9), br(2026, 3, 6, 9), br(2026, 3, 8, 9)])
        let stopped = Eligibility.decide(DealFacts(deal: deal, messages: messages), config: c, paused: false,
                                         calendar: calendar, at: br(2026, 3, 20, 9))
        #expect(stopped.reason == .maxAttempts)

        messages.append(Message(id: 90, dealID: 1, author: .customer, text: "Oi, vou ver", at: br(2026, 3, 20, 10)))
        let replied = Eligibility.decide(DealFacts(deal: deal, messages: messages), config: c, paused: false,
                                         calendar: calendar, at: br(2026, 3, 25, 9))
        #expect(replied.reason == .customerRepliedLast)

        messages.append(Message(id: 91, dealID: 1, author: .agent, text: "Combinado", at: br(2026, 3, 20, 11)))
        let again = run(from: br(2026, 3, 20, 11), hours: 24 * 10)
        #expect(again == [br(2026, 3, 22, 11), br(2026, 3, 24, 11), br(2026, 3, 26, 11)])
    }

    @Test func throttlingTurnsASendIntoAWait() {
        let d = decide(facts(), config(), at: br(2026, 3, 10, 10))
        let slot = br(2026, 3, 10, 10, 1, 20)
        let held = d.throttled(until: slot)
        #expect(held.action == .wait && held.reason == .throttled && held.dueAt == slot)
        #expect(held.checks == d.checks + [.governor(nextSlot: slot)])
        let skip = decide(facts(last: .customer), config(), at: br(2026, 3, 10, 10))
        #expect(skip.throttled(until: slot) == skip)
    }

    @Test func explainsEveryCheckedRuleInBothLanguages() {
        let d = decide(facts(anchor: br(2026, 4, 2, 9), sent: 2), config(), at: br(2026, 4, 3, 9))
        let pt = d.explain(.pt)
        #expect(pt == [
            "✓ Follow-up ativado nesta coluna",
            "✓ Envios automáticos em execução",
            "✓ Última mensagem nossa em 02/04/2026 09:00",
            "✓ A última mensagem é nossa (atendente)",
            "✓ Chamado aberto",
            "✓ 2 de 5 follow-ups sem resposta enviados",
            "✓ Venceu em 03/04/2026 09:00 (02/04/2026 09:00 + 1d)",
            "✗ Feriado nacional (Sexta-feira Santa); próximo horário comercial: 06/04/2026 08:00",
        ])
        let en = d.explain(.en)
        #expect(en.count == pt.count)
        #expect(en.last == "✗ National holiday (Good Friday); business hours resume at 2026-04-06 08:00")
        #expect(d.summary(.pt) == "Aguardar até 06/04/2026 08:00 (holiday)")
        #expect(d.summary(.en) == "Wait until 2026-04-06 08:00 (holiday)")
    }

    @Test func everyCheckHasWordsInBothLanguages() {
        let t = br(2026, 3, 9, 10)
        let h = BrazilHolidays.pontosFacultativos(year: 2026)[2]
        let all: [Check] = [
            .followUpEnabled(true), .followUpEnabled(false), .engine(paused: true), .engine(paused: false),
            .ourMessage(lastAt: nil), .ourMessage(lastAt: t), .lastMessage(author: nil),
            .lastMessage(author: .customer), .lastMessage(author: .agent), .lastMessage(author: .followup),
            .ticket(closed: false, sendAfterClose: false), .ticket(closed: true, sendAfterClose: false),
            .ticket(closed: true, sendAfterClose: true), .attempts(sent: 1, max: 0), .attempts(sent: 1, max: 3),
            .attempts(sent: 3, max: 3), .dueTime(anchor: t, interval: Interval(amount: 2, unit: .hours),
                                                 dueAt: t.addingTimeInterval(7200), at: t),
            .dueTime(anchor: t, interval: Interval(amount: 2, unit: .hours), dueAt: t.addingTimeInterval(7200),
                     at: t.addingTimeInterval(7200)),
            .sendsAnyTime, .businessHours(closure: nil, opensAt: t), .businessHours(closure: .weekend, opensAt: t),
            .businessHours(closure: .beforeOpening, opensAt: t), .businessHours(closure: .afterClosing, opensAt: t),
            .businessHours(closure: .holiday(h), opensAt: t), .governor(nextSlot: t),
        ]
        let pt = all.map { $0.sentence(.pt) }, en = all.map { $0.sentence(.en) }
        #expect(Set(pt).count == all.count, "each check reads differently in pt")
        #expect(Set(en).count == all.count, "each check reads differently in en")
        for (p, e) in zip(pt, en) { #expect(p != e && !p.isEmpty && !e.isEmpty) }
        #expect(Check.businessHours(closure: .holiday(h), opensAt: t).sentence(.pt)
                == "Ponto facultativo (Quarta-feira de Cinzas (até 14h)); próximo horário comercial: 09/03/2026 10:00")
        #expect(Check.attempts(sent: 3, max: 3).sentence(.en) == "Limit of 3 follow-ups without a reply reached (3 sent)")
    }

    @Test func summariesForEachAction() {
        let send = decide(facts(), config(), at: br(2026, 3, 10, 10))
        #expect(send.summary(.pt) == "Enviar agora (due)")
        #expect(send.summary(.en) == "Send now (due)")
        let skip = decide(facts(last: .customer), config(), at: br(2026, 3, 10, 10))
        #expect(skip.summary(.pt) == "Não enviar (customer_replied_last)")
        let paused = decide(facts(), config(), paused: true, at: br(2026, 3, 10, 10))
        #expect(paused.summary(.en) == "Wait (paused)")
    }

    @Test func eligibleNowCountsDueDealsIncludingThoseHeldByTheWindow() {
        let deals = [
            facts(anchor: br(2026, 3, 5, 10)),                    // due
            facts(anchor: br(2026, 3, 5, 11)),                    // due
            facts(anchor: br(2026, 3, 6, 9)),                     // not due until Saturday
            facts(anchor: br(2026, 3, 5, 10), last: .customer),   // replied
            facts(anchor: nil, last: nil),                        // no conversation
            facts(anchor: br(2026, 3, 5, 10), closed: true),      // closed
            facts(anchor: br(2026, 3, 5, 10), sent: 5),           // maxed
        ]
        let off = config(enabled: false)
        // Friday 19:00: both due deals wait for Monday 08:00, when they would all go out at once.
        #expect(Eligibility.eligibleNowCount(deals, config: off, calendar: calendar, at: br(2026, 3, 6, 19)) == 2)
        #expect(Eligibility.eligibleNowCount(deals, config: off, calendar: calendar, at: br(2026, 3, 6, 12)) == 2)
        var lenient = config(afterClose: true, max: 0)
        lenient.enabled = false
        #expect(Eligibility.eligibleNowCount(deals, config: lenient, calendar: calendar, at: br(2026, 3, 6, 12)) == 4)
        #expect(Eligibility.eligibleNowCount([], config: off, calendar: calendar, at: br(2026, 3, 6, 12)) == 0)
    }
}

@Suite struct ColumnPauseTests {
    @Test func aPausedColumnWaitsWithPausedAndKeepsNoDueTime() {
        let at = BrazilTime.date(LocalDate(year: 2026, month: 11, day: 25), hour: 10, minute: 0, second: 0)
        var config = FollowUpConfig.off
        config.enabled = true
        config.businessHoursOnly = false
        config.paused = true
        let facts = DealFacts(dealID: 1, columnID: 1, ticketClosed: false, lastMessageAuthor: .agent,
                              lastOurMessageAt: at.addingTimeInterval(-3 * 86_400), followUpsSinceLastCustomerReply: 0)
        let d = Eligibility.decide(facts, config: config, paused: false, calendar: BusinessCalendar(), at: at)
        #expect(d.action == .wait && d.reason == .paused)
        #expect(d.explain(.pt).contains { $0.contains("Envios desta coluna pausados") })
        #expect(NextDue.instant(facts, config: config, calendar: BusinessCalendar()) == nil, "no wake-ups for a paused column")
        config.paused = false
        #expect(Eligibility.decide(facts, config: config, paused: false, calendar: BusinessCalendar(), at: at).reason == .due)
        #expect(NextDue.instant(facts, config: config, calendar: BusinessCalendar()) != nil)
    }
}
