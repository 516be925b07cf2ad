import Foundation
import RetomaCore

/// Asks a model for one draft of a follow-up: builds the prompt the model needs and returns its raw answer.
/// `FollowUpWriter` cleans, checks and regenerates; a drafter only knows how to ask. Errors thrown are `AIError`.
public protocol DraftGenerating: Sendable {
    func draft(_ context: FollowUpContext, hints: [FollowUpPrompt.Hint], temperature: Double) throws -> ChatCompletion
    /// The model asked, as configured (the answer's own `model` may name it differently).
    var modelName: String { get }
}

/// The chat path: `FollowUpPrompt`'s system and user messages sent to a chat-completions server. Every
/// configured provider and instruction-tuned local models use it.
public struct ChatDrafter: DraftGenerating {
    public let chat: any ChatCompleting
    public let modelName: String

    public init(chat: any ChatCompleting, modelName: String = "") {
        self.chat = chat; self.modelName = modelName
    }

    public init(client: ChatClient) {
        self.init(chat: client, modelName: client.model)
    }

    public func draft(_ context: FollowUpContext, hints: [FollowUpPrompt.Hint], temperature: Double) throws -> ChatCompletion {
        try chat.complete(FollowUpPrompt.build(context, hints: hints), temperature: temperature)
    }
}

/// Something that continues a text (a completions endpoint). Errors thrown are `AIError`.
public protocol TextCompleting: Sendable {
    func complete(prompt: String, temperature: Double, stop: [String], maxTokens: Int?, seed: Int?) throws -> ChatCompletion
}

extension ChatClient: TextCompleting {}

/// The base-model path: `BaseModelPrompt` continued on a completions endpoint. The prompt already holds
/// the greeting (`lead`), so the draft is the greeting plus what the model wrote after it.
public struct CompletionDrafter: DraftGenerating {
    public let client: any TextCompleting
    public let modelName: String
    /// Tokens the model may write after the lead. A follow-up that may be sent is at most 200 characters
    /// (`DraftFit.maxSendingCharacters`), about 50 of Gemma's tokens; more is a draft rambling on, and each
    /// token costs time.
    public var maxTokens: Int
    /// The writer's first temperature for a base model (`AIBackend`).
    public static let firstTemperature = 0.5

    public init(client: any TextCompleting, modelName: String, maxTokens: Int = 64) {
        self.client = client; self.modelName = modelName; self.maxTokens = maxTokens
    }

    public func draft(_ context: FollowUpContext, hints: [FollowUpPrompt.Hint], temperature: Double) throws -> ChatCompletion {
        let built = BaseModelPrompt.build(context, hints: hints)
        var completion = try client.complete(prompt: built.prompt, temperature: temperature, stop: built.stop,
                                             maxTokens: maxTokens, seed: nil)
        var rest = completion.content.trimmingCharacters(in: .whitespaces)
        // The samples quote the conversation, so the model sometimes closes a quote it never opened.
        if rest.hasSuffix("\""), rest.filter({ $0 == "\"" }).count == 1 { rest = String(rest.dropLast()) }
        // An empty continuation is an empty draft, not a lone greeting.
        completion.content = rest.isEmpty ? "" : built.lead + " " + rest
        return completion
    }
}
