import Foundation

/// A message a customer sent us on WhatsApp, as a webhook reported it.
public struct InboundMessage: Sendable, Equatable {
    /// "cloud", "evolution", "sandbox".
    public var channel: String
    /// The provider's id for the message: the same id delivered twice is recorded once.
    public var channelMessageID: String
    /// The customer's number in E.164.
    public var from: String
    /// The name the customer gave WhatsApp (their profile), if the provider sent it.
    public var profileName: String?
    /// The text, or a short description in brackets for media ("[imagem] legenda").
    public var text: String
    /// When the provider says it was sent.
    public var sentAt: Date
    /// The id of our message the customer replied to (quoted), when the provider says so.
    public var replyTo: String?

    public init(channel: String, channelMessageID: String, from: String, profileName: String? = nil, text: String,
                sentAt: Date, replyTo: String? = nil) {
        self.channel = channel; self.channelMessageID = channelMessageID; self.from = from
        self.profileName = profileName; self.text = text; self.sentAt = sentAt; self.replyTo = replyTo
    }
}

/// A message our side sent from the business's phone or WhatsApp Business app, as the provider echoed it
/// (Cloud API `smb_message_echoes`, Evolution `messages.upsert` with `fromMe: true`). A type of its own, not
/// an `InboundMessage`, so it can never reach what a customer's message does (stopping follow-ups, the
/// 24-hour window, opt-out detection): it is recorded as an agent message with origin `phone`.
public struct EchoMessage: Sendable, Equatable {
    /// "cloud", "evolution".
    public var channel: String
    /// The provider's id (wamid, key.id): the same id is recorded once, also when it is a message Retoma
    /// itself sent.
    public var channelMessageID: String
    /// The customer's number (the chat the business wrote in), in E.164.
    public var to: String
    /// The text, or a short description in brackets for media ("[imagem] legenda").
    public var text: String
    /// When the provider says it was sent (already checked for plausibility, see `ProviderTime`).
    public var sentAt: Date

    public init(channel: String, channelMessageID: String, to: String, text: String, sentAt: Date) {
        self.channel = channel; self.channelMessageID = channelMessageID; self.to = to; self.text = text
        self.sentAt = sentAt
    }
}

/// What the provider says about a message we sent.
public struct DeliveryUpdate: Sendable, Equatable {
    public var channelMessageID: String
    public var status: DeliveryStatus
    public var at: Date
    /// For `failed`: the provider's code and words, e.g. "131047 Re-engagement message".
    public var error: String?

    public init(channelMessageID: String, status: DeliveryStatus, at: Date, error: String? = nil) {
        self.channelMessageID = channelMessageID; self.status = status; self.at = at; self.error = error
    }
}

/// Where an inbound message (or a phone echo) went.
public enum InboundOutcome: Sendable, Equatable {
    /// Recorded in the conversation of this deal. For a customer's message the deal's open follow-up
    /// attempts were cancelled in the same transaction; an echo moved the deal's anchor instead.
    case recorded(dealID: Int64, messageID: Int64)
    /// No deal has this number: kept as an unassigned conversation for a person to look at (an echo as ours).
    case unassigned(conversationID: Int64)
    /// The provider delivered it before: nothing changed.
    case duplicate
}

/// What a delivery update changed.
public enum DeliveryOutcome: Sendable, Equatable {
    /// The message (and its ledger row, for a follow-up) now shows the status.
    case updated(messageID: Int64)
    /// Already at this status or a later one ("read" never goes back to "delivered").
    case unchanged(messageID: Int64)
    /// No message has this id yet (the status may arrive before the send is recorded): kept and applied when
    /// a message with that id is recorded.
    case pending
}

extension DeliveryStatus {
    /// Statuses only move forward: sent → delivered → read. `failed` replaces only `sent` (or nothing).
    public func isAdvance(over current: DeliveryStatus?) -> Bool {
        guard let current else { return true }
        switch (current, self) {
        case (.sent, .delivered), (.sent, .read), (.delivered, .read), (.sent, .failed): return true
        default: return false
        }
    }
}
