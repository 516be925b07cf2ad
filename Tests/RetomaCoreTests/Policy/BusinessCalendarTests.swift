import Foundation
import Testing
@testable import RetomaCore

@Suite struct BusinessCalendarTests {
    let cal = BusinessCalendar()

    @Test func fridayBoundaryAt18h() {
        // 2026-03-06 is an ordinary Friday.
        #expect(cal.isOpen(at: br(2026, 3, 6, 17, 59, 59)))
        #expect(cal.closure(at: br(2026, 3, 6, 18, 0)) == .afterClosing)
        #expect(cal.nextOpening(atOrAfter: br(2026, 3, 6, 18, 0)) == br(2026, 3, 9, 8, 0))
        #expect(cal.nextOpening(atOrAfter: br(2026, 3, 6, 17, 59)) == br(2026, 3, 6, 17, 59))
    }

    @Test func openingAt8hIsInclusive() {
        #expect(cal.closure(at: br(2026, 3, 9, 7, 59, 59)) == .beforeOpening)
        #expect(cal.isOpen(at: br(2026, 3, 9, 8, 0)))
        #expect(cal.nextOpening(atOrAfter: br(2026, 3, 9, 3, 0)) == br(2026, 3, 9, 8, 0))
    }

    @Test func weekendIsClosedAndOpensMonday() {
        for t in [br(2026, 3, 7, 0, 0), br(2026, 3, 7, 10), br(2026, 3, 8, 12), br(2026, 3, 8, 23, 59)] {
            #expect(cal.closure(at: t) == .weekend)
            #expect(cal.nextOpening(atOrAfter: t) == br(2026, 3, 9, 8, 0))
        }
    }

    @Test func goodFridayClosesTheLongWeekend() {
        let t = br(2026, 4, 3, 10)
        guard case .holiday(let h)? = cal.closure(at: t) else { Issue.record("expected a holiday"); return }
        #expect(h.namePT == "Sexta-feira Santa")
        // Thursday evening rolls over Good Friday and the weekend to Monday.
        #expect(cal.nextOpening(atOrAfter: br(2026, 4, 2, 18, 30)) == br(2026, 4, 6, 8))
        #expect(cal.nextOpening(atOrAfter: t) == br(2026, 4, 6, 8))
    }

    @Test func tiradentesOnATuesday() {
        #expect(!cal.isOpen(at: br(2026, 4, 21, 9)))
        #expect(cal.nextOpening(atOrAfter: br(2026, 4, 20, 19)) == br(2026, 4, 22, 8))
    }

    @Test func holidaysCanBeIgnored() {
        let open = BusinessCalendar(honorHolidays: false)
        #expect(open.isOpen(at: br(2026, 4, 3, 10)))
        #expect(open.nextOpening(atOrAfter: br(2026, 4, 2, 18, 30)) == br(2026, 4, 3, 8))
    }

    @Test func pontosFacultativosOnlyWhenAsked() {
        #expect(cal.isOpen(at: br(2026, 2, 16, 10)))   // Carnaval Monday
        #expect(cal.isOpen(at: br(2026, 6, 4, 10)))    // Corpus Christi
        let strict = BusinessCalendar(skipPontosFacultativos: true)
        #expect(!strict.isOpen(at: br(2026, 2, 16, 10)))
        #expect(!strict.isOpen(at: br(2026, 6, 4, 10)))
        // Friday before Carnaval, after hours: Mon and Tue are skipped, Ash Wednesday opens at 14h.
        #expect(strict.nextOpening(atOrAfter: br(2026, 2, 13, 18)) == br(2026, 2, 18, 14))
    }

    @Test func ashWednesdayClosesOnlyUntil14h() {
        let strict = BusinessCalendar(skipPontosFacultativos: true)
        guard case .holiday(let h)? = strict.closure(at: br(2026, 2, 18, 13, 59)) else {
            Issue.record("expected the ponto facultativo"); return
        }
        #expect(h.closedUntilHour == 14)
        #expect(strict.isOpen(at: br(2026, 2, 18, 14, 0)))
        #expect(strict.closure(at: br(2026, 2, 18, 18, 0)) == .afterClosing)
        #expect(strict.nextOpening(atOrAfter: br(2026, 2, 18, 9)) == br(2026, 2, 18, 14))
    }

    @Test func holidayOnAWeekendReportsTheWeekend() {
        // 7 Sep 2025 was a Sunday.
        #expect(cal.closure(at: br(2025, 9, 7, 10)) == .weekend)
    }

    @Test func holidayEveningIsStillTheHoliday() {
        guard case .holiday? = cal.closure(at: br(2026, 4, 21, 20)) else { Issue.record("expected holiday"); return }
        guard case .holiday? = cal.closure(at: br(2026, 4, 21, 6)) else { Issue.record("expected holiday"); return }
    }

    @Test func yearEndChainsChristmasWeekendAndNewYear() {
        // 2026-12-31 is a Thursday; 1 Jan 2027 (Fri) is a holiday, then the weekend.
        #expect(cal.nextOpening(atOrAfter: br(2026, 12, 31, 18)) == br(2027, 1, 4, 8))
    }

    @Test func nextOpeningIsAlwaysOpenAndNeverEarlier() {
        let strict = BusinessCalendar(skipPontosFacultativos: true)
        var t = br(2026, 1, 1, 0)
        while t < br(2026, 12, 31) {
            for c in [cal, strict] {
                let o = c.nextOpening(atOrAfter: t)
                #expect(o >= t)
                #expect(c.isOpen(at: o), "\(BrazilTime.display(o, .en))")
                #expect(c.isOpen(at: t) == (o == t))
            }
            t = t.addingTimeInterval(3 * 3600 + 17 * 60)
        }
    }
}
