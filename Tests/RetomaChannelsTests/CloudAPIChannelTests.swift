import Foundation
import LoopbackHTTPServer
import RetomaCore
import RetomaHTTP
import Testing
@testable import RetomaChannels

/// The Cloud API sender against a loopback server speaking integrations.md §1.
@Suite struct CloudAPIChannelTests {
    let template = CloudTemplate(name: "followup_1", language: "pt_BR")
    /// The customer wrote an hour ago: the 24-hour window is open.
    let openWindow = testNow.addingTimeInterval(-3600)

    func channel(_ server: LoopbackHTTPServer, template: CloudTemplate? = nil) -> CloudAPIChannel {
        CloudAPIChannel(config: cloudConfig(server, template: template), clock: { testNow })
    }

    func message(_ text: String = "Oi Maria! Conseguiu ver o orçamento?", lastCustomer: Date?) -> OutgoingMessage {
        OutgoingMessage(to: "+5511987654321", text: text, idempotencyKey: "12-340-1", customerLastMessageAt: lastCustomer)
    }

    @Test func sendsTheExactTextRequestAndReadsTheAnswer() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script([cloudAccepted(waID: "551187654321")])
        let receipt = try channel(server).send(message(lastCustomer: openWindow))

        #expect(receipt == SendReceipt(channelMessageID: "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjE", status: .sent,
                                       recipientID: "+551187654321"))
        let request = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.target == "/v23.0/106540352242922/messages")
        #expect(request.header("Authorization") == "Bearer EAAG-test-token-0123456789")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.bodyText == #"{"messaging_product":"whatsapp","recipient_type":"individual","text":{"body":"Oi Maria! Conseguiu ver o orçamento?","preview_url":false},"to":"5511987654321","type":"text"}"#)
    }

    @Test func outsideTheWindowTheTemplateCarriesTheText() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script([cloudAccepted(id: "wamid.T1")])
        let old = testNow.addingTimeInterval(-25 * 3600)
        let receipt = try channel(server, template: template).send(message("Oi Maria!\n\nTudo bem?", lastCustomer: old))

        #expect(receipt.channelMessageID == "wamid.T1")
        let request = try #require(server.requests.first)
        #expect(request.bodyText == #"{"messaging_product":"whatsapp","template":{"components":[{"parameters":[{"text":"Oi Maria! Tudo bem?","type":"text"}],"type":"body"}],"language":{"code":"pt_BR","policy":"deterministic"},"name":"followup_1"},"to":"5511987654321","type":"template"}"#)
    }

    @Test func outsideTheWindowWithoutATemplateNothingIsSent() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let c = channel(server)
        #expect(c.messagingWindow == .customerService(templateConfigured: false))
        #expect(throws: ChannelError.permanent(reason: "outside_24h_window")) {
            try c.send(message(lastCustomer: testNow.addingTimeInterval(-24 * 3600)))
        }
        // A customer who never wrote opened no window either.
        #expect(throws: ChannelError.permanent(reason: "outside_24h_window")) { try c.send(message(lastCustomer: nil)) }
        #expect(server.requests.isEmpty)
    }

    @Test func reEngagement131047TakesTheTemplatePath() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script([cloudError(code: 131047, message: "Re-engagement message"), cloudAccepted(id: "wamid.T2")])
        let receipt = try channel(server, template: template).send(message(lastCustomer: openWindow))
        #expect(receipt.channelMessageID == "wamid.T2")
        #expect(server.requests.count == 2)
        #expect(server.requests[0].json?["type"] as? String == "text")
        #expect(server.requests[1].json?["type"] as? String == "template")
    }

    @Test func reEngagement131047WithoutATemplateIsOutsideTheWindow() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script([cloudError(code: 131047, message: "Re-engagement message", details: "more than 24 hours")])
        #expect(throws: ChannelError.permanent(reason: "outside_24h_window (131047: Re-engagement message — more than 24 hours)")) {
            try channel(server).send(message(lastCustomer: openWindow))
        }
        #expect(server.requests.count == 1)
    }

    @Test func rateLimitsAreRetriedLaterWhateverTheHTTPStatus() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script([cloudError(code: 130429, status: 400, message: "Rate limit hit"),
                       cloudError(code: 131056, status: 429, message: "Pair rate limit hit")])
        let c = channel(server)
        #expect(throws: ChannelError.retryLater(reason: "cloud_throughput (130429): Rate limit hit — details", retryAfter: 60)) {
            try c.send(message(lastCustomer: openWindow))
        }
        #expect(throws: ChannelError.retryLater(reason: "cloud_pair_rate_limit (131056): Pair rate limit hit — details", retryAfter: 60)) {
            try c.send(message(lastCustomer: openWindow))
        }
    }

    @Test func undeliverableAndOtherCodesFailWithTheReason() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script([cloudError(code: 131026, message: "Message undeliverable"),
                       cloudError(code: 131030, message: "(#131030) Recipient phone number not in allowed list", details: "")])
        let c = channel(server)
        #expect(throws: ChannelError.permanent(reason: "undeliverable (131026): Message undeliverable — details")) {
            try c.send(message(lastCustomer: openWindow))
        }
        #expect(throws: ChannelError.permanent(reason: "cloud_error_131030: (#131030) Recipient phone number not in allowed list")) {
            try c.send(message(lastCustomer: openWindow))
        }
    }

    @Test func anExpiredTokenPausesTheChannelWithoutShowingTheToken() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script([cloudError(code: 190, status: 401, message: "Error validating access token: Session has expired")])
        do {
            _ = try channel(server).send(message(lastCustomer: openWindow))
            Issue.record("expected a pause")
        } catch {
            guard case .pauseChannel(let reason) = error else { Issue.record("got \(error)"); return }
            #expect(reason.contains("(190)") && reason.contains("RETOMA_CLOUD_TOKEN"))
            #expect(!reason.contains("EAAG-test-token"))
        }
    }

    @Test func aSpamLimitPausesTheChannel() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script([cloudError(code: 131048, message: "Spam rate limit hit")])
        #expect {
            try channel(server).send(message(lastCustomer: openWindow))
        } throws: { error in
            guard case ChannelError.pauseChannel(let reason) = error else { return false }
            return reason.contains("131048")
        }
    }

    @Test func answersWithoutAGraphErrorAreClassifiedByStatus() {
        #expect(CloudAPIChannel.statusOnly(401) == .pauseChannel(reason: "WhatsApp Cloud API refused the credentials (HTTP 401); check RETOMA_CLOUD_TOKEN"))
        if case .pauseChannel = CloudAPIChannel.statusOnly(404) {} else { Issue.record("404 must pause") }
        if case .outcomeUnknown = CloudAPIChannel.statusOnly(502) {} else { Issue.record("502 may have been sent") }
        #expect(CloudAPIChannel.statusOnly(418) == .permanent(reason: "cloud_http_418"))
    }

    @Test func aSuccessWithoutAMessageIDMayHaveBeenSent() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script([.json(#"{"messaging_product":"whatsapp"}"#)])
        #expect {
            try channel(server).send(message(lastCustomer: openWindow))
        } throws: { error in
            if case ChannelError.outcomeUnknown = error { return true }
            return false
        }
    }

    @Test func aRefusedConnectionIsRetriedButATimeoutIsNeverResent() throws {
        // Nothing listens on this port once the server is stopped.
        let closed = try LoopbackHTTPServer()
        let config = cloudConfig(closed)
        closed.stop()
        #expect {
            try CloudAPIChannel(config: config, clock: { testNow }).send(message(lastCustomer: openWindow))
        } throws: { error in
            if case ChannelError.retryLater = error { return true }
            return false
        }

        let slow = try LoopbackHTTPServer()
        defer { slow.stop() }
        slow.script([ScriptedResponse.json("{}", delay: 3)])
        var quick = cloudConfig(slow)
        quick.timeout = 1
        #expect {
            try CloudAPIChannel(config: quick, clock: { testNow }).send(message(lastCustomer: openWindow))
        } throws: { error in
            if case ChannelError.outcomeUnknown = error { return true }
            return false
        }
    }

    @Test func textsOverTheLimitAreRefusedUnsent() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script([cloudAccepted()])
        let c = channel(server)
        #expect(throws: ChannelError.permanent(reason: "text_too_long: WhatsApp accepts at most 4096 characters (got 4097)")) {
            try c.send(message(String(repeating: "a", count: 4097), lastCustomer: openWindow))
        }
        #expect(server.requests.isEmpty)
        _ = try c.send(message(String(repeating: "a", count: 4096), lastCustomer: openWindow))
        #expect(server.requests.count == 1)
    }
}
