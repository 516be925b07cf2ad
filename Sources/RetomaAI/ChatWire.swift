import Foundation
import RetomaCore

/// One answer from a chat-completions server.
public struct ChatCompletion: Sendable, Equatable {
    public struct Usage: Sendable, Equatable {
        public var promptTokens: Int
        public var completionTokens: Int
        public var totalTokens: Int
        public init(promptTokens: Int, completionTokens: Int, totalTokens: Int) {
            self.promptTokens = promptTokens; self.completionTokens = completionTokens; self.totalTokens = totalTokens
        }
    }

    /// `choices[0].message.content`; "" when the server sent none (for example with a refusal).
    public var content: String
    /// The model that answered, as the server names it.
    public var model: String
    public var usage: Usage?
    public var finishReason: String?
    public var refusal: String?

    public init(content: String, model: String, usage: Usage? = nil, finishReason: String? = nil, refusal: String? = nil) {
        self.content = content; self.model = model; self.usage = usage; self.finishReason = finishReason
        self.refusal = refusal
    }
}

/// The JSON of chat-completions requests, responses and errors (OpenAI's openapi.yaml; Ollama, llama.cpp).
enum ChatWire {
    static func requestBody(model: String, messages: [ChatMessage], temperature: Double,
                            lengthParameter: AIConfig.LengthParameter, maxTokens: Int) -> Data {
        let body = RequestBody(model: model, messages: messages, temperature: temperature,
                               lengthParameter: lengthParameter.rawValue, maxTokens: maxTokens)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Encoding strings, numbers and a fixed set of keys cannot fail.
        return (try? encoder.encode(body)) ?? Data()
    }

    private struct RequestBody: Encodable {
        let model: String
        let messages: [ChatMessage]
        let temperature: Double
        let lengthParameter: String
        let maxTokens: Int

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ s: String) { stringValue = s }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(model, forKey: Key("model"))
            try c.encode(messages, forKey: Key("messages"))
            try c.encode(temperature, forKey: Key("temperature"))
            try c.encode(false, forKey: Key("stream"))
            try c.encode(maxTokens, forKey: Key(lengthParameter))
        }
    }

    /// `POST /v1/completions` as llama-cpp-python's server documents it (`CreateCompletionRequest`): the
    /// prompt, `max_tokens`, `temperature`, `stop`, and `seed` when given.
    static func completionRequestBody(model: String, prompt: String, temperature: Double, stop: [String],
                                      maxTokens: Int, seed: Int?) -> Data {
        let body = CompletionBody(model: model, prompt: prompt, max_tokens: maxTokens, temperature: temperature,
                                  stop: stop, stream: false, seed: seed)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(body)) ?? Data()
    }

    private struct CompletionBody: Encodable {
        let model: String
        let prompt: String
        let max_tokens: Int
        let temperature: Double
        let stop: [String]
        let stream: Bool
        let seed: Int?
    }

    /// nil when the body is not a chat completion with at least one choice.
    static func completion(from data: Data) -> ChatCompletion? {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let choices = root["choices"] as? [[String: Any]], let first = choices.first else { return nil }
        let message = first["message"] as? [String: Any]
        guard message != nil || first["text"] != nil else { return nil }
        let content = (message?["content"] as? String) ?? (first["text"] as? String) ?? ""
        var usage: ChatCompletion.Usage?
        if let u = root["usage"] as? [String: Any] {
            usage = ChatCompletion.Usage(promptTokens: int(u["prompt_tokens"]), completionTokens: int(u["completion_tokens"]),
                                         totalTokens: int(u["total_tokens"]))
        }
        return ChatCompletion(content: content, model: (root["model"] as? String) ?? "", usage: usage,
                              finishReason: first["finish_reason"] as? String, refusal: message?["refusal"] as? String)
    }

    private static func int(_ any: Any?) -> Int { (any as? NSNumber)?.intValue ?? 0 }

    /// The parts of an error body: OpenAI's `{"error":{"message","type","param","code"}}` (code may be a
    /// number on llama.cpp) or Ollama's `{"error":"…"}`.
    struct ErrorBody: Equatable {
        var message: String?
        var type: String?
        var code: String?
        var param: String?

        var isInsufficientQuota: Bool { code == "insufficient_quota" || type == "insufficient_quota" }
    }

    static func error(from data: Data) -> ErrorBody? {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return nil }
        if let text = root["error"] as? String { return ErrorBody(message: text) }
        guard let e = root["error"] as? [String: Any] else { return nil }
        func text(_ key: String) -> String? {
            switch e[key] {
            case let s as String: s
            case let n as NSNumber: n.stringValue
            default: nil
            }
        }
        return ErrorBody(message: text("message"), type: text("type"), code: text("code"), param: text("param"))
    }
}
