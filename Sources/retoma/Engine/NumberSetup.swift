import Foundation
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaStore

/// The sending number as configured (the channel's name and 24-hour rule from `ChannelSetup`, its governor from
/// `GovernorSetup`), and the decision inputs loaded for it. Every command that decides, counts or warns takes
/// them from here, so none builds a calendar, governor or history of its own and all agree with the engine.
enum NumberSetup {
    static func make(environment: [String: String]) throws(SetupError) -> (channel: any WhatsAppChannel, number: SendingNumber) {
        let channel = try ChannelSetup.make(environment: environment)
        let governor = try GovernorSetup.make(environment: environment, channelKind: channel.kind)
        return (channel, channel.sendingNumber(governor: governor))
    }

    /// The `PolicyContext` at `instant` for the configured number.
    static func policy(store: Store, environment: [String: String], at instant: Date) throws -> PolicyContext {
        try store.policyContext(for: make(environment: environment).number, at: instant)
    }
}
