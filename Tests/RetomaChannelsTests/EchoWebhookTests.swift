import Foundation
import LoopbackHTTPServer
import RetomaCore
import RetomaHTTP
import RetomaStore
import Synchronization
import Testing
@testable import RetomaChannels

/// Our side speaking from the phone, end to end through the emulators of both providers: a follow-up sent
/// through the API, the provider's webhooks (statuses, echoes, replies) POSTed to the real listener, a real store.
@Suite(.serialized) struct EchoWebhookTests {
    final class Clock: Sendable {
        let value = Mutex(testNow)
        var now: Date { value.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { value.withLock { $0 = $0.addingTimeInterval(seconds) } }
        var unix: Int { Int(now.timeIntervalSince1970) }
    }

    static let appSecret = "app-secret-for-tests"
    static let evolutionSecret = "evolution-secret-0123456789"
    static let number = SendingNumber(sender: "s", governor: .standard, window: .unrestricted)

    let scratch: Scratch
    let clock = Clock()
    let store: Store
    let recorder = Recorder()

    init() throws {
        scratch = try Scratch()
        let clock = self.clock
        store = try scratch.store(now: { clock.now })
    }

    /// Maria (DDD 31) asked three hours ago, we answered two hours ago; the column follows up hourly at any hour.
    func setUp() throws -> Deal {
        let board = try store.addBoard(name: "Funil")
        let column = try store.addColumn(boardID: board.id, name: "Aguardando resposta")
        _ = try store.setFollowUp(columnID: column.id, config: FollowUpConfig(
            enabled: true, interval: Interval(amount: 1, unit: .hours), businessHoursOnly: false, sendAfterClose: false,
            instructions: "", extraInfo: "", maxAttempts: 5, onMax: .none))
        let deal = try store.addDeal(NewDeal(columnID: column.id, title: "Orçamento", contactName: "Maria Souza",
                                             phone: "(31) 98765-4321"))
        _ = try store.addMessage(dealID: deal.id, author: .customer, text: "Me manda o orçamento?", at: clock.now.addingTimeInterval(-3 * 3600))
        _ = try store.addMessage(dealID: deal.id, author: .agent, text: "Segue o orçamento.", at: clock.now.addingTimeInterval(-2 * 3600))
        _ = try store.acquireLease(holderID: "engine", pid: 1, host: "h", at: clock.now, ttl: 30 * 86_400)
        return deal
    }

    /// One follow-up through `channel`, as the engine's worker drives the ledger. Returns the provider's id.
    func sendFollowUp(_ dealID: Int64, through channel: any WhatsAppChannel) throws -> String {
        guard case .planned(let planned) = try store.planAttempt(dealID: dealID, holderID: "engine", at: clock.now, number: Self.number) else {
            throw TestFailure("the deal was not due")
        }
        _ = try store.markGenerating(attemptID: planned.id, at: clock.now)
        _ = try store.markReady(attemptID: planned.id, text: "Oi Maria! Conseguiu ver o orçamento?", model: "m", at: clock.now)
        guard case .sending(let sending) = try store.beginSending(attemptID: planned.id, holderID: "engine", at: clock.now,
                                                                  number: Self.number) else {
            throw TestFailure("the attempt did not start sending")
        }
        let receipt = try channel.send(OutgoingMessage(to: sending.phone, text: sending.text ?? "", idempotencyKey: sending.key.text,
                                                       customerLastMessageAt: try store.lastCustomerMessageAt(dealID: dealID)))
        try store.recordSent(attemptID: sending.id, channelMessageID: receipt.channelMessageID, deliveryStatus: receipt.status, at: clock.now)
        return receipt.channelMessageID
    }

    @Test func cloudEchoesOfThePhoneRestartTheClockAndTheEchoOfOurFollowUpIsNotStoredTwice() async throws {
        let deal = try setUp()
        // Meta resolves Maria's number without the ninth digit, as for many DDD ≥ 31 accounts.
        let meta = try CloudAPIEmulator(token: "EAAG-test-token-0123456789", appSecret: Self.appSecret,
                                        waID: { $0.count == 13 ? String($0.prefix(4) + $0.dropFirst(5)) : $0 })
        defer { meta.stop() }
        let clock = self.clock
        let channel = CloudAPIChannel(config: CloudAPIConfig(
            baseURL: meta.baseURL, apiVersion: meta.apiVersion, phoneNumberID: meta.phoneNumberID, token: "EAAG-test-token-0123456789",
            appSecret: Self.appSecret, verifyToken: "verify-me-please", template: nil, timeout: 5), clock: { clock.now })
        let hook = try await LiveWebhook(settings: cloudSettings, sink: .store(store, recorder), recorder: recorder)
        defer { hook.listener.stop() }
        let url = hook.base + WebhookSettings.whatsappPath

        let wamid = try sendFollowUp(deal.id, through: channel)
        #expect(meta.sent.map(\.to) == ["5531987654321"] && wamid == "wamid.EMU1")

        // Meta reports it delivered, and (as some coexistence setups do) echoes it: recorded once.
        clock.advance(20)
        #expect(try meta.deliver([meta.status(id: wamid, "delivered", recipient: "553187654321", timestamp: clock.unix),
                                  meta.echo(to: "553187654321", id: wamid, text: "Oi Maria! Conseguiu ver o orçamento?",
                                            timestamp: clock.unix)], to: url).status == 200)
        var messages = try store.dealDetail(id: deal.id).messages
        #expect(messages.filter { $0.channelMessageID == wamid }.map(\.author) == [.followup])
        #expect(messages.last?.deliveryStatus == .delivered)
        #expect(recorder.lines.contains { $0.contains("1 duplicate(s)") })

        // Half an hour later the agent writes from the WhatsApp Business app: our message from the phone.
        clock.advance(1800)
        let typedAt = clock.now
        #expect(try meta.deliver([meta.echo(to: "553187654321", id: "wamid.PHONE1", text: "Maria, consigo 5% à vista.",
                                            timestamp: clock.unix)], to: url).status == 200)
        messages = try store.dealDetail(id: deal.id).messages
        let echo = try #require(messages.last)
        #expect(echo.author == .agent && echo.origin == .phone && echo.at == typedAt && echo.text == "Maria, consigo 5% à vista.")
        #expect(recorder.woken.isEmpty && recorder.oursWoken == [deal.id])
        let followUp = try store.dealFollowUp(id: deal.id)
        #expect(followUp.anchorMessageID == echo.id && followUp.dueAt == typedAt.addingTimeInterval(3600))
        // Not a reply: the sequence goes on, the count of follow-ups without a reply stays, the window stays shut.
        #expect(try store.followUpMaterial(dealID: deal.id).followUpsSinceReply == 1)
        #expect(try store.lastCustomerMessageAt(dealID: deal.id) == testNow.addingTimeInterval(-3 * 3600))

        // An interval later the next follow-up is due and goes out; the customer's reply then stops it all.
        #expect(try store.dueDeals(atOrBefore: clock.now.addingTimeInterval(3599), limit: 10).isEmpty)
        clock.advance(3600)
        #expect(try store.dueDeals(atOrBefore: clock.now, limit: 10).map(\.dealID) == [deal.id])
        let second = try sendFollowUp(deal.id, through: channel)
        clock.advance(60)
        #expect(try meta.deliver([meta.message(from: "553187654321", id: "wamid.REPLY", text: "Fechado!", timestamp: clock.unix)],
                                 to: url).status == 200)
        #expect(recorder.woken == [deal.id])
        #expect(try store.dealDetail(id: deal.id).messages.map(\.author) == [.customer, .agent, .followup, .agent, .followup, .customer])
        #expect(second == "wamid.EMU2" && meta.sent.count == 2)
        #expect(try store.dueDeals(atOrBefore: clock.now.addingTimeInterval(30 * 86_400), limit: 10).isEmpty)
    }

    @Test func aForgedEchoIsRefused() async throws {
        let deal = try setUp()
        let impostor = try CloudAPIEmulator(token: "t", appSecret: "not-the-app-secret")
        defer { impostor.stop() }
        let hook = try await LiveWebhook(settings: cloudSettings, sink: .store(store, recorder), recorder: recorder)
        defer { hook.listener.stop() }
        let answer = try impostor.deliver([impostor.echo(to: "5531987654321", id: "wamid.FORGED", text: "x", timestamp: clock.unix)],
                                          to: hook.base + WebhookSettings.whatsappPath)
        #expect(answer.status == 401)
        #expect(try store.dealDetail(id: deal.id).messages.count == 2)
    }

    /// Points the emulator's webhook at the listener exactly as docs/whatsapp.md says (`POST /webhook/set`).
    func configure(_ evolution: EvolutionAPIEmulator, _ hook: LiveWebhook, secret: String = EchoWebhookTests.evolutionSecret) throws {
        let body = Data(#"{"webhook":{"enabled":true,"url":"\#(hook.base + WebhookSettings.evolutionPath)","events":["MESSAGES_UPSERT"],"byEvents":false,"base64":false,"headers":{"x-retoma-secret":"\#(secret)"}}}"#.utf8)
        let response = try CurlHTTPClient().send(HTTPRequest(method: .post, url: evolution.baseURL + "/webhook/set/crm",
                                                             headers: ["apikey": "evo-key-0123456789", "Content-Type": "application/json"],
                                                             body: body, timeout: 5))
        #expect(response.status == 201)
    }

    @Test func evolutionFromMeIsOursFromMeFalseIsTheReplyAndOurOwnSendIsNotStoredTwice() async throws {
        let deal = try setUp()
        let evolution = try EvolutionAPIEmulator(apiKey: "evo-key-0123456789")
        defer { evolution.stop() }
        let channel = EvolutionChannel(config: EvolutionConfig(baseURL: evolution.baseURL, instance: "crm", apiKey: "evo-key-0123456789",
                                                               webhookSecret: Self.evolutionSecret, timeout: 5))
        let hook = try await LiveWebhook(settings: evolutionSettings, sink: .store(store, recorder), recorder: recorder)
        defer { hook.listener.stop() }
        try configure(evolution, hook)

        let id = try sendFollowUp(deal.id, through: channel)
        // Evolution dropped the ninth digit of a DDD 31 mobile.
        #expect(evolution.sent.map(\.remoteJid) == ["553187654321@s.whatsapp.net"] && evolution.sent.first?.id == id)

        // Our own send delivered back as fromMe (emitOwnEvents on, say): recorded once.
        clock.advance(30)
        #expect(try evolution.deliver(evolution.upsert(remoteJid: "553187654321@s.whatsapp.net", fromMe: true, id: id,
                                                       text: "Oi Maria! Conseguiu ver o orçamento?", timestamp: clock.unix)).status == 200)
        #expect(try store.dealDetail(id: deal.id).messages.filter { $0.channelMessageID == id }.map(\.author) == [.followup])

        // Typed on the linked phone, in a lid-addressed chat.
        clock.advance(600)
        let typedAt = clock.now
        #expect(try evolution.deliver(evolution.upsert(remoteJid: "123456789012345@lid", fromMe: true, id: "3EB0PHONE",
                                                       text: "Te liguei agora há pouco.", timestamp: clock.unix,
                                                       addressingMode: "lid", remoteJidAlt: "553187654321@s.whatsapp.net")).status == 200)
        let echo = try #require(try store.dealDetail(id: deal.id).messages.last)
        #expect(echo.author == .agent && echo.origin == .phone && echo.channelMessageID == "3EB0PHONE")
        #expect(try store.dealFollowUp(id: deal.id).dueAt == typedAt.addingTimeInterval(3600))
        #expect(recorder.woken.isEmpty)

        // The same chat, fromMe false: Maria's reply stops the sequence.
        clock.advance(60)
        #expect(try evolution.deliver(evolution.upsert(remoteJid: "553187654321@s.whatsapp.net", fromMe: false, id: "3A5F",
                                                       text: "Pode mandar o contrato.", timestamp: clock.unix,
                                                       pushName: "Maria")).status == 200)
        #expect(recorder.woken == [deal.id])
        let last = try #require(try store.dealDetail(id: deal.id).messages.last)
        #expect(last.author == .customer && last.origin == .whatsapp)
        #expect(try store.dueDeals(atOrBefore: clock.now.addingTimeInterval(30 * 86_400), limit: 10).isEmpty)
    }

    @Test func evolutionWithoutTheSecretHeaderRecordsNothing() async throws {
        let deal = try setUp()
        let evolution = try EvolutionAPIEmulator(apiKey: "evo-key-0123456789")
        defer { evolution.stop() }
        let hook = try await LiveWebhook(settings: evolutionSettings, sink: .store(store, recorder), recorder: recorder)
        defer { hook.listener.stop() }
        try configure(evolution, hook, secret: "a-secret-someone-guessed")
        let answer = try evolution.deliver(evolution.upsert(remoteJid: "553187654321@s.whatsapp.net", fromMe: true, id: "X1",
                                                            text: "x", timestamp: clock.unix))
        #expect(answer.status == 401)
        #expect(try store.dealDetail(id: deal.id).messages.count == 2)
    }

    @Test func theEvolutionEmulatorSpeaksTheSpec() throws {
        let evolution = try EvolutionAPIEmulator(apiKey: "evo-key-0123456789")
        defer { evolution.stop() }
        let client = CurlHTTPClient()
        func post(_ path: String, _ body: String, key: String? = "evo-key-0123456789") throws -> HTTPResponse {
            var headers: HTTPHeaders = ["Content-Type": "application/json"]
            if let key { headers.set("apikey", key) }
            return try client.send(HTTPRequest(method: .post, url: evolution.baseURL + path, headers: headers, body: Data(body.utf8), timeout: 5))
        }
        let created = try post("/message/sendText/crm", #"{"number":"5511987654321","text":"Oi Maria!","delay":1200}"#)
        #expect(created.status == 201)
        let object = try #require((try JSONSerialization.jsonObject(with: created.body)) as? [String: Any])
        let key = try #require(object["key"] as? [String: Any])
        #expect(key["remoteJid"] as? String == "5511987654321@s.whatsapp.net" && key["fromMe"] as? Bool == true)
        #expect(object["status"] as? String == "PENDING" && (object["message"] as? [String: Any])?["conversation"] as? String == "Oi Maria!")
        #expect(try post("/message/sendText/crm", #"{"number":"5511987654321","text":"x"}"#, key: nil).status == 401)
        #expect(try post("/message/sendText/other", #"{"number":"5511987654321","text":"x"}"#).status == 404)
        let bad = try post("/message/sendText/crm", #"{"number":"5511987654321"}"#)
        #expect(bad.status == 400 && bad.bodyText.contains(#""text is required""#))
        evolution.markNotOnWhatsApp("5511900000000")
        // Retoma's sender reads each answer as the spec says.
        let channel = EvolutionChannel(config: EvolutionConfig(baseURL: evolution.baseURL, instance: "crm", apiKey: "evo-key-0123456789",
                                                               webhookSecret: Self.evolutionSecret, timeout: 5))
        #expect(throws: ChannelError.self) { try channel.send(OutgoingMessage(to: "+5511900000000", text: "Oi", idempotencyKey: "k")) }
        #expect(EvolutionAPIEmulator.formatBRNumber("5531987654321") == "553187654321")
        #expect(EvolutionAPIEmulator.formatBRNumber("5511987654321") == "5511987654321")
        #expect(EvolutionAPIEmulator.formatBRNumber("5531912345678") == "5531912345678", "joker digit below 7 keeps the 9")
    }
}
