import Foundation
import LoopbackHTTPServer
import RetomaCore
import RetomaHTTP
@testable import RetomaAI

/// A chat-completions body as OpenAI sends it.
func completionJSON(_ content: String, model: String = "gpt-4o-mini-2024-07-18") -> String {
    let escaped = String(decoding: try! JSONEncoder().encode(content), as: UTF8.self)
    return """
        {"id":"chatcmpl-B9MB","object":"chat.completion","created":1741569952,"model":"\(model)",\
        "choices":[{"index":0,"message":{"role":"assistant","content":\(escaped),"refusal":null},\
        "logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29}}
        """
}

func openAIError(_ message: String, type: String, code: String?) -> String {
    let c = code.map { "\"\($0)\"" } ?? "null"
    return #"{"error":{"message":"\#(message)","type":"\#(type)","param":null,"code":\#(c)}}"#
}

/// Records the waits the client asked for instead of sleeping.
final class SleepRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var waits: [TimeInterval] = []
    var recorded: [TimeInterval] { lock.withLock { waits } }
    var sleep: @Sendable (TimeInterval) -> Void { { t in self.lock.withLock { self.waits.append(t) } } }
}

/// A client for the loopback server with no jitter and recorded sleeps.
func makeClient(_ server: LoopbackHTTPServer, apiKey: String? = "sk-test-0123456789abcdefWXYZ",
                length: AIConfig.LengthParameter = .maxTokens, timeout: Int = 5,
                sleeper: SleepRecorder = SleepRecorder(), now: Date = Date()) throws -> ChatClient {
    let config = AIConfig(baseURL: server.baseURL + "/v1", model: "gpt-4o-mini", apiKey: apiKey,
                          timeoutSeconds: timeout, lengthParameter: length, maxTokens: 150, temperature: 0.7)
    return try ChatClient(config: config, retry: RetryPolicy(jitter: { 0 }), sleep: sleeper.sleep, now: { now })
}

extension RecordedRequest {
    /// `messages[i].content` of a chat-completions request body.
    func messageContent(_ i: Int) -> String? {
        ((json?["messages"] as? [[String: Any]])?[i])?["content"] as? String
    }

    var temperature: Double? { (json?["temperature"] as? NSNumber)?.doubleValue }
}

/// The same fixtures as the prompt tests: Maria's bakery website quote.
enum Fixtures {
    static let now = BrazilTime.date(2026, 4, 3, 17, 59)
    static let contact = Contact(id: 7, name: "Maria Souza", phone: "+5511987654321")
    static let deal = Deal(id: 42, columnID: 3, position: 0, title: "Site institucional", valueCents: 120_050,
                           contactID: 7, ticketClosed: false, createdAt: BrazilTime.date(2026, 3, 20, 9, 0))
    static let earlierFollowUp = "Oi Maria! Conseguiu dar uma olhada no orçamento?"

    static func message(_ id: Int64, _ author: MessageAuthor, _ text: String, _ at: Date) -> Message {
        Message(id: id, dealID: 42, author: author, text: text, at: at)
    }

    static let conversation: [Message] = [
        message(1, .customer, "Oi, vocês fazem site para padaria?", BrazilTime.date(2026, 3, 30, 10, 0)),
        message(2, .agent, "Fazemos sim! Segue o orçamento: R$ 1.200,50, entrega em 15 dias.", BrazilTime.date(2026, 3, 30, 10, 5)),
        message(3, .followup, earlierFollowUp, BrazilTime.date(2026, 4, 1, 9, 0)),
    ]

    static func context(messages: [Message] = conversation, instructions: String = "") -> FollowUpContext {
        var config = FollowUpConfig.off
        config.enabled = true
        config.instructions = instructions
        return FollowUpContext(contact: contact, deal: deal, columnName: "Aguardando resposta", config: config,
                               recentMessages: messages, followUpsSinceReply: 1, now: now)
    }
}
