import Foundation

/// A contact asked not to receive messages (LGPD, WhatsApp's policy): no follow-up on any of its deals until
/// the operator clears it. Agents may still answer by hand.
public struct ContactOptOut: Sendable, Equatable {
    /// Who set it: the customer's own message (`OptOut.match` found it) or the operator by hand.
    public enum Source: String, Sendable, Equatable, Codable {
        case customer, `operator`
    }

    public var at: Date
    public var source: Source
    /// The customer's message that asked it; nil when the operator set it.
    public var text: String?

    public init(at: Date, source: Source, text: String?) {
        self.at = at; self.source = source; self.text = text
    }
}
