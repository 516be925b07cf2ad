import Foundation
import RetomaCore

/// What happened, as the monitor shows it and events.jsonl names it (the raw values are those stable
/// names). The runtime maps each engine event to one of these in one place, so the interface matches cases,
/// never strings.
public enum EventKind: String, Sendable, Equatable, CaseIterable {
    case started, stopped
    case leaseAcquired = "lease_acquired", leaseLost = "lease_lost"
    case paused, resumed
    case planned, generating, review, sending, sent, replied, skipped, throttled, retrying, failed, uncertain, cancelled
    case maxAttempts = "max_attempts"
    case storeError = "store_error"
}

/// One thing the engine did, as the monitor shows it. The runtime translates engine events into these,
/// so the interface never depends on the engine.
public struct MonitorEntry: Sendable, Equatable {
    public var at: Date
    public var kind: EventKind
    public var dealID: Int64?
    public var columnID: Int64?
    public var columnName: String?
    public var contactName: String?
    /// What happened and why, in words.
    public var detail: String
    /// The message text, when the event carries one.
    public var text: String?
    public var attemptID: Int64?

    public init(at: Date, kind: EventKind, dealID: Int64? = nil, columnID: Int64? = nil, columnName: String? = nil,
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
    /// Every column reviews before sending (`ReviewRule.forced`): the dialog shows the box on and locked.
    public var reviewForced: Bool

    public init(channel: String, model: String? = nil, paused: Bool = false, pauseDetail: String? = nil,
                elsewhere: String? = nil, problem: String? = nil, reviewForced: Bool = false) {
        self.channel = channel; self.model = model; self.paused = paused; self.pauseDetail = pauseDetail
        self.elsewhere = elsewhere; self.problem = problem; self.reviewForced = reviewForced
    }
}

/// Today's figures (Brasília day) and the health of the AI and the channel, for the monitor's header.
public struct MonitorFigures: Sendable, Equatable {
    public var sentToday = 0
    public var deliveredToday = 0
    public var readToday = 0
    public var repliesToday = 0
    public var failedToday = 0
    /// Due deals the governor, closed hours or a pause still hold.
    public var waiting = 0
    public var nextSendAt: Date?
    public var sentLastHour = 0
    public var hourlyCap = 0
    public var dailyCap = 0
    public var uncertain = 0
    public var aiHealth: Health = .ok
    public var channelHealth: Health = .ok
    /// Per column: deals waiting and the next send time, for the board's headers.
    public var columns: [Int64: ColumnFigures] = [:]
    /// Next follow-up time per deal, for the cards ("🤖 em 3h").
    public var cards: [Int64: Date] = [:]

    public enum Health: Sendable, Equatable {
        case ok
        case retrying(String)
        case paused(String)
    }

    public struct ColumnFigures: Sendable, Equatable {
        public var waiting: Int
        public var nextAt: Date?
        public init(waiting: Int, nextAt: Date?) { self.waiting = waiting; self.nextAt = nextAt }
    }

    public init() {}
}

/// The monitor pane: hidden, at the bottom of the board, or full screen; with its own selection and filters.
public struct MonitorPane: Sendable, Equatable {
    public enum Size: Sendable, Equatable { case hidden, pane, full }
    public var size: Size = .hidden
    /// Keys go to the monitor (not the board) while it has the focus.
    public var focused = false
    /// Index into the filtered entries; nil follows the newest.
    public var selected: Int?
    public var columnFilter: Int64?
    public var kindFilter: EventKind?
    public var search = ""
    public var searching = false
    public var showText = false

    /// The outcomes one can filter by, in the order `o` cycles through them.
    public static let kinds: [EventKind] = [.sent, .replied, .planned, .generating, .skipped, .throttled,
                                            .retrying, .failed, .uncertain, .cancelled, .maxAttempts, .paused]

    public init() {}

    public func filtered(_ entries: [MonitorEntry]) -> [MonitorEntry] {
        if columnFilter == nil && kindFilter == nil && search.isEmpty { return entries }
        let needle = search.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return entries.filter { e in
            if let c = columnFilter, e.columnID != c { return false }
            if let k = kindFilter, e.kind != k { return false }
            if !needle.isEmpty {
                let hay = [e.detail, e.text ?? "", e.contactName ?? "", e.columnName ?? ""].joined(separator: " ")
                    .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                if !hay.contains(needle) { return false }
            }
            return true
        }
    }
}

/// A conversation from a number that matches no deal, kept until someone assigns it (issue 6).
public struct UnassignedSummary: Sendable, Equatable {
    public var id: Int64
    public var phone: String
    public var name: String?
    public var lastAt: Date
    public var count: Int
    public var lastText: String
    public init(id: Int64, phone: String, name: String?, lastAt: Date, count: Int, lastText: String) {
        self.id = id; self.phone = phone; self.name = name; self.lastAt = lastAt; self.count = count; self.lastText = lastText
    }
}
