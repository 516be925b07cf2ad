import Foundation
import RetomaCore

/// A follow-up ready to send (or to show in the dialog's "Prévia").
public struct WrittenFollowUp: Sendable, Equatable {
    public var text: String
    /// The model that wrote it, stored with the `followup` message.
    public var model: String
    /// Drafts generated for it (best of N: all of them, whichever was kept).
    public var attempts: Int
    /// `DraftFit.score` of the kept draft, 0…1.
    public var fit: Double
    /// Why each of the other drafts was refused (the gate's problems, one list per refused draft).
    public var rejected: [[DraftProblem]]

    public init(text: String, model: String, attempts: Int = 1, fit: Double = 1, rejected: [[DraftProblem]] = []) {
        self.text = text; self.model = model; self.attempts = attempts; self.fit = fit; self.rejected = rejected
    }
}

/// Writes one follow-up for a deal. The engine sends what it returns; the dialog's preview shows it.
/// Errors thrown are `AIError`.
public protocol FollowUpWriting: Sendable {
    func write(_ context: FollowUpContext, earlierFollowUps: [String]) throws -> WrittenFollowUp
}

/// Best of N: asks the drafter for `candidates` drafts, each a little hotter than the one before (up to
/// `maxTemperature`), cleans each reply (one cut off by the length limit keeps its complete sentences), runs
/// `DraftGate.check` on it, holds one that lacks `DraftFit.requiredForSending`, and keeps the passing draft with
/// the highest `DraftFit.score` (the earliest on a tie). A refused draft gives the next one a hint: the earlier follow-up it came too close to, or why it could
/// not be used. With `acceptFit` set, best of N stops at the first passing draft that reaches it (`candidates`
/// stays the upper bound).
///
/// When none passes, nothing is sent and the error says why: `.duplicateGeneration` when every draft that
/// reached the gate was refused only as a near-copy (the model keeps repeating itself), `.unusableReply` when no
/// reply could even be cleaned, and `.lowQuality` with the gate's problems otherwise. A transient error after a
/// draft already passed keeps that draft; any other error is thrown as it is.
public struct FollowUpWriter: FollowUpWriting {
    /// Drafts per follow-up: at least one; more than ten only costs time (and money on a paid provider).
    public static let candidateRange = 1...10

    public let drafter: any DraftGenerating
    public var temperature: Double
    public var temperatureStep: Double
    public var maxTemperature: Double
    public let candidates: Int
    /// Stop at the first draft that passes the gate and the minimum fit with at least this `DraftFit.score`; nil
    /// writes all `candidates`. Set for the local model, whose every draft costs the machine's two cores; a
    /// paid provider's best of N stays as it was.
    public var acceptFit: Double?

    /// Every draft that may be sent scores at least 0.85 (name, subject, closing, brevity); 0.9 also asks that it
    /// be no closer than about a third to an earlier follow-up, or the next candidates may find a fresher one.
    public static let localAcceptFit = 0.9

    /// `candidates` outside `candidateRange` is brought to its nearest end.
    public init(drafter: any DraftGenerating, temperature: Double = 0.7, temperatureStep: Double = 0.2,
                maxTemperature: Double = 1.3, candidates: Int = 3, acceptFit: Double? = nil) {
        self.drafter = drafter; self.temperature = temperature; self.temperatureStep = temperatureStep
        self.maxTemperature = maxTemperature; self.acceptFit = acceptFit
        self.candidates = min(max(candidates, Self.candidateRange.lowerBound), Self.candidateRange.upperBound)
    }

    /// The chat path (`ChatDrafter`) on any chat-completions server.
    public init(chat: any ChatCompleting, temperature: Double = 0.7, temperatureStep: Double = 0.2,
                maxTemperature: Double = 1.3, candidates: Int = 3) {
        self.init(drafter: ChatDrafter(chat: chat), temperature: temperature, temperatureStep: temperatureStep,
                  maxTemperature: maxTemperature, candidates: candidates)
    }

    public func write(_ context: FollowUpContext, earlierFollowUps: [String]) throws -> WrittenFollowUp {
        // Follow-ups in the conversation count too, in case the caller's list missed some.
        let earlier = earlierFollowUps + context.recentMessages.filter { $0.author == .followup }.map(\.text)
        // What the gate reads from the context is the same for every draft of this follow-up.
        let gate = DraftGate.Prepared(context)
        var hints: [FollowUpPrompt.Hint] = []
        var best: (text: String, model: String, fit: Double)?
        var rejected: [[DraftProblem]] = []
        var unusable: FollowUpText.Problem?
        var closestCopy = 0.0
        var generated = 0
        for candidate in 0..<candidates {
            let heat = min(temperature + Double(candidate) * temperatureStep, max(maxTemperature, temperature))
            let completion: ChatCompletion
            do {
                completion = try drafter.draft(context, hints: hints, temperature: heat)
            } catch AIError.transient(let why) {
                if best != nil { break }
                throw AIError.transient(why)
            }
            generated += 1
            var cleaned = FollowUpText.clean(completion.content)
            if completion.finishReason == "length", case .success(let text) = cleaned {
                cleaned = FollowUpText.completeSentences(text).map(FollowUpText.clean) ?? .failure(.truncated)
            }
            let text: String
            switch cleaned {
            case .failure(let problem):
                unusable = problem
                hints = [.unusable(problem)]
                continue
            case .success(let t): text = t
            }
            let problems = gate.check(text, earlier: earlier)
            guard problems.isEmpty else {
                rejected.append(problems)
                for case .nearCopy(let similarity) in problems { closestCopy = max(closestCopy, similarity) }
                if problems.contains(where: { $0.code == "near_copy" }),
                   let closest = earlier.max(by: { Similarity.score(text, $0) < Similarity.score(text, $1) }) {
                    hints = [.tooSimilar(to: closest)]
                }
                continue
            }
            // Passing the gate is not enough: a draft without the contact's name, the deal's subject or a closing
            // question or offer is held like a refused one.
            let missing = DraftFit.missing(text, context: context)
            guard missing.isEmpty else {
                rejected.append([.poorFit(missing: missing)])
                continue
            }
            let fit = DraftFit.score(text, context: context, earlier: earlier)
            if best == nil || fit > best!.fit { best = (text, completion.model, fit) }
            if let acceptFit, fit >= acceptFit { break }
        }
        if let best {
            return WrittenFollowUp(text: best.text, model: best.model, attempts: generated, fit: best.fit,
                                   rejected: rejected)
        }
        if rejected.isEmpty { throw AIError.unusableReply(unusable ?? .empty) }
        if rejected.allSatisfy({ $0.allSatisfy { $0.code == "near_copy" } }) {
            throw AIError.duplicateGeneration(attempts: generated, similarity: closestCopy)
        }
        // One problem per kind, in the order first met.
        var seen = Set<String>()
        throw AIError.lowQuality(rejected.flatMap { $0 }.filter { seen.insert($0.code).inserted })
    }
}
