import Foundation
import RetomaAI
import RetomaCore

/// `ReviewRule.forced` for this process's configuration, read without starting anything: the local demo model
/// writing for a channel that reaches real customers (Cloud API, Evolution). The engine, the dialog and
/// `followup show` all ask here.
enum ReviewSetup {
    /// For the configured channel (a channel configuration that does not load sends nothing anywhere).
    static func forced(environment: [String: String]) -> Bool {
        guard let kind = try? ChannelSetup.configuration(environment: environment).kind else { return false }
        return forced(environment: environment, channelKind: kind.rawValue)
    }

    static func forced(environment: [String: String], channelKind: String) -> Bool {
        // An AI configuration that does not load never starts a writer; counted as the local one to be safe.
        let local = (try? AIConfig.load(environment: environment))?.usesLocalModel ?? true
        return ReviewRule.forced(localDemoWriter: local, realChannel: channelKind != "sandbox")
    }
}
