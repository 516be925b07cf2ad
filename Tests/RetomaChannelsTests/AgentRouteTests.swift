import Foundation
import LoopbackHTTPServer
import RetomaCore
import Testing
@testable import RetomaChannels

/// An agent's message names its route: its own free text is never turned into a template, and a template
/// goes out only when named, on a channel that has templates.
@Suite struct AgentRouteTests {
    let followUp = CloudTemplate(name: "followup_1", language: "pt_BR")
    let reply = CloudTemplate(name: "resposta_1", language: "pt_BR")

    func cloud(_ server: LoopbackHTTPServer) -> CloudAPIChannel {
        var config = cloudConfig(server, template: followUp)
        config.templates.append(reply)
        return CloudAPIChannel(config: config, clock: { testNow })
    }

    func message(_ route: OutgoingMessage.Route, lastCustomer: Date?) -> OutgoingMessage {
        OutgoingMessage(to: "+5511987654321", text: "Oi Maria,\nposso ajudar?", idempotencyKey: "agent-12-340",
                        customerLastMessageAt: lastCustomer, route: route)
    }

    @Test func freeTextOutsideTheWindowIsRefusedEvenWithTemplatesConfigured() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        #expect(throws: ChannelError.permanent(reason: "outside_24h_window")) {
            try cloud(server).send(message(.freeText, lastCustomer: testNow.addingTimeInterval(-25 * 3600)))
        }
        #expect(server.requests.isEmpty, "nothing left")
    }

    @Test func freeTextReEngagementIsNotRetriedAsATemplate() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script([cloudError(code: 131047, message: "Re-engagement message")])
        #expect(throws: ChannelError.permanent(reason: "outside_24h_window (131047: Re-engagement message — details)")) {
            try cloud(server).send(message(.freeText, lastCustomer: testNow.addingTimeInterval(-3600)))
        }
        #expect(server.requests.count == 1 && server.requests[0].json?["type"] as? String == "text")
    }

    @Test func aNamedTemplateGoesOutWithTheTextAsItsBody() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script([cloudAccepted(id: "wamid.R1")])
        let receipt = try cloud(server).send(message(.template(reply), lastCustomer: nil))
        #expect(receipt.channelMessageID == "wamid.R1")
        #expect(server.requests.first?.bodyText == #"{"messaging_product":"whatsapp","template":{"components":[{"parameters":[{"text":"Oi Maria, posso ajudar?","type":"text"}],"type":"body"}],"language":{"code":"pt_BR","policy":"deterministic"},"name":"resposta_1"},"to":"5511987654321","type":"template"}"#)
    }

    @Test func sandboxAndEvolutionRefuseTemplatesWithAReason() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let evolution = EvolutionChannel(config: EvolutionConfig(baseURL: server.baseURL, instance: "crm",
                                                                 apiKey: "evo-key-0123456789",
                                                                 webhookSecret: "evolution-secret-0123456789", timeout: 5))
        for channel in [SandboxChannel() as any WhatsAppChannel, evolution] {
            #expect(throws: ChannelError.templatesUnsupported(channel.kind)) {
                try channel.send(message(.template(reply), lastCustomer: nil))
            }
            #expect(ChannelError.templatesUnsupported(channel.kind).reason.contains("sends no WhatsApp templates"))
        }
        #expect(server.requests.isEmpty)
        #expect(try SandboxChannel().send(message(.freeText, lastCustomer: nil)).status == .delivered)
    }

    @Test func severalTemplatesAreConfiguredCommaSeparatedAndTheFirstIsTheFollowUps() throws {
        func resolve(_ templates: String) throws -> ChannelConfiguration {
            let env = ["RETOMA_CHANNEL": "cloud", "RETOMA_CLOUD_PHONE_NUMBER_ID": "106540352242922",
                       "RETOMA_CLOUD_TOKEN": "EAAG-token", "RETOMA_CLOUD_APP_SECRET": "app-secret",
                       "RETOMA_CLOUD_VERIFY_TOKEN": "verify", "RETOMA_CLOUD_TEMPLATE": templates]
            return try ChannelConfiguration.resolve(file: ConfigFile(path: "/x/config.toml", document: try TOMLSubset.parse(""),
                                                                     mode: 0o600), environment: env)
        }
        let config = try #require(try resolve("followup_1:pt_BR, resposta_1:pt_BR,followup_1:pt_BR").cloud)
        #expect(config.templates == [followUp, reply] && config.template == followUp)
        #expect(CloudAPIChannel(config: config).templates == [followUp, reply])
        #expect(throws: ConfigError.self) { try resolve("followup_1:pt_BR,") }
    }
}
