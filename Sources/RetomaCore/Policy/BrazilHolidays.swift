import Foundation

/// A day on which Brazilian business hours do not apply (or apply only from a given hour).
public struct Holiday: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Feriado nacional: a legal holiday.
        case national
        /// Ponto facultativo: federal offices may close; businesses usually decide for themselves.
        case pontoFacultativo
    }

    public var date: LocalDate
    public var kind: Kind
    public var namePT: String
    public var nameEN: String
    /// The closure ends at this local hour (Ash Wednesday: 14); nil means the whole day.
    public var closedUntilHour: Int?

    public init(date: LocalDate, kind: Kind, namePT: String, nameEN: String, closedUntilHour: Int? = nil) {
        self.date = date; self.kind = kind; self.namePT = namePT; self.nameEN = nameEN
        self.closedUntilHour = closedUntilHour
    }

    public func name(_ lang: Lang) -> String { lang == .pt ? namePT : nameEN }
}

/// Brazilian national holidays and federal pontos facultativos (see shared/specs/integrations.md §4).
public enum BrazilHolidays {
    /// Easter Sunday (Gregorian computus, anonymous algorithm).
    public static func easter(year: Int) -> LocalDate {
        let a = year % 19
        let b = year / 100, c = year % 100
        let d = b / 4, e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return LocalDate(year: year, month: month, day: day)
    }

    /// Feriados nacionais: the fixed ones (Lei 662/1949, Lei 6.802/1980, Lei 14.759/2023 from 2024)
    /// and Good Friday, in date order.
    public static func national(year: Int) -> [Holiday] {
        func fixed(_ month: Int, _ day: Int, _ pt: String, _ en: String) -> Holiday {
            Holiday(date: LocalDate(year: year, month: month, day: day), kind: .national, namePT: pt, nameEN: en)
        }
        var days = [
            fixed(1, 1, "Confraternização Universal", "New Year's Day"),
            fixed(4, 21, "Tiradentes", "Tiradentes Day"),
            fixed(5, 1, "Dia do Trabalho", "Labour Day"),
            fixed(9, 7, "Independência do Brasil", "Independence Day"),
            fixed(10, 12, "Nossa Senhora Aparecida", "Our Lady of Aparecida"),
            fixed(11, 2, "Finados", "All Souls' Day"),
            fixed(11, 15, "Proclamação da República", "Republic Day"),
            fixed(12, 25, "Natal", "Christmas Day"),
        ]
        if year >= 2024 {
            days.append(fixed(11, 20, "Dia Nacional de Zumbi e da Consciência Negra", "Black Consciousness Day"))
        }
        days.append(Holiday(date: easter(year: year).adding(days: -2), kind: .national,
                            namePT: "Sexta-feira Santa", nameEN: "Good Friday"))
        return days.sorted { $0.date < $1.date }
    }

    /// Pontos facultativos tied to Easter (Portaria MGI 9.783/2024): Carnaval Monday and Tuesday,
    /// Ash Wednesday until 14h, Corpus Christi.
    public static func pontosFacultativos(year: Int) -> [Holiday] {
        let e = easter(year: year)
        func make(_ offset: Int, _ pt: String, _ en: String, until: Int? = nil) -> Holiday {
            Holiday(date: e.adding(days: offset), kind: .pontoFacultativo, namePT: pt, nameEN: en,
                    closedUntilHour: until)
        }
        return [
            make(-48, "Carnaval (segunda-feira)", "Carnival Monday"),
            make(-47, "Carnaval (terça-feira)", "Carnival Tuesday"),
            make(-46, "Quarta-feira de Cinzas (até 14h)", "Ash Wednesday (until 2 pm)", until: 14),
            make(60, "Corpus Christi", "Corpus Christi"),
        ]
    }

    /// The holiday on `day`, if any; pontos facultativos only when asked for.
    public static func holiday(on day: LocalDate, includingPontosFacultativos: Bool) -> Holiday? {
        if let h = national(year: day.year).first(where: { $0.date == day }) { return h }
        guard includingPontosFacultativos else { return nil }
        return pontosFacultativos(year: day.year).first(where: { $0.date == day })
    }
}
