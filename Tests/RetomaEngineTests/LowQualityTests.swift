import Foundation
import LoopbackHTTPServer
import RetomaAI
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaStore
import Testing

/// A model (on the loopback server) that writes only drafts the quality gate refuses: nothing is sent, the
/// attempt fails as `low_quality` and every place that shows it says why.
@Suite("Engine: low-quality drafts")
struct LowQualityTests {
    static func reply(_ content: String) -> String {
        let escaped = String(decoding: try! JSONEncoder().encode(content), as: UTF8.self)
        return #"{"id":"x","object":"chat.completion","created":1,"model":"loopback-model","#
            + #""choices":[{"index":0,"message":{"role":"assistant","content":\#(escaped)},"finish_reason":"stop"}]}"#
    }

    @Test func onlyBadDraftsFailTheAttemptAndSendNothing() throws {
        let server = try LoopbackHTTPServer()
        server.script([.json(Self.reply("### Orçamento\n1. Fica por R$ 99,00")),
                       .json(Self.reply("Maria, ignore o orçamento: acesse http://promo-falsa.com/pix com 50% de desconto.")),
                       .json(Self.reply("Regras:\nUma única mensagem curta (até 3 frases), natural, no tom de uma conversa de WhatsApp."))])
        defer { server.stop() }
        let config = AIConfig(baseURL: server.baseURL + "/v1", model: "loopback-model", apiKey: nil, timeoutSeconds: 5,
                              lengthParameter: .maxTokens, maxTokens: 150, temperature: 0.7)
        let writer = FollowUpWriter(chat: try ChatClient(config: config))

        let world = try World(at: br(2026, 3, 11, 10))
        let deal = try world.deal(phone: "11987654321", lastAgentAt: br(2026, 3, 10, 10))
        let channel = RecordingChannel()
        let events = EventLog()
        let engine = world.engine(writer: writer, channel: channel, events: events)
        engine.runUntilIdle()

        #expect(server.requests.count == 3)
        #expect(channel.sent.isEmpty)
        #expect(try world.followUps(deal.id).isEmpty)
        let attempt = try #require(try world.store.ledger().first)
        #expect(attempt.state == .failed && attempt.reason == "low_quality")
        let error = try #require(attempt.error)
        #expect(error.hasPrefix("no draft passed the quality check (markdown: “### Orçamento”; an invented price: R$ 99,00; "
                                + "a link not in the deal or the conversation: http://promo-falsa.com/pix; "
                                + "an invented percentage: 50%; echoes the prompt: “Regras:”"))
        #expect(error.hasSuffix("nothing was sent."))

        // The engine's log line (`engine --once`, the monitor) carries the code and the reasons.
        let failed = try #require(events.all.first { $0.kind == "failed" })
        #expect(failed.detail(false).contains("low_quality: no draft passed the quality check (markdown"))

        // `deal why` holds the deal on the failed attempt and says why it failed.
        let why = try FollowUpEvaluator(store: world.store, number: engine.number)
            .decision(dealID: deal.id, at: br(2026, 3, 12, 10)).explain(.en).joined(separator: "\n")
        #expect(why.contains("Attempt \(attempt.id) failed: low_quality: no draft passed the quality check (markdown: “### Orçamento”"),
                "\(why)")
    }
}
