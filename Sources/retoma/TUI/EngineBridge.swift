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
            configuration = EngineConfiguration(governor: try GovernorSetup.make(environment: env, channelKind: channel.kind))
        } catch {
            let why = error.message(lang)
            mailbox.post(.engineInfo(EngineInfo(channel: "—", problem: why)))
            mailbox.post(.failed((lang == .pt ? "Motor de follow-up parado: " : "Follow-up engine stopped: ") + why))
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
                                             paused: settings?.paused ?? false, pauseDetail: settings?.pauseDetail)))
        // Sends left uncertain by earlier sessions wait for the operator: list them in the monitor at once.
        for a in (try? store.unresolvedUncertainAttempts()) ?? [] {
            mailbox.post(.engine(MonitorEntry(at: a.updatedAt, kind: "uncertain", dealID: a.key.dealID, columnID: a.columnID,
                                              contactName: a.contactName,
                                              detail: lang == .pt ? "envio incerto de uma sessão anterior; R reenvia, D marca como concluído"
                                                                  : "uncertain send from an earlier session; R resends, D marks it done",
                                              text: a.text, attemptID: a.id)))
        }
        engine.start()
        return engine
    }

    static func channelLabel(_ kind: String, _ lang: Lang) -> String {
        kind == "sandbox" ? (lang == .pt ? "sandbox (nada sai daqui)" : "sandbox (nothing leaves here)") : kind
    }

    /// Who writes, without starting anything: the configured model, or the local one.
    static func modelLabel(_ env: [String: String], _ lang: Lang) -> String? {
        guard let config = try? AIConfig.load(environment: env) else { return nil }
        if config.usesLocalModel { return lang == .pt ? "IA: modelo local (demonstração)" : "AI: local model (demo)" }
        return "IA: " + (config.model ?? "?")
    }

    static func entry(_ e: EngineEvent, _ lang: Lang) -> MonitorEntry {
        var text: String?
        var attempt: Int64?
        switch e {
        case let .sending(a, t, _): text = t; attempt = a.attemptID
        case let .sent(a, t, _, _, _): text = t; attempt = a.attemptID
        case let .planned(a, _, _), let .generating(a, _), let .retrying(a, _, _, _), let .failed(a, _, _, _),
             let .uncertain(a, _, _), let .cancelled(a, _, _):
            attempt = a.attemptID
        default: break
        }
        let deal = e.deal
        return MonitorEntry(at: e.at, kind: e.kind, dealID: deal?.dealID, columnID: deal?.columnID, columnName: deal?.columnName,
                            contactName: deal?.contactName, detail: e.detail(lang == .pt), text: text, attemptID: attempt)
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
        let doc = EventJSON(at: Timestamp.format(e.at), kind: e.kind, deal: e.dealID, column: e.columnID, columnName: e.columnName,
                            contact: e.contactName, detail: e.detail, text: e.text, attempt: e.attemptID)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(doc)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
