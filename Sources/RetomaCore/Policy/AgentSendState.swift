import Foundation

/// Where a message an agent sends by hand stands. queued → sending → sent, or one of the ends failed (with the
/// provider's reason), uncertain (it may have gone out; never resent automatically) or cancelled (nothing went
/// out). A transient error puts it back to `queued` under the same key, not before its retry time.
public enum AgentSendState: String, Sendable, Equatable, CaseIterable, Codable {
    case queued, sending, sent, failed, uncertain, cancelled

    public var next: Set<AgentSendState> {
        switch self {
        case .queued: [.sending, .cancelled, .failed]
        // Back to `queued` when the provider asked to retry, or the send was abandoned before the channel call.
        case .sending: [.sent, .failed, .uncertain, .queued]
        // Only the channel's late answer settles it.
        case .uncertain: [.sent]
        case .sent, .failed, .cancelled: []
        }
    }

    public func canMove(to target: AgentSendState) -> Bool { next.contains(target) }

    public static func allowedSources(of target: AgentSendState) -> [AgentSendState] {
        allCases.filter { $0.canMove(to: target) }
    }

    /// "'queued', 'sending'": an SQL list for `state IN (…)`; raw values are plain lowercase words.
    public static func sqlList(_ states: [AgentSendState]) -> String {
        states.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    }

    /// Nothing is settled yet (the deal screen shows ⏱).
    public var isPending: Bool { self == .queued || self == .sending }
}

/// An approved WhatsApp template: its name and language code ("followup_1", "pt_BR").
public struct MessageTemplate: Sendable, Hashable, Codable {
    public var name: String
    public var language: String
    public init(name: String, language: String) { self.name = name; self.language = language }
    /// "followup_1:pt_BR", as configured and as `--template` takes it.
    public var text: String { "\(name):\(language)" }

    /// Parses "name:language" (lowercase letters, digits and "_" in the name; letters and "_" in the language).
    public static func parse(_ raw: String) -> MessageTemplate? {
        let parts = raw.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              parts[0].allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }),
              parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "_") }) else { return nil }
        return MessageTemplate(name: parts[0], language: parts[1])
    }
}
