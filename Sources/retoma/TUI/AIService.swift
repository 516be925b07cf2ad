import Foundation
import RetomaAI
import RetomaCore
import Synchronization

/// The AI shared by the preview and the embedded engine: configured like `retoma engine` (WriterSetup),
/// started once on first use — the local model takes seconds — and stopped on exit.
final class AIService: Sendable {
    private enum State: Sendable { case idle, starting, running(AIBackend), stopped }
    private let state = Mutex<State>(.idle)
    /// The board's language: the words of a setup failure that pauses AI sending.
    let lang: Lang

    init(lang: Lang) { self.lang = lang }

    /// Blocks while the backend starts; call it off the UI thread. A failed start is tried again next time.
    /// The lock is never held while starting, so `stop()` (quitting) never waits for the local model.
    func backend() throws -> AIBackend {
        while true {
            let next: State = state.withLock { s in
                if case .idle = s { s = .starting; return .idle }
                return s
            }
            switch next {
            case let .running(b): return b
            case .stopped: throw SetupError(pt: "o programa está encerrando", en: "shutting down")
            case .starting:
                usleep(50_000)   // another thread is starting it; look again shortly
                continue
            case .idle:
                break
            }
            do {
                let b = try WriterSetup.start(environment: ProcessInfo.processInfo.environment, lang: lang, announceLocalModel: nil)
                let keep = state.withLock { s -> Bool in
                    if case .stopped = s { return false }
                    s = .running(b)
                    return true
                }
                if !keep { b.stop(); throw SetupError(pt: "o programa está encerrando", en: "shutting down") }
                return b
            } catch {
                state.withLock { s in if case .starting = s { s = .idle } }
                throw error
            }
        }
    }

    func stop() {
        let running: AIBackend? = state.withLock { s in
            defer { s = .stopped }
            if case let .running(b) = s { return b }
            return nil
        }
        running?.stop()
    }
}

/// The engine's writer, starting the AI only when the first follow-up is due.
struct LazyWriter: FollowUpWriting {
    let ai: AIService
    func write(_ context: FollowUpContext, earlierFollowUps: [String]) throws -> WrittenFollowUp {
        let backend: AIBackend
        do {
            backend = try ai.backend()
        } catch let e as SetupError {
            // Missing or broken AI settings need a person: pause AI sending with the reason, in the board's words.
            throw AIError.permanent(e.message(ai.lang))
        }
        return try backend.writer.write(context, earlierFollowUps: earlierFollowUps)
    }
}

/// An AI, setup or local-model failure in the user's words; never includes a key.
func describeAIError(_ error: any Error, _ lang: Lang) -> String {
    if let e = error as? AIError { return e.message(lang) }
    if let e = error as? SetupError { return e.message(lang) }
    return String(describing: error)
}
