import Foundation
import RetomaCore
import RetomaHTTP

/// Something that answers a chat. Errors thrown are `AIError`.
public protocol ChatCompleting: Sendable {
    func complete(_ messages: [ChatMessage], temperature: Double) throws -> ChatCompletion
}

/// A client for `POST <baseURL>/chat/completions` on any OpenAI-compatible server (OpenAI, Ollama's /v1,
/// llama.cpp and llama-cpp-python servers, vLLM, OpenRouter). Blocking: call it off the UI thread.
/// Retries follow `RetryPolicy`; failures become `AIError.permanent` (pause AI sending) or `.transient`.
/// No message it produces contains the API key.
public struct ChatClient: ChatCompleting {
    public let baseURL: String
    public let model: String
    public let config: AIConfig
    private let transport: any HTTPTransport
    private let retry: RetryPolicy
    private let sleep: @Sendable (TimeInterval) -> Void
    private let now: @Sendable () -> Date

    /// Throws `AIError.permanent` when the configuration has no base URL or model (start the local model
    /// first, see `AIBackend`).
    public init(config: AIConfig, transport: any HTTPTransport = CurlHTTPClient(), retry: RetryPolicy = .standard,
                sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) },
                now: @escaping @Sendable () -> Date = { Date() }) throws {
        guard let baseURL = config.baseURL, let model = config.model else {
            throw AIError.permanent("no AI server configured (base URL and model are needed)")
        }
        self.baseURL = baseURL; self.model = model; self.config = config
        self.transport = transport; self.retry = retry; self.sleep = sleep; self.now = now
    }

    public var endpoint: String { baseURL + "/chat/completions" }
    /// The text-completions endpoint (`POST /v1/completions`), for base models that have no chat template.
    public var completionsEndpoint: String { baseURL + "/completions" }

    public func complete(_ messages: [ChatMessage], temperature: Double) throws -> ChatCompletion {
        try post(ChatWire.requestBody(model: model, messages: messages, temperature: temperature,
                                      lengthParameter: config.lengthParameter, maxTokens: config.maxTokens),
                 to: endpoint)
    }

    /// `POST <baseURL>/completions` (llama-cpp-python, llama.cpp, vLLM, OpenAI's legacy endpoint): the text
    /// the model writes after `prompt`, ended by a `stop` sequence (not included) or by `maxTokens`
    /// (the configured limit when nil). `content` holds `choices[0].text`. Same retries and errors as chat.
    public func complete(prompt: String, temperature: Double, stop: [String], maxTokens: Int? = nil,
                         seed: Int? = nil) throws -> ChatCompletion {
        try post(ChatWire.completionRequestBody(model: model, prompt: prompt, temperature: temperature, stop: stop,
                                                maxTokens: maxTokens ?? config.maxTokens, seed: seed),
                 to: completionsEndpoint)
    }

    private func post(_ body: Data, to endpoint: String) throws -> ChatCompletion {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "Accept": "application/json"]
        if let key = config.apiKey { headers.add("Authorization", "Bearer \(key)") }
        let request = HTTPRequest(
            method: .post, url: endpoint, headers: headers, body: body,
            timeout: TimeInterval(config.timeoutSeconds), connectTimeout: min(10, TimeInterval(config.timeoutSeconds)))

        var retriesDone = 0
        while true {
            let outcome: Outcome
            do {
                outcome = classify(try transport.send(request), endpoint: endpoint)
            } catch let error as HTTPError {
                outcome = classify(error, endpoint: endpoint)
            } catch {
                outcome = .fail(.transient(redact("\(error)")))
            }
            switch outcome {
            case .done(let completion):
                return completion
            case .fail(let error):
                throw error
            case .retry(let reason, let headers):
                guard retriesDone < retry.maxRetries else {
                    let attempts = retriesDone + 1
                    throw AIError.transient("\(reason) (\(attempts) \(attempts == 1 ? "attempt" : "attempts"))")
                }
                sleep(retry.delay(beforeRetry: retriesDone, headers: headers, now: now()))
                retriesDone += 1
            }
        }
    }

    private enum Outcome {
        case done(ChatCompletion)
        case retry(reason: String, headers: HTTPHeaders?)
        case fail(AIError)
    }

    private func classify(_ response: HTTPResponse, endpoint: String) -> Outcome {
        if (200..<300).contains(response.status) {
            guard var completion = ChatWire.completion(from: response.body) else {
                return .fail(.permanent(redact("\(endpoint) did not answer as an OpenAI-compatible "
                                               + (endpoint == self.endpoint ? "chat completion " : "completion ")
                                               + "(HTTP \(response.status): \(snippet(response.bodyText)))")))
            }
            if completion.model.isEmpty { completion.model = model }
            return .done(completion)
        }
        let error = ChatWire.error(from: response.body)
        let reason = describe(response, error)
        if error?.isInsufficientQuota == true { return .fail(.permanent(reason)) }
        if RetryPolicy.shouldRetry(status: response.status, headers: response.headers) {
            return .retry(reason: reason, headers: response.headers)
        }
        // Not retried: client errors need someone to fix the configuration; a server that said
        // "x-should-retry: false" on a 5xx may recover by itself later.
        return .fail(response.status >= 500 || response.status == 408 || response.status == 429
                     ? .transient(reason) : .permanent(reason))
    }

    private func classify(_ error: HTTPError, endpoint: String) -> Outcome {
        switch error {
        case .timeout:
            return .retry(reason: "no answer from \(endpoint) within \(config.timeoutSeconds) s", headers: nil)
        case .connectionFailed(let why):
            return .retry(reason: redact("cannot reach \(endpoint): \(why)"), headers: nil)
        case .invalidURL:
            return .fail(.permanent("invalid AI base URL \"\(baseURL)\""))
        case .tooLarge(let limit):
            return .fail(.transient("answer from \(endpoint) larger than \(limit) bytes"))
        case .other(let why):
            return .fail(.transient(redact("request to \(endpoint) failed: \(why)")))
        }
    }

    /// "HTTP 401 (invalid_api_key): Incorrect API key provided" with hints for the usual causes.
    private func describe(_ response: HTTPResponse, _ error: ChatWire.ErrorBody?) -> String {
        var text = "HTTP \(response.status)"
        if let code = error?.code ?? error?.type { text += " (\(code))" }
        if let message = error?.message, !message.isEmpty {
            text += ": " + snippet(message)
        } else if !response.body.isEmpty {
            text += ": " + snippet(response.bodyText)
        }
        switch response.status {
        case 401: text += " — check the API key (RETOMA_AI_API_KEY)"
        case 403: text += " — the key has no access to this model or endpoint"
        case 404: text += " — check the base URL (\(baseURL)) and the model name (\(model))"
        case 300..<400: text += response.headers["location"].map { " — the server redirects to \($0); use that as the base URL" } ?? ""
        default: break
        }
        if error?.isInsufficientQuota == true { text += " — the account has no quota left" }
        return redact(text)
    }

    private func snippet(_ text: String) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return oneLine.count > 300 ? oneLine.prefix(300) + "…" : oneLine
    }

    /// Servers sometimes echo the key back in error messages; never pass it on.
    private func redact(_ text: String) -> String {
        guard let key = config.apiKey, !key.isEmpty else { return text }
        return text.replacingOccurrences(of: key, with: AIConfig.redact(key))
    }
}
