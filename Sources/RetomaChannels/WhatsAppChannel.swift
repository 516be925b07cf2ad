import Foundation
import RetomaCore

/// One text message to one WhatsApp number.
public struct OutgoingMessage: Sendable, Equatable {
    /// E.164, e.g. "+5511987654321".
    public var to: String
    public var text: String
    /// The ledger key ("deal-anchor-attempt"). Providers that deduplicate may use it; every channel may
    /// log it. The same key is never handed over twice by the engine unless the operator resends.
    public var idempotencyKey: String
    /// When the customer last wrote in this conversation (nil: never). The Cloud API allows free text only
    /// within 24 hours of it; outside, that channel sends its approved template or refuses with
    /// `outside_24h_window`. Channels without that rule ignore it.
    public var customerLastMessageAt: Date?
    /// How it may go out. Follow-ups take the channel's own way; an agent's free text is never turned into a
    /// template, and a template is only sent when named.
    public var route: Route

    public enum Route: Sendable, Equatable {
        /// A follow-up: free text, or outside the window the configured follow-up template (Cloud API).
        case followUp
        /// Free text only: refused (`outside_24h_window`) where the window rule forbids it.
        case freeText
        /// This approved template, the text as its body parameter. Channels without templates refuse it.
        case template(MessageTemplate)
    }

    public init(to: String, text: String, idempotencyKey: String, customerLastMessageAt: Date? = nil,
                route: Route = .followUp) {
        self.to = to; self.text = text; self.idempotencyKey = idempotencyKey
        self.customerLastMessageAt = customerLastMessageAt; self.route = route
    }
}

/// The provider accepted the message.
public struct SendReceipt: Sendable, Equatable {
    /// The provider's id for the message (matches later delivery statuses).
    public var channelMessageID: String
    /// `.sent` when the provider only accepted it; `.delivered` when it is known to have arrived.
    public var status: DeliveryStatus
    /// The WhatsApp account the provider resolved the number to, in E.164 (the Cloud API's `wa_id`; it may
    /// differ from the number sent, e.g. without a Brazilian ninth digit). Replies come from it.
    public var recipientID: String?
    public init(channelMessageID: String, status: DeliveryStatus, recipientID: String? = nil) {
        self.channelMessageID = channelMessageID; self.status = status; self.recipientID = recipientID
    }
}

/// Why a send did not succeed, classified by what the engine must do next.
public enum ChannelError: Error, Sendable, Equatable {
    /// The provider did not take the message (throughput or pair rate limit, a refused connection):
    /// try the same attempt again later, after `retryAfter` seconds when the provider says so.
    case retryLater(reason: String, retryAfter: TimeInterval?)
    /// This message will never go through (not a WhatsApp number, blocked, invalid): fail the attempt.
    case permanent(reason: String)
    /// The channel itself is unusable until a person acts (expired token, banned or disconnected number):
    /// pause all sending, keep the attempt ready.
    case pauseChannel(reason: String)
    /// The request may have reached the provider but no answer came back (a timeout after sending, a cut
    /// connection): it may have been delivered, so it is never retried automatically.
    case outcomeUnknown(reason: String)

    public var reason: String {
        switch self {
        case .retryLater(let r, _), .permanent(let r), .pauseChannel(let r), .outcomeUnknown(let r): r
        }
    }
}

/// A way to send WhatsApp text messages through one number. Issue 6 adds the Cloud API and Evolution API
/// senders; the engine knows only this protocol.
public protocol WhatsAppChannel: Sendable {
    /// "sandbox", "cloud", "evolution": shown on the status line so nobody mistakes a sandbox for production.
    var kind: String { get }
    /// The sending number or account. One send governor per sender, shared by every column.
    var sender: String { get }
    /// The 24-hour customer-service rule of this channel, for the engine to decide before writing a
    /// follow-up (`Decision.limited(by:lastCustomerMessageAt:at:)`). Defaults to `.unrestricted`.
    var messagingWindow: MessagingWindow { get }
    /// The approved templates this channel may send (the first is the follow-up template). Defaults to none.
    var templates: [MessageTemplate] { get }
    /// Sends one message and blocks until the provider answers (bounded by the channel's own timeout).
    /// Never logs or returns credentials.
    func send(_ message: OutgoingMessage) throws(ChannelError) -> SendReceipt
}

extension WhatsAppChannel {
    public var messagingWindow: MessagingWindow { .unrestricted }
    public var templates: [MessageTemplate] { [] }
}

extension ChannelError {
    /// A channel without templates (sandbox, Evolution API) asked to send one.
    public static func templatesUnsupported(_ kind: String) -> ChannelError {
        .permanent(reason: "template_unsupported: the \(kind) channel sends no WhatsApp templates; send the text instead")
    }
}
