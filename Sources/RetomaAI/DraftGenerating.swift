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
