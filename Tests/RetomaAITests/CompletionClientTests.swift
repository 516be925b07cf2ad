import Foundation
import LoopbackHTTPServer
import RetomaCore
import RetomaHTTP
import Testing
@testable import RetomaAI

/// A text completion as llama-cpp-python's server answers `POST /v1/completions` (`CreateCompletionResponse`).
func textCompletionJSON(_ text: String, finish: String = "stop", model: String = "gemma-3-270m") -> String {
    let escaped = String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    return """
        {"id":"cmpl-5d1b","object":"text_completion","created":1764601200,"model":"\(model)",\
        "choices":[{"text":\(escaped),"index":0,"logprobs":null,"finish_reason":"\(finish)"}],\
        "usage":{"prompt_tokens":812,"completion_tokens":31,"total_tokens":843}}
        """
}

@Suite("Text completions (loopback server)")
struct CompletionClientTests {
    @Test func theExactRequestAndItsAnswer() throws {
        let server = try LoopbackHTTPServer { _ in .json(textCompletionJSON(" Conseguiu olhar o orçamento?")) }
        defer { server.stop() }
        let completion = try makeClient(server).complete(prompt: "Mensagem: Oi, Maria!", temperature: 0.6,
                                                         stop: ["\n", "###"], maxTokens: 120, seed: 7)
        #expect(completion == ChatCompletion(content: " Conseguiu olhar o orçamento?", model: "gemma-3-270m",
                                             usage: .init(promptTokens: 812, completionTokens: 31, totalTokens: 843),
                                             finishReason: "stop"))
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.target == "/v1/completions")
        #expect(request.header("Authorization") == "Bearer sk-test-0123456789abcdefWXYZ")
        let body = try #require(request.json)
        #expect(Set(body.keys) == ["model", "prompt", "max_tokens", "temperature", "stop", "stream", "seed"])
        #expect(body["prompt"] as? String == "Mensagem: Oi, Maria!")
        #expect(body["stop"] as? [String] == ["\n", "###"])
        #expect(body["max_tokens"] as? Int == 120)
        #expect(body["temperature"] as? Double == 0.6)
        #expect(body["seed"] as? Int == 7)
        #expect(request.bodyText.contains(#""stream":false"#))
    }

    @Test func withoutASeedNoneIsSentAndTheConfiguredLengthApplies() throws {
        let server = try LoopbackHTTPServer { _ in .json(textCompletionJSON(" Tudo bem?")) }
        defer { server.stop() }
        _ = try makeClient(server).complete(prompt: "p", temperature: 0.7, stop: [], maxTokens: nil, seed: nil)
        let body = try #require(server.requests.first?.json)
        #expect(body["seed"] == nil)
        #expect(body["max_tokens"] as? Int == 150)
    }

    @Test func retriesAndErrorsAreTheChatClientsOwn() throws {
        let sleeper = SleepRecorder()
        let server = try LoopbackHTTPServer()
        server.script([.json("{}", status: 503, headers: [("Retry-After", "2")]), .json(textCompletionJSON(" Posso ajudar?"))])
        defer { server.stop() }
        let completion = try makeClient(server, sleeper: sleeper).complete(prompt: "p", temperature: 0.7, stop: [], maxTokens: 10, seed: nil)
        #expect(completion.content == " Posso ajudar?")
        #expect(sleeper.recorded == [2])
        #expect(server.requests.map(\.target) == ["/v1/completions", "/v1/completions"])

        let refusing = try LoopbackHTTPServer { _ in .json(openAIError("Incorrect API key provided: sk-test-0123456789abcdefWXYZ",
                                                                      type: "invalid_request_error", code: "invalid_api_key"), status: 401) }
        defer { refusing.stop() }
        do {
            _ = try makeClient(refusing).complete(prompt: "p", temperature: 0.7, stop: [], maxTokens: 10, seed: nil)
            Issue.record("expected an error")
        } catch let error as AIError {
            guard case .permanent(let why) = error else { Issue.record("\(error)"); return }
            #expect(why.hasPrefix("HTTP 401 (invalid_api_key)"))
            #expect(!why.contains("sk-test-0123456789abcdefWXYZ"))
        }
        #expect(refusing.requests.count == 1)
    }

    @Test func aChatAnswerOnTheCompletionsEndpointIsNotACompletionError() throws {
        let server = try LoopbackHTTPServer { _ in .json("<html>Welcome to nginx</html>") }
        defer { server.stop() }
        #expect(throws: AIError.permanent("\(server.baseURL)/v1/completions did not answer as an OpenAI-compatible completion (HTTP 200: <html>Welcome to nginx</html>)")) {
            try makeClient(server).complete(prompt: "p", temperature: 0.7, stop: [], maxTokens: 10, seed: nil)
        }
    }
}

@Suite struct CompletionDrafterTests {
    /// Answers from a script and keeps what it was asked.
    final class ScriptedText: TextCompleting, @unchecked Sendable {
        var replies: [String]
        var asked: [(prompt: String, temperature: Double, stop: [String], maxTokens: Int?)] = []
        init(_ replies: [String]) { self.replies = replies }
        func complete(prompt: String, temperature: Double, stop: [String], maxTokens: Int?, seed: Int?) throws -> ChatCompletion {
            asked.append((prompt, temperature, stop, maxTokens))
            return ChatCompletion(content: replies.isEmpty ? "" : replies.removeFirst(), model: "gemma-3-270m", finishReason: "stop")
        }
    }

    @Test func theDraftIsTheGreetingPlusWhatTheModelWrote() throws {
        let text = ScriptedText([" conseguiu avaliar o orçamento do site? Fico à disposição."])
        let drafter = CompletionDrafter(client: text, modelName: "gemma-3-270m")
        let completion = try drafter.draft(Fixtures.context(), hints: [], temperature: 0.8)
        #expect(completion.content == "Oi, Maria! Tudo bem? Você conseguiu avaliar o orçamento do site? Fico à disposição.")
        let asked = try #require(text.asked.first)
        #expect(asked.prompt == BaseModelPrompt.build(Fixtures.context()).prompt)
        #expect(asked.prompt.hasSuffix("Mensagem: Oi, Maria! Tudo bem? Você"))
        #expect(asked.stop == BaseModelPrompt.stop)
        #expect(asked.temperature == 0.8)
        // Room for a message that may be sent (200 characters), not for rambling on.
        #expect(asked.maxTokens == 64)
    }

    @Test func aQuoteClosedButNeverOpenedIsDropped() throws {
        let text = ScriptedText([" conseguiu avaliar o orçamento?\"", " viu o \"site\" pronto?"])
        let drafter = CompletionDrafter(client: text, modelName: "gemma-3-270m")
        #expect(try drafter.draft(Fixtures.context(), hints: [], temperature: 0.7).content == "Oi, Maria! Tudo bem? Você conseguiu avaliar o orçamento?")
        #expect(try drafter.draft(Fixtures.context(), hints: [], temperature: 0.7).content == "Oi, Maria! Tudo bem? Você viu o \"site\" pronto?")
    }

    @Test func anEmptyContinuationIsAnEmptyDraftNotALoneGreeting() throws {
        let text = ScriptedText(["  ", " achou tudo certo no orçamento do site? Posso ajudar em algo?"])
        let writer = FollowUpWriter(drafter: CompletionDrafter(client: text, modelName: "gemma-3-270m"), candidates: 2)
        let written = try writer.write(Fixtures.context(), earlierFollowUps: [])
        #expect(written.text == "Oi, Maria! Tudo bem? Você achou tudo certo no orçamento do site? Posso ajudar em algo?")
        #expect(written.attempts == 2)
        #expect(written.model == "gemma-3-270m")
    }
}
