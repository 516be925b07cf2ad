import Foundation
import RetomaAI
import RetomaApp
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaStore

/// Starts the follow-up engine inside the board and turns its events into monitor entries for the mailbox.
/// The engine runs on its own thread; the UI only ever sees `Msg` values.
enum EngineBridge {
    /// Returns nil (and posts why) when the channel or limits are misconfigured: the board stays usable.
    static func start(store: Store, ai: AIService, mailbox: Mailbox<Msg>, lang: Lang) -> Engine? {
        let env = ProcessInfo.processInfo.environment
        let channel: any WhatsAppChannel
        let configuration: EngineConfiguration
        do {
            channel = try ChannelSetup.make(environment: env)
            configuration = EngineConfiguration(governor: try GovernorSetup.make(environment: env, channelKind: channel.kind),
                                                forcedReview: ReviewSetup.forced(environment: env, channelKind: channel.kind))
        } catch {
            let why = error.message(lang)
            mailbox.post(.engineInfo(EngineInfo(channel: "—", problem: why)))
            mailbox.post(.failed(lang.t(.engineStopped(why))))
            return nil
        }
        // Every event also goes to a JSON-lines file an operator can follow with `tail -f`.
        let file = LineLog(path: LineLog.defaultPath("events.jsonl", environment: env), rotateAt: 10 * 1024 * 1024)
        let engine = Engine(store: store, writer: LazyWriter(ai: ai), channel: channel, configuration: configuration,
                            events: { event in
                                let e = entry(event, lang)
                                mailbox.post(.engine(e))
                                file.append(EventJSON.line(e))
                            })
        let settings = try? engine.settings()
        mailbox.post(.engineInfo(EngineInfo(channel: channelLabel(channel.kind, lang), model: modelLabel(env, lang),
                                             paused: settings?.paused ?? false, pauseDetail: settings?.pauseDetail,
                                             reviewForced: configuration.forcedReview)))
        // Sends left uncertain by earlier sessions wait for the operator: list them in the monitor at once.
        for a in (try? store.unresolvedUncertainAttempts()) ?? [] {
            mailbox.post(.engine(MonitorEntry(at: a.updatedAt, kind: .uncertain, dealID: a.key.dealID, columnID: a.columnID,
                                              contactName: a.contactName, detail: lang.t(.evUncertainEarlier),
                                              text: a.text, attemptID: a.id)))
        }
        engine.start()
        return engine
    }

    static func channelLabel(_ kind: String, _ lang: Lang) -> String {
        kind == "sandbox" ? lang.t(.channelSandbox) : kind
    }

    /// Who writes, without starting anything: the configured model, or the local one.
    static func modelLabel(_ env: [String: String], _ lang: Lang) -> String? {
        guard let config = try? AIConfig.load(environment: env) else { return nil }
        if config.usesLocalModel { return lang.t(.modelLocal) }
        return lang.t(.modelNamed(config.model ?? "?"))
    }

    /// The one translation of an engine event for the interface: its kind as a case, and its words from
    /// the string catalog (reason codes included) in the board's language.
    static func entry(_ e: EngineEvent, _ lang: Lang) -> MonitorEntry {
        func when(_ date: Date) -> String { BrazilTime.display(date, lang) }
        func who(_ h: LeaseHolder) -> String { "pid \(h.pid) @ \(h.host)" }
        let kind: EventKind
        let detail: S
        var text: String?
        var attempt: AttemptRef?
        switch e {
        case .started: kind = .started; detail = .evStarted
        case .stopped: kind = .stopped; detail = .evStopped
        case let .leaseAcquired(me, previous, _): kind = .leaseAcquired; detail = .evLeaseAcquired(me: who(me), previous: previous.map(who))
        case let .leaseLost(holder, _): kind = .leaseLost; detail = .evLeaseLost(holder.map(who))
        case let .paused(reason, why, _):
            kind = .paused
            switch reason {
            case .operator: detail = .evPaused(.operator, why)
            case .channel: detail = .evPaused(.channel, why)
            case .ai: detail = .evPaused(.ai, why)
            }
        case .resumed: kind = .resumed; detail = .evResumed
        case let .planned(a, dueAt, _): kind = .planned; attempt = a; detail = .evPlanned(seq: a.sequence, dueAt: when(dueAt))
        case let .generating(a, _): kind = .generating; attempt = a; detail = .evGenerating(seq: a.sequence)
        case let .awaitingReview(a, t, _): kind = .review; attempt = a; text = t; detail = .evReview(seq: a.sequence)
        case let .sending(a, t, _): kind = .sending; attempt = a; text = t; detail = .evSending(seq: a.sequence)
        case let .sent(a, t, model, id, _): kind = .sent; attempt = a; text = t; detail = .evSent(seq: a.sequence, model: model, id: id)
        case let .skipped(_, reason, until, _): kind = .skipped; detail = .evSkipped(reason, until: until.map(when))
        case let .maxReached(_, moved, _):
            kind = .maxAttempts; detail = .evMaxReached(movedTo: moved.map { $0.columnName ?? "\($0.columnID)" })
        case let .throttled(_, until, waiting, _): kind = .throttled; detail = .evThrottled(until: when(until), waiting: waiting)
        case let .retrying(a, error, retryAt, _):
            kind = .retrying; attempt = a; detail = .evRetrying(seq: a.sequence, at: when(retryAt), error: error)
        case let .failed(a, reason, error, _): kind = .failed; attempt = a; detail = .evFailed(seq: a.sequence, reason: reason, error: error)
        case let .uncertain(a, error, _): kind = .uncertain; attempt = a; detail = .evUncertain(seq: a.sequence, error: error)
        case let .cancelled(a, reason, _): kind = .cancelled; attempt = a; detail = .evCancelled(seq: a.sequence, reason: reason)
        case let .storeError(message, _): kind = .storeError; detail = .evStoreError(message)
        case let .agent(_, step, _):
            switch step {
            case .queued: kind = .planned; detail = .evAgentQueued
            case let .sending(t): kind = .sending; text = t; detail = .evAgentSending
            case let .sent(id): kind = .sent; detail = .evAgentSent(id: id)
            case let .throttled(until): kind = .throttled; detail = .evAgentThrottled(until: when(until))
            case .paused: kind = .skipped; detail = .evAgentPaused
            case let .retrying(error, retryAt): kind = .retrying; detail = .evAgentRetrying(at: when(retryAt), error: error)
            case let .failed(reason): kind = .failed; detail = .evAgentFailed(reason)
            case let .uncertain(error): kind = .uncertain; detail = .evAgentUncertain(error)
            case let .cancelled(reason): kind = .cancelled; detail = .evAgentCancelled(reason)
            }
        }
        let deal = e.deal
        return MonitorEntry(at: e.at, kind: kind, dealID: deal?.dealID, columnID: deal?.columnID, columnName: deal?.columnName,
                            contactName: deal?.contactName, detail: lang.t(detail), text: text, attemptID: attempt?.attemptID)
    }
}

/// One event as a JSON line in events.jsonl; keys are stable for scripts.
struct EventJSON: Encodable {
    var at: String
    var kind: String
    var deal: Int64?
    var column: Int64?
    var columnName: String?
    var contact: String?
    var detail: String
    var text: String?
    var attempt: Int64?

    static func line(_ e: MonitorEntry) -> String {
        let doc = EventJSON(at: Timestamp.format(e.at), kind: e.kind.rawValue, deal: e.dealID, column: e.columnID, columnName: e.columnName,
                            contact: e.contactName, detail: e.detail, text: e.text, attempt: e.attemptID)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(doc)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
