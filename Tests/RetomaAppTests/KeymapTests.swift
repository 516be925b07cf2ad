import Foundation
import RetomaCore
@testable import RetomaApp
import Testing
import TUIKit

/// One state per context (several where a context behaves differently: a text field or a box focused, a
/// filter on or off), each set up so that its keys have something to act on.
struct Scene {
    var name: String
    var state: AppState
}

enum Scenes {
    static let t0 = Date(timeIntervalSince1970: 1_780_000_000)

    static func monitorEntry(_ i: Int, _ kind: EventKind, attempt: Int64? = nil) -> MonitorEntry {
        MonitorEntry(at: t0.addingTimeInterval(Double(i) * 60), kind: kind, dealID: Int64(i + 1), columnID: 100, columnName: "Coluna 1",
                     contactName: "Maria", detail: "evento \(i)", text: "texto \(i)", attemptID: attempt)
    }

    /// Three columns of three cards, the focus on the middle card of the middle column, the engine running.
    static func board(engine: Bool = true, lang: Lang = .pt) -> AppState {
        var s = loadedState([3, 3, 3], lang: lang)
        if engine { _ = update(&s, .engineInfo(EngineInfo(channel: "sandbox"))) }
        press(&s, .char("l"), .char("j"))
        s.status = nil
        return s
    }

    static func deal() -> AppState {
        var s = board()
        press(&s, .enter)
        let c = s.columns[1].column
        var messages: [Message] = []
        for i in 0..<40 {
            let author: MessageAuthor = i % 2 == 0 ? .agent : .customer
            messages.append(Message(id: Int64(i + 1), dealID: 5, author: author, text: "mensagem \(i)", at: t0.addingTimeInterval(Double(i) * 60)))
        }
        let detail = DealDetail(deal: Deal(id: 5, columnID: c.id, position: 1, title: "Negócio 5", valueCents: nil, contactID: 5,
                                           ticketClosed: false, createdAt: t0),
                                contact: Contact(id: 5, name: "Ana", phone: "+5511987654321"), column: c, messages: messages)
        _ = update(&s, .dealLoaded(detail))
        _ = update(&s, .dealWhy(dealID: 5, decision: Decision(dealID: 5, columnID: c.id, action: .wait, reason: .outsideBusinessHours,
                                                              dueAt: t0.addingTimeInterval(3600), checks: [.followUpEnabled(true)])))
        return s
    }

    static func followUp(focus: FollowUpForm.Field) -> AppState {
        var s = board()
        press(&s, .char("r"))
        guard case var .followUp(form) = s.mode else { return s }
        form.focus = focus
        s.mode = .followUp(form)
        return s
    }

    static func followUpWarning(_ level: BulkSendWarning.Level) -> AppState {
        var s = followUp(focus: .enabled)
        guard case var .followUp(form) = s.mode else { return s }
        var config = form.draft
        config.enabled = true
        form.warning = FollowUpForm.Warning(eligible: level == .typeCount ? 150 : 20, level: level, summary: "20 mensagens", details: [],
                                            typed: TextField(text: "1", maxLength: 7), config: config)
        s.mode = .followUp(form)
        return s
    }

    static func all() -> [Scene] {
        var scenes: [Scene] = []
        func add(_ name: String, _ s: AppState) { scenes.append(Scene(name: name, state: s)) }

        add("board", board())
        add("board, English", board(lang: .en))
        add("board without an engine", board(engine: false))
        add("board with no columns", loadedState([]))
        var filtered = board()
        press(&filtered, .char("/")); type(&filtered, "Neg"); press(&filtered, .enter)
        add("board with a filter", filtered)
        var typingFilter = board()
        press(&typingFilter, .char("/")); type(&typingFilter, "Neg")
        add("filter", typingFilter)

        var monitor = board()
        for (i, kind) in [EventKind.sent, .uncertain, .failed, .planned].enumerated() {
            _ = update(&monitor, .engine(monitorEntry(i, kind, attempt: kind == .uncertain || kind == .failed ? Int64(40 + i) : nil)))
        }
        press(&monitor, .char("m"), .char("k"), .char("k"))   // the uncertain line
        add("monitor on an uncertain send", monitor)
        var failedLine = monitor
        press(&failedLine, .char("j"), .char("c"))            // the failed line, filtered by column
        add("monitor on a failed send, filtered", failedLine)
        var search = monitor
        press(&search, .char("/")); type(&search, "ev")
        add("monitor search", search)

        add("deal", deal())
        var picker = deal()
        _ = update(&picker, .agentSendRefused(dealID: 5, text: "Podemos retomar?", .outsideWindow(
            lastCustomerMessageAt: nil, templates: [MessageTemplate(name: "followup_1", language: "pt_BR"),
                                                    MessageTemplate(name: "resposta_1", language: "pt_BR")])))
        picker.status = nil
        add("template picker", picker)
        var why = deal()
        press(&why, .char("w"))
        add("why", why)

        var form = board()
        press(&form, .char("n")); type(&form, "Proposta")
        add("deal form, typing the title", form)
        var box = board()
        press(&box, .char("n"), .backTab)
        add("deal form, on the ticket box", box)

        add("follow-up, on a box", followUp(focus: .enabled))
        add("follow-up, on the interval unit", followUp(focus: .unit))
        add("follow-up, on Salvar", followUp(focus: .save))
        add("follow-up, typing the instructions", followUp(focus: .instructions))
        var examples = followUp(focus: .instructions)
        press(&examples, .ctrl("e"), .char("j"), .char("j"))
        add("follow-up examples", examples)
        add("bulk-send warning", followUpWarning(.confirm))
        add("bulk-send warning, typing the count", followUpWarning(.typeCount))

        var prompt = board()
        press(&prompt, .char("C"))
        add("prompt", prompt)
        var confirm = board()
        press(&confirm, .char("d"))
        add("confirm", confirm)
        var help = board()
        press(&help, .char("?"))
        add("help", help)
        var helpScrolled = help
        press(&helpScrolled, .char("j"), .char("j"))
        add("help, scrolled", helpScrolled)
        var demo = AppState(lang: .pt, size: Size(width: 120, height: 40), now: t0)
        _ = update(&demo, .noBoard)
        add("demo offer", demo)

        var unassigned = board()
        press(&unassigned, .char("U"))
        _ = update(&unassigned, .unassignedLoaded((0..<3).map {
            UnassignedSummary(id: Int64($0 + 7), phone: "+551191234567\($0)", name: nil, lastAt: t0, count: 1, lastText: "oi")
        }))
        press(&unassigned, .char("j"))
        add("unassigned", unassigned)

        let boards = [BoardSummary(id: 1, name: "Vendas", deals: 9, activeFollowUps: 1, columns: 3),
                      BoardSummary(id: 2, name: "Suporte", deals: 4, activeFollowUps: 0, columns: 2),
                      BoardSummary(id: 3, name: "Pós-venda", deals: 0, activeFollowUps: 0, columns: 1)]
        var switcher = board()
        press(&switcher, .char("b"))
        _ = update(&switcher, .boardsLoaded(boards, select: 2))
        add("board switcher", switcher)
        var deletion = board()
        press(&deletion, .char("b"))
        _ = update(&deletion, .boardsLoaded(boards, select: 1))
        press(&deletion, .char("d"))
        add("deleting a board with deals", deletion)
        var results = board()
        press(&results, .char("R"))
        add("results, loading", results)
        _ = update(&results, .resultsLoaded(boardID: 1, days: 30, ResultsScreenTests.report(days: 30, now: results.now)))
        add("results", results)
        var review = board()
        press(&review, .char("A"))
        add("review, loading", review)
        _ = update(&review, .reviewLoaded(boardID: 1, ReviewScreenTests.items(now: review.now)))
        add("review", review)
        press(&review, .char("j"), .char("j"))
        add("review, a stale draft", review)
        var emptyReview = board()
        press(&emptyReview, .char("A"))
        _ = update(&emptyReview, .reviewLoaded(boardID: 1, []))
        add("review, empty", emptyReview)
        return scenes
    }
}

@Suite struct KeymapTests {
    let theme = Theme.builtinDefault

    /// Every key the footer or `?` offers in a scene, pressed once from that scene: it must change what is
    /// on screen, ask for I/O, or say in the status line why it cannot act now.
    @Test func everyAdvertisedKeyActsOrSaysWhy() {
        var exercised = Set<String>()
        for scene in Scenes.all() {
            for (binding, keys) in Keymap.active(in: scene.state) {
                exercised.insert(id(binding))
                for key in keys {
                    var s = scene.state
                    let before = view(s, theme: theme)
                    let reason = binding.disabled(s)
                    let effects = update(&s, .key(key))
                    let where_ = "\(scene.name): \(Keymap.label(key)) (\(binding.action))"
                    if let reason {
                        #expect(s.status?.text == reason.text(s.lang), "\(where_) is disabled but did not say why")
                        #expect(effects.isEmpty, "\(where_) is disabled but asked for \(effects)")
                    } else {
                        #expect(!effects.isEmpty || view(s, theme: theme) != before, "\(where_) did nothing and said nothing")
                    }
                }
            }
        }
        let missing = Keymap.table.map(id).filter { !exercised.contains($0) }
        #expect(missing.isEmpty, "bindings no scene reaches: \(missing)")
    }

    /// A disabled binding is left out of the footer and shown dimmed in `?` with its reason.
    @Test func disabledBindingsLeaveTheFooterAndExplainThemselvesInHelp() {
        var s = Scenes.board(engine: false)
        #expect(!view(s, theme: theme).lines()[s.layout.footerRow].contains("P "))
        #expect(press(&s, .char("P")).isEmpty)
        #expect(s.status?.text == "O motor de follow-up não está rodando aqui.")
        press(&s, .char("?"))
        #expect(view(s, theme: theme).text().contains("agora não: O motor de follow-up não está rodando aqui."))
        var running = Scenes.board()
        #expect(view(running, theme: theme).lines()[running.layout.footerRow].contains("P pausar/retomar"))
        #expect(press(&running, .char("P")) == [.setPaused(true)])
    }

    @Test func ctrlCQuitsFromEveryScene() {
        for scene in Scenes.all() {
            var s = scene.state
            #expect(press(&s, .ctrl("c")) == [.quit], "\(scene.name)")
            #expect(s.quitRequested, "\(scene.name)")
        }
    }

    /// While a field has the focus, `?` and `q` are text; F1 is help there.
    @Test func questionMarkAndQAreTextInFields() {
        var s = Scenes.board()
        press(&s, .char("n"))
        type(&s, "Quanto? q")
        guard case let .dealForm(form) = s.mode else { Issue.record("the form stays open"); return }
        #expect(form.title.text == "Quanto? q")
        #expect(!s.quitRequested)
        press(&s, .function(1))
        guard case let .help(_, under) = s.mode, case .dealForm = under else { Issue.record("F1 opens help over the form"); return }
        press(&s, .esc)
        guard case .dealForm = s.mode else { Issue.record("closing help goes back to the form"); return }
        let footer = view(s, theme: theme).lines()[s.layout.footerRow]
        #expect(footer.contains("Ctrl-C sair") && footer.contains("F1 ajuda"), "\(footer)")
        #expect(!footer.contains("q/Ctrl-C"), "q is not offered while typing: \(footer)")
    }

    @Test func everyContextHasBindingsAndWordsInBothLanguagesAndNoKeyIsBoundTwice() {
        for context in KeyContext.allCases {
            let bindings = Keymap.bindings(in: context)
            #expect(!bindings.isEmpty, "\(context) has no bindings")
            #expect(!S.helpSection(context).text(.pt).isEmpty && S.helpSection(context).text(.pt) != S.helpSection(context).text(.en)
                    || context == .bulkTypeCount, "\(context)")
            var seen: [Key: KeyAction] = [:]
            for b in bindings {
                for k in b.keys {
                    #expect(seen[k] == nil, "\(Keymap.label(k)) bound twice in \(context): \(seen[k].map { "\($0)" } ?? "") and \(b.action)")
                    seen[k] = b.action
                }
            }
        }
        for action in KeyAction.allCases {
            #expect(Keymap.table.contains { $0.action == action }, "\(action) is in no context")
            for lang in [Lang.pt, .en] {
                #expect(!S.keyDesc(action).text(lang).isEmpty && !S.keyShort(action).text(lang).isEmpty, "\(action) \(lang)")
            }
        }
    }

    /// Each footer is exactly what the table offers there, and `?` lists every binding of the screen under it.
    @Test func footersAndHelpComeFromTheTable() {
        for scene in Scenes.all() where scene.state.size.width >= 120 {
            let hints = footerHints(scene.state)
            let expected = Keymap.active(in: scene.state).filter { $0.binding.inFooter && $0.binding.disabled(scene.state) == nil }
            // Neighbours with the same words share a hint.
            var words: [String] = []
            for e in expected {
                let w = S.keyShort(e.binding.action).text(scene.state.lang)
                if words.last != w { words.append(w) }
            }
            #expect(hints.map(\.words) == words, "\(scene.name)")
            var s = scene.state
            s.mode = .help(scroll: 0, under: s.mode)
            let rows = helpRows(s)
            for b in Keymap.bindings(in: scene.state.keyContext) {
                #expect(rows.contains { $0.text == S.keyDesc(b.action).text(s.lang) && $0.keys == Keymap.label(b, s.lang) },
                        "\(scene.name): \(b.action) missing from help")
            }
        }
    }

    private func id(_ b: Binding) -> String { "\(b.context).\(b.action).\(b.keys.map { Keymap.label($0) }.joined(separator: "/"))" }
}
