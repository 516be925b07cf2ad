import Foundation
import LoopbackHTTPServer
import RetomaCore
import Testing
@testable import RetomaChannels

/// The Evolution API sender against a loopback server speaking integrations.md §2.
@Suite struct EvolutionChannelTests {
    func channel(_ server: LoopbackHTTPServer) -> EvolutionChannel {
        EvolutionChannel(config: EvolutionConfig(baseURL: server.baseURL, instance: "crm", apiKey: "evo-key-0123456789",
                                                 webhookSecret: "evolution-secret-0123456789", timeout: 5))
    }

    let message = OutgoingMessage(to: "+5511987654321", text: "Oi Maria!", idempotencyKey: "12-340-1")

    static let created = ScriptedResponse.json(#"{"key":{"remoteJid":"5511987654321@s.whatsapp.net","fromMe":true,"id":"3EB0C431C26A"},"pushName":"Você","status":"PENDING","message":{"conversation":"Oi Maria!"},"messageType":"conversation","messageTimestamp":1717689097,"instanceId":"ab12"}"#, status: 201)

    @Test func sendsTheExactRequestAndTreats201AsSuccess() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script([Self.created])
        let receipt = try channel(server).send(message)
        #expect(receipt == SendReceipt(channelMessageID: "3EB0C431C26A", status: .sent, recipientID: "+5511987654321"))
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.target == "/message/sendText/crm")
        #expect(request.header("apikey") == "evo-key-0123456789")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.bodyText == #"{"delay":1200,"number":"5511987654321","text":"Oi Maria!"}"#)
    }

    @Test func typingTakesLongerForLongerTextsWithinBounds() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let c = channel(server)
        #expect(c.typingDelay(for: "Oi") == 1200)
        #expect(c.typingDelay(for: String(repeating: "a", count: 50)) == 2000)
        #expect(c.typingDelay(for: String(repeating: "a", count: 500)) == 4000)
    }

    @Test func aNumberNotOnWhatsAppFailsForGood() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script([.json(#"{"status":400,"error":"Bad Request","response":{"message":[{"jid":"5511987654321@s.whatsapp.net","exists":false,"number":"5511987654321"}]}}"#, status: 400)])
        #expect(throws: ChannelError.permanent(reason: "not_on_whatsapp: +5511987654321 has no WhatsApp account")) {
            try channel(server).send(message)
        }
    }

    @Test func otherBadRequestsFailWithTheirWords() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script([.json(#"{"status":400,"error":"Bad Request","response":{"message":["text is required"]}}"#, status: 400)])
        #expect(throws: ChannelError.permanent(reason: "evolution_bad_request: text is required")) { try channel(server).send(message) }
    }

    @Test func aRefusedKeyOrAnUnknownInstancePausesTheChannel() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script([.json(#"{"status":401,"error":"Unauthorized","response":{"message":"Unauthorized"}}"#, status: 401),
                       .json(#"{"status":404,"error":"Not Found","response":{"message":["The \"crm\" instance does not exist"]}}"#, status: 404)])
        let c = channel(server)
        for _ in 0..<2 {
            do {
                _ = try c.send(message)
                Issue.record("expected a pause")
            } catch {
                guard case .pauseChannel(let reason) = error else { Issue.record("got \(error)"); continue }
                #expect(!reason.contains("evo-key-0123456789"))
            }
        }
    }

    @Test func serverErrorsMayHaveBeenSent() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script([.json(#"{"status":500,"error":"Internal Server Error","response":{"message":["Connection Closed"]}}"#, status: 500)])
        #expect(throws: ChannelError.outcomeUnknown(reason: "Evolution API: HTTP 500; it may have been sent")) { try channel(server).send(message) }
    }

    @Test func statusesMapToRetomas() {
        #expect(EvolutionChannel.status("PENDING") == .sent)
        #expect(EvolutionChannel.status("SERVER_ACK") == .sent)
        #expect(EvolutionChannel.status("DELIVERY_ACK") == .delivered)
        #expect(EvolutionChannel.status("READ") == .read)
        #expect(EvolutionChannel.status("PLAYED") == .read)
        #expect(EvolutionChannel.status("ERROR") == .failed)
    }
}
