import Foundation
import RetomaCore

/// What the operator decided about a failed or uncertain attempt.
public enum AttemptResolution: String, Sendable, Equatable, Codable {
    /// An uncertain attempt was sent again as a new attempt on the same anchor.
    case resent
    /// The operator confirmed the customer got it: it now counts as sent.
    case confirmedSent = "confirmed_sent"
    /// A failed attempt was retried as a new attempt on the same anchor.
    case retried
}

/// The ledger's unique key: one deal, the message the follow-up answers (its anchor), and the try number
/// for that anchor (1 unless the operator asked for another).
public struct AttemptKey: Sendable, Hashable, Codable {
    public var dealID: Int64
    public var anchorMessageID: Int64
    public var attemptNumber: Int
    public init(dealID: Int64, anchorMessageID: Int64, attemptNumber: Int) {
        self.dealID = dealID; self.anchorMessageID = anchorMessageID; self.attemptNumber = attemptNumber
    }
    /// "12-340-1": also the idempotency key handed to the channel.
    public var text: String { "\(dealID)-\(anchorMessageID)-\(attemptNumber)" }
}

extension Attempt {
    /// A failed attempt that was handed to the provider at least once: the error may have come after delivery.
    public var mayHaveBeenDelivered: Bool { state == .failed && sendingAt != nil }
}

/// One ledger row.
public struct Attempt: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var key: AttemptKey
    /// The n-th follow-up without a reply this would be.
    public var sequenceNumber: Int
    public var columnID: Int64
    public var contactName: String
    /// E.164, as it was when the attempt was planned (updated when sending starts).
    public var phone: String
    public var state: AttemptState
    /// Why it was cancelled or failed: a rule code, a `CancelReason`, or the provider's reason.
    public var reason: String?
    /// The latest error met on the way (also kept while retrying).
    public var error: String?
    public var text: String?
    public var model: String?
    /// The sending number's identity (one governor each).
    public var channel: String?
    public var channelMessageID: String?
    /// The follow-up message recorded in the conversation once sent.
    public var messageID: Int64?
    public var holderID: String?
    /// Transient errors met so far.
    public var tries: Int
    /// Not before this instant (backoff after a transient error).
    public var retryAt: Date?
    public var dueAt: Date
    public var plannedAt: Date
    public var generatedAt: Date?
    public var sendingAt: Date?
    public var finishedAt: Date?
    public var updatedAt: Date
    public var resolution: AttemptResolution?
    /// What the WhatsApp channel last said about the sent message (webhook statuses).
    public var deliveryStatus: DeliveryStatus?
    /// The provider's reason when the delivery failed.
    public var deliveryError: String?
    /// Who approved the draft in the review queue, and when (nil when it never waited for review).
    public var reviewedBy: String? = nil
    public var reviewedAt: Date? = nil
    /// The person rewrote the draft before approving it.
    public var edited: Bool = false
    /// When the draft began to wait in the review queue.
    public var reviewAt: Date? = nil

    public var dealID: Int64 { key.dealID }
}

/// The engine process holding the database's lease.
public struct LeaseHolder: Sendable, Equatable {
    public var holderID: String
    public var pid: Int32
    public var host: String
    /// The sending number its engine sends through (`SendingNumber.sender`): engines of one number share the work.
    public var sender: String
    public var acquiredAt: Date
    public var renewedAt: Date
    public var expiresAt: Date
    public init(holderID: String, pid: Int32, host: String, sender: String = "", acquiredAt: Date, renewedAt: Date,
                expiresAt: Date) {
        self.holderID = holderID; self.pid = pid; self.host = host; self.sender = sender
        self.acquiredAt = acquiredAt; self.renewedAt = renewedAt; self.expiresAt = expiresAt
    }
}

/// Outcome of asking for the lease.
public enum LeaseClaim: Sendable, Equatable {
    /// Ours now; `previous` is an engine whose lease had run out, if any (its work is taken over).
    case acquired(LeaseHolder, previous: LeaseHolder?)
    /// Already ours; renewed.
    case renewed(LeaseHolder)
    /// Engines of another sending number run on this database: this one stands by while they do.
    case heldByOther(LeaseHolder)
}

/// Why sending is paused.
public enum PauseReason: String, Sendable, Equatable, Codable {
    /// Someone pressed the brake.
    case `operator`
    /// The WhatsApp channel refused in a way only a person can fix (expired token, banned number…).
    case channel
    /// The writer failed for good (no quota, bad key, unknown model…).
    case ai
}

/// Engine settings kept in the database so they survive restarts.
public struct EngineSettings: Sendable, Equatable {
    public var paused: Bool
    public var pauseReason: PauseReason?
    public var pauseDetail: String?
    public var pausedAt: Date?
    /// National holidays close the business-hours window (the default).
    public var honorHolidays: Bool
    /// Pontos facultativos close it too.
    public var skipPontosFacultativos: Bool

    public var calendar: BusinessCalendar {
        BusinessCalendar(honorHolidays: honorHolidays, skipPontosFacultativos: skipPontosFacultativos)
    }
}

/// A deal whose stored next-due time has come.
public struct DueDeal: Sendable, Equatable {
    public var dealID: Int64
    public var dueAt: Date
}

/// One deal's follow-up inputs, as `deal why`, `engine --once` and the engine read them.
public struct DealFollowUp: Sendable, Equatable {
    public var facts: DealFacts
    public var config: FollowUpConfig
    public var columnName: String
    public var contactName: String
    public var anchorMessageID: Int64?
    /// The stored next-due time (see `NextDue`).
    public var dueAt: Date?
    /// An earlier attempt on this anchor waiting for the operator.
    public var hold: AttemptHold?
    /// The column's "on max" action was already applied to this anchor.
    public var maxHandled: Bool
}

/// What writing a follow-up needs from the database.
public struct FollowUpMaterial: Sendable, Equatable {
    public var deal: Deal
    public var contact: Contact
    public var column: RetomaCore.Column
    /// The latest messages, oldest first.
    public var recentMessages: [Message]
    /// Texts of this deal's earlier follow-ups, newest first, so a new one never repeats them.
    public var earlierFollowUps: [String]
    public var followUpsSinceReply: Int
}

/// A card's next follow-up event.
public struct ScheduledFollowUp: Sendable, Equatable {
    /// When the engine acts: a send (from then on, when the governor allows) or the "on max" action.
    public var dueAt: Date
    public var isMaxAction: Bool
    public init(dueAt: Date, isMaxAction: Bool) { self.dueAt = dueAt; self.isMaxAction = isMaxAction }
}
