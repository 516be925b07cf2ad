import Foundation
import Testing
@testable import RetomaCore

@Suite struct BulkSendWarningTests {
    @Test func thresholds() {
        #expect(BulkSendWarning.confirmThreshold == 20 && BulkSendWarning.typeCountThreshold == 100)
        #expect(BulkSendWarning.level(eligible: 0) == .none)
        #expect(BulkSendWarning.level(eligible: 19) == .none)
        #expect(BulkSendWarning.level(eligible: 20) == .confirm)
        #expect(BulkSendWarning.level(eligible: 99) == .confirm)
        #expect(BulkSendWarning.level(eligible: 100) == .typeCount)
        #expect(BulkSendWarning.level(eligible: 5000) == .typeCount)
    }

    @Test func summaryInBothLanguages() {
        let now = br(2026, 3, 9, 10)
        #expect(BulkSendWarning.summary(count: 87, governor: .standard, from: now, history: [], lang: .pt)
                == "87 mensagens · limite 40/hora · ~2h10 para concluir")
        #expect(BulkSendWarning.summary(count: 87, governor: .standard, from: now, history: [], lang: .en)
                == "87 messages · limit 40/hour · ~2h10 to finish")
        #expect(BulkSendWarning.summary(count: 1, governor: .standard, from: now, history: [], lang: .pt)
                == "1 mensagem · limite 40/hora · menos de 1 min para concluir")
        #expect(BulkSendWarning.summary(count: 1, governor: .standard, from: now, history: [], lang: .en)
                == "1 message · limit 40/hour · under 1 min to finish")
    }

    @Test func summaryNamesTheDailyCapWhenItHoldsTheBatch() {
        let start = br(2026, 3, 9, 8)
        #expect(BulkSendWarning.summary(count: 250, governor: .standard, from: start, history: [], lang: .pt)
                == "250 mensagens · limite 40/hora e 200/dia · ~17h10 para concluir")
        // 190 already sent today: 20 more no longer fit.
        let earlier = (0..<190).map { br(2026, 3, 9, 0).addingTimeInterval(Double($0) * 100) }
        let text = BulkSendWarning.summary(count: 20, governor: .standard, from: br(2026, 3, 9, 18), history: earlier,
                                           lang: .en)
        #expect(text.hasPrefix("20 messages · limit 40/hour and 200/day · ~"))
    }

    @Test func approximateDurations() {
        let cases: [(TimeInterval, String, String)] = [
            (0, "menos de 1 min", "under 1 min"),
            (59, "menos de 1 min", "under 1 min"),
            (60, "~1 min", "~1 min"),
            (61, "~2 min", "~2 min"),
            (3540, "~59 min", "~59 min"),
            (3541, "~1h", "~1h"),
            (3660, "~1h05", "~1h05"),
            (7200, "~2h", "~2h"),
            (7560, "~2h10", "~2h10"),
            (86_340, "~1 dia", "~1 day"),
            (90_000, "~1 dia 1h", "~1 day 1h"),
            (2 * 86_400 + 3.5 * 3600, "~2 dias 4h", "~2 days 4h"),
            (.infinity, "sem previsão", "no estimate"),
        ]
        for (seconds, pt, en) in cases {
            #expect(DurationText.approximate(seconds, .pt) == pt, "\(seconds)")
            #expect(DurationText.approximate(seconds, .en) == en, "\(seconds)")
        }
    }
}
