import Foundation
import RetomaCore
import RetomaHTTP
import RetomaStore
import Testing
@testable import RetomaChannels

/// The webhook listener over real HTTP, recording into a real store.
@Suite(.serialized) struct WebhookTests {
    let scratch: Scratch
    let store: Store
    let recorder = Recorder()

    init() throws {
        scratch = try Scratch()
        store = try scratch.store()
    }

    func live(_ settings: WebhookSettings = cloudSettings) async throws -> LiveWebhook {
        try await LiveWebhook(settings: settings, sink: .store(store, recorder), recorder: recorder)
    }

    func customerMessages(_ dealID: Int64) throws -> [Message] {
        try store.dealDetail(id: dealID).messages.filter { $0.author == .customer }
    }

    // MARK: - Verification

    @Test func metaVerificationEchoesTheChallengeOnlyForTheRightToken() async throws {
        let hook = try await live()
        defer { hook.listener.stop() }
        let ok = try await hook.get("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=verify-me-please")
        #expect(ok.status == 200 && ok.bodyText == "1158201444")
        let wrong = try await hook.get("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=guess")
        #expect(wrong.status == 401 && !wrong.bodyText.contains("1158201444"))
        let incomplete = try await hook.get("/webhooks/whatsapp?hub.verify_token=verify-me-please")
        #expect(incomplete.status == 400)
        #expect(recorder.lines.contains { $0.contains("401 verification with a wrong hub.verify_token") })
        #expect(!recorder.lines.joined().contains("verify-me-please"))
    }

    // MARK: - Signatures

    @Test func aSignedReplyIsRecordedOnTheDealAndWakesTheEngine() async throws {
        let deal = try seededDeal(store, phone: "+55 11 98765-4321")
        let hook = try await live()
        defer { hook.listener.stop() }
        let response = try await hook.postSigned(cloudWebhook([cloudMessageValue(from: "5511987654321", id: "wamid.IN1", text: "Vi sim!")]))
        #expect(response.status == 200)
        let replies = try customerMessages(deal.id)
        #expect(replies.map(\.text) == ["Vi sim!"])
        #expect(replies.first?.channelMessageID == "wamid.IN1")
        // Meta's time stamp is a minute ahead of this machine's clock: never recorded in the future.
        #expect(replies.first?.at == testNow)
        #expect(recorder.woken == [deal.id])
    }

    @Test func aForgedOrMissingSignatureIs401AndRecordsNothing() async throws {
        let deal = try seededDeal(store, phone: "+55 11 98765-4321")
        let hook = try await live()
        defer { hook.listener.stop() }
        let body = cloudWebhook([cloudMessageValue(from: "5511987654321", id: "wamid.FORGED", text: "Pode mandar mais!")])
        // Signed with another secret.
        #expect(try await hook.postSigned(body, secret: "not-the-app-secret").status == 401)
        // Signed correctly for another body.
        let other = WebhookSignature.header(for: Data("{}".utf8), secret: "app-secret-for-tests")
        #expect(try await hook.post("/webhooks/whatsapp", body: Data(body.utf8), headers: ["X-Hub-Signature-256": other]).status == 401)
        // Garbage and nothing.
        #expect(try await hook.post("/webhooks/whatsapp", body: Data(body.utf8), headers: ["X-Hub-Signature-256": "sha256=zz"]).status == 401)
        #expect(try await hook.post("/webhooks/whatsapp", body: Data(body.utf8)).status == 401)
        #expect(try customerMessages(deal.id).isEmpty)
        #expect(try store.unassignedConversations().isEmpty)
        #expect(recorder.woken.isEmpty)
        #expect(recorder.lines.filter { $0.contains(" 401 ") }.count == 4)
    }

    @Test func signaturesAreHMACSHA256OfTheRawBytes() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let header = WebhookSignature.header(for: Data("what do ya want for nothing?".utf8), secret: "Jefe")
        #expect(header == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(WebhookSignature.isValid(header: header, body: Data("what do ya want for nothing?".utf8), secret: "Jefe"))
        #expect(WebhookSignature.isValid(header: header.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256="),
                                         body: Data("what do ya want for nothing?".utf8), secret: "Jefe"))
        // One byte more (a re-encoded body) no longer matches.
        #expect(!WebhookSignature.isValid(header: header, body: Data("what do ya want for nothing? ".utf8), secret: "Jefe"))
        #expect(!WebhookSignature.isValid(header: String(header.dropLast()), body: Data("what do ya want for nothing?".utf8), secret: "Jefe"))
    }

    // MARK: - Batches, duplicates, statuses

    @Test func aBatchedDeliveryRecordsEveryEntryAndChange() async throws {
        let maria = try seededDeal(store, phone: "+55 11 98765-4321")
        let column = try store.dealDetail(id: maria.id).column.id
        let joao = try store.addDeal(NewDeal(columnID: column, title: "Reforma", contactName: "João", phone: "+55 21 99876-5432"))
        let hook = try await live()
        defer { hook.listener.stop() }
        let entry1 = #"{"id":"1","changes":[{"field":"messages","value":\#(cloudMessageValue(from: "5511987654321", id: "wamid.A", text: "Um"))},{"field":"messages","value":\#(cloudMessageValue(from: "5521998765432", id: "wamid.B", text: "Dois"))}]}"#
        let entry2 = #"{"id":"2","changes":[{"field":"messages","value":\#(cloudMessageValue(from: "5511987654321", id: "wamid.C", text: "Três", timestamp: 1_773_144_150))}]}"#
        let body = #"{"object":"whatsapp_business_account","entry":[\#(entry1),\#(entry2)]}"#
        #expect(try await hook.postSigned(body).status == 200)
        #expect(try customerMessages(maria.id).map(\.text) == ["Um", "Três"])
        #expect(try customerMessages(joao.id).map(\.text) == ["Dois"])
        #expect(Set(recorder.woken) == [maria.id, joao.id])
    }

    @Test func theSameMessageDeliveredTwiceIsRecordedOnce() async throws {
        let deal = try seededDeal(store, phone: "+55 11 98765-4321")
        let hook = try await live()
        defer { hook.listener.stop() }
        let body = cloudWebhook([cloudMessageValue(from: "5511987654321", id: "wamid.DUP", text: "Oi")])
        #expect(try await hook.postSigned(body).status == 200)
        #expect(try await hook.postSigned(body).status == 200)
        // The same id twice in one batch, too.
        let twice = cloudWebhook([cloudMessageValue(from: "5511987654321", id: "wamid.DUP2", text: "De novo"),
                                  cloudMessageValue(from: "5511987654321", id: "wamid.DUP2", text: "De novo")])
        #expect(try await hook.postSigned(twice).status == 200)
        #expect(try customerMessages(deal.id).map(\.text) == ["Oi", "De novo"])
        #expect(recorder.lines.contains { $0.contains("1 duplicate(s)") })
    }

    @Test func statusesUpdateTheSentMessageAndNeverGoBack() async throws {
        let deal = try seededDeal(store, phone: "+55 11 98765-4321")
        // A message we sent through the channel, as the ledger records it.
        let sent = try sendFollowUp(store, dealID: deal.id, channelMessageID: "wamid.OUT1")
        let hook = try await live()
        defer { hook.listener.stop() }
        func status() throws -> (DeliveryStatus?, String?) {
            let m = try store.dealDetail(id: deal.id).messages.first { $0.channelMessageID == "wamid.OUT1" }
            return (m?.deliveryStatus, m?.deliveryError)
        }
        #expect(try status().0 == .sent)
        #expect(try await hook.postSigned(cloudWebhook([cloudStatusValue(id: "wamid.OUT1", status: "read")])).status == 200)
        #expect(try status().0 == .read)
        #expect(try store.attempt(id: sent).deliveryStatus == .read)
        // "delivered" arriving after "read" changes nothing.
        #expect(try await hook.postSigned(cloudWebhook([cloudStatusValue(id: "wamid.OUT1", status: "delivered")])).status == 200)
        #expect(try status().0 == .read)
        #expect(recorder.otherChanges == 1)
    }

    @Test func aFailedStatusKeepsTheProvidersReasonOnMessageAndLedger() async throws {
        let deal = try seededDeal(store, phone: "+55 11 98765-4321")
        let sent = try sendFollowUp(store, dealID: deal.id, channelMessageID: "wamid.OUT2")
        let hook = try await live()
        defer { hook.listener.stop() }
        let errors = #"[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message","error_data":{"details":"x"},"href":"/docs/"}]"#
        #expect(try await hook.postSigned(cloudWebhook([cloudStatusValue(id: "wamid.OUT2", status: "failed", errors: errors)])).status == 200)
        let m = try #require(try store.dealDetail(id: deal.id).messages.first { $0.channelMessageID == "wamid.OUT2" })
        #expect(m.deliveryStatus == .failed && m.deliveryError == "131047 Re-engagement message")
        let attempt = try store.attempt(id: sent)
        #expect(attempt.deliveryStatus == .failed && attempt.deliveryError == "131047 Re-engagement message")
    }

    @Test func aStatusThatBeatsTheSendIsAppliedWhenTheSendIsRecorded() async throws {
        let deal = try seededDeal(store, phone: "+55 11 98765-4321")
        let hook = try await live()
        defer { hook.listener.stop() }
        #expect(try await hook.postSigned(cloudWebhook([cloudStatusValue(id: "wamid.EARLY", status: "delivered")])).status == 200)
        let sent = try sendFollowUp(store, dealID: deal.id, channelMessageID: "wamid.EARLY")
        #expect(try store.attempt(id: sent).deliveryStatus == .delivered)
        #expect(try store.dealDetail(id: deal.id).messages.last?.deliveryStatus == .delivered)
    }

    // MARK: - Matching

    @Test func theNinthDigitMatchesBothWays() async throws {
        // Stored with the 9, reported without it (as Evolution and often WhatsApp do for DDD ≥ 31).
        let withNine = try seededDeal(store, phone: "+55 31 98765-4321")
        let column = try store.dealDetail(id: withNine.id).column.id
        // Stored without it, reported with it.
        let withoutNine = try store.addDeal(NewDeal(columnID: column, title: "Antigo", contactName: "Zé", phone: "+55 41 8765-4321"))
        let hook = try await live()
        defer { hook.listener.stop() }
        #expect(try await hook.postSigned(cloudWebhook([cloudMessageValue(from: "553187654321", id: "wamid.N1", text: "Sem o nove"),
                                                  cloudMessageValue(from: "5541987654321", id: "wamid.N2", text: "Com o nove")])).status == 200)
        #expect(try customerMessages(withNine.id).map(\.text) == ["Sem o nove"])
        #expect(try customerMessages(withoutNine.id).map(\.text) == ["Com o nove"])
        #expect(try store.unassignedConversations().isEmpty)
    }

    @Test func anUnknownNumberBecomesAnUnassignedConversation() async throws {
        _ = try seededDeal(store, phone: "+55 11 98765-4321")
        let hook = try await live()
        defer { hook.listener.stop() }
        #expect(try await hook.postSigned(cloudWebhook([cloudMessageValue(from: "5511911112222", id: "wamid.U1", text: "Quem é?", name: "Carla")])).status == 200)
        #expect(try await hook.postSigned(cloudWebhook([cloudMessageValue(from: "5511911112222", id: "wamid.U2", text: "Oi?", timestamp: 1_773_144_200)])).status == 200)
        let conversations = try store.unassignedConversations()
        #expect(conversations.count == 1)
        let c = try #require(conversations.first)
        #expect(c.phone == "+5511911112222" && c.profileName == "Maria" && c.channel == "cloud" && c.messageCount == 2)
        #expect(try store.unassignedMessages(conversationID: c.id).map(\.text) == ["Quem é?", "Oi?"])
        #expect(recorder.woken.isEmpty && recorder.otherChanges == 2)
        // The same message again is a duplicate, not a third message.
        #expect(try await hook.postSigned(cloudWebhook([cloudMessageValue(from: "5511911112222", id: "wamid.U1", text: "Quem é?")])).status == 200)
        #expect(try store.unassignedConversations().first?.messageCount == 2)
    }

    @Test func changesForAnotherNumberOfTheBusinessAreIgnored() async throws {
        let deal = try seededDeal(store, phone: "+55 11 98765-4321")
        let hook = try await live()
        defer { hook.listener.stop() }
        let body = cloudWebhook([cloudMessageValue(from: "5511987654321", id: "wamid.X", text: "Oi", phoneNumberID: "999")])
        #expect(try await hook.postSigned(body).status == 200)
        #expect(try customerMessages(deal.id).isEmpty)
        #expect(recorder.lines.contains { $0.contains("ignored a change for another phone number id") })
    }

    // MARK: - Bad input

    @Test func oversizeBodiesAre413AndUnread() async throws {
        let hook = try await live()
        defer { hook.listener.stop() }
        let big = Data(repeating: UInt8(ascii: "a"), count: 1_048_577)
        let response = try await hook.post("/webhooks/whatsapp", body: big,
                                     headers: ["X-Hub-Signature-256": WebhookSignature.header(for: big, secret: "app-secret-for-tests")])
        #expect(response.status == 413)
        #expect(recorder.lines.contains { $0.contains("413") && $0.contains("1048577 bytes") })
        // The listener still answers afterwards.
        #expect(try await hook.get("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=7&hub.verify_token=verify-me-please").status == 200)
    }

    @Test(arguments: [
        ("{not json", "malformed JSON"),
        ("[1,2]", "not a JSON object"),
        (#"{"object":"page","entry":[]}"#, "object must be"),
        (#"{"object":"whatsapp_business_account"}"#, "entry must be an array"),
        (#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"x","timestamp":"1","type":"text","text":{"body":"a"}}]}}]}]}"#, "from must be a string"),
        (#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"from":"5511987654321","id":"x","timestamp":"soon","type":"text","text":{"body":"a"}}]}}]}]}"#, "timestamp must be a Unix time"),
    ])
    func malformedOrUnknownShapesAre400AndLogged(body: String, says: String) async throws {
        let deal = try seededDeal(store, phone: "+55 11 98765-4321")
        let hook = try await live()
        defer { hook.listener.stop() }
        let response = try await hook.postSigned(body)
        #expect(response.status == 400)
        #expect(recorder.lines.contains { $0.contains(" 400 ") && $0.contains(says) }, "\(recorder.lines)")
        #expect(try customerMessages(deal.id).isEmpty)
    }

    @Test func otherPathsAndMethodsAreRefused() async throws {
        let hook = try await live()
        defer { hook.listener.stop() }
        #expect(try await hook.get("/").status == 404)
        #expect(try await hook.post("/webhooks/evolution", body: Data("{}".utf8)).status == 404)
        #expect(try await hook.send(HTTPRequest(method: .delete, url: hook.base + "/webhooks/whatsapp")).status == 405)
    }

    @Test func aSecondListenerOnTheSameAddressIsToldItIsInUse() async throws {
        let hook = try await live()
        defer { hook.listener.stop() }
        let port = try #require(hook.listener.port)
        let second = WebhookListener(address: ListenAddress(host: "127.0.0.1", port: port),
                                     handler: WebhookHandler(settings: cloudSettings, sink: .store(store, recorder), log: { _ in }),
                                     log: { _ in })
        do {
            try await second.listen()
            Issue.record("a second listener on the same port started")
        } catch {
            #expect(error.addressInUse, "\(error)")
        }
    }
}

/// Records a follow-up as the engine does: plan under the lease, write, begin sending, record the send.
/// Returns the attempt id.
@discardableResult
func sendFollowUp(_ store: Store, dealID: Int64, channelMessageID: String, at instant: Date = testNow) throws -> Int64 {
    let column = try store.dealDetail(id: dealID).column
    var config = column.followUp
    config.enabled = true
    config.interval = Interval(amount: 1, unit: .minutes)
    config.businessHoursOnly = false
    _ = try store.setFollowUp(columnID: column.id, config: config)
    _ = try store.acquireLease(holderID: "test", pid: 1, host: "h", at: instant, ttl: 600)
    guard case .planned(let attempt) = try store.planAttempt(dealID: dealID, holderID: "test", at: instant, number: SendingNumber(sender: "s", governor: .standard, window: .unrestricted)) else {
        throw TestFailure("the deal was not due")
    }
    _ = try store.markGenerating(attemptID: attempt.id, at: instant)
    _ = try store.markReady(attemptID: attempt.id, text: "Oi Maria, conseguiu ver?", model: "m", at: instant)
    guard case .sending = try store.beginSending(attemptID: attempt.id, holderID: "test", at: instant, number: SendingNumber(sender: "cloud:1", governor: .standard, window: .unrestricted)) else {
        throw TestFailure("the attempt did not start sending")
    }
    try store.recordSent(attemptID: attempt.id, channelMessageID: channelMessageID, deliveryStatus: .sent, at: instant)
    return attempt.id
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
