import Foundation
import RetomaCore
import RetomaStore
import Testing
@testable import RetomaChannels

/// Provider time stamps: a signed body may carry any number, and none of them may crash the process, lose the
/// message or date it in the future.
@Suite(.serialized) struct ProviderTimeTests {
    let scratch: Scratch
    let store: Store
    let recorder = Recorder()

    init() throws {
        scratch = try Scratch()
        store = try scratch.store()
    }

    /// One Cloud message whose `timestamp` is this JSON text, exactly.
    func cloudBody(timestamp json: String, id: String = "wamid.T1") -> String {
        cloudWebhook([#"{"messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},"messages":[{"from":"5511987654321","id":"\#(id)","timestamp":\#(json),"type":"text","text":{"body":"Oi"}}]}"#])
    }

    func parsedCloudTime(_ json: String) throws -> (Date?, [String]) {
        var notes: [String] = []
        let items = try CloudWebhookPayload.parse(Data(cloudBody(timestamp: json).utf8), phoneNumberID: "106540352242922",
                                                  receivedAt: testNow, note: { notes.append($0) })
        guard case .message(let m)? = items.first else { return (nil, notes) }
        return (m.sentAt, notes)
    }

    // The exact values that trapped in Int64(Double), strings that parse as NaN or infinity, negatives, zero,
    // milliseconds, and times far ahead: each becomes the arrival time, with a note for the log.
    @Test(arguments: [#""9223372036854775807""#, "9223372036854775807", "1e19", #""1e19""#, "18446744073709551615",
                      "1e300", "-1e300", #""NaN""#, #""nan""#, #""inf""#, #""-Infinity""#, "-1", #""-1""#, "0",
                      #""0x1p62""#, "99999999999999999999999", "1773144000000", "4102444800", "1773144301"])
    func implausibleCloudTimesBecomeTheArrivalTime(json: String) throws {
        let (at, notes) = try parsedCloudTime(json)
        #expect(at == testNow)
        #expect(notes.count == 1)
        #expect(notes.first?.contains("timestamp") == true && notes.first?.contains("not a plausible time") == true,
                "\(notes)")
    }

    @Test func plausibleTimesAreKeptUpToFiveMinutesAhead() throws {
        #expect(try parsedCloudTime(#""1773143000""#) == (Date(timeIntervalSince1970: 1_773_143_000), []))
        #expect(try parsedCloudTime("1773143000.9") == (Date(timeIntervalSince1970: 1_773_143_000), []))
        // Clock skew: up to 300 s ahead of this machine is believed, one second more is not.
        #expect(try parsedCloudTime("1773144300") == (Date(timeIntervalSince1970: 1_773_144_300), []))
        #expect(try parsedCloudTime("1773144301").0 == testNow)
        #expect(try parsedCloudTime("1230768000").0 == Date(timeIntervalSince1970: 1_230_768_000))
        #expect(try parsedCloudTime("1230767999").0 == testNow)
        #expect(ProviderTime.allowedSkew == 300)
    }

    @Test func aTimeThatIsNoNumberIsStillAMalformedBody() {
        for json in [#""soon""#, #"" 1773144000""#, "{}", "[1]", "null", #"{"low":1.5,"high":0}"#] {
            #expect(throws: PayloadError.self, "\(json)") { try parsedCloudTime(json) }
        }
    }

    @Test func statusTimesAreJudgedTheSameWay() throws {
        var notes: [String] = []
        let body = cloudWebhook([#"{"metadata":{"phone_number_id":"106540352242922"},"statuses":[{"id":"wamid.OUT","status":"read","timestamp":"9223372036854775807"},{"id":"wamid.OUT2","status":"delivered","timestamp":1773144100}]}"#])
        let items = try CloudWebhookPayload.parse(Data(body.utf8), phoneNumberID: "106540352242922", receivedAt: testNow,
                                                  note: { notes.append($0) })
        #expect(items == [.delivery(DeliveryUpdate(channelMessageID: "wamid.OUT", status: .read, at: testNow, error: nil)),
                          .delivery(DeliveryUpdate(channelMessageID: "wamid.OUT2", status: .delivered,
                                                   at: Date(timeIntervalSince1970: 1_773_144_100), error: nil))])
        #expect(notes.count == 1 && notes[0].contains("statuses[0].timestamp"))
    }

    @Test(arguments: [("1e19", true), (#""9223372036854775807""#, true), ("-5", true), (#""NaN""#, true),
                      (#"{"low":-1,"high":2147483647}"#, true), (#"{"low":-1,"high":-1}"#, true),
                      (#"{"low":1773143000,"high":0}"#, false), (#"{"low":-2147483648,"high":0}"#, true)])
    func evolutionTimesAreJudgedTheSameWay(json: String, replaced: Bool) throws {
        let body = #"{"event":"messages.upsert","instance":"crm","data":{"key":{"remoteJid":"5511987654321@s.whatsapp.net","fromMe":false,"id":"E1"},"message":{"conversation":"Oi"},"messageTimestamp":\#(json)}}"#
        var notes: [String] = []
        let items = try EvolutionWebhookPayload.parse(Data(body.utf8), instance: "crm", receivedAt: testNow, note: { notes.append($0) })
        guard case .message(let m)? = items.first else { Issue.record("no message: \(items)"); return }
        #expect(m.sentAt == (replaced ? testNow : Date(timeIntervalSince1970: 1_773_143_000)))
        #expect(notes.count == (replaced ? 1 : 0), "\(notes)")
    }

    @Test func aMissingEvolutionTimeIsTheArrivalTime() throws {
        let body = #"{"event":"messages.upsert","instance":"crm","data":{"key":{"remoteJid":"5511987654321@s.whatsapp.net","fromMe":false,"id":"E1"},"message":{"conversation":"Oi"}}}"#
        let items = try EvolutionWebhookPayload.parse(Data(body.utf8), instance: "crm", receivedAt: testNow)
        guard case .message(let m)? = items.first else { Issue.record("no message: \(items)"); return }
        #expect(m.sentAt == testNow)
    }

    // MARK: - Over HTTP, into the store

    @Test(arguments: [#""9223372036854775807""#, "1e19", #""NaN""#, "-1"])
    func theReproducedCrashIsNowARecordedReplyAtTheArrivalTime(json: String) async throws {
        let deal = try seededDeal(store, phone: "+55 11 98765-4321")
        let hook = try await LiveWebhook(settings: cloudSettings, sink: .store(store, recorder), recorder: recorder, now: { testNow })
        defer { hook.listener.stop() }
        let response = try await hook.postSigned(cloudBody(timestamp: json))
        #expect(response.status == 200)
        let replies = try store.dealDetail(id: deal.id).messages.filter { $0.author == .customer }
        #expect(replies.map(\.text) == ["Oi"] && replies.first?.at == testNow)
        #expect(recorder.lines.contains { $0.contains("POST /webhooks/whatsapp: ") && $0.contains("not a plausible time") },
                "\(recorder.lines)")
        // Still listening.
        #expect(try await hook.get("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=5&hub.verify_token=verify-me-please").status == 200)
    }

    @Test func aFutureDatedMessageCannotSortAfterALaterRealOne() async throws {
        let deal = try seededDeal(store, phone: "+55 11 98765-4321")
        let clock = TestClock(testNow)
        let hook = try await LiveWebhook(settings: cloudSettings, sink: .store(store, recorder), recorder: recorder,
                                         now: { clock.now })
        defer { hook.listener.stop() }
        // Dated a day ahead (a sender whose clock is wrong), then a real reply a moment later.
        let ahead = Int(testNow.timeIntervalSince1970) + 86_400
        #expect(try await hook.postSigned(cloudWebhook([cloudMessageValue(from: "5511987654321", id: "wamid.F1", text: "Do futuro",
                                                                          timestamp: ahead)])).status == 200)
        clock.now = testNow.addingTimeInterval(1)
        #expect(try await hook.postSigned(cloudWebhook([cloudMessageValue(from: "5511987654321", id: "wamid.F2", text: "Agora",
                                                                          timestamp: Int(testNow.timeIntervalSince1970) + 1)])).status == 200)
        let replies = try store.dealDetail(id: deal.id).messages.filter { $0.author == .customer }
        #expect(replies.map(\.text) == ["Do futuro", "Agora"])
        #expect(replies.allSatisfy { $0.at <= testNow.addingTimeInterval(ProviderTime.allowedSkew) })
        #expect(recorder.lines.contains { $0.contains("\(ahead)") && $0.contains("not a plausible time") })
    }
}

final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date
    init(_ start: Date) { value = start }
    var now: Date {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
