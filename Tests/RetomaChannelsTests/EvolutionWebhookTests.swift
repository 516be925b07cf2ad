import Foundation
import RetomaCore
import RetomaHTTP
import RetomaStore
import Testing
@testable import RetomaChannels

/// Evolution API's `messages.upsert` webhook over real HTTP, recording into a real store.
@Suite(.serialized) struct EvolutionWebhookTests {
    let scratch: Scratch
    let store: Store
    let recorder = Recorder()
    static let secret = "evolution-secret-0123456789"

    init() throws {
        scratch = try Scratch()
        store = try scratch.store()
    }

    func upsert(_ key: String, message: String = #"{"conversation":"Sim, vi!"}"#, instance: String = "crm") -> Data {
        Data(#"{"event":"messages.upsert","instance":"\#(instance)","data":{"key":\#(key),"pushName":"Maria","status":"DELIVERY_ACK","message":\#(message),"messageType":"conversation","messageTimestamp":1773143000},"destination":"http://127.0.0.1/webhooks/evolution","date_time":"2026-03-10T09:00:00.000Z","sender":"5511912345678@s.whatsapp.net","server_url":"http://localhost:8080","apikey":null}"#.utf8)
    }

    func post(_ hook: LiveWebhook, _ body: Data, secret: String? = EvolutionWebhookTests.secret) async throws -> HTTPResponse {
        var headers: HTTPHeaders = [:]
        if let secret { headers.set(WebhookSettings.evolutionSecretHeader, secret) }
        return try await hook.post(WebhookSettings.evolutionPath, body: body, headers: headers)
    }

    func replies(_ dealID: Int64) throws -> [String] {
        try store.dealDetail(id: dealID).messages.filter { $0.author == .customer }.map(\.text)
    }

    @Test func aCustomerReplyIsRecordedWithTheNinthDigitRestored() async throws {
        // Evolution drops the 9 for DDD ≥ 31; the contact was saved with it.
        let deal = try seededDeal(store, phone: "+55 31 98765-4321")
        let hook = try await LiveWebhook(settings: evolutionSettings, sink: .store(store, recorder), recorder: recorder)
        defer { hook.listener.stop() }
        let response = try await post(hook, upsert(#"{"remoteJid":"553187654321@s.whatsapp.net","fromMe":false,"id":"3A5F"}"#))
        #expect(response.status == 200)
        #expect(try replies(deal.id) == ["Sim, vi!"])
        #expect(recorder.woken == [deal.id])
        // Delivered again (Evolution retries): once.
        #expect(try await post(hook, upsert(#"{"remoteJid":"553187654321@s.whatsapp.net","fromMe":false,"id":"3A5F"}"#)).status == 200)
        #expect(try replies(deal.id) == ["Sim, vi!"])
    }

    @Test func ourPhonesMessagesAreOursAndGroupAndBroadcastMessagesAreIgnored() async throws {
        let deal = try seededDeal(store, phone: "+55 31 98765-4321")
        let hook = try await LiveWebhook(settings: evolutionSettings, sink: .store(store, recorder), recorder: recorder)
        defer { hook.listener.stop() }
        #expect(try await post(hook, upsert(#"{"remoteJid":"553187654321@s.whatsapp.net","fromMe":true,"id":"E1"}"#)).status == 200)
        #expect(try await post(hook, upsert(#"{"remoteJid":"120363025246125486@g.us","fromMe":false,"id":"E2","participant":"553187654321@s.whatsapp.net"}"#)).status == 200)
        #expect(try await post(hook, upsert(#"{"remoteJid":"120363025246125486@g.us","fromMe":true,"id":"E4"}"#)).status == 200)
        #expect(try await post(hook, upsert(#"{"remoteJid":"status@broadcast","fromMe":false,"id":"E3"}"#)).status == 200)
        // Typed on the linked phone: the deal's agent message from the phone, never a reply.
        #expect(try replies(deal.id).isEmpty)
        let ours = try #require(try store.dealDetail(id: deal.id).messages.last)
        #expect(ours.author == .agent && ours.origin == .phone && ours.channelMessageID == "E1" && ours.text == "Sim, vi!")
        #expect(recorder.woken.isEmpty && recorder.oursWoken == [deal.id])
        #expect(try store.unassignedConversations().isEmpty)
        let ignored = recorder.lines.filter { $0.contains("ignored") }
        #expect(ignored.filter { $0.contains("group") }.count == 2)
        #expect(ignored.contains { $0.contains("broadcast") })
    }

    @Test func lidAddressingUsesRemoteJidAlt() async throws {
        let deal = try seededDeal(store, phone: "+55 31 98765-4321")
        let hook = try await LiveWebhook(settings: evolutionSettings, sink: .store(store, recorder), recorder: recorder)
        defer { hook.listener.stop() }
        let key = #"{"remoteJid":"123456789012345@lid","remoteJidAlt":"5531987654321@s.whatsapp.net","addressingMode":"lid","fromMe":false,"id":"L1"}"#
        #expect(try await post(hook, upsert(key, message: #"{"extendedTextMessage":{"text":"Pelo lid"}}"#)).status == 200)
        #expect(try replies(deal.id) == ["Pelo lid"])
    }

    @Test func aWrongOrMissingSecretIs401AndRecordsNothing() async throws {
        let deal = try seededDeal(store, phone: "+55 31 98765-4321")
        let hook = try await LiveWebhook(settings: evolutionSettings, sink: .store(store, recorder), recorder: recorder)
        defer { hook.listener.stop() }
        let body = upsert(#"{"remoteJid":"553187654321@s.whatsapp.net","fromMe":false,"id":"S1"}"#)
        #expect(try await post(hook, body, secret: "evolution-secret-012345678").status == 401)
        #expect(try await post(hook, body, secret: nil).status == 401)
        #expect(try replies(deal.id).isEmpty)
        #expect(!recorder.lines.joined().contains(Self.secret))
    }

    @Test func unknownNumbersAreKeptUnassignedAndMediaDescribed() async throws {
        let hook = try await LiveWebhook(settings: evolutionSettings, sink: .store(store, recorder), recorder: recorder)
        defer { hook.listener.stop() }
        let key = #"{"remoteJid":"5511933334444@s.whatsapp.net","fromMe":false,"id":"M1"}"#
        #expect(try await post(hook, upsert(key, message: #"{"imageMessage":{"caption":"a planta"}}"#)).status == 200)
        let c = try #require(try store.unassignedConversations().first)
        #expect(c.phone == "+5511933334444" && c.channel == "evolution" && c.lastText == "[imagem] a planta")
    }

    @Test func otherEventsAndInstancesAreIgnoredButMalformedBodiesAre400() async throws {
        let hook = try await LiveWebhook(settings: evolutionSettings, sink: .store(store, recorder), recorder: recorder)
        defer { hook.listener.stop() }
        #expect(try await post(hook, Data(#"{"event":"connection.update","instance":"crm","data":{"state":"open"}}"#.utf8)).status == 200)
        #expect(try await post(hook, upsert(#"{"remoteJid":"5511933334444@s.whatsapp.net","fromMe":false,"id":"O1"}"#, instance: "other")).status == 200)
        #expect(try store.unassignedConversations().isEmpty)
        #expect(try await post(hook, Data("nope".utf8)).status == 400)
        #expect(try await post(hook, Data(#"{"event":"messages.upsert","data":{"key":{"fromMe":false}}}"#.utf8)).status == 400)
        #expect(recorder.lines.filter { $0.contains(" 400 ") }.count == 2)
    }
}
