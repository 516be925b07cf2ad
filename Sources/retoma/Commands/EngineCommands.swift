import ArgumentParser
import Foundation
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaStore
import TUIKit

struct EngineCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine", abstract: "The follow-up engine: run it headless, evaluate an instant, pause or resume it.",
        subcommands: [EngineRunCommand.self, EnginePauseCommand.self, EngineResumeCommand.self, EngineStatusCommand.self],
        defaultSubcommand: EngineRunCommand.self)
}

struct EngineRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the engine until SIGINT/SIGTERM, one log line per event (the default of `retoma engine`).",
        discussion: """
            With --once, evaluates every deal as the engine would at one instant and prints the decisions; \
            without --dry-run it also performs the sends due then. Channel: RETOMA_CHANNEL (sandbox by default; \
            RETOMA_SANDBOX_OUTBOX names a file that receives each sandbox message; cloud and evolution take \
            RETOMA_CLOUD_* or RETOMA_EVOLUTION_* and run the webhook on RETOMA_WEBHOOK_LISTEN, see \
            docs/whatsapp.md). Sending limits: \
            RETOMA_GOVERNOR_MIN_GAP_S, RETOMA_GOVERNOR_JITTER_S, RETOMA_GOVERNOR_HOURLY_CAP, \
            RETOMA_GOVERNOR_DAILY_CAP, RETOMA_GOVERNOR_WARMUP. AI: config.toml and RETOMA_AI_*.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(name: .long, help: "Evaluate one instant and exit instead of running.") var once = false
    @Option(name: .long, help: ArgumentHelp("With --once: the instant, ISO 8601 with offset (default: now).", valueName: "time"))
    var at: String?
    @Flag(name: .customLong("dry-run"), help: "With --once: decide only, send nothing.") var dryRun = false
    @Flag(name: .long, help: "With --once: print one JSON document.") var json = false

    func validate() throws {
        if !once {
            if at != nil { throw ValidationError("--at needs --once") }
            if dryRun { throw ValidationError("--dry-run needs --once") }
            if json { throw ValidationError("--json needs --once") }
        }
    }

    func run() throws {
        let output = Output(lang: global.language)
        do {
            if once { try runOnce(output) } else { try runHeadless(output) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            output.fail(error)
            throw ExitCode.failure
        }
    }

    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    private func configuration(_ channel: any WhatsAppChannel) throws -> EngineConfiguration {
        EngineConfiguration(governor: try GovernorSetup.make(environment: environment, channelKind: channel.kind),
                            forcedReview: ReviewSetup.forced(environment: environment, channelKind: channel.kind))
    }

    // MARK: - Headless

    private func runHeadless(_ output: Output) throws {
        let lang = output.lang
        let store = try global.openStore()
        output.warnIfExposed(store)
        defer { try? store.close() }
        let channel = try ChannelSetup.make(environment: environment)
        let configuration = try configuration(channel)
        let backend = try WriterSetup.start(environment: environment, lang: lang)
        defer { backend.stop() }
        let pt = lang == .pt
        let channelText = channel.kind == "sandbox"
            ? (pt ? "sandbox (nada sai desta máquina)" : "sandbox (nothing leaves this machine)")
            : (try ChannelSetup.configuration(environment: environment)).summary
        Self.say((pt ? "Motor de follow-up · canal: " : "Follow-up engine · channel: ") + channelText
                 + (pt ? " · IA: " : " · AI: ") + backend.modelLabel(lang)
                 + (pt ? " · limites: " : " · limits: ") + GovernorSetup.describe(configuration.governor, lang)
                 + (pt ? " · banco: " : " · database: ") + store.path)
        let engine = Engine(store: store, writer: backend.writer, channel: channel, configuration: configuration,
                            events: { Self.say($0.logLine(lang)) })
        // Customer replies and delivery statuses of the Cloud and Evolution APIs come in through the webhook.
        let webhook = ChannelSetup.startWebhook(try ChannelSetup.configuration(environment: environment), store: store,
                                                onCustomerMessage: { _ in engine.wake() },
                                                log: { Self.say("webhook: " + $0) })
        defer { webhook?.stop() }
        let stop = DispatchSemaphore(value: 0)
        let sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            return source
        }
        engine.start()
        stop.wait()
        if !engine.stop(waitingUpTo: 15) {
            Self.say(pt ? "o trabalho em andamento não terminou a tempo; um envio interrompido aparecerá como incerto"
                        : "the work in progress did not finish in time; an interrupted send will show as uncertain")
        }
        sources.forEach { $0.cancel() }
    }

    /// One unbuffered line, so a log read while the engine runs (or after it is killed) is complete.
    /// Cleaned like all human output: events quote customer texts and provider errors.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((TerminalText.line(line) + "\n").utf8))
    }

    // MARK: - Once

    private func runOnce(_ output: Output) throws {
        var instant = Date()
        if let at {
            guard let parsed = Timestamp.parse(at) else { throw InputError.malformedTime(at) }
            // Sends, the send log and the lease would be stamped with this instant: a future one throttles the
            // live engine until then, a past one sorts before replies already recorded.
            if !dryRun, abs(parsed.timeIntervalSinceNow) > 60 { throw InputError.sendingAtOtherInstant(at) }
            instant = parsed
        }
        let fixed = instant
        let store = try global.openStore(now: { fixed })
        output.warnIfExposed(store)
        defer { try? store.close() }
        let channel = try ChannelSetup.make(environment: environment)
        let configuration = try configuration(channel)
        let printer = DecisionPrinter(json: json, at: instant)
        guard !dryRun else {
            try FollowUpEvaluator(store: store, number: channel.sendingNumber(governor: configuration.governor))
                .forEachDecision(at: instant) { printer.add($0) }
            return printer.finish()
        }
        // Checked against the wall clock: an instant in the future must not look past a live engine's lease.
        if let holder = try store.leaseHolder(at: Date()) {
            throw SetupError(
                pt: "o motor está rodando no pid \(holder.pid) em \(holder.host); pare-o ou use --dry-run",
                en: "the engine is running in pid \(holder.pid) on \(holder.host); stop it or use --dry-run")
        }
        let backend = try WriterSetup.start(environment: environment, lang: output.lang)
        defer { backend.stop() }
        let lang = output.lang
        let engine = Engine(store: store, writer: backend.writer, channel: channel, configuration: configuration,
                            clock: FixedClock(instant),
                            events: { FileHandle.standardError.write(Data((TerminalText.line($0.logLine(lang)) + "\n").utf8)) })
        // The decisions as taken at the instant, then the sends they call for.
        try engine.evaluator.forEachDecision(at: instant) { printer.add($0) }
        printer.finish()
        engine.runUntilIdle()
        try engine.releaseLease()
    }
}

/// Writes `--once` decisions as they come: a million deals never sit in memory as one document.
/// JSON: exactly `{"at": …, "decisions": [{"action", "column", "deal", "due_at", "reason"}, …]}`.
final class DecisionPrinter {
    private let json: Bool
    private var buffer = Data()
    private var first = true
    private let encoder: JSONEncoder = {
        let encoder = JSONOutput.encoder
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    init(json: Bool, at: Date) {
        self.json = json
        if json {
            let at = (try? encoder.encode([at]))
                .map { String(decoding: $0.dropFirst().dropLast(), as: UTF8.self) } ?? "null"
            buffer.append(Data("{\n  \"at\" : \(at),\n  \"decisions\" : [".utf8))
        }
    }

    func add(_ decision: Decision) {
        if json {
            buffer.append(Data(((first ? "\n    " : ",\n    ")).utf8))
            buffer.append((try? encoder.encode(DecisionJSON(decision))) ?? Data("null".utf8))
        } else {
            let due = decision.dueAt.map(Timestamp.format) ?? "—"
            buffer.append(Data("\(decision.dealID)\t\(decision.columnID)\t\(decision.action.rawValue)\t\(decision.reason.rawValue)\t\(due)\n".utf8))
        }
        first = false
        if buffer.count >= 1 << 16 { flush() }
    }

    func finish() {
        if json { buffer.append(Data(((first ? "" : "\n  ") + "]\n}\n").utf8)) }
        flush()
    }

    private func flush() {
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

struct EnginePauseCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause", abstract: "Pause all sending (kept across restarts; a send under way finishes).")
    @OptionGroup var global: GlobalOptions

    func run(store: Store, output: Output) throws {
        try store.pauseSending(reason: .operator, detail: nil, at: Date())
        output.say(pt: "Envios pausados.", en: "Sending paused.")
    }
}

struct EngineResumeCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Resume sending (also after a pause caused by the channel or the AI).")
    @OptionGroup var global: GlobalOptions

    func run(store: Store, output: Output) throws {
        try store.resumeSending()
        output.say(pt: "Envios retomados.", en: "Sending resumed.")
    }
}

struct EngineStatusCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Who runs the engine, whether sending is paused, what is due and uncertain.")
    @OptionGroup var global: GlobalOptions
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        let now = Date()
        let engines = try store.runningEngines(at: now)
        let status = EngineStatusDocument(
            holder: engines.first.map(LeaseJSON.init), engines: engines.map(LeaseJSON.init), settings: try store.engineSettings(),
            nextDueAt: try store.nextDueAt(), dueNow: try store.dueCount(atOrBefore: now),
            uncertain: try store.unresolvedUncertainAttempts().map(\.id),
            boards: try store.boardFollowUps(at: now).map(BoardFollowUpJSON.init))
        if json { return try output.json(status) }
        let pt = output.lang == .pt
        if !status.engines.isEmpty {
            // Several engines of one number share the work (one line each, longest running first).
            for h in status.engines {
                output.line(pt ? "Motor: rodando no pid \(h.pid) em \(h.host) desde \(Timestamp.short(h.acquiredAt, pt: true))"
                               : "Engine: running in pid \(h.pid) on \(h.host) since \(Timestamp.short(h.acquiredAt, pt: false))")
            }
        } else {
            output.line(pt ? "Motor: parado" : "Engine: not running")
        }
        let s = status.settings
        if s.paused {
            let why = [s.pauseReason?.rawValue, s.pauseDetail].compactMap { $0 }.joined(separator: ": ")
            output.line((pt ? "Envios: pausados (" : "Sending: paused (") + why + ")")
        } else {
            output.line(pt ? "Envios: ativos" : "Sending: on")
        }
        // The engines of a database share one brake and one governor per number, over every board in it.
        output.line(pt ? "Os motores servem todos os quadros deste banco: a pausa (retoma engine pause) e os limites de envio do número valem para todos."
                       : "The engines serve every board in this database: the pause (retoma engine pause) and the number's sending limits cover them all.")
        output.line((pt ? "Vencidos agora: " : "Due now: ") + "\(status.dueNow)"
                    + (pt ? " · próximo vencimento: " : " · next due: ")
                    + (status.nextDueAt.map { Timestamp.short($0, pt: pt) } ?? "—"))
        for b in status.boards {
            let columns = pt ? (b.followUpColumns == 1 ? "1 coluna" : "\(b.followUpColumns) colunas")
                             : (b.followUpColumns == 1 ? "1 column" : "\(b.followUpColumns) columns")
            let next = b.nextDueAt.map { Timestamp.short($0, pt: pt) } ?? "—"
            output.line(pt ? "  Quadro \(b.id) \"\(b.name)\": follow-up em \(columns) · vencidos agora: \(b.dueNow) · próximo: \(next)"
                           : "  Board \(b.id) \"\(b.name)\": follow-up on in \(columns) · due now: \(b.dueNow) · next: \(next)")
        }
        if !status.uncertain.isEmpty {
            output.line((pt ? "Tentativas incertas (decida com `retoma attempt resend|done ID`): "
                            : "Uncertain attempts (decide with `retoma attempt resend|done ID`): ")
                        + status.uncertain.map(String.init).joined(separator: ", "))
        }
    }
}
