import Foundation
import RetomaCore
import RetomaStore

/// The deal an event is about, named the way the monitor shows it.
public struct DealRef: Sendable, Equatable {
    public var dealID: Int64
    public var columnID: Int64
    public var columnName: String?
    public var contactName: String?
    public init(dealID: Int64, columnID: Int64, columnName: String?, contactName: String?) {
        self.dealID = dealID; self.columnID = columnID; self.columnName = columnName; self.contactName = contactName
    }
}

/// A ledger row an event is about.
public struct AttemptRef: Sendable, Equatable {
    public var attemptID: Int64
    public var key: AttemptKey
    /// The n-th follow-up without a reply.
    public var sequence: Int
    public var deal: DealRef
    public init(attemptID: Int64, key: AttemptKey, sequence: Int, deal: DealRef) {
        self.attemptID = attemptID; self.key = key; self.sequence = sequence; self.deal = deal
    }
}

/// A message an agent sends by hand (the agent ledger's row) an event is about.
public struct AgentSendRef: Sendable, Equatable {
    public var sendID: Int64
    /// "agent-<deal>-<message id>".
    public var key: String
    /// The conversation message it belongs to.
    public var messageID: Int64?
    public var deal: DealRef
    public init(sendID: Int64, key: String, messageID: Int64?, deal: DealRef) {
        self.sendID = sendID; self.key = key; self.messageID = messageID; self.deal = deal
    }
}

/// What happened to an agent's message.
public enum AgentSendStep: Sendable, Equatable {
    /// In the conversation and waiting for the lane.
    case queued
    /// The re-check passed and the text is going to the channel now.
    case sending(text: String)
    case sent(channelMessageID: String)
    /// The governor holds it until `until` (it still goes before any follow-up).
    case throttled(until: Date)
    /// The brake is on: it goes out after the resume.
    case paused
    case retrying(error: String, retryAt: Date)
    case failed(reason: String)
    /// It may have reached the customer; never resent automatically.
    case uncertain(error: String)
    case cancelled(reason: String)

    /// Stable name, after "agent_" in `EngineEvent.kind`.
    public var name: String {
        switch self {
        case .queued: "queued"
        case .sending: "sending"
        case .sent: "sent"
        case .throttled: "throttled"
        case .paused: "paused"
        case .retrying: "retrying"
        case .failed: "failed"
        case .uncertain: "uncertain"
        case .cancelled: "cancelled"
        }
    }
}

/// Everything the engine does, as it happens. Delivered to the sink given to `Engine` (the TUI posts it to
/// its mailbox, `retoma engine` prints one line each); the engine never sees UI types.
public enum EngineEvent: Sendable, Equatable {
    case started(at: Date)
    case stopped(at: Date)
    /// This process runs the engine now; `previous` held the lease before it expired.
    case leaseAcquired(LeaseHolder, previous: LeaseHolder?, at: Date)
    /// Another process runs the engine (`holder`); this one waits and takes over if it dies.
    case leaseLost(holder: LeaseHolder?, at: Date)
    case paused(reason: PauseReason, detail: String?, at: Date)
    case resumed(at: Date)
    case planned(AttemptRef, dueAt: Date, at: Date)
    case generating(AttemptRef, at: Date)
    /// Written; the column reviews before sending, so the draft waits for a person in the review queue.
    case awaitingReview(AttemptRef, text: String, at: Date)
    /// The re-check passed and the text is going to the channel now.
    case sending(AttemptRef, text: String, at: Date)
    case sent(AttemptRef, text: String, model: String?, channelMessageID: String, at: Date)
    /// The rules hold the deal back (`until` when they know): closed hours, a holiday, a held attempt…
    case skipped(DealRef, reason: ReasonCode, until: Date?, at: Date)
    /// The maximum of follow-ups without a reply was reached and the column's "on max" action applied.
    case maxReached(DealRef, movedTo: DealRef?, at: Date)
    /// Due, but the number's send governor holds it until `until`; `waiting` deals are due in all.
    case throttled(DealRef, until: Date, waiting: Int, at: Date)
    /// A transient error; the same attempt is tried again at `retryAt`.
    case retrying(AttemptRef, error: String, retryAt: Date, at: Date)
    case failed(AttemptRef, reason: String, error: String?, at: Date)
    /// The send may have reached the customer; only the operator can resend it or mark it done.
    case uncertain(AttemptRef, error: String?, at: Date)
    case cancelled(AttemptRef, reason: String, at: Date)
    /// The engine could not read or write the database; it tries again shortly.
    case storeError(String, at: Date)
    /// A message an agent sends by hand, through the agent lane.
    case agent(AgentSendRef, AgentSendStep, at: Date)

    public var at: Date {
        switch self {
        case .started(let at), .stopped(let at), .leaseAcquired(_, _, let at), .leaseLost(_, let at),
             .paused(_, _, let at), .resumed(let at), .planned(_, _, let at), .generating(_, let at), .awaitingReview(_, _, let at),
             .sending(_, _, let at), .sent(_, _, _, _, let at), .skipped(_, _, _, let at), .maxReached(_, _, let at),
             .throttled(_, _, _, let at), .retrying(_, _, _, let at), .failed(_, _, _, let at),
             .uncertain(_, _, let at), .cancelled(_, _, let at), .storeError(_, let at), .agent(_, _, let at):
            at
        }
    }

    /// Stable name of what happened, for filters and logs.
    public var kind: String {
        switch self {
        case .started: "started"
        case .stopped: "stopped"
        case .leaseAcquired: "lease_acquired"
        case .leaseLost: "lease_lost"
        case .paused: "paused"
        case .resumed: "resumed"
        case .planned: "planned"
        case .generating: "generating"
        case .awaitingReview: "review"
        case .sending: "sending"
        case .sent: "sent"
        case .skipped: "skipped"
        case .maxReached: "max_attempts"
        case .throttled: "throttled"
        case .retrying: "retrying"
        case .failed: "failed"
        case .uncertain: "uncertain"
        case .cancelled: "cancelled"
        case .storeError: "store_error"
        case .agent(_, let step, _): "agent_" + step.name
        }
    }

    /// The deal concerned, if any.
    public var deal: DealRef? {
        switch self {
        case .planned(let a, _, _), .generating(let a, _), .awaitingReview(let a, _, _), .sending(let a, _, _), .sent(let a, _, _, _, _),
             .retrying(let a, _, _, _), .failed(let a, _, _, _), .uncertain(let a, _, _), .cancelled(let a, _, _):
            a.deal
        case .skipped(let d, _, _, _), .maxReached(let d, _, _), .throttled(let d, _, _, _):
            d
        case .agent(let a, _, _):
            a.deal
        default:
            nil
        }
    }
}
