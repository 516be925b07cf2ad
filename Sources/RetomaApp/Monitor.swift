import Foundation
import RetomaCore

/// One thing the engine did, as the monitor shows it. The runtime translates engine events into these,
/// so the interface never depends on the engine.
public struct MonitorEntry: Sendable, Equatable {
    public var at: Date
    /// The engine's stable name for what happened: planned, generating, sending, sent, skipped, throttled,
    /// retrying, failed, uncertain, cancelled, max_attempts, paused, resumed, lease_acquired…
    public var kind: String
    public var dealID: Int64?
    public var columnID: Int64?
    public var columnName: String?
    public var contactName: String?
    /// What happened and why, in words.
    public var detail: String
    /// The message text, when the event carries one.
    public var text: String?
    public var attemptID: Int64?

    public init(at: Date, kind: String, dealID: Int64? = nil, columnID: Int64? = nil, columnName: String? = nil,
                contactName: String? = nil, detail: String, text: String? = nil, attemptID: Int64? = nil) {
        self.at = at; self.kind = kind; self.dealID = dealID; self.columnID = columnID; self.columnName = columnName
        self.contactName = contactName; self.detail = detail; self.text = text; self.attemptID = attemptID
    }
}

/// Who sends and who writes, for the title bar, and whether sending is on.
public struct EngineInfo: Sendable, Equatable {
    public var channel: String
    public var model: String?
    public var paused: Bool
    public var pauseDetail: String?
    /// Set when another process runs the engine on this database ("pid 123 em host").
    public var elsewhere: String?
    /// Set when the engine could not start here (bad channel settings…).
    public var problem: String?

    public init(channel: String, model: String? = nil, paused: Bool = false, pauseDetail: String? = nil,
                elsewhere: String? = nil, problem: String? = nil) {
        self.channel = channel; self.model = model; self.paused = paused; self.pauseDetail = pauseDetail
        self.elsewhere = elsewhere; self.problem = problem
    }
}
