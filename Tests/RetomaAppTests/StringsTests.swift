import Foundation
import RetomaCore
@testable import RetomaApp
import Testing
import TUIKit

/// Codes stay in `--json`; people read words, in their language.
@Suite struct StringsTests {
    static let t0 = Date(timeIntervalSince1970: 1_780_000_000)

    @Test func everyReasonCodeAndEventKindHasWordsInBothLanguages() {
        for code in ReasonCode.allCases {
            for lang in [Lang.pt, .en] {
                let words = S.reason(code).text(lang)
                #expect(!words.isEmpty && !words.contains("_") && words != code.rawValue || code == .due && lang == .en, "\(code) \(lang): \(words)")
            }
            #expect(S.reason(code).text(.pt) != S.reason(code).text(.en), "\(code)")
        }
        for kind in EventKind.allCases {
            #expect(!S.eventKind(kind).text(.pt).contains("_") && !S.eventKind(kind).text(.en).contains("_"), "\(kind)")
        }
        for code in ["conversation_changed", "moved", "deal_deleted", "not_sent", "original_sent", "ai_paused", "retries_exhausted",
                     "text_rejected", "outside_business_hours"] {
            #expect(!S.attemptReason(code).text(.pt).contains("_") && !S.attemptReason(code).text(.en).contains("_"), "\(code)")
        }
    }

    /// "Aguardar (paused)" was a Portuguese verb and an English code in one line.
    @Test func theDealScreenSaysTheDecisionInOneLanguage() {
        var s = loadedState([1], size: Size(width: 120, height: 30))
        press(&s, .enter)
        let c = s.columns[0].column
        _ = update(&s, .dealLoaded(DealDetail(deal: Deal(id: 1, columnID: c.id, position: 0, title: "Negócio 1", valueCents: nil, contactID: 1,
                                                         ticketClosed: false, createdAt: Self.t0),
                                              contact: Contact(id: 1, name: "Ana", phone: "+5511987654321"), column: c, messages: [])))
        _ = update(&s, .dealWhy(dealID: 1, decision: Decision(dealID: 1, columnID: c.id, action: .wait, reason: .paused, dueAt: nil,
                                                              checks: [.engine(paused: true)])))
        let pt = view(s, theme: .builtinDefault).text()
        #expect(pt.contains("Aguardar — envios pausados") && !pt.contains("(paused)"))
        s.lang = .en
        let en = view(s, theme: .builtinDefault).text()
        #expect(en.contains("Wait — sending paused") && !en.contains("Aguardar"))
        press(&s, .char("w"))
        #expect(view(s, theme: .builtinDefault).text().contains("Why — Wait — sending paused"))
    }
}
