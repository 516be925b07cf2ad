import Foundation
import RetomaCore
@testable import RetomaApp
import Testing
import TUIKit

@Suite struct MonitorTests {
    let theme = Theme.builtinDefault
    static let t0 = BrazilTime.date(LocalDate(year: 2026, month: 11, day: 25), hour: 10, minute: 0, second: 0)

    func entry(_ i: Int, kind: EventKind, column: Int64 = 100, contact: String = "Maria", text: String? = nil, attempt: Int64? = nil) -> MonitorEntry {
        MonitorEntry(at: Self.t0.addingTimeInterval(Double(i) * 60), kind: kind, dealID: Int64(i), columnID: column,
                     columnName: column == 100 ? "Coluna 1" : "Coluna 2", contactName: contact,
                     detail: "negociação \(i) \(kind.rawValue)", text: text, attemptID: attempt)
    }

    func withEngine(_ counts: [Int] = [2, 2]) -> AppState {
        var s = loadedState(counts, size: Size(width: 120, height: 40))
        _ = update(&s, .engineInfo(EngineInfo(channel: "sandbox", model: "IA: local")))
        return s
    }

    @Test func mShowsThePaneNewestAtTheBottomAndEventsKeepComing() {
        var s = withEngine()
        press(&s, .char("m"))
        #expect(s.monitorPane.size == .pane && s.monitorPane.focused)
        for i in 0..<30 { _ = update(&s, .engine(entry(i, kind: i % 2 == 0 ? .planned : .sent))) }
        let text = view(s, theme: theme).text()
        #expect(text.contains("Monitor de envios"))
        #expect(text.contains("negociação 29 sent"), "the newest is on screen")
        #expect(!text.contains("negociação 0 planned"), "the oldest scrolled away")
        #expect(text.contains("10:29") && text.contains("enviado"))
        press(&s, .esc)
        #expect(!s.monitorPane.focused && s.monitorPane.size == .pane, "Esc gives the keys back to the board")
        press(&s, .char("m"))
        press(&s, .char("m"))
        #expect(s.monitorPane.size == .hidden)
        press(&s, .char("M"))
        #expect(s.monitorPane.size == .full)
    }

    @Test func filtersByColumnOutcomeAndSearch() {
        var s = withEngine()
        _ = update(&s, .engine(entry(1, kind: .sent, column: 100, contact: "Ana")))
        _ = update(&s, .engine(entry(2, kind: .failed, column: 101, contact: "Bruno")))
        _ = update(&s, .engine(entry(3, kind: .sent, column: 101, contact: "Célia")))
        press(&s, .char("m"), .char("c"))
        #expect(s.monitorPane.filtered(s.monitor).map(\.dealID) == [1])
        press(&s, .char("c"))
        #expect(s.monitorPane.filtered(s.monitor).map(\.dealID) == [2, 3])
        press(&s, .char("o"))   // first outcome: sent
        #expect(s.monitorPane.filtered(s.monitor).map(\.dealID) == [3])
        press(&s, .char("x"), .char("/"))
        type(&s, "celia")
        press(&s, .enter)
        #expect(s.monitorPane.filtered(s.monitor).map(\.dealID) == [3], "search ignores case and accents")
        #expect(view(s, theme: theme).text().contains("filtro: “celia”"))
    }

    @Test func theBrakePausesAndResumesAndIsShownInRedInEveryHeader() {
        var board = makeBoard([1, 1])
        board.columns[0].column.followUp.enabled = true
        var s = AppState(lang: .pt, size: Size(width: 120, height: 40), now: Self.t0)
        _ = update(&s, .boardLoaded(board, focusDeal: nil))
        _ = update(&s, .engineInfo(EngineInfo(channel: "sandbox")))
        #expect(press(&s, .char("P")) == [.setPaused(true)])
        _ = update(&s, .engineInfoPaused(true, "pelo operador", elsewhere: nil))
        #expect(press(&s, .char("P")) == [.setPaused(false)])
        press(&s, .char("m"))
        let buf = view(s, theme: theme)
        let text = buf.text()
        #expect(text.contains("⏸ PAUSADO"))
        #expect(text.contains("⏸ ENVIOS PAUSADOS"))
        let header = buf.lines()[1]
        let x = DisplayWidth.of(String(header[..<header.range(of: "⏸")!.lowerBound]))
        #expect(buf[x, 1].style == theme[.error], "the paused robot is red")
    }

    @Test func withoutAnEngineTheBrakeExplains() {
        var s = loadedState([1])
        #expect(press(&s, .char("P")).isEmpty)
        #expect(s.status?.text == "O motor de follow-up não está rodando aqui.")
    }

    @Test func uncertainAndFailedSendsOfferTheOperatorsChoices() {
        var s = withEngine()
        _ = update(&s, .engine(entry(1, kind: .uncertain, attempt: 41)))
        _ = update(&s, .engine(entry(2, kind: .failed, attempt: 42)))
        press(&s, .char("m"))
        #expect(press(&s, .char("T")) == [.retryFailed(attemptID: 42, confirmed: false)], "the newest line is selected")
        press(&s, .char("k"))
        #expect(press(&s, .char("D")) == [.markUncertainDone(attemptID: 41)])
        #expect(press(&s, .char("R")).isEmpty)
        guard case let .confirm(c) = s.mode else { Issue.record("resending asks first"); return }
        #expect(c.question.contains("pode já ter recebido"))
        #expect(press(&s, .char("s")) == [.resendUncertain(attemptID: 41)])
    }

    @Test func retryingASendThatMayHaveBeenDeliveredAsksFirst() {
        var s = withEngine()
        _ = update(&s, .confirmRetry(attemptID: 42))
        guard case let .confirm(c) = s.mode else { Issue.record("the store's refusal becomes a question"); return }
        #expect(c.question.contains("pode já ter a mensagem"))
        #expect(press(&s, .char("n")).isEmpty, "no retries nothing")
        _ = update(&s, .confirmRetry(attemptID: 42))
        #expect(press(&s, .char("s")) == [.retryFailed(attemptID: 42, confirmed: true)])
    }

    @Test func theMessageTextIsOneKeyAway() {
        var s = withEngine()
        _ = update(&s, .engine(entry(1, kind: .sent, text: "Oi Maria! Conseguiu avaliar a proposta?")))
        press(&s, .char("m"), .enter)
        #expect(view(s, theme: theme).text().contains("Oi Maria! Conseguiu avaliar a proposta?"))
    }

    @Test func theWindowIsBoundedWhateverArrives() {
        var s = withEngine()
        for i in 0..<(AppState.monitorCapacity * 5) {
            _ = update(&s, .engine(entry(i, kind: .planned)))
            #expect(s.monitor.count < AppState.monitorCapacity + AppState.monitorCapacity / 4)
        }
        #expect(s.monitor.count >= AppState.monitorCapacity)
        #expect(s.monitor.last?.dealID == Int64(AppState.monitorCapacity * 5 - 1))
    }

    @Test func eventsDoNotDisturbWhatIsBeingTyped() {
        var s = withEngine()
        press(&s, .char("n"))
        type(&s, "Proposta para a Clínica")
        for i in 0..<100 { _ = update(&s, .engine(entry(i, kind: i % 3 == 0 ? .sent : .throttled))) }
        type(&s, " São João")
        guard case let .dealForm(f) = s.mode else { Issue.record("the form stays open"); return }
        #expect(f.title.text == "Proposta para a Clínica São João")
    }

    @Test func headerFiguresAndColumnSchedules() {
        var board = makeBoard([1, 1])
        board.columns[0].column.followUp.enabled = true
        var s = AppState(lang: .pt, size: Size(width: 120, height: 40), now: Self.t0)
        _ = update(&s, .boardLoaded(board, focusDeal: nil))
        _ = update(&s, .engineInfo(EngineInfo(channel: "sandbox")))
        var f = MonitorFigures()
        f.sentToday = 12; f.repliesToday = 3; f.waiting = 5; f.hourlyCap = 40; f.dailyCap = 200; f.sentLastHour = 7
        f.nextSendAt = Self.t0.addingTimeInterval(300)
        f.columns = [100: .init(waiting: 5, nextAt: Self.t0.addingTimeInterval(300))]
        _ = update(&s, .figures(f))
        press(&s, .char("m"))
        let text = view(s, theme: theme).text()
        #expect(text.contains("Hoje: 12 enviadas"))
        #expect(text.contains("3 respostas") && text.contains("5 aguardando") && text.contains("próximo 10:05"))
        #expect(text.contains("7/40 por hora") && text.contains("12/200 hoje"))
        #expect(text.contains("⏳5"))
        #expect(text.contains("próx. 10:05"))
    }

    @Test func aSentFollowUpRefreshesTheBoardAndTheOpenDeal() {
        var s = withEngine([1])
        press(&s, .enter)
        let effects = update(&s, .engine(entry(1, kind: .sent)))
        #expect(effects == [.loadBoard(focusDeal: nil), .loadDeal(1)])
    }
}

@Suite struct UnassignedTests {
    @Test func conversationsFromUnknownNumbersAreListedAndCanBeGivenToTheFocusedDeal() {
        var s = loadedState([2])
        press(&s, .char("j"))
        #expect(press(&s, .char("U")) == [.loadUnassigned])
        let at = Date(timeIntervalSince1970: 1_780_000_000)
        _ = update(&s, .unassignedLoaded([UnassignedSummary(id: 7, phone: "+5511912345678", name: "Sheena", lastAt: at, count: 2,
                                                            lastText: "Tem em outra cor?")]))
        let text = view(s, theme: .builtinDefault).text()
        #expect(text.contains("Conversas sem negociação") && text.contains("+55 11 91234-5678 · Sheena") && text.contains("Tem em outra cor?"))
        #expect(press(&s, .char("a")) == [.assignUnassigned(conversationID: 7, dealID: 2), .loadBoard(focusDeal: 2)])
        guard case .board = s.mode else { Issue.record("back to the board"); return }
    }
}
