import Foundation
import RetomaAI
import RetomaCore
import Synchronization

/// The AI shared by the preview and the embedded engine: configured like `retoma engine` (WriterSetup),
/// started once on first use — the local model takes seconds — and stopped on exit.
final class AIService: Sendable {
    private enum State: Sendable { case idle, running(AIBackend), stopped }
    private let state = Mutex<State>(.idle)
    private let lang: Lang

    init(lang: Lang) { self.lang = lang }

    /// Blocks while the backend starts; call it off the UI thread. A failed start is tried again next time.
    func backend() throws -> AIBackend {
        try state.withLock { s in
            switch s {
            case let .running(b): return b
            case .stopped: throw SetupError(pt: "o programa está encerrando", en: "shutting down")
            case .idle: break
            }
            let b = try WriterSetup.start(environment: ProcessInfo.processInfo.environment, lang: lang, announceLocalModel: nil)
            s = .running(b)
            return b
        }
    }

    func stop() {
        state.withLock { s in
            if case let .running(b) = s { b.stop() }
            s = .stopped
        }
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
            // Missing or broken AI settings need a person: pause AI sending with the reason.
            throw AIError.permanent(e.message(.pt))
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
