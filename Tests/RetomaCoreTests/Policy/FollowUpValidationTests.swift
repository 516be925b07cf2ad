import Foundation
import Testing
@testable import RetomaCore

@Suite struct FollowUpValidationTests {
    @Test func defaultsAreValid() {
        #expect(FollowUpValidation.validate(.off).isEmpty)
    }

    @Test func instructionsUpTo2000Characters() {
        var c = FollowUpConfig.off
        c.instructions = String(repeating: "é", count: 2000)
        #expect(FollowUpValidation.validate(c).isEmpty)
        c.instructions += "👍🏽"  // one character, however many bytes
        #expect(FollowUpValidation.validate(c) == [FieldError(field: .instructions, problem: .tooLong(max: 2000, actual: 2001))])
    }

    @Test func extraInfoUpTo1000Characters() {
        var c = FollowUpConfig.off
        c.extraInfo = String(repeating: "ç", count: 1000)
        #expect(FollowUpValidation.validate(c).isEmpty)
        c.extraInfo += "a\n"
        #expect(FollowUpValidation.validate(c) == [FieldError(field: .extraInfo, problem: .tooLong(max: 1000, actual: 1002))])
    }

    @Test func maxAttemptsMayBeZeroButNotNegative() {
        var c = FollowUpConfig.off
        c.maxAttempts = 0
        #expect(FollowUpValidation.validate(c).isEmpty)
        c.maxAttempts = -1
        #expect(FollowUpValidation.validate(c) == [FieldError(field: .maxAttempts, problem: .mustNotBeNegative)])
    }

    @Test func maxPerDayFromZeroToTenThousand() {
        var c = FollowUpConfig.off
        #expect(c.maxPerDay == 0, "no limit until someone sets one")
        c.maxPerDay = 10_000
        #expect(FollowUpValidation.validate(c).isEmpty)
        c.maxPerDay = 10_001
        #expect(FollowUpValidation.validate(c) == [FieldError(field: .maxPerDay, problem: .atMost(10_000))])
        #expect(FollowUpValidation.validate(c)[0].message(.pt) == "Máximo de follow-ups por dia nesta coluna: no máximo 10.000.")
        c.maxPerDay = -1
        #expect(FollowUpValidation.validate(c) == [FieldError(field: .maxPerDay, problem: .mustNotBeNegative)])
    }

    /// The one parser for counts typed in the dialog and given to `followup set`.
    @Test func countsAsTyped() {
        func count(_ text: String, empty: Bool = true) -> Result<Int, FieldError> {
            FollowUpValidation.count(text, field: .maxPerDay, limit: 10_000, emptyMeansZero: empty)
        }
        #expect(count(" 12 ") == .success(12))
        #expect(count("") == .success(0))
        #expect(count("0") == .success(0))
        let notACount = FieldError(field: .maxPerDay, problem: .notACount)
        #expect(count("", empty: false) == .failure(notACount))
        for bad in ["-1", "2,5", "dez", "1e3", "１２"] { #expect(count(bad) == .failure(notACount), "\(bad)") }
        // Far past Int.max: a clear refusal, not a trap.
        #expect(count("99999999999999999999999") == .failure(FieldError(field: .maxPerDay, problem: .atMost(10_000))))
        #expect(notACount.message(.en) == "Maximum follow-ups a day in this column: use a whole number (0 = no limit).")
    }

    @Test func onMaxCannotMoveToTheSameColumn() {
        var c = FollowUpConfig.off
        c.onMax = .moveTo(columnID: 4)
        #expect(FollowUpValidation.validate(c, ownColumnID: 3).isEmpty)
        #expect(FollowUpValidation.validate(c).isEmpty)
        #expect(FollowUpValidation.validate(c, ownColumnID: 4) == [FieldError(field: .onMax, problem: .movesToOwnColumn)])
    }

    @Test func reportsEveryProblemInFieldOrder() {
        let c = FollowUpConfig(enabled: true, interval: Interval(amount: 30, unit: .months), businessHoursOnly: true,
                               sendAfterClose: false, instructions: String(repeating: "x", count: 2001),
                               extraInfo: String(repeating: "y", count: 1001), maxAttempts: -2,
                               onMax: .moveTo(columnID: 1))
        let errors = FollowUpValidation.validate(c, ownColumnID: 1)
        #expect(errors.map(\.field) == [.interval, .instructions, .extraInfo, .maxAttempts, .onMax])
        #expect(errors[0].problem == .interval(.outOfRange(amount: "30", unit: .months)))
    }

    @Test func messagesInBothLanguages() {
        let long = FieldError(field: .instructions, problem: .tooLong(max: 2000, actual: 2153))
        #expect(long.message(.pt) == "Instruções para a IA: no máximo 2.000 caracteres (agora 2.153).")
        #expect(long.message(.en) == "Instructions for the AI: at most 2,000 characters (now 2,153).")
        let extra = FieldError(field: .extraInfo, problem: .tooLong(max: 1000, actual: 1001))
        #expect(extra.message(.pt) == "Informações extras: no máximo 1.000 caracteres (agora 1.001).")
        #expect(FieldError(field: .maxAttempts, problem: .mustNotBeNegative).message(.pt)
                == "Máximo de follow-ups sem resposta: não pode ser negativo.")
        #expect(FieldError(field: .onMax, problem: .movesToOwnColumn).message(.en)
                == "When the maximum is reached: choose another column, the deal is already in this one.")
        let interval = FieldError(field: .interval, problem: .interval(.outOfRange(amount: "0", unit: .days)))
        #expect(interval.message(.pt) == IntervalProblem.outOfRange(amount: "0", unit: .days).message(.pt))
        for field in FieldError.Field.allCases {
            let e = FieldError(field: field, problem: .atLeast(1))
            #expect(e.label(.pt) != e.label(.en))
        }
        #expect(FieldError.grouped(1_234_567, .pt) == "1.234.567" && FieldError.grouped(-1000, .en) == "-1,000")
    }
}
