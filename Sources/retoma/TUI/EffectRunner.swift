import Dispatch
import Foundation
import RetomaAI
import RetomaApp
import RetomaCore
import RetomaEngine
import RetomaStore
import Synchronization

/// Runs the effects `update` asks for, one at a time and in order, off the UI thread, and answers each
/// with messages in the mailbox. Writes are followed by a fresh board snapshot so the screen shows what
/// the database holds, not what we hoped it would.
final class EffectRunner: Sendable {
    private let store: Store
    private let mailbox: Mailbox<Msg>
    private let lang: Lang
    private let queue = DispatchQueue(label: "retoma.effects")
    /// AI work takes seconds; it must not hold up saves and moves queued behind it.
    private let aiQueue = DispatchQueue(label: "retoma.ai-preview")
    private let ai: AIService
    /// Called after every write, so the engine re-reads what changed (a reply, a move, saved settings).
    private let wakeHook = Mutex<(@Sendable () -> Void)?>(nil)
    var afterWrite: (@Sendable () -> Void)? {
        get { wakeHook.withLock { $0 } }
        set { wakeHook.withLock { $0 = newValue } }
    }
    /// The embedded engine, when it runs here: the brake and the operator's choices go through it.
    private let engineBox = Mutex<Engine?>(nil)
    var engine: Engine? {
        get { engineBox.withLock { $0 } }
        set { engineBox.withLock { $0 = newValue } }
    }
    /// The board on screen: `--board` at start, else the oldest one (also when the one shown is deleted).
    private let boardBox = Mutex<Int64?>(nil)
    var boardID: Int64? {
        get { boardBox.withLock { $0 } }
        set { boardBox.withLock { $0 = newValue } }
    }
    /// Where the board last shown is remembered for the next run (set by the main loop).
    private let lastBoardBox = Mutex<LastBoard?>(nil)
    var lastBoard: LastBoard? {
        get { lastBoardBox.withLock { $0 } }
        set { lastBoardBox.withLock { $0 = newValue } }
    }
    /// Figures are read on their own queue, and never twice at once, so a big board cannot delay a save.
    private let figuresQueue = DispatchQueue(label: "retoma.figures")
    private let figuresBusy = Mutex(false)
    /// The board's filter, as last asked for (`filterBoard`): every read of the board applies it.
    private let boardFilter = Mutex("")
    /// One ticket per `filterBoard` asked for: typing queues one per key, and only the last still matters.
    private let filterTickets = Mutex(0)
    /// The deals on screen or near it, per column (the latest pages read): the cards' schedule is read for them
    /// only, never for every deal of the board.
    private let shownDeals = Mutex<[Int64: [Int64]]>([:])
    /// A column's saved settings reach its deals in batches here, so saves and moves queued behind are not held up.
    private let rescheduleQueue = DispatchQueue(label: "retoma.reschedule")

    init(store: Store, mailbox: Mailbox<Msg>, lang: Lang, ai: AIService) {
        self.store = store; self.mailbox = mailbox; self.lang = lang; self.ai = ai
    }

    func run(_ effect: Effect) {
        if case let .previewFollowUp(columnID, config) = effect {
            aiQueue.async { [self] in preview(columnID: columnID, config: config) }
            return
        }
        inFlight.withLock { $0 += 1 }
        if case let .loadResults(boardID, days) = effect {
            let ticket = resultsTickets.withLock { n in n += 1; return n }
            // Read where the monitor's figures are: a long period of a big board never holds up a save.
            figuresQueue.async { [self] in
                defer { inFlight.withLock { $0 -= 1 } }
                // A burst of sends asks again and again while the screen is open: only the latest read runs.
                guard resultsTickets.withLock({ $0 }) == ticket else { return }
                do {
                    let report = try store.results(period: .last(days, endingAt: Date()), boardID: boardID)
                    mailbox.post(.resultsLoaded(boardID: boardID, days: days, report))
                } catch { report(error) }
            }
            return
        }
        if case let .loadReview(boardID) = effect {
            let ticket = reviewTickets.withLock { n in n += 1; return n }
            figuresQueue.async { [self] in
                defer { inFlight.withLock { $0 -= 1 } }
                guard reviewTickets.withLock({ $0 }) == ticket else { return }   // a later read is queued
                do { try postReview(boardID: boardID) } catch { report(error) }
            }
            return
        }
        if case let .filterBoard(filter, focus) = effect {
            let ticket = filterTickets.withLock { n in n += 1; return n }
            queue.async { [self] in
                defer { inFlight.withLock { $0 -= 1 } }
                guard filterTickets.withLock({ $0 }) == ticket else { return }   // a later filter is queued
                boardFilter.withLock { $0 = filter }
                do { try reload(focus: focus) } catch { report(error) }
            }
            return
        }
        queue.async { [self] in
            defer { inFlight.withLock { $0 -= 1 } }
            perform(effect)
        }
    }

    /// Effects asked for and not finished (AI previews aside). Their answers are posted before they count as
    /// finished, so the main loop, while this is not 0, looks at the mailbox every few milliseconds instead of
    /// waiting out its input timeout: a board read reaches the screen as soon as it is done.
    var busy: Bool { inFlight.withLock { $0 > 0 } }
    private let inFlight = Mutex(0)
    private let resultsTickets = Mutex(0)
    private let reviewTickets = Mutex(0)

    /// Waits until every effect already asked for has finished (before quitting), and the figures' read and the
    /// reschedule batches too: the store closes next, under their feet otherwise. A column's batches stop at the next
    /// one; they are resumable, and the engine or the next save carries them on.
    func finish() {
        stopping.withLock { $0 = true }
        queue.sync {}
        figuresQueue.sync {}
        rescheduleQueue.sync {}
    }
    private let stopping = Mutex(false)

    private func perform(_ effect: Effect) {
        do {
            switch effect {
            case let .loadBoard(focus):
                try reload(focus: focus)
            case .filterBoard:
                break   // handled in `run`
            case let .loadCards(columnID, request, filter, limit):
                let page = try store.cardPage(columnID: columnID, filter: filter, request: request, limit: limit)
                shownDeals.withLock { shown in
                    // The latest pages of the column, newest last, about as many as the screen keeps loaded.
                    var ids = (shown[columnID] ?? []) + page.cards.map(\.id)
                    if ids.count > 4 * AppState.pageSize { ids.removeFirst(ids.count - 4 * AppState.pageSize) }
                    shown[columnID] = ids
                }
                mailbox.post(.cardsLoaded(page))
            case let .loadDeal(id):
                mailbox.post(.dealLoaded(try store.dealDetail(id: id)))
                postWhy(id)
            case .seedDemo:
                _ = try store.seedDemo(deals: 24, now: Date())
                mailbox.post(.done(.demoCreated))
                try reload(focus: nil)
            case .createEmptyBoard:
                _ = try store.addBoard(name: lang.t(.defaultBoardName))
                mailbox.post(.done(.emptyBoardCreated))
                try reload(focus: nil)
            case let .addColumn(boardID, name):
                _ = try store.addColumn(boardID: boardID, name: name)
                try written(.saved, focus: nil)
            case let .renameColumn(id, name):
                try store.renameColumn(id: id, name: name)
                try written(.saved, focus: nil)
            case let .moveColumn(id, delta):
                try store.moveColumn(id: id, by: delta)
                try written(.moved, focus: nil)
            case let .deleteColumn(id):
                try store.deleteColumn(id: id)
                try written(.deleted, focus: nil)
            case let .addDeal(columnID, draft):
                let deal = try store.addDeal(NewDeal(columnID: columnID, title: draft.title, contactName: draft.contactName,
                                                     phone: draft.phone, valueCents: draft.valueCents, ticketClosed: draft.ticketClosed))
                try written(.saved, focus: deal.id)
            case let .updateDeal(id, draft, revision):
                try store.saveDealForm(id: id, title: draft.title, contactName: draft.contactName, phone: draft.phone,
                                       valueCents: draft.valueCents, ticketClosed: draft.ticketClosed, expectedRevision: revision)
                try written(.saved, focus: id)
            case let .assignOwner(id, owner):
                let deal = try store.assignOwner(dealID: id, to: owner)
                try written(deal.owner.map { .ownerSet($0) } ?? .ownerCleared, focus: id)
            case let .reloadDealForm(id):
                mailbox.post(.dealFormReloaded(try store.dealDetail(id: id)))
            case let .reloadFollowUp(columnID):
                try reload(focus: nil)
                mailbox.post(.followUpReloaded(try store.column(id: columnID)))
            case let .moveDeal(id, column):
                // The bulk-send warning first: a move that crosses it waits for the operator's yes.
                if let (name, warning) = try moveWarning(dealID: id, toColumn: column) {
                    return mailbox.post(.confirmMove(dealID: id, toColumn: column, columnName: name, forecast: warning))
                }
                try store.moveDeal(id: id, toColumn: column)
                try written(.moved, focus: id)
            case let .moveDealConfirmed(id, column):
                try store.moveDeal(id: id, toColumn: column)
                try written(.moved, focus: id)
            case let .reorderDeal(id, delta):
                try store.moveDealWithinColumn(id: id, by: delta)
                try written(nil, focus: id)
            case let .deleteDeal(id):
                try store.deleteDeal(id: id)
                try written(.deleted, focus: nil)
            case let .setTicketClosed(id, closed):
                try store.setTicketClosed(dealID: id, closed: closed)
                mailbox.post(.dealLoaded(try store.dealDetail(id: id)))
                postWhy(id)
                try written(closed ? .ticketNowClosed : .ticketNowOpen, focus: id)
            case let .setOptOut(contact, deal, optedOut):
                try store.setOptOut(contactID: contact, optedOut: optedOut, dealID: deal)
                mailbox.post(.dealLoaded(try store.dealDetail(id: deal)))
                postWhy(deal)
                try written(optedOut ? .optedOutNow : .optedInNow, focus: deal)
            case let .addMessage(id, author, text):
                let message = try store.addMessage(dealID: id, author: author, text: text, at: Date())
                let detail = try store.dealDetail(id: id)
                mailbox.post(.dealLoaded(detail))
                if author == .customer {
                    // The reply stops the sequence; the monitor shows it like any other event.
                    mailbox.post(.engine(MonitorEntry(at: message.at, kind: .replied, dealID: id, columnID: detail.column.id,
                                                      columnName: detail.column.name, contactName: detail.contact.name,
                                                      detail: lang.t(.evReplied), text: text)))
                }
                postWhy(id)
                try written(.messageRecorded, focus: id)
            case let .sendAsAgent(id, text, template):
                // Through the engine, which sends it ahead of follow-ups (or, when another process holds the lease,
                // queues it for that engine). Without an engine nothing may be written as if it would go out.
                guard let engine else { return mailbox.post(.failed(lang.t(.agentSendNoEngine))) }
                switch try engine.sendAsAgent(dealID: id, text: text, template: template) {
                case let .refused(refusal):
                    mailbox.post(.agentSendRefused(dealID: id, text: text, refusal))
                case .queued:
                    mailbox.post(.dealLoaded(try store.dealDetail(id: id)))
                    postWhy(id)
                    try written(.agentMessageQueued, focus: id)
                }
            case let .loadFollowUpFacts(columnID):
                mailbox.post(.followUpFacts(columnID: columnID, facts: try store.followUpFacts(columnID: columnID),
                                            policy: try policyContext()))
                if let saved = try store.currentColumnConfig(columnID: columnID) {
                    mailbox.post(.followUpSavedBy(columnID: columnID, operatorName: saved.operatorName, at: saved.savedAt))
                }
            case let .saveFollowUp(columnID, config, revision):
                // Saved at once; its deals are rescheduled in short batches on their own queue (and by the engine).
                let column = try store.setFollowUp(columnID: columnID, config: config, applyNow: false,
                                                   expectedRevision: revision)
                try written(.followUpSaved(column.name, config.enabled, config.interval.short), focus: nil)
                rescheduleQueue.async { [self] in
                    do {
                        while !stopping.withLock({ $0 }), try store.continueReschedules(for: 0.2) {}
                    } catch { report(error) }
                    afterWrite?()
                }
            case .previewFollowUp:
                break   // runs on the AI queue
            case .loadResults, .loadReview:
                break   // runs on the figures' queue
            case let .approveDraft(id, text):
                let outcome = try store.approveDraft(attemptID: id, text: text)
                if case let .refused(problem) = outcome, let text {
                    return mailbox.post(.draftEditRefused(attemptID: id, text: text, problem: problem))
                }
                try decided(outcome, .draftApproved(edited: text != nil))
            case let .rewriteDraft(id):
                try decided(try store.rewriteDraft(attemptID: id), .draftRewriting)
            case let .skipDraft(id):
                try decided(try store.skipDraft(attemptID: id), .draftSkipped)
            case let .skipColumnToday(columnID):
                let skipped = try store.skipColumnForToday(columnID: columnID)
                let name = try store.column(id: columnID).name
                try decided(nil, .columnSkippedToday(name, skipped.count))
            case .loadUnassigned:
                mailbox.post(.unassignedLoaded(try store.unassignedConversations().map {
                    UnassignedSummary(id: $0.id, phone: $0.phone, name: $0.profileName, lastAt: $0.lastAt, count: $0.messageCount,
                                      lastText: $0.lastText)
                }))
            case let .assignUnassigned(conversationID, dealID):
                _ = try store.assignUnassignedConversation(id: conversationID, toDealID: dealID)
                afterWrite?()
            case let .setPaused(paused):
                guard let engine else { return }
                if paused { try engine.pause() } else { try engine.resume() }
                refreshFigures()
            case let .resendUncertain(id):
                _ = try engine?.resendUncertain(attemptID: id)
                mailbox.post(.done(.attemptResent))
                afterWrite?()
            case let .markUncertainDone(id):
                _ = try engine?.markUncertainDone(attemptID: id)
                mailbox.post(.done(.attemptMarkedDone))
            case let .retryFailed(id, confirmed):
                let outcome = Result { () throws(StoreError) in try engine?.retryFailed(attemptID: id, confirmed: confirmed) }
                if case .failure(.invalid(.retryMayDuplicate)) = outcome { return mailbox.post(.confirmRetry(attemptID: id)) }
                _ = try outcome.get()
                mailbox.post(.done(.attemptRetried))
                afterWrite?()
            case let .loadBoards(select):
                postBoards(select: select)
            case let .switchBoard(id):
                boardID = id
                lastBoard?.remember(id)
                let snapshot = try boardSnapshot(id: id, focus: nil)
                mailbox.post(.boardLoaded(snapshot, focusDeal: nil))
                mailbox.post(.done(.boardOpened(snapshot.board.name)))
            case let .addBoard(name):
                let board = try store.addBoard(name: name)
                mailbox.post(.done(.boardCreated))
                postBoards(select: board.id)
            case let .renameBoard(id, name):
                try store.renameBoard(id: id, name: name)
                mailbox.post(.done(.saved))
                postBoards(select: id)
                try reload(focus: nil)   // the title bar names the board
            case let .deleteBoard(id, moveTo):
                try store.deleteBoard(id: id, moveDealsTo: moveTo)
                afterWrite?()
                // The board on screen is gone: show the one that received its deals (or the oldest).
                if boardID == id || boardID == nil {
                    boardID = moveTo
                    if let moveTo { lastBoard?.remember(moveTo) }
                }
                mailbox.post(.done(.boardDeleted))
                postBoards(select: nil)
                try reload(focus: nil)
            case .quit:
                break
            }
        } catch StoreError.conflict(let conflict) {
            // Someone saved first: the form comes back with the question, as typed.
            let subject: EditConflictNotice.Subject
            switch conflict.subject {
            case let .deal(id): subject = .deal(id)
            case let .followUp(columnID): subject = .followUp(columnID: columnID)
            }
            mailbox.post(.editConflict(EditConflictNotice(subject: subject, operatorName: conflict.operatorName, at: conflict.at)))
        } catch let error as StoreError {
            mailbox.post(.failed(error.message(lang)))
        } catch {
            mailbox.post(.failed(String(describing: error)))
        }
    }

    /// The engine's decision for one deal now, for the deal screen (which words it).
    private func postWhy(_ dealID: Int64) {
        guard let engine, let d = try? engine.decision(dealID: dealID, at: Date()) else { return }
        mailbox.post(.dealWhy(dealID: dealID, decision: d))
    }

    /// Every board with its deals and the columns whose follow-up is on, for the switcher.
    private func postBoards(select: Int64?) {
        do {
            let list = try store.boardListings().map { b in
                BoardSummary(id: b.id, name: b.name, deals: b.columns.reduce(0) { $0 + $1.dealCount },
                             activeFollowUps: b.columns.filter(\.followUpEnabled).count, columns: b.columns.count)
            }
            mailbox.post(.boardsLoaded(list, select: select))
        } catch {
            mailbox.post(.failed(error.message(lang)))
        }
    }

    /// Another process's writes (`retoma draft approve`, an engine elsewhere, an import, the brake in another
    /// terminal), noticed by the database's change counter: the screen reads again what it shows, and the engine's
    /// figures too (the pause lives there). Our own writes leave it as it is.
    func watchOtherWrites() {
        guard watchBusy.withLock({ busy in defer { busy = true }; return !busy }) else { return }
        figuresQueue.async { [self] in
            defer { watchBusy.withLock { $0 = false } }
            guard let version = try? store.dataVersion() else { return }
            let previous = seenVersion.withLock { seen in defer { seen = version }; return seen }
            if let previous, previous != version {
                mailbox.post(.externalChange(dealID: nil))
                refreshFigures()
            }
        }
    }
    private let watchBusy = Mutex(false)
    private let seenVersion = Mutex<Int64?>(nil)

    /// Today's figures and the per-column schedule for the monitor and the headers.
    func refreshFigures() {
        guard let engine, figuresBusy.withLock({ busy in defer { busy = true }; return !busy }) else { return }
        figuresQueue.async { [self] in
            defer { figuresBusy.withLock { $0 = false } }
            let now = Date()
            guard let status = try? engine.status(),
                  let counts = try? store.monitorCounts(now: now, startOfDay: BrazilTime.startOfDay(now)) else { return }
            var f = MonitorFigures()
            f.sentToday = counts.sentToday
            f.deliveredToday = counts.deliveredToday
            f.readToday = counts.readToday
            f.failedToday = counts.failedToday
            f.repliesToday = counts.repliesAfterFollowUpToday
            f.waiting = status.dueNow
            f.nextSendAt = status.nextDueAt.map { max($0, status.nextSlot) }
            f.sentLastHour = status.sentLastHour
            f.hourlyCap = status.hourlyCap
            f.dailyCap = status.dailyCap
            f.uncertain = status.uncertain
            if status.settings.paused {
                let why = status.settings.pauseDetail ?? ""
                switch status.settings.pauseReason {
                case .ai: f.aiHealth = .paused(why)
                case .channel: f.channelHealth = .paused(why)
                default: break
                }
            }
            f.columns = counts.columns.mapValues { MonitorFigures.ColumnFigures(waiting: $0.waiting, nextAt: $0.nextAt) }
            let shown = shownDeals.withLock { $0.values.flatMap { $0 } }
            if let schedule = try? store.followUpSchedule(dealIDs: shown) {
                f.cards = schedule.mapValues(\.dueAt)
            }
            mailbox.post(.figures(f))
            mailbox.post(.engineInfoPaused(status.settings.paused, status.settings.pauseDetail,
                                           elsewhere: status.holdsLease ? nil : status.leaseHolder.map { "pid \($0.pid) @ \($0.host)" }))
        }
    }

    /// The decision inputs the engine uses now: its own when it runs here, otherwise the configured number's,
    /// from the same loader. Never defaults of the board's own.
    private func policyContext() throws -> PolicyContext {
        if let engine { return try engine.policyContext() }
        return try NumberSetup.policy(store: store, environment: ProcessInfo.processInfo.environment, at: Date())
    }

    /// The column's name and the bulk-send warning when moving the deal there crosses the threshold, else nil.
    private func moveWarning(dealID: Int64, toColumn columnID: Int64) throws -> (String, SendForecast)? {
        let target = try store.column(id: columnID)
        guard target.followUp.enabled, !target.followUp.paused else { return nil }
        let moving = try store.dealFollowUp(id: dealID).facts
        guard moving.columnID != columnID else { return nil }
        let warning = try policyContext().moveWarning(existing: try store.followUpFacts(columnID: columnID),
                                                      moving: [moving], into: columnID, config: target.followUp)
        return warning.map { (target.name, $0) }
    }

    /// The message the AI would write for the column's first deal to be sent (now, or else the first to fall
    /// due), without sending it.
    private func preview(columnID: Int64, config: FollowUpConfig) {
        let pt = lang == .pt
        do {
            let now = Date()
            let facts = try store.followUpFacts(columnID: columnID)
            guard let deal = try policyContext().firstToSend(facts, config: config) else {
                mailbox.post(.previewFailed(columnID: columnID, message: pt ? "nenhuma negociação desta coluna seria enviada nos próximos 7 dias"
                                                                           : "no deal in this column would be sent in the next 7 days"))
                return
            }
            let m = try store.followUpMaterial(dealID: deal.dealID)
            let context = FollowUpContext(contact: m.contact, deal: m.deal, columnName: m.column.name, config: config,
                                          recentMessages: m.recentMessages, followUpsSinceReply: m.followUpsSinceReply, now: now)
            let written = try ai.backend().writer.write(context, earlierFollowUps: m.earlierFollowUps)
            mailbox.post(.previewReady(columnID: columnID, deal: m.deal.title, contact: m.contact.name, text: written.text, model: written.model))
        } catch let error as StoreError {
            mailbox.post(.previewFailed(columnID: columnID, message: error.message(lang)))
        } catch {
            mailbox.post(.previewFailed(columnID: columnID, message: describeAIError(error, lang)))
        }
    }

    /// A decision on a review draft: the engine is woken (it sends an approved draft at once), the outcome said, and
    /// the queue, its count and the board read again.
    private func decided(_ outcome: ReviewOutcome?, _ done: S) throws {
        afterWrite?()
        switch outcome {
        case nil, .done: mailbox.post(.done(done))
        case let .stale(a): mailbox.post(.failed(lang.t(.draftWentStale(a.reason.map { lang.t(.attemptReason($0)) } ?? ""))))
        case let .notWaiting(a): mailbox.post(.failed(lang.t(.draftNotWaitingNow(a.state.rawValue))))
        case let .refused(problem): mailbox.post(.failed(lang.t(.draftTextRefused(problem))))
        }
        if let id = try boardID ?? store.firstBoardID() { try postReview(boardID: id) }
        try reload(focus: nil)
    }

    /// The board's review queue as the screen shows it.
    private func postReview(boardID: Int64) throws {
        let items = try store.reviewQueue(boardID: boardID).map { d in
            ReviewItem(id: d.attempt.id, columnID: d.attempt.columnID, columnName: d.columnName, dealID: d.attempt.dealID,
                       dealTitle: d.dealTitle, contactName: d.attempt.contactName, sequence: d.attempt.sequenceNumber,
                       text: d.attempt.text ?? "", waiting: d.waiting, reason: d.waiting ? nil : d.attempt.reason,
                       interval: d.interval.short, lastOurMessageAt: d.lastOurMessageAt)
        }
        mailbox.post(.reviewLoaded(boardID: boardID, items))
    }

    private func written(_ status: S?, focus: Int64?) throws {
        afterWrite?()
        if let status { mailbox.post(.done(status)) }
        try reload(focus: focus)
    }

    private func reload(focus: Int64?) throws {
        if let id = boardID {
            do {
                mailbox.post(.boardLoaded(try boardSnapshot(id: id, focus: focus), focusDeal: focus))
                return postReviewCount(boardID: id)
            } catch .notFound(entity: "board", _) {
                boardID = nil
            }
        }
        guard let id = try store.firstBoardID() else {
            mailbox.post(.noBoard)
            return
        }
        mailbox.post(.boardLoaded(try boardSnapshot(id: id, focus: focus), focusDeal: focus))
        postReviewCount(boardID: id)
    }

    /// The title bar's "✎ 3 para revisar", with every read of the board (a count on the ledger's state).
    private func postReviewCount(boardID: Int64) {
        guard let n = try? store.reviewCount(boardID: boardID) else { return }
        mailbox.post(.reviewCounted(ReviewCount(boardID: boardID, waiting: n)))
    }

    /// The board as the screen reads it: counts, and the first page of each column (around `focus` in its own)
    /// with the current filter. The deals read become the ones whose schedule the figures show.
    private func boardSnapshot(id: Int64, focus: Int64?) throws(StoreError) -> BoardSnapshot {
        let snapshot = try store.boardPage(id: id, filter: boardFilter.withLock { $0 }, pageSize: AppState.pageSize,
                                           focusDeal: focus)
        shownDeals.withLock { shown in
            shown = Dictionary(uniqueKeysWithValues: snapshot.columns.map { ($0.column.id, $0.cards.map(\.id)) })
        }
        return snapshot
    }

    private func report(_ error: any Error) {
        if let error = error as? StoreError { mailbox.post(.failed(error.message(lang))) } else { mailbox.post(.failed(String(describing: error))) }
    }
}
