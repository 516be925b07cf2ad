import Foundation
import RetomaCore
@testable import RetomaApp
import Testing

/// The monitor's line for an attempt no draft of which passed the quality gate.
@Suite struct LowQualityLineTests {
    @Test func theMonitorSaysNoDraftPassedAndWhy() {
        let reasons = "no draft passed the quality check (markdown: “### Orçamento”; an invented price: R$ 99,00); nothing was sent."
        #expect(S.evFailed(seq: 2, reason: "low_quality", error: reasons).text(.pt)
                == "follow-up nº 2 falhou: nenhum rascunho passou no controle de qualidade: " + reasons)
        #expect(S.evFailed(seq: 2, reason: "low_quality", error: reasons).text(.en)
                == "follow-up #2 failed: no draft passed the quality check: " + reasons)
        #expect(S.attemptReason("low_quality").text(.pt) == "nenhum rascunho passou no controle de qualidade")
    }
}
