import Foundation
import RetomaCore
import Testing
@testable import RetomaChannels

/// The two shapes of "our side spoke from the phone": Cloud API `smb_message_echoes` and Evolution
/// `messages.upsert` with `fromMe: true`, parsed into echoes (never into customer messages).
@Suite struct EchoPayloadTests {
    static let metadata = #""messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"}"#

    func cloud(_ changes: String) throws -> [WebhookItem] {
        let body = #"{"object":"whatsapp_business_account","entry":[{"id":"1022","changes":[\#(changes)]}]}"#
        return try CloudWebhookPayload.parse(Data(body.utf8), phoneNumberID: "106540352242922", receivedAt: testNow)
    }

    func echoChange(_ echoes: String, phoneNumberID: String = "106540352242922") -> String {
        #"{"field":"smb_message_echoes","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"\#(phoneNumberID)"},"message_echoes":[\#(echoes)]}}"#
    }

    func echoItem(to: String = "5531987654321", id: String = "wamid.E1", timestamp: String = "1773143000",
                  type: String = "text", content: String = #""text":{"body":"Fica R$ 1.200 à vista."}"#) -> String {
        #"{"from":"15550783881","to":"\#(to)","id":"\#(id)","timestamp":"\#(timestamp)","type":"\#(type)",\#(content)}"#
    }

    @Test func aCloudEchoIsOursToTheCustomer() throws {
        let items = try cloud(echoChange(echoItem()))
        #expect(items == [.echo(EchoMessage(channel: "cloud", channelMessageID: "wamid.E1", to: "+5531987654321",
                                            text: "Fica R$ 1.200 à vista.", sentAt: Date(timeIntervalSince1970: 1_773_143_000)))])
    }

    @Test func cloudEchoesAreReadInBatchesBesideMessagesAndStatuses() throws {
        let message = #"{"field":"messages","value":{\#(Self.metadata),"contacts":[{"profile":{"name":"Maria"},"wa_id":"5531987654321"}],"messages":[{"from":"5531987654321","id":"wamid.IN","timestamp":"1773143100","type":"text","text":{"body":"Obrigada"}}]}}"#
        let status = #"{"field":"messages","value":{\#(Self.metadata),"statuses":[{"id":"wamid.OUT","status":"read","timestamp":"1773143200","recipient_id":"5531987654321"}]}}"#
        let items = try cloud([echoChange(echoItem() + "," + echoItem(id: "wamid.E2", type: "image",
                                                                      content: #""image":{"caption":"a planta"}"#)),
                               message, status].joined(separator: ","))
        #expect(items.count == 4)
        guard case .echo(let first) = items[0], case .echo(let second) = items[1], case .message(let reply) = items[2],
              case .delivery(let read) = items[3] else { Issue.record("\(items)"); return }
        #expect(first.channelMessageID == "wamid.E1" && second.text == "[imagem] a planta")
        #expect(reply.from == "+5531987654321" && read.status == .read)
    }

    @Test func cloudEchoesOfAnotherNumberAreIgnored() throws {
        let items = try cloud(echoChange(echoItem(), phoneNumberID: "999"))
        #expect(items == [.ignored("a change for another phone number id")])
    }

    @Test func aCloudEchoWithAnImplausibleTimeGetsTheArrivalTime() throws {
        var notes: [String] = []
        let body = #"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[\#(echoChange(echoItem(timestamp: "1e19")))]}]}"#
        let items = try CloudWebhookPayload.parse(Data(body.utf8), phoneNumberID: "106540352242922", receivedAt: testNow,
                                                  note: { notes.append($0) })
        guard case .echo(let echo)? = items.first else { Issue.record("\(items)"); return }
        #expect(echo.sentAt == testNow)
        #expect(notes.count == 1 && notes[0].contains("message_echoes[0].timestamp"))
    }

    @Test func aMalformedCloudEchoRefusesTheBody() {
        #expect(throws: PayloadError.self) { try cloud(echoChange(#"{"from":"15550783881","id":"wamid.E1","timestamp":"1","type":"text","text":{"body":"x"}}"#)) }
        #expect(throws: PayloadError.self) { try cloud(echoChange(echoItem(to: "not-a-number"))) }
        #expect(throws: PayloadError.self) { try cloud(echoChange(echoItem(id: ""))) }
        #expect(throws: PayloadError.self) { try cloud(echoChange(echoItem(content: #""text":{}"#))) }
        #expect(throws: PayloadError.self) {
            try cloud(#"{"field":"smb_message_echoes","value":{\#(Self.metadata),"message_echoes":{"id":"x"}}}"#)
        }
    }

    // MARK: - Evolution

    func evolution(_ key: String, message: String = #"{"conversation":"Te mando o PDF já."}"#) throws -> [WebhookItem] {
        let body = #"{"event":"messages.upsert","instance":"crm","data":{"key":\#(key),"pushName":"Você","status":"SERVER_ACK","message":\#(message),"messageType":"conversation","messageTimestamp":1773143000},"destination":"http://127.0.0.1/webhooks/evolution","date_time":"2026-03-10T09:00:00.000Z","sender":"5511912345678@s.whatsapp.net","server_url":"http://localhost:8080","apikey":null}"#
        return try EvolutionWebhookPayload.parse(Data(body.utf8), instance: "crm", receivedAt: testNow)
    }

    @Test func anEvolutionFromMeIsOursToTheChat() throws {
        let items = try evolution(#"{"remoteJid":"553187654321@s.whatsapp.net","fromMe":true,"id":"3EB0AA"}"#)
        #expect(items == [.echo(EchoMessage(channel: "evolution", channelMessageID: "3EB0AA", to: "+553187654321",
                                            text: "Te mando o PDF já.", sentAt: Date(timeIntervalSince1970: 1_773_143_000)))])
        // The same chat with fromMe false is the customer's.
        guard case .message(let reply)? = try evolution(#"{"remoteJid":"553187654321@s.whatsapp.net","fromMe":false,"id":"3A5F"}"#).first else {
            Issue.record("not a customer message"); return
        }
        #expect(reply.from == "+553187654321" && reply.channelMessageID == "3A5F")
    }

    @Test func evolutionFromMeInGroupsAndStatusesIsIgnored() throws {
        #expect(try evolution(#"{"remoteJid":"120363025246125486@g.us","fromMe":true,"id":"G1"}"#) == [.ignored("a group message")])
        #expect(try evolution(#"{"remoteJid":"status@broadcast","fromMe":true,"id":"S1"}"#)
                == [.ignored("a broadcast or status message")])
        #expect(try evolution(#"{"remoteJid":"status@broadcast","fromMe":false,"id":"S2"}"#)
                == [.ignored("a broadcast or status message")])
    }

    @Test func evolutionLidChatsUseRemoteJidAltForBothSides() throws {
        let ours = try evolution(#"{"remoteJid":"123456789012345@lid","remoteJidAlt":"5531987654321@s.whatsapp.net","addressingMode":"lid","fromMe":true,"id":"L1"}"#,
                                 message: #"{"extendedTextMessage":{"text":"Pelo lid"}}"#)
        guard case .echo(let echo)? = ours.first else { Issue.record("\(ours)"); return }
        #expect(echo.to == "+5531987654321" && echo.text == "Pelo lid")
        let theirs = try evolution(#"{"remoteJid":"123456789012345@lid","remoteJidAlt":"5531987654321@s.whatsapp.net","addressingMode":"lid","fromMe":false,"id":"L2"}"#)
        guard case .message(let reply)? = theirs.first else { Issue.record("\(theirs)"); return }
        #expect(reply.from == "+5531987654321")
        #expect(try evolution(#"{"remoteJid":"123456789012345@lid","addressingMode":"lid","fromMe":true,"id":"L3"}"#)
                == [.ignored("a lid-addressed message without remoteJidAlt")])
    }
}
