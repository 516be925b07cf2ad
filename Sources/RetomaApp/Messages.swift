import Foundation
import RetomaCore
import TUIKit

/// Everything that can happen to the app: keys, the terminal, the clock, and results of effects.
public enum Msg: Sendable {
    case key(Key)
    case resize(Size)
    case tick(Date)
    case boardLoaded(BoardSnapshot, focusDeal: Int64?)
    case noBoard
    case dealLoaded(DealDetail)
    case unassignedLoaded([UnassignedSummary])
    case dealWhy(dealID: Int64, summary: String, checks: [String])
    case done(S)
    case engine(MonitorEntry)
    /// Something outside this screen changed the data (a webhook recorded a reply or a delivery status).
    case externalChange(dealID: Int64?)
    case engineInfo(EngineInfo)
    case figures(MonitorFigures)
    /// The engine's persisted pause and who holds the lease, read with the figures.
    case engineInfoPaused(Bool, String?, elsewhere: String?)
    case followUpFacts(columnID: Int64, facts: [DealFacts])
    case previewReady(columnID: Int64, deal: String, contact: String, text: String, model: String)
    case previewFailed(columnID: Int64, message: String)
    case failed(String)
    /// The store refused to retry a failed send that may have been delivered until the operator confirms.
    case confirmRetry(attemptID: Int64)
}

/// A new or edited deal as typed in the form, already validated.
public struct DealDraft: Sendable, Equatable {
    public var title: String
    public var contactName: String
    public var phone: String
    public var valueCents: Int64?
    public var ticketClosed: Bool
}

/// I/O that `update` asks for. The runtime runs each one off the UI thread and answers with a `Msg`.
public enum Effect: Sendable, Equatable {
    case loadBoard(focusDeal: Int64?)
    case loadDeal(Int64)
    case seedDemo
    case createEmptyBoard
    case addColumn(boardID: Int64, name: String)
    case renameColumn(id: Int64, name: String)
    case moveColumn(id: Int64, by: Int)
    case deleteColumn(id: Int64)
    case addDeal(columnID: Int64, DealDraft)
    case updateDeal(id: Int64, DealDraft)
    case moveDeal(id: Int64, toColumn: Int64)
    case reorderDeal(id: Int64, by: Int)
    case deleteDeal(id: Int64)
    case setTicketClosed(dealID: Int64, closed: Bool)
    case addMessage(dealID: Int64, author: MessageAuthor, text: String)
    case loadFollowUpFacts(columnID: Int64)
    case setPaused(Bool)
    case loadUnassigned
    case assignUnassigned(conversationID: Int64, dealID: Int64)
    case resendUncertain(attemptID: Int64)
    case markUncertainDone(attemptID: Int64)
    /// `confirmed` once the operator agreed to retry a send that may have been delivered.
    case retryFailed(attemptID: Int64, confirmed: Bool)
    case saveFollowUp(columnID: Int64, config: FollowUpConfig)
    case previewFollowUp(columnID: Int64, config: FollowUpConfig)
    case quit
}
