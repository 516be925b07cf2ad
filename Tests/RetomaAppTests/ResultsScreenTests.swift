import Foundation
import RetomaCore
@testable import RetomaApp
import Testing
import TUIKit

@Suite struct ResultsScreenTests {
    let theme = Theme.builtinDefault

    static func report(days: Int, now: Date) -> ResultsReport {
        var perDay = Array(repeating: 0, count: days)
        perDay[days - 1] = 4
        if days > 2 { perDay[days - 3] = 2 }
        let first = ColumnResults(
            id: 100, boardID: 1, name: "Coluna 1", sent: 60, replied24h: 10, replied72h: 25, medianReplyMinutes: 125,
            optOuts: 2, movedOnMax: 3, closedAfterFollowUp: 4,
            byAttempt: [.init(attempt: 1, sent: 40, replied24h: 8, replied72h: 20),
                        .init(attempt: 2, sent: 20, replied24h: 2, replied72h: 5)],
            byInstructionVersion: [.init(version: 0, since: nil, author: nil, sent: 10, replied72h: 1),
                                   .init(version: 2, since: BrazilTime.date(LocalDate(year: 2026, month: 5, day: 20), hour: 9,
                                                                            minute: 0, second: 0),
                                         author: "Ana", sent: 50, replied72h: 24)],
            repliesPerDay: perDay)
        let second = ColumnResults(id: 101, boardID: 1, name: "Coluna 2", sent: 7, replied24h: 1, replied72h: 1,
                                   medianReplyMinutes: nil, optOuts: 0, movedOnMax: 0, closedAfterFollowUp: 0,
                                   byAttempt: [.init(attempt: 1, sent: 7, replied24h: 1, replied72h: 1)],
                                   byInstructionVersion: [], repliesPerDay: Array(repeating: 0, count: days))
        return ResultsReport(period: .last(days, endingAt: now), columns: [first, second])
    }

    func loads(_ effects: [Effect]) -> [Effect] {
        effects.filter { if case .loadResults = $0 { return true } else { return false } }
    }

    func opened(size: Size = Size(width: 120, height: 40), lang: Lang = .pt) -> AppState {
        var s = loadedState([2, 1], size: size, lang: lang)
        let effects = press(&s, .char("R"))
        #expect(loads(effects) == [.loadResults(boardID: 1, days: 30)], "the read goes to the runtime, off the UI thread")
        _ = update(&s, .resultsLoaded(boardID: 1, days: 30, Self.report(days: 30, now: s.now)))
        return s
    }

    func screen(_ s: AppState) -> ResultsScreen? {
        if case let .results(r) = s.mode { return r }
        return nil
    }

    @Test func rOpensTheResultsLoadingFirstThenTheFigures() {
        var s = loadedState([2, 1])
        press(&s, .char("R"))
        let loading = view(s, theme: theme).text()
        #expect(loading.contains("Resultados · Vendas · últimos 30 dias") && loading.contains("carregando…"))
        #expect(!loading.contains("enviados"))
        _ = update(&s, .resultsLoaded(boardID: 1, days: 30, Self.report(days: 30, now: s.now)))
        let text = view(s, theme: theme).text()
        #expect(text.contains("Coluna 1/2: Coluna 1"))
        #expect(text.contains("enviados 60 · responderam em 24 h 10 · em 72 h 25 (41.7%) · mediana ~2h05"), "\(text)")
        #expect(text.contains("pediram para sair 2 · movidos ao atingir o máximo 3 · chamado finalizado após follow-up 4"))
        #expect(text.contains("v0 desde antes das versões · enviados 10 · responderam 1 (10.0%)"))
        #expect(text.contains("v2 desde 2026-05-20 · Ana · enviados 50 · responderam 24 (48.0%)"))
        #expect(text.contains("Respostas por dia (6)"))
        var perDay = Array(repeating: 0, count: 30); perDay[29] = 4; perDay[27] = 2
        #expect(text.contains(" " + Chart.sparkline(perDay, width: 118)), "one glyph per day")
        press(&s, .esc)
        guard case .board = s.mode else { Issue.record("Esc goes back to the board"); return }
    }

    @Test func eachAttemptsBarIsItsRepliesOverItsSends() {
        let lines = view(opened(), theme: theme).lines()
        guard let one = lines.first(where: { $0.hasPrefix(" 1º ") }), let two = lines.first(where: { $0.hasPrefix(" 2º ") }) else {
            Issue.record("no attempt lines: \(lines)"); return
        }
        // 40 cells at 120 columns: 20 of 40 sent is half of them, 5 of 20 a quarter.
        #expect(one.filter { $0 == "█" }.count == 20 && one.filter { $0 == "░" }.count == 20, "\(one)")
        #expect(two.filter { $0 == "█" }.count == 10 && two.filter { $0 == "░" }.count == 30, "\(two)")
        #expect(one.contains("20/40 50.0%") && two.contains("5/20 25.0%"))
    }

    @Test func jAndKPickTheColumn() {
        var s = opened()
        press(&s, .char("k"))
        #expect(screen(s)?.selected == 0 && s.status?.text == S.listAtTop.text(.pt), "nothing above the first column")
        press(&s, .char("j"))
        #expect(screen(s)?.selected == 1)
        let text = view(s, theme: theme).text()
        #expect(text.contains("Coluna 2/2: Coluna 2") && text.contains("enviados 7 ·") && text.contains("mediana —"))
        #expect(!text.contains("Por versão das instruções"), "a column with no versions shows none")
        press(&s, .char("j"))
        #expect(screen(s)?.selected == 1)
        press(&s, .up)
        #expect(screen(s)?.selected == 0)
    }

    @Test func theFocusedColumnIsTheFirstShown() {
        var s = loadedState([2, 1])
        press(&s, .char("l"))
        press(&s, .char("R"))
        _ = update(&s, .resultsLoaded(boardID: 1, days: 30, Self.report(days: 30, now: s.now)))
        #expect(view(s, theme: theme).text().contains("Coluna 2/2: Coluna 2"))
    }

    @Test func pCyclesThePeriodAndALateAnswerForAnotherIsDropped() {
        var s = opened()
        press(&s, .char("j"))
        let effects = press(&s, .char("p"))
        #expect(loads(effects) == [.loadResults(boardID: 1, days: 90)])
        #expect(screen(s)?.days == 90 && screen(s)?.report == nil)
        #expect(view(s, theme: theme).text().contains("últimos 90 dias") && view(s, theme: theme).text().contains("carregando…"))
        #expect(loads(press(&s, .char("p"))) == [.loadResults(boardID: 1, days: 7)], "after 90 days, 7")
        _ = update(&s, .resultsLoaded(boardID: 1, days: 30, Self.report(days: 30, now: s.now)))
        #expect(screen(s)?.report == nil, "the 30 days asked for before are not the 7 now asked for")
        _ = update(&s, .resultsLoaded(boardID: 1, days: 7, Self.report(days: 7, now: s.now)))
        let text = view(s, theme: theme).text()
        #expect(screen(s)?.report?.period.dayCount == 7 && text.contains("Coluna 2/2"), "the column picked stays")
        #expect(text.contains("últimos 7 dias") && text.contains("Respostas por dia (0)") && view(s, theme: theme).lines().contains { $0.trimmingCharacters(in: .whitespaces) == "▁▁▁▁▁▁▁" }, "seven days, seven glyphs")
        #expect(loads(press(&s, .char("p"))) == [.loadResults(boardID: 1, days: 30)])
    }

    @Test func withoutColourTheChartsReadTheSame() {
        let s = opened()
        let mono = Theme.monochrome(from: theme)
        let coloured = view(s, theme: theme), plain = view(s, theme: mono)
        #expect(coloured.lines() == plain.lines(), "the glyphs carry the figures")
        guard let y = plain.lines().firstIndex(where: { $0.hasPrefix(" 1º ") }),
              let x = Array(plain.lines()[y]).firstIndex(of: "█") else { Issue.record("no bar"); return }
        #expect(plain[x, y].style.fg == .default && plain[x, y].style.bg == .default)
        #expect(coloured[x, y].style == theme[.success])
    }

    @Test func aSmallTerminalTruncatesAndNeverTraps() {
        let s = opened(size: Size(width: 40, height: 12))
        let lines = view(s, theme: theme).lines()
        #expect(lines.count == 12)
        #expect(lines.allSatisfy { DisplayWidth.of($0) == 40 })
        #expect(lines[0].hasPrefix(" Resultados · Vendas"))
        #expect(!lines.joined().contains(S.terminalTooSmall(.init(40, 12), .init(60, 16)).text(.pt)))
        #expect(lines.contains { $0.hasPrefix(" 1º ") && $0.contains("█") && $0.contains("20/40") }, "\(lines)")
        #expect(lines[11].contains("Esc/R voltar"), "the footer keeps the way out: \(lines[11])")
        // A wide name is cut by display width, not by characters.
        var wide = s
        if case var .results(r) = wide.mode, var report = r.report {
            report.columns[0].name = "Negociações 🤝 grandes 大口顧客 e mais um pouco"
            r.report = report
            wide.mode = .results(r)
        }
        let wideLines = view(wide, theme: theme).lines()
        #expect(wideLines.allSatisfy { DisplayWidth.of($0) == 40 } && wideLines[1].contains("🤝"), "\(wideLines)")
        for size in [Size(width: 1, height: 1), Size(width: 12, height: 4), Size(width: 20, height: 3), Size(width: 0, height: 0)] {
            var t = s
            t.size = size
            #expect(view(t, theme: theme).lines().count == size.height)
        }
    }

    @Test func theScreenSpeaksEnglish() {
        let text = view(opened(lang: .en), theme: theme).text()
        #expect(text.contains("Results · Vendas · last 30 days") && text.contains("Column 1/2: Coluna 1"))
        #expect(text.contains("sent 60 · replied within 24 h 10 · within 72 h 25 (41.7%)"))
        #expect(text.contains("By attempt") && text.contains("#2") && text.contains("v2 since 2026-05-20 · Ana"))
    }

    @Test func theKeysComeFromTheKeymapAndShowInHelp() {
        #expect(Keymap.action(for: .char("R"), in: .board) == .results)
        #expect(Keymap.action(for: .char("j"), in: .results) == .down && Keymap.action(for: .char("k"), in: .results) == .up)
        #expect(Keymap.action(for: .char("p"), in: .results) == .cyclePeriod)
        #expect(Keymap.action(for: .esc, in: .results) == .back)
        var s = opened()
        #expect(s.keyContext == .results)
        let footer = view(s, theme: theme).lines()[s.layout.footerRow]
        #expect(footer.contains("p período") && footer.contains("Esc/R voltar"), "\(footer)")
        press(&s, .char("?"))
        let help = view(s, theme: theme).text()
        #expect(help.contains("período: 7, 30 ou 90 dias (alterna)"))
        press(&s, .esc)
        #expect(screen(s) != nil, "closing help goes back to the results")
        var underHelp = loadedState([2, 1])
        press(&underHelp, .char("R"), .char("?"))
        _ = update(&underHelp, .resultsLoaded(boardID: 1, days: 30, Self.report(days: 30, now: underHelp.now)))
        press(&underHelp, .esc)
        #expect(screen(underHelp)?.report != nil, "figures that came while `?` was open are kept")
        var loading = loadedState([1])
        press(&loading, .char("R"))
        press(&loading, .char("j"))
        #expect(loading.status?.text == S.resultsLoading.text(.pt))
    }

    @Test func theOpenScreenReadsAgainWhenTheEngineOrAnotherProcessRecordsSomething() {
        var s = opened()
        _ = press(&s, .char("p"))
        _ = update(&s, .resultsLoaded(boardID: 1, days: 90, Self.report(days: 90, now: s.now)))
        let again: [Effect] = [.loadResults(boardID: 1, days: 90)]
        func entry(_ kind: EventKind) -> Msg { .engine(MonitorEntry(at: s.now, kind: kind, dealID: 1, detail: "x")) }
        #expect(loads(update(&s, entry(.sent))) == again)
        #expect(loads(update(&s, entry(.replied))) == again)
        #expect(loads(update(&s, entry(.maxAttempts))) == again)
        #expect(loads(update(&s, entry(.generating))).isEmpty, "nothing the results count")
        // Another process's write (the data_version watch), with help open over the screen too.
        #expect(loads(update(&s, .externalChange(dealID: nil))) == again)
        _ = press(&s, .char("?"))
        #expect(loads(update(&s, .externalChange(dealID: 7))) == again)
        _ = press(&s, .esc)
        // The figures stay on screen while the new read is under way.
        #expect(screen(s)?.report?.columns.first?.sent == 60)
        _ = press(&s, .esc)
        #expect(loads(update(&s, entry(.sent))).isEmpty && loads(update(&s, .externalChange(dealID: nil))).isEmpty,
                "the board reads no results")
    }
}
