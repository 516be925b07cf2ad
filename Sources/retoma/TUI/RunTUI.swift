import Foundation
import RetomaApp
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaStore
import TerminalCurses
import TUIKit

/// What the interactive board needs from the command line.
struct TUIOptions: Sendable {
    var dbPath: String
    var lang: Lang
    var themeName: String?
    /// The database file did not exist before this run (offer the demo board).
    var freshDatabase: Bool
    /// Run the follow-up engine inside the board (off with --no-engine).
    var runEngine = true
    /// The board to open (`--board`, already checked); nil for the default one.
    var boardID: Int64?
}

/// Opens the board in the terminal. Returns the process exit code.
func runTUI(store: Store, options: TUIOptions) -> Int32 {
    MainActor.assumeIsolated {
        if let problem = CursesTerminal.checkTTY() {
            FileHandle.standardError.write(Data((problem + "\n").utf8))
            return 2
        }
        return MainLoop(store: store, options: options).run()
    }
}

/// The UI thread: read a key, update, draw, drain the mailbox. Only this code touches the terminal.
@MainActor
private final class MainLoop {
    let store: Store
    let options: TUIOptions
    let mailbox = Mailbox<Msg>()
    let runner: EffectRunner
    let ai: AIService
    let trace = FrameTrace.fromEnvironment()

    init(store: Store, options: TUIOptions) {
        self.store = store; self.options = options
        ai = AIService(lang: options.lang)
        runner = EffectRunner(store: store, mailbox: mailbox, lang: options.lang, ai: ai)
    }

    func run() -> Int32 {
        TerminalSignals.install()
        let env = ProcessInfo.processInfo.environment
        let noColor = !(env["NO_COLOR"] ?? "").isEmpty
        let loaded = ThemeLoader.load(options.themeName)
        let term = CursesTerminal(useColor: !noColor)
        defer { term.shutdown() }
        let theme = loaded.theme.adapted(toColors: term.colorCount, environment: env)

        let engine = options.runEngine ? EngineBridge.start(store: store, ai: ai, mailbox: mailbox, lang: options.lang) : nil
        // Customer replies of the Cloud and Evolution channels are recorded while the board is open, even with no
        // engine running here (the webhook's log: $XDG_STATE_HOME/retoma/webhook.log). A reply wakes the engine
        // (its planned attempts were cancelled in the same transaction) and shows on screen at once.
        var channelProblem: String?
        var webhook: WebhookListener?
        do {
            let configuration = try ChannelSetup.configuration(environment: env)
            let log = LineLog(path: LineLog.defaultPath("webhook.log", environment: env))
            let box = mailbox
            webhook = ChannelSetup.startWebhook(configuration, store: store,
                                                onCustomerMessage: { dealID in engine?.wake(); box.post(.externalChange(dealID: dealID)) },
                                                onOtherChange: { box.post(.externalChange(dealID: nil)) },
                                                log: { log.write($0) })
        } catch {
            channelProblem = error.message(options.lang)
        }
        defer { webhook?.stop() }

        var state = AppState(lang: options.lang, size: term.size, now: Date(),
                             initialStatus: (loaded.warning ?? channelProblem).map { .init($0, .error) })
        state.operatorName = store.operatorName
        var dirty = true
        var lastTick = Date()
        var keyStart: UInt64?

        func apply(_ msg: Msg) {
            for effect in update(&state, msg) where effect != .quit { runner.run(effect) }
            dirty = true
        }

        runner.afterWrite = { engine?.wake() }
        // `--board` wins; else the board this database was last shown on (a deleted one falls back to the oldest).
        let lastBoard = LastBoard(database: options.dbPath)
        runner.lastBoard = lastBoard
        runner.boardID = options.boardID ?? lastBoard.read()
        if let chosen = options.boardID { lastBoard.remember(chosen) }
        runner.engine = engine
        var lastFigures = Date.distantPast, lastWatch = Date.distantPast
        // On PostgreSQL others' commits are pushed (LISTEN/NOTIFY) and counted in this process: looking five times
        // a second asks the database nothing and keeps a change under 1 s. SQLite's data_version is a read: once a second.
        let watchEvery: TimeInterval = store.dataVersionIsLocal ? 0.2 : 1
        runner.run(.loadBoard(focusDeal: nil))
        SyntheticEvents.startIfAsked(mailbox)
        while !state.quitRequested && !TerminalSignals.stopRequested {
            // Read before draining: an effect that finishes after this has posted its answer by then.
            let effectsRunning = runner.busy
            for msg in mailbox.drain() { trace?.noting(msg); apply(msg) }
            if dirty {
                term.present(view(state, theme: theme))
                dirty = false
                trace?.framePresented(keyStart: keyStart, boardReady: state.board != nil)
                keyStart = nil
            }
            if Date().timeIntervalSince(lastFigures) >= 1 {
                lastFigures = Date()
                if engine != nil { runner.refreshFigures() }
            }
            if Date().timeIntervalSince(lastWatch) >= watchEvery {
                lastWatch = Date()
                runner.watchOtherWrites()
            }
            guard let key = term.nextKey(timeoutMs: effectsRunning ? 2 : 50) else {
                let now = Date()
                if now.timeIntervalSince(lastTick) >= 30 { lastTick = now; apply(.tick(now)) }
                continue
            }
            keyStart = DispatchTime.now().uptimeNanoseconds
            if key == .resize { apply(.resize(term.size)) } else { apply(.key(key)) }
        }
        runner.finish()
        // An in-flight send finishes and is recorded; one cut short shows as uncertain at the next start.
        _ = engine?.stop(waitingUpTo: 5)
        ai.stop()
        trace?.finish()
        // Stopped by a signal: say so in the exit status, as a shell expects (128 + signal).
        if TerminalSignals.stopRequested, let signal = TerminalSignals.lastSignal { return 128 + signal }
        return 0
    }
}
