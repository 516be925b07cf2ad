import Foundation
import RetomaCore
import RetomaStore

/// One decision of `retoma engine --once --json` (the document is written by `DecisionPrinter`).
struct DecisionJSON: Encodable {
    var deal: Int64
    var column: Int64
    var action: String
    var reason: String
    var dueAt: Date?

    init(_ d: Decision) {
        deal = d.dealID; column = d.columnID; action = d.action.rawValue; reason = d.reason.rawValue; dueAt = d.dueAt
    }

    enum CodingKeys: String, CodingKey { case deal, column, action, reason, dueAt = "due_at" }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(deal, forKey: .deal); try c.encode(column, forKey: .column)
        try c.encode(action, forKey: .action); try c.encode(reason, forKey: .reason)
        try c.encode(dueAt, forKey: .dueAt)
    }
}

/// `retoma deal why --json`: the decision plus every rule checked, in words.
struct WhyDocument: Encodable {
    struct CheckJSON: Encodable { var passed: Bool; var text: String }
    var at: Date
    var deal: Int64
    var column: Int64
    var action: String
    var reason: String
    var dueAt: Date?
    var summary: String
    var checks: [CheckJSON]
    /// Extra facts the rules do not print (the "on max" move), in words.
    var notes: [String]

    enum CodingKeys: String, CodingKey { case at, deal, column, action, reason, dueAt = "due_at", summary, checks, notes }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(at, forKey: .at); try c.encode(deal, forKey: .deal); try c.encode(column, forKey: .column)
        try c.encode(action, forKey: .action); try c.encode(reason, forKey: .reason); try c.encode(dueAt, forKey: .dueAt)
        try c.encode(summary, forKey: .summary); try c.encode(checks, forKey: .checks); try c.encode(notes, forKey: .notes)
    }
}

/// `retoma log --json`: the ledger, most recently changed first.
struct LogDocument: Encodable {
    var attempts: [AttemptJSON]
}

struct AttemptJSON: Encodable {
    var id: Int64
    var key: String
    var dealId: Int64
    var anchorMessageId: Int64
    var attemptNumber: Int
    var sequence: Int
    var columnId: Int64
    var contactName: String
    var phone: String
    var state: String
    var reason: String?
    var error: String?
    var text: String?
    var model: String?
    var channel: String?
    var channelMessageId: String?
    var messageId: Int64?
    var tries: Int
    var retryAt: Date?
    var dueAt: Date
    var plannedAt: Date
    var sendingAt: Date?
    var finishedAt: Date?
    var updatedAt: Date
    var resolution: String?
    /// The board of the attempt's column; null once that column is deleted.
    var boardId: Int64?
    var boardName: String?

    init(_ a: Attempt, board: Board? = nil) {
        boardId = board?.id; boardName = board?.name
        id = a.id; key = a.key.text; dealId = a.dealID; anchorMessageId = a.key.anchorMessageID
        attemptNumber = a.key.attemptNumber; sequence = a.sequenceNumber; columnId = a.columnID
        contactName = a.contactName; phone = a.phone; state = a.state.rawValue; reason = a.reason; error = a.error
        text = a.text; model = a.model; channel = a.channel; channelMessageId = a.channelMessageID; messageId = a.messageID
        tries = a.tries; retryAt = a.retryAt; dueAt = a.dueAt; plannedAt = a.plannedAt; sendingAt = a.sendingAt
        finishedAt = a.finishedAt; updatedAt = a.updatedAt; resolution = a.resolution?.rawValue
    }

    enum CodingKeys: String, CodingKey {
        case id, key, dealId, anchorMessageId, attemptNumber, sequence, columnId, contactName, phone, state, reason,
             error, text, model, channel, channelMessageId, messageId, tries, retryAt, dueAt, plannedAt, sendingAt,
             finishedAt, updatedAt, resolution, boardId, boardName
    }

    /// Optional fields are written as null, like every other document.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(key, forKey: .key); try c.encode(dealId, forKey: .dealId)
        try c.encode(anchorMessageId, forKey: .anchorMessageId); try c.encode(attemptNumber, forKey: .attemptNumber)
        try c.encode(sequence, forKey: .sequence); try c.encode(columnId, forKey: .columnId)
        try c.encode(contactName, forKey: .contactName); try c.encode(phone, forKey: .phone)
        try c.encode(state, forKey: .state); try c.encode(reason, forKey: .reason); try c.encode(error, forKey: .error)
        try c.encode(text, forKey: .text); try c.encode(model, forKey: .model); try c.encode(channel, forKey: .channel)
        try c.encode(channelMessageId, forKey: .channelMessageId); try c.encode(messageId, forKey: .messageId)
        try c.encode(tries, forKey: .tries); try c.encode(retryAt, forKey: .retryAt); try c.encode(dueAt, forKey: .dueAt)
        try c.encode(plannedAt, forKey: .plannedAt); try c.encode(sendingAt, forKey: .sendingAt)
        try c.encode(finishedAt, forKey: .finishedAt); try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(resolution, forKey: .resolution)
        try c.encode(boardId, forKey: .boardId); try c.encode(boardName, forKey: .boardName)
    }
}

/// `retoma engine status --json`.
struct EngineStatusDocument: Encodable {
    /// The longest-running engine (what one engine per database showed), then every engine running now.
    var holder: LeaseJSON?
    var engines: [LeaseJSON]
    var settings: EngineSettings
    var nextDueAt: Date?
    var dueNow: Int
    var uncertain: [Int64]
    /// Every board, oldest first; the figures above are their sum (one engine per database).
    var boards: [BoardFollowUpJSON]

    enum CodingKeys: String, CodingKey {
        case holder, engines, paused, pauseReason, pauseDetail, pausedAt, honorHolidays, skipPontosFacultativos, nextDueAt,
             dueNow, uncertain, boards
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(holder, forKey: .holder); try c.encode(engines, forKey: .engines)
        try c.encode(settings.paused, forKey: .paused)
        try c.encode(settings.pauseReason?.rawValue, forKey: .pauseReason)
        try c.encode(settings.pauseDetail, forKey: .pauseDetail); try c.encode(settings.pausedAt, forKey: .pausedAt)
        try c.encode(settings.honorHolidays, forKey: .honorHolidays)
        try c.encode(settings.skipPontosFacultativos, forKey: .skipPontosFacultativos)
        try c.encode(nextDueAt, forKey: .nextDueAt); try c.encode(dueNow, forKey: .dueNow)
        try c.encode(uncertain, forKey: .uncertain); try c.encode(boards, forKey: .boards)
    }
}

struct BoardFollowUpJSON: Encodable {
    var id: Int64
    var name: String
    var deals: Int
    /// Columns with follow-up on and not paused.
    var followUpColumns: Int
    var dueNow: Int
    var nextDueAt: Date?

    init(_ b: BoardFollowUp) {
        id = b.board.id; name = b.board.name; deals = b.deals; followUpColumns = b.followUpColumns
        dueNow = b.dueNow; nextDueAt = b.nextDueAt
    }

    enum CodingKeys: String, CodingKey { case id, name, deals, followUpColumns, dueNow, nextDueAt }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(name, forKey: .name); try c.encode(deals, forKey: .deals)
        try c.encode(followUpColumns, forKey: .followUpColumns); try c.encode(dueNow, forKey: .dueNow)
        try c.encode(nextDueAt, forKey: .nextDueAt)
    }
}

struct LeaseJSON: Encodable {
    var holderId: String
    var pid: Int32
    var host: String
    var sender: String
    var acquiredAt: Date
    var renewedAt: Date
    var expiresAt: Date

    init(_ h: LeaseHolder) {
        holderId = h.holderID; pid = h.pid; host = h.host; sender = h.sender; acquiredAt = h.acquiredAt; renewedAt = h.renewedAt
        expiresAt = h.expiresAt
    }
}
