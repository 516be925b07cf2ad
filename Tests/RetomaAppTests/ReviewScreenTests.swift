import Foundation
import RetomaCore
@testable import RetomaApp
import Testing
import TUIKit

@Suite struct ReviewScreenTests {
    let theme = Theme.builtinDefault

    static func items(now: Date) -> [ReviewItem] {
        [
            ReviewItem(id: 41, columnID: 100, columnName: "Coluna 1", dealID: 3, dealTitle: "Energia solar", contactName: "Beatriz Lima",
                       sequence: 2, text: "Oi, Beatriz! Tudo bem? Você conseguiu olhar a proposta de energia solar? Se tiver alguma dúvida, estou à disposição.",
                       waiting: true, reason: nil, interval: "1d", lastOurMessageAt: now.addingTimeInterval(-90_000)),
            ReviewItem(id: 42, columnID: 101, columnName: "Coluna 2", dealID: 7, dealTitle: "Reforma", contactName: "Carlos Souza",
                       sequence: 1, text: "Oi, Carlos! Posso ajudar com a reforma?", waiting: true, reason: nil, interval: "2h",
                       lastOurMessageAt: now.addingTimeInterval(-7_300)),
            ReviewItem(id: 40, columnID: 100, columnName: "Coluna 1", dealID: 5, dealTitle: "Academia", contactName: "Dora Reis",
                       sequence: 1, text: "Oi, Dora! Ainda pensa na matrícula?", waiting: false, reason: "conversation_changed",
                       interval: "1d", lastOurMessageAt: nil),
        ]
    }

    func reviewLoads(_ effects: [Effect]) -> [Effect] {
        effects.filter { if case .loadReview = $0 { return true } else { return false } }
    }

    func opened(size: Size = Size(width: 120, height: 40), lang: Lang = .pt) -> AppState {
        var s = loadedState([2, 1], size: size, lang: lang)
        let effects = press(&s, .char("A"))
        #expect(reviewLoads(effects) == [.loadReview(boardID: 1)], "the read goes to the runtime, off the UI thread")
        _ = update(&s, .reviewLoaded(boardID: 1, Self.items(now: s.now)))
        return s
    }

    func screen(_ s: AppState) -> ReviewScreen? {
        if case let .review(r) = s.mode { return r }
        return nil
    }

    @Test func aOpensTheQueueLoadingFirstThenEachDraftWithItsFields() {
        var s = loadedState([2, 1])
        press(&s, .char("A"))
        let loading = view(s, theme: theme).text()
        #expect(loading.contains("Revisar · Vendas") && loading.contains("carregando…"), "\(loading)")
        _ = update(&s, .reviewLoaded(boardID: 1, Self.items(now: s.now)))
        let text = view(s, theme: theme).text()
        #expect(text.contains("Revisar · Vendas · 2 aguardando"), "\(text)")
        #expect(text.contains("▶ #41 · Coluna 1 · negociação 3 Energia solar · Beatriz Lima"), "\(text)")
        #expect(text.contains("2º follow-up · 1d sem resposta desde "), "\(text)")
        #expect(text.contains("#42 · Coluna 2 · negociação 7 Reforma · Carlos Souza"))
        #expect(text.contains("1º follow-up · 2h sem resposta desde "))
        #expect(text.contains("Oi, Carlos! Posso ajudar com a reforma?"))
        // The text wraps to the width: every word of the long draft is on screen, no line runs past it.
        let lines = view(s, theme: theme).lines()
        for word in ["Beatriz!", "proposta", "disposição."] { #expect(lines.contains { $0.contains(word) }, "\(word)") }
        press(&s, .esc)
        guard case .board = s.mode else { Issue.record("Esc goes back to the board"); return }
    }

    @Test func aStaleDraftShowsWhyAndCannotBeApproved() {
        var s = opened()
        let text = view(s, theme: theme).text()
        #expect(text.contains("#40 · Coluna 1 · negociação 5 Academia · Dora Reis"))
        #expect(text.contains("não vale mais: " + Lang.pt.t(.attemptReason("conversation_changed"))), "\(text)")
        press(&s, .char("j"), .char("j"))
        #expect(screen(s)?.current?.id == 40)
        #expect(press(&s, .enter).isEmpty)
        #expect(s.status?.text == "Este rascunho não vale mais: nada a aprovar.")
        #expect(press(&s, .char("s")).isEmpty && press(&s, .char("e")).isEmpty && press(&s, .char("g")).isEmpty)
    }

    @Test func enterApprovesEditsAndGWritesAgainAndSSkipsTheSelectedDraft() {
        var s = opened()
        #expect(press(&s, .enter) == [.approveDraft(attemptID: 41, text: nil)])
        press(&s, .char("j"))
        #expect(press(&s, .char("g")) == [.rewriteDraft(attemptID: 42)])
        #expect(press(&s, .char("s")) == [.skipDraft(attemptID: 42)])
        press(&s, .char("k"))
        // `e`: the deal screen's one-line input, holding the draft; Enter approves the edited text.
        press(&s, .char("e"))
        guard case let .prompt(p) = s.mode, p.purpose == .editDraft(attemptID: 41) else { Issue.record("e opens the input"); return }
        #expect(p.field.text.hasPrefix("Oi, Beatriz!"))
        press(&s, .ctrl("u"))
        #expect(press(&s, .enter).isEmpty, "an empty text is not approved")
        guard case let .prompt(empty) = s.mode else { Issue.record("the input stays open"); return }
        #expect(empty.error == Lang.pt.t(.messageEmpty))
        type(&s, "Oi, Beatriz! Posso ligar amanhã?")
        let effects = press(&s, .enter)
        #expect(effects == [.approveDraft(attemptID: 41, text: "Oi, Beatriz! Posso ligar amanhã?")], "\(effects)")
        #expect(screen(s) != nil, "back on the queue")
        press(&s, .char("e"), .esc)
        #expect(screen(s) != nil, "Esc gives the edit up")
    }

    @Test func aRefusedEditOpensTheInputAgainWithTheText() {
        var s = opened()
        _ = update(&s, .draftEditRefused(attemptID: 41, text: "Oi, Beatriz! Oi, Beatriz!", problem: "too close to an earlier follow-up"))
        guard case let .prompt(p) = s.mode, p.purpose == .editDraft(attemptID: 41) else { Issue.record("the input opens again"); return }
        #expect(p.field.text == "Oi, Beatriz! Oi, Beatriz!" && p.error == "Texto recusado: too close to an earlier follow-up")
        #expect(view(s, theme: theme).text().contains("Texto recusado: too close"))
        press(&s, .esc)
        #expect(screen(s) != nil)
        s.mode = .board
        _ = update(&s, .draftEditRefused(attemptID: 41, text: "x", problem: "p"))
        #expect(s.status?.text == "Texto recusado: p", "away from the queue it is said on the status line")
    }

    @Test func capitalSAsksThenSkipsTheColumnForToday() {
        var s = opened()
        #expect(press(&s, .char("S")).isEmpty, "nothing before the answer")
        guard case let .confirm(c) = s.mode else { Issue.record("S asks first"); return }
        #expect(c.action == .skipColumnToday(100))
        #expect(view(s, theme: theme).text().contains("Pular a coluna Coluna 1 hoje? 1 rascunho(s)"))
        press(&s, .char("n"))
        #expect(screen(s) != nil, "no goes back to the queue")
        press(&s, .char("S"))
        #expect(press(&s, .char("s")) == [.skipColumnToday(columnID: 100)])
        #expect(screen(s) != nil)
    }

    @Test func aNewReadKeepsTheSelectedDraftAndTheTitleBarCountsTheBoardsDrafts() {
        var s = opened()
        press(&s, .char("j"))
        var items = Self.items(now: s.now)
        items.remove(at: 0)   // approved elsewhere
        _ = update(&s, .reviewLoaded(boardID: 1, items))
        #expect(screen(s)?.current?.id == 42)
        _ = update(&s, .reviewLoaded(boardID: 9, []))   // another board's answer
        #expect(screen(s)?.items?.count == 2)
        press(&s, .esc)
        _ = update(&s, .reviewCounted(ReviewCount(boardID: 1, waiting: 3)))
        #expect(view(s, theme: theme).lines()[0].contains("✎ 3 para revisar"))
        _ = update(&s, .reviewCounted(ReviewCount(boardID: 1, waiting: 0)))
        #expect(!view(s, theme: theme).lines()[0].contains("para revisar"))
        var en = loadedState([1], lang: .en)
        _ = update(&en, .reviewCounted(ReviewCount(boardID: 1, waiting: 2)))
        #expect(view(en, theme: theme).lines()[0].contains("✎ 2 to review"))
    }

    @Test func theEngineAndOtherProcessesReadTheQueueAgain() {
        var s = opened()
        let entry = MonitorEntry(at: s.now, kind: .review, dealID: 3, columnID: 100, columnName: "Coluna 1", contactName: "Beatriz",
                                 detail: "x", text: nil)
        #expect(reviewLoads(update(&s, .engine(entry))) == [.loadReview(boardID: 1)])
        #expect(reviewLoads(update(&s, .externalChange(dealID: nil))) == [.loadReview(boardID: 1)])
        press(&s, .char("?"))
        #expect(reviewLoads(update(&s, .externalChange(dealID: nil))) == [.loadReview(boardID: 1)], "under ? too")
        // Closed: a new draft reads the count; a send reads the board, which brings the count with it.
        var board = loadedState([2, 1])
        #expect(reviewLoads(update(&board, .engine(entry))) == [.loadReview(boardID: 1)])
        var sent = entry; sent.kind = .sent
        #expect(reviewLoads(update(&board, .engine(sent))).isEmpty)
    }

    @Test func anEmptyQueueSaysSo() {
        var s = loadedState([1])
        press(&s, .char("A"))
        _ = update(&s, .reviewLoaded(boardID: 1, []))
        #expect(view(s, theme: theme).text().contains("Nenhum rascunho para revisar neste quadro."))
        #expect(press(&s, .enter).isEmpty && s.status?.text == Lang.pt.t(.listEmpty))
        var en = loadedState([1], lang: .en)
        press(&en, .char("A"))
        _ = update(&en, .reviewLoaded(boardID: 1, []))
        #expect(view(en, theme: theme).text().contains("No drafts to review on this board."))
    }

    @Test func aSmallTerminalTruncatesWithoutCrashing() {
        for size in [Size(width: 40, height: 12), Size(width: 12, height: 4), Size(width: 1, height: 1)] {
            var s = opened(size: size)
            let lines = view(s, theme: theme).lines()
            #expect(lines.count == size.height)
            press(&s, .char("j"), .char("j"))
            _ = view(s, theme: theme)
        }
        let s = opened(size: Size(width: 40, height: 12))
        let text = view(s, theme: theme).text()
        #expect(text.contains("#41 · Coluna 1"), "\(text)")
    }

    @Test func theSelectedDraftScrollsIntoView() {
        var s = opened(size: Size(width: 40, height: 12))
        #expect(!view(s, theme: theme).text().contains("#40"), "the third draft is below the fold at first")
        press(&s, .char("j"), .char("j"))
        let text = view(s, theme: theme).text()
        #expect(text.contains("▶ #40") && text.contains("Oi, Dora!") && text.contains("não vale mais"), "\(text)")
    }
}
