import RetomaAI
import RetomaCore
import Synchronization

/// The AI shared by the preview and the engine: configured from the environment and config file,
/// started once on first use (the local model takes seconds to start) and stopped on exit.
final class AIService: Sendable {
    private enum State: Sendable { case idle, running(AIBackend), failed(String), stopped }
    private let state = Mutex<State>(.idle)
    private let lang: Lang

    init(lang: Lang) { self.lang = lang }

    /// Blocks while the backend starts; call it off the UI thread. A failed start is retried next time.
    func backend() throws -> AIBackend {
        try state.withLock { s in
            switch s {
            case let .running(b): return b
            case .stopped: throw AIError.permanent(lang == .pt ? "o programa está encerrando" : "shutting down")
            case .idle, .failed: break
            }
            do {
                let b = try AIBackend.start(config: try AIConfig.load())
                s = .running(b)
                return b
            } catch {
                s = .failed(describeAIError(error, lang))
                throw error
            }
        }
    }

    func stop() {
        state.withLock { s in
            if case let .running(b) = s { b.stop() }
            s = .stopped
        }
    }
}

/// An AI or local-model failure in the user's words; never includes a key.
func describeAIError(_ error: any Error, _ lang: Lang) -> String {
    if let e = error as? AIError { return e.message(lang) }
    return String(describing: error)
}
