import Foundation
import RetomaCore
import TUIKit

/// Everything that can happen to the app: keys, the terminal, the clock, and results of effects.
public enum Msg: Sendable {
    /// A save refused: someone saved the deal or the column's follow-up after the form opened (who, and when).
    case editConflict(EditConflictNotice)
    case dealFormReloaded(DealDetail)
    case followUpReloaded(Column)
    /// Who saved the column's current follow-up configuration, and when (the dialog's "salvo por…").
    case followUpSavedBy(columnID: Int64, operatorName: String, at: Date)
    case key(Key)
    case resize(Size)
    case tick(Date)
    case boardLoaded(BoardSnapshot, focusDeal: Int64?)
    /// A page of one column's cards, answering `loadCards`.
    case cardsLoaded(CardPage)
    case noBoard
    case dealLoaded(DealDetail)
    case unassignedLoaded([UnassignedSummary])
    /// The engine's decision for one deal now; the screen words it.
    case dealWhy(dealID: Int64, decision: Decision)
    /// Every board for the switcher; `select` puts the cursor on that board (a new one).
    case boardsLoaded([BoardSummary], select: Int64?)
    case done(S)
    case engine(MonitorEntry)
    /// Something outside this screen changed the data (a webhook recorded a reply or a delivery status).
    case externalChange(dealID: Int64?)
    /// The channel's rules refused an agent's message before anything was written.
    case agentSendRefused(dealID: Int64, text: String, AgentSendRefusal)
    case engineInfo(EngineInfo)
    case figures(MonitorFigures)
    /// The engine's persisted pause and who holds the lease, read with the figures.
    case engineInfoPaused(Bool, String?, elsewhere: String?)
    /// The column's deals and the inputs the engine decides with, for the dialog's counts and warning.
    case followUpFacts(columnID: Int64, facts: [DealFacts], policy: PolicyContext)
    /// Moving the deal would make many deals of a column that sends get a follow-up in the first 24 hours.
    case confirmMove(dealID: Int64, toColumn: Int64, columnName: String, forecast: SendForecast)
    case previewReady(columnID: Int64, deal: String, contact: String, text: String, model: String)
    case previewFailed(columnID: Int64, message: String)
    case failed(String)
    /// The store refused to retry a failed send that may have been delivered until the operator confirms.
    case confirmRetry(attemptID: Int64)
    /// The board's results over its last `days` days, answering `loadResults`.
    case resultsLoaded(boardID: Int64, days: Int, ResultsReport)
    /// The board's review queue (waiting drafts, then the stale ones), answering `loadReview`.
    case reviewLoaded(boardID: Int64, [ReviewItem])
    /// Drafts waiting on the board on screen, read with each board read: the title bar's count.
    case reviewCounted(ReviewCount)
    /// A person's text for a draft that may not be sent: the input opens again with it and the reason.
    case draftEditRefused(attemptID: Int64, text: String, problem: String)
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
    /// Reads the board again (its counts and the first cards of each column) with the filter last asked for.
    case loadBoard(focusDeal: Int64?)
    /// Reads the board again with this filter, which the runtime keeps for its later reads of the board.
    case filterBoard(String, focusDeal: Int64?)
    /// Up to `limit` cards of a column that pass `filter`, as `request` says.
    case loadCards(columnID: Int64, request: CardPageRequest, filter: String, limit: Int)
    case loadDeal(Int64)
    case seedDemo
    case createEmptyBoard
    case addColumn(boardID: Int64, name: String)
    case renameColumn(id: Int64, name: String)
    case moveColumn(id: Int64, by: Int)
    case deleteColumn(id: Int64)
    case addDeal(columnID: Int64, DealDraft)
    /// The deal form saved over `revision`, the one it opened on.
    case updateDeal(id: Int64, DealDraft, revision: Int)
    case assignOwner(dealID: Int64, owner: String?)
    /// Reads the deal (or the column) again after a refused save, for its form.
    case reloadDealForm(Int64)
    case reloadFollowUp(columnID: Int64)
    /// Checked first: a move that crosses the bulk-send threshold comes back as `confirmMove`.
    case moveDeal(id: Int64, toColumn: Int64)
    /// The move the operator confirmed after the bulk-send warning.
    case moveDealConfirmed(id: Int64, toColumn: Int64)
    case reorderDeal(id: Int64, by: Int)
    case deleteDeal(id: Int64)
    case setTicketClosed(dealID: Int64, closed: Bool)
    case addMessage(dealID: Int64, author: MessageAuthor, text: String)
    /// An agent's message: written into the conversation and sent through the engine (a template when named).
    case sendAsAgent(dealID: Int64, text: String, template: MessageTemplate?)
    /// Sets or clears the opt-out of the deal's contact (every deal of that person), then reloads the deal.
    case setOptOut(contactID: Int64, dealID: Int64, optedOut: Bool)
    case loadFollowUpFacts(columnID: Int64)
    case setPaused(Bool)
    case loadUnassigned
    case assignUnassigned(conversationID: Int64, dealID: Int64)
    case resendUncertain(attemptID: Int64)
    case markUncertainDone(attemptID: Int64)
    /// `confirmed` once the operator agreed to retry a send that may have been delivered.
    case retryFailed(attemptID: Int64, confirmed: Bool)
    /// Saved over `revision`, the configuration the dialog opened on.
    case saveFollowUp(columnID: Int64, config: FollowUpConfig, revision: Int)
    case loadBoards(select: Int64?)
    /// Opens another board; the runtime remembers it for the next run.
    case switchBoard(id: Int64)
    case addBoard(name: String)
    case renameBoard(id: Int64, name: String)
    /// `moveTo` receives the board's deals; nil only for an empty board.
    case deleteBoard(id: Int64, moveTo: Int64?)
    case previewFollowUp(columnID: Int64, config: FollowUpConfig)
    /// The results of a board's columns over the last `days` Brasília days, read off the UI thread.
    case loadResults(boardID: Int64, days: Int)
    /// The board's review queue, read off the UI thread (also the title bar's count).
    case loadReview(boardID: Int64)
    /// Approves a waiting draft (with a person's text when edited); the engine sends it, every rule checked again.
    case approveDraft(attemptID: Int64, text: String?)
    /// The writer writes the draft again.
    case rewriteDraft(attemptID: Int64)
    /// Skips this attempt: nothing is sent; the next falls due one interval later.
    case skipDraft(attemptID: Int64)
    /// The column sends nothing more this Brasília day; its waiting drafts are skipped.
    case skipColumnToday(columnID: Int64)
    case quit
}

/// What the store said of a save over a newer revision.
public struct EditConflictNotice: Sendable, Equatable {
    public enum Subject: Sendable, Equatable { case deal(Int64), followUp(columnID: Int64) }
    public var subject: Subject
    public var operatorName: String
    public var at: Date
    public init(subject: Subject, operatorName: String, at: Date) {
        self.subject = subject; self.operatorName = operatorName; self.at = at
    }
}
