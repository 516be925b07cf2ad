import Foundation
import Testing
@testable import RetomaCore

@Suite struct IntervalParseTests {
    @Test(arguments: [
        ("30m", 30, IntervalUnit.minutes), ("2h", 2, .hours), ("3d", 3, .days), ("1mo", 1, .months),
        (" 2 H ", 2, .hours), ("24MO", 24, .months), ("999m", 999, .minutes), ("1d", 1, .days), ("007h", 7, .hours),
    ])
    func parsesValidIntervals(text: String, amount: Int, unit: IntervalUnit) throws {
        #expect(try IntervalParse.parse(text).get() == Interval(amount: amount, unit: unit))
    }

    @Test(arguments: [
        ("", IntervalProblem.empty),
        ("   ", .empty),
        ("30", .missingUnit("30")),
        ("30x", .unknownUnit("x")),
        ("30min", .unknownUnit("min")),
        ("2 horas", .unknownUnit("horas")),
        ("1.5h", .notAWholeNumber("1.5")),
        ("-3d", .notAWholeNumber("-3")),
        ("+3d", .notAWholeNumber("+3")),
        ("abc", .notAWholeNumber("abc")),
        ("h", .notAWholeNumber("h")),
        ("0m", .outOfRange(amount: "0", unit: .minutes)),
        ("1000h", .outOfRange(amount: "1000", unit: .hours)),
        ("25mo", .outOfRange(amount: "25", unit: .months)),
        ("99999999999999999999d", .outOfRange(amount: "99999999999999999999", unit: .days)),
    ])
    func refusesWithAReason(text: String, problem: IntervalProblem) {
        #expect(throws: problem) { try IntervalParse.parse(text).get() }
    }

    @Test func shortFormRoundTrips() throws {
        for unit in IntervalUnit.allCases {
            for amount in [1, 2, 12, 24] + (unit == .months ? [] : [59, 999]) {
                let i = Interval(amount: amount, unit: unit)
                #expect(try IntervalParse.parse(i.short).get() == i)
                #expect(IntervalParse.validate(i) == nil)
            }
        }
    }

    @Test func dialogAmountField() throws {
        #expect(try IntervalParse.amount("12", unit: .days).get() == 12)
        #expect(try IntervalParse.amount(" 24 ", unit: .months).get() == 24)
        #expect(throws: IntervalProblem.outOfRange(amount: "25", unit: .months)) {
            try IntervalParse.amount("25", unit: .months).get()
        }
        #expect(try IntervalParse.amount("25", unit: .hours).get() == 25)
        #expect(throws: IntervalProblem.empty) { try IntervalParse.amount("", unit: .hours).get() }
        #expect(throws: IntervalProblem.notAWholeNumber("1 2")) { try IntervalParse.amount("1 2", unit: .hours).get() }
        #expect(throws: IntervalProblem.notAWholeNumber("٣")) { try IntervalParse.amount("٣", unit: .hours).get() }
    }

    @Test func validatesStoredValues() {
        #expect(IntervalParse.validate(Interval(amount: 0, unit: .days)) == .outOfRange(amount: "0", unit: .days))
        #expect(IntervalParse.validate(Interval(amount: 25, unit: .months)) == .outOfRange(amount: "25", unit: .months))
        #expect(IntervalParse.validate(Interval(amount: 1000, unit: .minutes)) != nil)
    }

    @Test func messagesInBothLanguages() {
        #expect(IntervalProblem.outOfRange(amount: "25", unit: .months).message(.pt)
                == "Em meses, o intervalo deve ser de 1 a 24 (recebido 25).")
        #expect(IntervalProblem.outOfRange(amount: "0", unit: .hours).message(.en)
                == "The interval must be a whole number from 1 to 999 (got 0).")
        #expect(IntervalProblem.notAWholeNumber("1.5").message(.pt)
                == "\"1.5\" não é um número inteiro: o intervalo deve ser um número inteiro de 1 a 999.")
        #expect(IntervalProblem.missingUnit("30").message(.en)
                == "\"30\" has no unit: use m (minutes), h (hours), d (days) or mo (months).")
        #expect(IntervalProblem.unknownUnit("x").message(.pt)
                == "Unidade desconhecida \"x\": use m (minutos), h (horas), d (dias) ou mo (meses).")
        #expect(IntervalProblem.empty.message(.en) == "Give an interval, for example 30m, 2h, 3d or 1mo.")
    }
}
