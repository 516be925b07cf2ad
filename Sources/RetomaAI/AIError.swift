import Foundation
import RetomaCore

/// Why no follow-up text came back. `permanent` means retrying will not help until someone fixes the
/// configuration or the account: the engine pauses AI sending and shows the message.
public enum AIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Bad key, no access, unknown model or endpoint, exhausted quota, a bad request: pause AI sending.
    case permanent(String)
    /// Rate limits, server errors, timeouts, broken connections that outlasted the retries: try later.
    case transient(String)
    /// Every generation came out a near-copy of an earlier follow-up (similarity at or above 0.8).
    case duplicateGeneration(attempts: Int, similarity: Double)
    /// The model's replies could not be used as a message (empty, too long, a fill-in field left in).
    case unusableReply(FollowUpText.Problem)
    /// No draft passed the quality gate (`DraftGate`); the problems found, one per kind.
    case lowQuality([DraftProblem])

    /// Stable code for the ledger, the monitor and `--json` output.
    public var code: String {
        switch self {
        case .permanent: "ai_paused"
        case .transient: "ai_unavailable"
        case .duplicateGeneration: "duplicate_generation"
        case .unusableReply: "unusable_reply"
        case .lowQuality: "low_quality"
        }
    }

    public var pausesAISending: Bool {
        if case .permanent = self { return true }
        return false
    }

    public func message(_ lang: Lang) -> String {
        switch (self, lang) {
        case (.permanent(let why), .pt):
            "IA pausada: \(why). Corrija a configuração da IA e retome os envios."
        case (.permanent(let why), .en):
            "AI paused: \(why). Fix the AI configuration, then resume sending."
        case (.transient(let why), .pt):
            "IA indisponível no momento: \(why). Nova tentativa no próximo ciclo."
        case (.transient(let why), .en):
            "AI unavailable for now: \(why). It will be tried again later."
        case (.duplicateGeneration(let attempts, let similarity), .pt):
            "\(attempts) tentativas geraram textos quase iguais a follow-ups anteriores "
                + "(semelhança \(percent(similarity))); nada foi enviado."
        case (.duplicateGeneration(let attempts, let similarity), .en):
            "\(attempts) attempts all came out near-copies of earlier follow-ups "
                + "(similarity \(percent(similarity))); nothing was sent."
        case (.unusableReply(let problem), _):
            (lang == .pt ? "resposta da IA inutilizável: " : "unusable AI reply: ") + problem.message(lang)
        case (.lowQuality(let problems), _):
            (lang == .pt ? "nenhum rascunho passou no controle de qualidade (" : "no draft passed the quality check (")
                + problems.map { $0.message(lang) }.joined(separator: "; ")
                + (lang == .pt ? "); nada foi enviado." : "); nothing was sent.")
        }
    }

    public var description: String { message(.en) }

    private func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }
}
