import Foundation
import Testing
@testable import RetomaCore

@Suite struct BrazilHolidaysTests {
    @Test(arguments: [(2024, 3, 31), (2025, 4, 20), (2026, 4, 5), (2027, 3, 28), (2019, 4, 21), (2038, 4, 25)])
    func easterByComputus(year: Int, month: Int, dayOfMonth: Int) {
        #expect(BrazilHolidays.easter(year: year) == day(year, month, dayOfMonth))
    }

    // Vectors from integrations.md §4: Carnaval Mon/Tue, Good Friday, Corpus Christi.
    @Test(arguments: [
        (2025, day(2025, 3, 3), day(2025, 3, 4), day(2025, 4, 18), day(2025, 6, 19)),
        (2026, day(2026, 2, 16), day(2026, 2, 17), day(2026, 4, 3), day(2026, 6, 4)),
        (2027, day(2027, 2, 8), day(2027, 2, 9), day(2027, 3, 26), day(2027, 5, 27)),
    ])
    func movableDates(year: Int, carnavalMonday: LocalDate, carnavalTuesday: LocalDate,
                      goodFriday: LocalDate, corpusChristi: LocalDate) {
        let national = BrazilHolidays.national(year: year)
        #expect(national.contains { $0.date == goodFriday && $0.namePT == "Sexta-feira Santa" })
        let pontos = BrazilHolidays.pontosFacultativos(year: year)
        #expect(pontos.map(\.date) == [carnavalMonday, carnavalTuesday, carnavalTuesday.adding(days: 1), corpusChristi])
        #expect(pontos.allSatisfy { $0.kind == .pontoFacultativo })
        #expect(pontos[2].closedUntilHour == 14)
        #expect(pontos.filter { $0.closedUntilHour != nil }.count == 1)
        // Pontos facultativos are never national holidays.
        #expect(Set(national.map(\.date)).isDisjoint(with: pontos.map(\.date)))
    }

    @Test func fixedNationalHolidays2026() {
        let dates = BrazilHolidays.national(year: 2026).map(\.date)
        #expect(dates == [day(2026, 1, 1), day(2026, 4, 3), day(2026, 4, 21), day(2026, 5, 1), day(2026, 9, 7),
                          day(2026, 10, 12), day(2026, 11, 2), day(2026, 11, 15), day(2026, 11, 20),
                          day(2026, 12, 25)])
        #expect(BrazilHolidays.national(year: 2026).allSatisfy { $0.kind == .national && $0.closedUntilHour == nil })
    }

    @Test func blackConsciousnessDayOnlyFrom2024() {
        #expect(BrazilHolidays.holiday(on: day(2023, 11, 20), includingPontosFacultativos: true) == nil)
        #expect(BrazilHolidays.holiday(on: day(2024, 11, 20), includingPontosFacultativos: false)?.kind == .national)
        #expect(BrazilHolidays.national(year: 2023).count == 9)
        #expect(BrazilHolidays.national(year: 2024).count == 10)
    }

    @Test func lookupRespectsThePontoFacultativoOption() {
        #expect(BrazilHolidays.holiday(on: day(2026, 2, 16), includingPontosFacultativos: false) == nil)
        #expect(BrazilHolidays.holiday(on: day(2026, 2, 16), includingPontosFacultativos: true)?.namePT
                == "Carnaval (segunda-feira)")
        #expect(BrazilHolidays.holiday(on: day(2026, 4, 21), includingPontosFacultativos: false)?.name(.pt) == "Tiradentes")
        #expect(BrazilHolidays.holiday(on: day(2026, 4, 3), includingPontosFacultativos: false)?.name(.en) == "Good Friday")
        #expect(BrazilHolidays.holiday(on: day(2026, 4, 2), includingPontosFacultativos: true) == nil)
    }
}
