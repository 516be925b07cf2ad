import Foundation
import RetomaChannels
import RetomaCore
import RetomaStore

/// The WhatsApp channel: `RETOMA_CHANNEL` and the `[channel]`, `[cloud]`, `[evolution]` sections of config.toml
/// (see `ChannelConfiguration`; default: the sandbox), and for the Cloud and Evolution APIs the webhook
/// listener that brings the customers' replies in.
enum ChannelSetup {
    static func configuration(environment: [String: String]) throws(SetupError) -> ChannelConfiguration {
        do {
            return try ChannelConfiguration.load(environment: environment)
        } catch {
            throw SetupError(pt: "configuração do WhatsApp: \(error.message)", en: "WhatsApp configuration: \(error.message)")
        }
    }

    /// `RETOMA_SANDBOX_OUTBOX` (a file that receives each sandbox message as a JSON line) and
    /// `RETOMA_SANDBOX_DELAY_MS` (a slow provider's answer time, for tests that interrupt a send).
    static func make(environment: [String: String]) throws(SetupError) -> any WhatsAppChannel {
        let configuration = try configuration(environment: environment)
        guard configuration.kind == .sandbox else {
            do {
                return try ChannelFactory.makeChannel(configuration)
            } catch {
                throw SetupError(pt: "configuração do WhatsApp: \(error.message)", en: "WhatsApp configuration: \(error.message)")
            }
        }
        var delay: TimeInterval = 0
        if let raw = environment["RETOMA_SANDBOX_DELAY_MS"], !raw.isEmpty {
            guard let ms = Int(raw), ms >= 0, ms <= 600_000 else {
                throw SetupError(pt: "RETOMA_SANDBOX_DELAY_MS deve ser um número de milissegundos de 0 a 600000 (recebido \"\(raw)\")",
                                 en: "RETOMA_SANDBOX_DELAY_MS must be a number of milliseconds from 0 to 600000 (got \"\(raw)\")")
            }
            delay = Double(ms) / 1000
        }
        let outbox = environment["RETOMA_SANDBOX_OUTBOX"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
        return SandboxChannel(outbox: outbox, answerDelay: delay)
    }

    /// Starts the webhook listener of a Cloud or Evolution channel (nil for the sandbox): customer replies are
    /// recorded in `store` (cancelling what was planned for the deal), and so is what the business sent from
    /// its phone (the deal's new anchor); then `onCustomerMessage` runs with the deal — wake the engine there. When another `retoma` already listens on the address, this one keeps trying in the
    /// background so one of them always receives the webhooks.
    static func startWebhook(_ configuration: ChannelConfiguration, store: Store,
                             onCustomerMessage: @escaping @Sendable (Int64) -> Void,
                             onOtherChange: @escaping @Sendable () -> Void = {},
                             log: @escaping @Sendable (String) -> Void) -> WebhookListener? {
        let sink = WebhookSink(recordMessage: { message in try store.recordInbound(message) },
                               recordEcho: { echo in try store.recordEcho(echo) },
                               recordDelivery: { update in try store.applyDelivery(update) },
                               // An echo moved the deal's next follow-up: the same wake-up and refresh.
                               onCustomerMessage: onCustomerMessage, onOurMessage: onCustomerMessage,
                               onOtherChange: onOtherChange)
        guard let listener = ChannelFactory.makeWebhookListener(configuration, sink: sink, log: log) else { return nil }
        listener.startOrKeepTrying()
        return listener
    }
}
