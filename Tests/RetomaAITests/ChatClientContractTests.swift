import Foundation
import LoopbackHTTPServer
import RetomaCore
import RetomaHTTP
import Testing
@testable import RetomaAI

@Suite("Chat completions contract (loopback server)")
struct ChatClientContractTests {
    let messages: [ChatMessage] = [.system("Vendedor cordial."), .user("Follow-up curto p/ Maria")]

    @Test func theExactRequest() throws {
        let server = try LoopbackHTTPServer { _ in .json(completionJSON("Oi Maria!")) }
        defer { server.stop() }
        _ = try makeClient(server).complete(messages, temperature: 0.7)

        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.target == "/v1/chat/completions")
        #expect(request.header("Authorization") == "Bearer sk-test-0123456789abcdefWXYZ")
        #expect(request.header("Content-Type") == "application/json")
        let body = try #require(request.json)
        #expect(Set(body.keys) == ["model", "messages", "temperature", "stream", "max_tokens"])
        #expect(body["model"] as? String == "gpt-4o-mini")
        #expect(body["temperature"] as? Double == 0.7)
        #expect(body["stream"] as? Bool == false)
        #expect(body["max_tokens"] as? Int == 150)
        let sent = try #require(body["messages"] as? [[String: String]])
        #expect(sent == [["role": "system", "content": "Vendedor cordial."],
                         ["role": "user", "content": "Follow-up curto p/ Maria"]])
        // Literal JSON: the boolean is a JSON boolean, not a number or a string.
        #expect(request.bodyText.contains(#""stream":false"#))
    }

    @Test func withoutAKeyNoAuthorizationAndTheOtherLengthParameter() throws {
        let server = try LoopbackHTTPServer { _ in .json(completionJSON("Oi Maria!")) }
        defer { server.stop() }
        _ = try makeClient(server, apiKey: nil, length: .maxCompletionTokens).complete(messages, temperature: 0.2)
        let request = try #require(server.requests.first)
        #expect(request.header("Authorization") == nil)
        let body = try #require(request.json)
        #expect(body["max_completion_tokens"] as? Int == 150)
        #expect(body["max_tokens"] == nil)
        #expect(body["temperature"] as? Double == 0.2)
    }

    @Test func theAnswerIsParsed() throws {
        let server = try LoopbackHTTPServer { _ in .json(completionJSON("Oi Maria! Tudo bem?")) }
        defer { server.stop() }
        let completion = try makeClient(server).complete(messages, temperature: 0.7)
        #expect(completion == ChatCompletion(content: "Oi Maria! Tudo bem?", model: "gpt-4o-mini-2024-07-18",
                                             usage: .init(promptTokens: 19, completionTokens: 10, totalTokens: 29),
                                             finishReason: "stop", refusal: nil))
    }

    @Test func aServerWithoutAModelNameGetsTheConfiguredOne() throws {
        let server = try LoopbackHTTPServer { _ in .json(#"{"choices":[{"message":{"role":"assistant","content":"Oi"}}]}"#) }
        defer { server.stop() }
        let completion = try makeClient(server).complete(messages, temperature: 0.7)
        #expect(completion.model == "gpt-4o-mini")
        #expect(completion.usage == nil)
    }

    @Test func retriesA429AfterRetryAfterSeconds() throws {
        let server = try LoopbackHTTPServer()
        server.script([.json(openAIError("Rate limit reached", type: "requests", code: "rate_limit_exceeded"),
                             status: 429, headers: [("Retry-After", "2")]),
                       .json(completionJSON("Oi Maria!"))])
        defer { server.stop() }
        let sleeper = SleepRecorder()
        let completion = try makeClient(server, sleeper: sleeper).complete(messages, temperature: 0.7)
        #expect(completion.content == "Oi Maria!")
        #expect(server.requests.count == 2)
        #expect(sleeper.recorded == [2])
    }

    @Test func retryAfterMsWinsOverRetryAfter() throws {
        let server = try LoopbackHTTPServer()
        server.script([.json("{}", status: 429, headers: [("retry-after-ms", "250"), ("Retry-After", "9")]),
                       .json(completionJSON("ok"))])
        defer { server.stop() }
        let sleeper = SleepRecorder()
        _ = try makeClient(server, sleeper: sleeper).complete(messages, temperature: 0.7)
        #expect(sleeper.recorded == [0.25])
    }

    @Test func retryAfterAsAnHTTPDateAndTheTwoMinuteCap() throws {
        let now = Date(timeIntervalSince1970: 1_775_000_000)
        let in30s = HTTPDateFormat.string(now.addingTimeInterval(30))
        let server = try LoopbackHTTPServer()
        server.script([.json("{}", status: 503, headers: [("Retry-After", in30s)]),
                       .json("{}", status: 429, headers: [("Retry-After", "3600")]),
                       .json(completionJSON("ok"))])
        defer { server.stop() }
        let sleeper = SleepRecorder()
        _ = try makeClient(server, sleeper: sleeper, now: now).complete(messages, temperature: 0.7)
        #expect(sleeper.recorded == [30, 120])
    }

    @Test func exponentialBackoffThenATransientErrorAfterTwoRetries() throws {
        let server = try LoopbackHTTPServer { _ in .json(openAIError("The server had an error", type: "server_error", code: nil), status: 500) }
        defer { server.stop() }
        let sleeper = SleepRecorder()
        do {
            _ = try makeClient(server, sleeper: sleeper).complete(messages, temperature: 0.7)
            Issue.record("expected an error")
        } catch let error as AIError {
            #expect(error == .transient("HTTP 500 (server_error): The server had an error (3 attempts)"))
            #expect(!error.pausesAISending)
            #expect(error.code == "ai_unavailable")
        }
        #expect(server.requests.count == 3)
        #expect(sleeper.recorded == [0.5, 1.0])
    }

    @Test func xShouldRetryOverridesTheStatus() throws {
        let server = try LoopbackHTTPServer()
        server.script([.json("{}", status: 400, headers: [("x-should-retry", "true")]),
                       .json("{}", status: 500, headers: [("x-should-retry", "false")])])
        defer { server.stop() }
        #expect(throws: AIError.transient("HTTP 500: {}")) {
            try makeClient(server).complete(messages, temperature: 0.7)
        }
        #expect(server.requests.count == 2)
    }

    @Test func a401IsPermanentNotRetriedAndNeverShowsTheKey() throws {
        let key = "sk-test-0123456789abcdefWXYZ"
        let server = try LoopbackHTTPServer { _ in
            .json(openAIError("Incorrect API key provided: \(key). You can find your API key at https://platform.openai.com/account/api-keys.",
                              type: "invalid_request_error", code: "invalid_api_key"), status: 401)
        }
        defer { server.stop() }
        do {
            _ = try makeClient(server, apiKey: key).complete(messages, temperature: 0.7)
            Issue.record("expected an error")
        } catch let error as AIError {
            guard case .permanent(let reason) = error else { Issue.record("got \(error)"); return }
            #expect(error.pausesAISending)
            #expect(error.code == "ai_paused")
            #expect(reason.hasPrefix("HTTP 401 (invalid_api_key): Incorrect API key provided: sk-…WXYZ."))
            #expect(reason.hasSuffix("check the API key (RETOMA_AI_API_KEY)"))
            for text in [reason, error.description, error.message(.pt), error.message(.en)] {
                #expect(!text.contains(key))
            }
            #expect(error.description.hasPrefix("AI paused: HTTP 401"))
            #expect(error.message(.pt).hasPrefix("IA pausada: HTTP 401"))
        }
        #expect(server.requests.count == 1)
    }

    @Test func insufficientQuotaIsPermanentEvenThoughItIsA429() throws {
        let server = try LoopbackHTTPServer { _ in
            .json(openAIError("You exceeded your current quota, please check your plan and billing details.",
                              type: "insufficient_quota", code: "insufficient_quota"),
                  status: 429, headers: [("Retry-After", "1")])
        }
        defer { server.stop() }
        let sleeper = SleepRecorder()
        #expect(throws: AIError.permanent("HTTP 429 (insufficient_quota): You exceeded your current quota, please check your plan and billing details. — the account has no quota left")) {
            try makeClient(server, sleeper: sleeper).complete(messages, temperature: 0.7)
        }
        #expect(server.requests.count == 1)
        #expect(sleeper.recorded.isEmpty)
    }

    @Test func ollamaStyleErrorsAreRead() throws {
        let server = try LoopbackHTTPServer { _ in .json(#"{"error":"model 'llama9' not found"}"#, status: 404) }
        defer { server.stop() }
        #expect(throws: AIError.permanent("HTTP 404: model 'llama9' not found — check the base URL (\(server.baseURL)/v1) and the model name (gpt-4o-mini)")) {
            try makeClient(server).complete(messages, temperature: 0.7)
        }
    }

    @Test func llamaCppNumericCodesAreRead() throws {
        let server = try LoopbackHTTPServer { _ in
            .json(#"{"error":{"code":400,"message":"the request exceeds the available context size","type":"exceed_context_size_error"}}"#, status: 400)
        }
        defer { server.stop() }
        #expect(throws: AIError.permanent("HTTP 400 (400): the request exceeds the available context size")) {
            try makeClient(server).complete(messages, temperature: 0.7)
        }
    }

    @Test func aTimeoutIsRetriedThenTransient() throws {
        let server = try LoopbackHTTPServer { _ in .json(completionJSON("late"), delay: 5) }
        defer { server.stop() }
        let sleeper = SleepRecorder()
        let started = Date()
        #expect(throws: AIError.transient("no answer from \(server.baseURL)/v1/chat/completions within 1 s (3 attempts)")) {
            try makeClient(server, timeout: 1, sleeper: sleeper).complete(messages, temperature: 0.7)
        }
        #expect(server.requests.count == 3)
        #expect(sleeper.recorded == [0.5, 1.0])
        #expect(Date().timeIntervalSince(started) < 4.5)
    }

    @Test func aClosedPortIsRetriedThenTransient() throws {
        let server = try LoopbackHTTPServer()
        server.stop()
        do {
            _ = try makeClient(server).complete(messages, temperature: 0.7)
            Issue.record("expected an error")
        } catch let error as AIError {
            guard case .transient(let reason) = error else { Issue.record("got \(error)"); return }
            #expect(reason.hasPrefix("cannot reach \(server.baseURL)/v1/chat/completions"))
            #expect(reason.hasSuffix("(3 attempts)"))
        }
    }

    @Test func aNonOpenAIAnswerIsPermanent() throws {
        let server = try LoopbackHTTPServer { _ in .text("<html>Welcome to nginx</html>") }
        defer { server.stop() }
        #expect(throws: AIError.permanent("\(server.baseURL)/v1/chat/completions did not answer as an OpenAI-compatible chat completion (HTTP 200: <html>Welcome to nginx</html>)")) {
            try makeClient(server).complete(messages, temperature: 0.7)
        }
    }

    @Test func aRedirectIsNotFollowedAndSaysWhere() throws {
        let server = try LoopbackHTTPServer { _ in .text("", status: 302, headers: [("Location", "https://example.invalid/v1/chat/completions")]) }
        defer { server.stop() }
        #expect(throws: AIError.permanent("HTTP 302 — the server redirects to https://example.invalid/v1/chat/completions; use that as the base URL")) {
            try makeClient(server).complete(messages, temperature: 0.7)
        }
        #expect(server.requests.count == 1)
    }

    @Test func noBaseURLIsRefused() {
        #expect(throws: AIError.permanent("no AI server configured (base URL and model are needed)")) {
            try ChatClient(config: AIConfig())
        }
    }
}

/// RFC 1123 dates for Retry-After fixtures.
enum HTTPDateFormat {
    static func string(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: date)
    }
}
