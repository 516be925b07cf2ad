import Foundation
import Testing
@testable import RetomaCore

/// The one decision context: the forecast the dialog, `followup show/set` and `deal move` warn with, the
/// column's daily limit, and the Prévia's deal. Every instant here is a fixed Brasília wall clock.
@Suite struct PolicyContextTests {
    static let standardNumber = SendingNumber(sender: "+5511900000000", governor: .standard, window: .unrestricted)

    func context(at instant: Date, governor: SendGovernor = .standard, history: [Date] = [],
                 sentToday: [Int64: Int] = [:]) -> PolicyContext {
        PolicyContext(at: instant, number: SendingNumber(sender: "n", governor: governor, window: .unrestricted),
                      calendar: BusinessCalendar(), paused: false, sendHistory: history, columnSendsToday: sentToday)
    }

    func config(every interval: Interval = Interval(amount: 1, unit: .days), businessHours: Bool = true,
                maxPerDay: Int = 0, enabled: Bool = false) -> FollowUpConfig {
        FollowUpConfig(enabled: enabled, interval: interval, businessHoursOnly: businessHours, sendAfterClose: false,
                       instructions: "", extraInfo: "", maxAttempts: 5, onMax: .none, maxPerDay: maxPerDay)
    }

    /// `count` deals of column 3 whose latest message (ours) was at `anchor`.
    func deals(_ count: Int, anchor: Date, from first: Int64 = 1) -> [DealFacts] {
        (0..<Int64(count)).map {
            DealFacts(dealID: first + $0, columnID: 3, ticketClosed: false, lastMessageAuthor: .agent,
                      lastOurMessageAt: anchor, followUpsSinceLastCustomerReply: 0)
        }
    }

    // MARK: - The forecast

    /// The case: at 05:40 with business hours on nothing is due this instant, yet every deal written
    /// to yesterday morning goes out at 08:00.
    @Test func atTwentyToSixOnAWeekdayTheMorningsDealsCount() {
        let now = br(2026, 3, 10, 5, 40)   // a Tuesday
        let column = deals(30, anchor: br(2026, 3, 9, 6, 0)) + deals(4, anchor: br(2026, 3, 12, 9), from: 100)
        let c = config()
        // What the dialog counted before: nothing "eligible now".
        #expect(Eligibility.eligibleNowCount(column, config: c, calendar: BusinessCalendar(), at: now) == 0)
        let f = context(at: now).forecast(column, config: c, column: 3)
        #expect(f.eligibleNow == 0 && f.dueNext24h == 30 && f.totalDeals == 34)
        // Anchored on Thursday: due Friday 09:00, within 7 days of 08:00 today but not within 24 hours.
        #expect(f.dueNext7d == 34)
        #expect(f.sendingStarts == br(2026, 3, 10, 8) && f.volume == 30 && f.level == .confirm)
        #expect(f.counts(.pt) == "0 agora · 30 nas próximas 24 h · 34 em 7 dias · envios a partir de 10/03/2026 08:00")
        #expect(f.counts(.en) == "0 now · 30 in the next 24 h · 34 in 7 days · sending from 2026-03-10 08:00")
        // The governor's line times the 30 from 08:00 with the real caps: 40/hour, 30 s + 30 s mean.
        #expect(f.summary(.pt) == "30 mensagens · limite 40/hora · ~29 min para concluir")
        #expect(f.secondsToFinish == 29 * 60)
    }

    /// Friday 19:00: closed until Monday 08:00, when what fell due over the weekend goes out with what was due.
    @Test func onAFridayEveningTheWeekendWaitsForMonday() {
        let now = br(2026, 3, 13, 19)   // a Friday
        let dueAlready = deals(5, anchor: br(2026, 3, 12, 9))                 // due Friday 09:00
        let dueSaturday = deals(20, anchor: br(2026, 3, 13, 10), from: 10)     // due Saturday 10:00 → Monday 08:00
        let dueWednesday = deals(7, anchor: br(2026, 3, 17, 11), from: 40)     // due Wednesday 11:00
        let f = context(at: now).forecast(dueAlready + dueSaturday + dueWednesday, config: config(), column: 3)
        #expect(f.sendingStarts == br(2026, 3, 16, 8))
        #expect(f.eligibleNow == 5 && f.dueNext24h == 20 && f.dueNext7d == 27)
        #expect(f.volume == 25 && f.level == .confirm)
        // Without business hours the Saturday deals are simply due tomorrow morning, 15 hours from now.
        let anyTime = context(at: now).forecast(dueAlready + dueSaturday, config: config(businessHours: false), column: 3)
        #expect(anyTime.sendingStarts == now && anyTime.eligibleNow == 5 && anyTime.dueNext24h == 20)
        #expect(!anyTime.counts(.pt).contains("a partir de"))
    }

    @Test func thresholdsApplyToNowAndTheNext24Hours() {
        let now = br(2026, 3, 10, 10)
        let c = config(businessHours: false)
        let nineteen = context(at: now).forecast(deals(10, anchor: br(2026, 3, 9, 9)) + deals(9, anchor: br(2026, 3, 9, 20), from: 50),
                                                 config: c, column: 3)
        #expect(nineteen.eligibleNow == 10 && nineteen.dueNext24h == 9 && nineteen.level == .none)
        #expect(nineteen.suggestion(.pt) == nil)
        let hundred = context(at: now).forecast(deals(60, anchor: br(2026, 3, 9, 9)) + deals(40, anchor: br(2026, 3, 10, 9), from: 100),
                                                config: c, column: 3)
        #expect(hundred.volume == 100 && hundred.level == .typeCount)
        // Due after tomorrow 10:00: counted for the week, not for the gate.
        let later = context(at: now).forecast(deals(50, anchor: br(2026, 3, 10, 11)), config: c, column: 3)
        #expect(later.dueNext24h == 0 && later.dueNext7d == 50 && later.level == .none)
    }

    @Test func theDailyLimitBoundsTheVolumeAndTheWarningSuggestsIt() {
        let now = br(2026, 3, 10, 5, 40)
        let column = deals(30, anchor: br(2026, 3, 9, 6, 0))
        let unlimited = context(at: now).forecast(column, config: config(), column: 3)
        #expect(unlimited.suggestion(.pt)?.contains("--max-per-day 10") == true)
        #expect(unlimited.suggestion(.en)?.contains("at most 10 follow-ups a day in this column") == true)
        // Today's 5 and tomorrow's 5 at most.
        let limited = context(at: now).forecast(column, config: config(maxPerDay: 5), column: 3)
        #expect(limited.volume == 10 && limited.level == .none && limited.suggestion(.pt) == nil)
        #expect(limited.counts(.pt).hasSuffix("no máximo 5 por dia nesta coluna"))
        // Three of today's already went out from this column.
        let afterThree = context(at: br(2026, 3, 10, 9), sentToday: [3: 3]).forecast(column, config: config(maxPerDay: 15),
                                                                                     column: 3)
        #expect(afterThree.volume == 27)
        // A limit high enough changes nothing.
        #expect(context(at: now).forecast(column, config: config(maxPerDay: 100), column: 3).volume == 30)
    }

    @Test func theGovernorsRealCapsAndTodaysHistoryTimeTheBatch() {
        let now = br(2026, 3, 9, 18)
        let column = deals(20, anchor: br(2026, 3, 8, 9))
        let c = config(businessHours: false)
        let sandbox = SendGovernor(minGap: 5, jitter: 0...5, hourlyCap: 120, dailyCap: 1000)
        #expect(context(at: now, governor: sandbox).forecast(column, config: c, column: 3).summary(.en)
                == "20 messages · limit 120/hour · ~3 min to finish")
        // 190 sent today through the number: 20 more no longer fit in today's 200.
        let earlier = (0..<190).map { br(2026, 3, 9, 0).addingTimeInterval(Double($0) * 100) }
        let f = context(at: now, history: earlier).forecast(column, config: c, column: 3)
        #expect(f.summary(.en).hasPrefix("20 messages · limit 40/hour and 200/day · ~"))
        #expect(f.secondsToFinish > 6 * 3600)
    }

    // MARK: - Moves

    @Test func aMoveWarnsOnlyWhenItAddsToAVolumeOverTheThreshold() {
        let now = br(2026, 3, 10, 10)
        let c = config(businessHours: false, enabled: true)
        let column = deals(19, anchor: br(2026, 3, 9, 9))
        var due = deals(1, anchor: br(2026, 3, 9, 9), from: 900)[0]
        due.columnID = 8
        var quiet = due
        quiet.lastMessageAuthor = .customer
        let ctx = context(at: now)
        let warning = ctx.moveWarning(existing: column, moving: [due], into: 3, config: c)
        #expect(warning?.volume == 20 && warning?.level == .confirm)
        #expect(ctx.moveWarning(existing: column, moving: [quiet], into: 3, config: c) == nil)
        #expect(ctx.moveWarning(existing: column, moving: [due], into: 3, config: config(businessHours: false)) == nil)
        var paused = c
        paused.paused = true
        #expect(ctx.moveWarning(existing: column, moving: [due], into: 3, config: paused) == nil)
        // A bulk move of several at once counts them all.
        #expect(ctx.moveWarning(existing: [], moving: deals(25, anchor: br(2026, 3, 9, 9), from: 500), into: 3, config: c)?.volume == 25)
    }

    // MARK: - The column's daily limit in the rules

    @Test func overTheDailyLimitADueDealWaitsForTheNextBusinessMorning() {
        let at = br(2026, 3, 13, 11)   // a Friday
        let f = deals(1, anchor: br(2026, 3, 12, 9))[0]
        let limited = config(maxPerDay: 3, enabled: true)
        let open = Eligibility.decide(f, config: limited, paused: false, calendar: BusinessCalendar(), at: at,
                                      sentTodayInColumn: 2)
        #expect(open.action == .send && open.reason == .due)
        #expect(open.checks.last == .columnDailyLimit(sent: 2, max: 3, resumesAt: nil))
        #expect(open.explain(.pt).last == "✓ 2 de no máximo 3 follow-ups hoje nesta coluna")
        let full = Eligibility.decide(f, config: limited, paused: false, calendar: BusinessCalendar(), at: at,
                                      sentTodayInColumn: 3)
        #expect(full.action == .wait && full.reason == .columnDailyLimit && full.dueAt == br(2026, 3, 16, 8))
        #expect(full.explain(.pt).last
                == "✗ Limite diário da coluna atingido (3 de 3 hoje); próximo envio possível: 16/03/2026 08:00")
        #expect(full.explain(.en).last
                == "✗ The column's daily limit is reached (3 of 3 today); next possible send: 2026-03-16 08:00")
        #expect(full.summary(.en) == "Wait until 2026-03-16 08:00 (column_daily_limit)")
        // Without business hours it resumes at midnight, Brasília time.
        var anyTime = limited
        anyTime.businessHoursOnly = false
        let midnight = Eligibility.decide(f, config: anyTime, paused: false, calendar: BusinessCalendar(), at: at,
                                          sentTodayInColumn: 5)
        #expect(midnight.dueAt == br(2026, 3, 14, 0))
        // No limit: no check listed.
        let free = Eligibility.decide(f, config: config(enabled: true), paused: false, calendar: BusinessCalendar(), at: at,
                                      sentTodayInColumn: 500)
        #expect(free.action == .send && !free.checks.contains { if case .columnDailyLimit = $0 { true } else { false } })
    }

    @Test func theContextDecidesWithItsColumnCountsAndItsWindow() throws {
        let at = br(2026, 3, 13, 11)
        let f = deals(1, anchor: br(2026, 3, 12, 9))[0]
        var ctx = context(at: at, sentToday: [3: 2, 4: 9])
        let limited = config(maxPerDay: 2, enabled: true)
        #expect(ctx.decide(f, config: limited, hold: nil) { nil }.reason == .columnDailyLimit)
        #expect(ctx.remainingToday(column: 3, config: limited) == 0 && ctx.remainingToday(column: 4, config: config()) == nil)
        // The Cloud API's window is asked about only for a deal that could go.
        ctx.number.window = .customerService(templateConfigured: false)
        var asked = 0
        let skipped = ctx.decide(f, config: config(enabled: true), hold: nil) { asked += 1; return nil }
        #expect(skipped.reason == .outside24hWindow && asked == 1)
        _ = ctx.decide(f, config: limited, hold: nil) { asked += 1; return nil }
        #expect(asked == 1)
        #expect(ctx.at(br(2026, 3, 14, 9)).at == br(2026, 3, 14, 9))
        #expect(PolicyContext.historyStart(at: br(2026, 3, 13, 0, 30)) == br(2026, 3, 12, 23, 30))
        #expect(PolicyContext.historyStart(at: br(2026, 3, 13, 11)) == br(2026, 3, 13, 0))
    }

    // MARK: - The Prévia's deal

    @Test func thePreviewTakesTheFirstToBeSent() {
        let now = br(2026, 3, 10, 5, 40)
        var replied = deals(1, anchor: br(2026, 3, 8, 9), from: 1)[0]
        replied.lastMessageAuthor = .customer
        let later = deals(1, anchor: br(2026, 3, 11, 9), from: 2)[0]
        let sooner = deals(1, anchor: br(2026, 3, 9, 7), from: 3)[0]
        let ctx = context(at: now)
        // Nothing is due at 05:40: the one due at 08:00 today rather than the one due tomorrow.
        #expect(ctx.firstToSend([replied, later, sooner], config: config())?.dealID == 3)
        let due = deals(1, anchor: br(2026, 3, 8, 9), from: 4)[0]
        #expect(ctx.firstToSend([replied, later, due, sooner], config: config())?.dealID == 4)
        #expect(ctx.firstToSend([replied], config: config()) == nil)
    }
}
