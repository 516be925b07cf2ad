import Foundation
import RetomaCore

/// A follow-up ready to send (or to show in the dialog's "Prévia").
public struct WrittenFollowUp: Sendable, Equatable {
    public var text: String
    /// The model that wrote it, stored with the `followup` message.
    public var model: String
    /// Generations it took (1 when the first one was usable).
    public var attempts: Int

    public init(text: String, model: String, attempts: Int = 1) {
        self.text = text; self.model = model; self.attempts = attempts
    }
}

/// Writes one follow-up for a deal. The engine sends what it returns; the dialog's preview shows it.
/// Errors thrown are `AIError`.
public protocol FollowUpWriting: Sendable {
    func write(_ context: FollowUpContext, earlierFollowUps: [String]) throws -> WrittenFollowUp
}

/// Asks the drafter, cleans the reply (one cut off by the length limit keeps its complete sentences), and
/// refuses near-copies of earlier follow-ups: a reply that scores
/// at or above `Similarity.nearCopyThreshold` against any of them (or that cannot be used) is generated
/// again with a hint naming what to avoid and a higher temperature, up to `regenerations` more times;
/// then `AIError.duplicateGeneration` (or `.unusableReply`) is thrown and nothing is sent.
public struct FollowUpWriter: FollowUpWriting {
    public let drafter: any DraftGenerating
    public var temperature: Double
    public var temperatureStep: Double
    public var maxTemperature: Double
    public var regenerations: Int

    public init(drafter: any DraftGenerating, temperature: Double = 0.7, temperatureStep: Double = 0.2,
                maxTemperature: Double = 1.3, regenerations: Int = 2) {
        self.drafter = drafter; self.temperature = temperature; self.temperatureStep = temperatureStep
        self.maxTemperature = maxTemperature; self.regenerations = regenerations
    }

    /// The chat path (`ChatDrafter`) on any chat-completions server.
    public init(chat: any ChatCompleting, temperature: Double = 0.7, temperatureStep: Double = 0.2,
                maxTemperature: Double = 1.3, regenerations: Int = 2) {
        self.init(drafter: ChatDrafter(chat: chat), temperature: temperature, temperatureStep: temperatureStep,
                  maxTemperature: maxTemperature, regenerations: regenerations)
    }

    public func write(_ context: FollowUpContext, earlierFollowUps: [String]) throws -> WrittenFollowUp {
        // Follow-ups in the conversation count too, in case the caller's list missed some.
        let earlier = earlierFollowUps + context.recentMessages.filter { $0.author == .followup }.map(\.text)
        var hints: [FollowUpPrompt.Hint] = []
        var lastFailure: AIError = .unusableReply(.empty)
        let attempts = regenerations + 1
        for attempt in 0..<attempts {
            let heat = min(temperature + Double(attempt) * temperatureStep, max(maxTemperature, temperature))
            let completion = try drafter.draft(context, hints: hints, temperature: heat)
            var cleaned = FollowUpText.clean(completion.content)
            if completion.finishReason == "length", case .success(let text) = cleaned {
                cleaned = FollowUpText.completeSentences(text).map(FollowUpText.clean) ?? .failure(.truncated)
            }
            switch cleaned {
            case .failure(let problem):
                lastFailure = .unusableReply(problem)
                hints = [.unusable(problem)]
            case .success(let text):
                let closest = earlier.map { (text: $0, score: Similarity.score(text, $0)) }.max { $0.score < $1.score }
                if let closest, closest.score >= Similarity.nearCopyThreshold {
                    lastFailure = .duplicateGeneration(attempts: attempt + 1, similarity: closest.score)
                    hints = [.tooSimilar(to: closest.text)]
                } else {
                    return WrittenFollowUp(text: text, model: completion.model, attempts: attempt + 1)
                }
            }
        }
        if case .duplicateGeneration(_, let similarity) = lastFailure {
            throw AIError.duplicateGeneration(attempts: attempts, similarity: similarity)
        }
        throw lastFailure
    }
}
