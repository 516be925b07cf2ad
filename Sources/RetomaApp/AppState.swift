import Foundation
import RetomaCore
import TUIKit

/// The whole UI state. `update` changes it; `view` draws it; nothing else touches it.
public struct AppState: Sendable {
    public var lang: Lang
    public var size: Size
    public var now: Date
    /// The columns with their counts and, per column, a window of the cards that pass the filter (`BoardData`).
    public var board: BoardSnapshot?
    public var filter: String = ""
    /// The filter the board was last asked for with (`filterBoard`); the database answers it.
    public var readFilter: String = ""
    /// Columns with a page of cards asked for and not yet answered, and columns whose window was kept from
    /// before a fresh snapshot and is to be read again around the selection.
    public var pendingPages: [Int64: CardPageRequest] = [:]
    public var staleColumns: Set<Int64> = []
    public var focusColumn = 0
    /// Selected card per column id, as an index into that column's visible cards.
    public var selection: [Int64: Int] = [:]
    /// First column drawn (horizontal scroll) and first card drawn per column (vertical scroll).
    public var columnScroll = 0
    public var cardScroll: [Int64: Int] = [:]
    public var mode: Mode = .board
    public var status: Status?
    public var loading = true
    public var quitRequested = false
    public var engine: EngineInfo?
    /// The latest engine events, oldest first, bounded (between the capacity and a quarter more): the monitor
    /// keeps a window, the log file keeps everything.
    public var monitor: [MonitorEntry] = []
    public static let monitorCapacity = 2_000
    public var monitorPane = MonitorPane()
    public var figures = MonitorFigures()
    /// Drafts waiting for review on a board (the title bar's "✎ 3 para revisar"), as last read.
    public var reviewWaiting: ReviewCount?
    /// Who is at this terminal (the title bar; the owner prompt's default).
    public var operatorName: String = OperatorName.unknown
    /// The form last saved, as typed, until the store answers: a save refused because someone saved the same deal
    /// or column first gives it back instead of losing it.
    public var unsaved: Mode?
    /// A theme problem or similar, shown once on the status line.
    public init(lang: Lang, size: Size, now: Date, initialStatus: Status? = nil) {
        self.lang = lang; self.size = size; self.now = now; self.status = initialStatus
    }

    public struct Status: Sendable, Equatable {
        public enum Kind: Sendable { case info, success, error }
        public var text: String
        public var kind: Kind
        public init(_ text: String, _ kind: Kind) { self.text = text; self.kind = kind }
    }

    /// The smallest terminal the board can be used in.
    public static let minimumSize = Size(width: 60, height: 16)
}

public indirect enum Mode: Sendable {
    case board
    case filter(TextField)
    case deal(DealScreen)
    case dealForm(DealForm)
    case followUp(FollowUpForm)
    case prompt(Prompt)
    case confirm(Confirm)
    case help(scroll: Int, under: Mode)
    case demoOffer
    /// Conversations from unknown numbers; `a` gives the selected one to the deal focused on the board.
    case unassigned(list: [UnassignedSummary]?, selected: Int)
    /// The board switcher (`b`): every board with its deals and active follow-ups; nil while loading.
    case boards(list: [BoardSummary]?, selected: Int)
    /// Deleting a board that holds deals: where they go first.
    case deleteBoard(BoardDeletion)
    /// Free text refused outside the Cloud API's 24-hour window: the configured templates to send it with.
    case templates(TemplatePicker)
    /// The results screen (`R`): what follow-up achieved per column.
    case results(ResultsScreen)
    /// The review queue (`A`): drafts waiting for a person before they are sent.
    case review(ReviewScreen)
}

/// The approved templates an agent may send a refused text with (its body parameter).
public struct TemplatePicker: Sendable {
    public var dealID: Int64
    public var text: String
    public var templates: [MessageTemplate]
    public var selected: Int
    public var under: Mode
    public init(dealID: Int64, text: String, templates: [MessageTemplate], selected: Int = 0, under: Mode) {
        self.dealID = dealID; self.text = text; self.templates = templates; self.selected = selected; self.under = under
    }
}

/// One board as the switcher lists it.
public struct BoardSummary: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var deals: Int
    /// Columns with follow-up on.
    public var activeFollowUps: Int
    public var columns: Int
    public init(id: Int64, name: String, deals: Int, activeFollowUps: Int, columns: Int) {
        self.id = id; self.name = name; self.deals = deals; self.activeFollowUps = activeFollowUps; self.columns = columns
    }
}

/// A board with deals is deleted only once the operator picks the board that receives them.
public struct BoardDeletion: Sendable {
    public var board: BoardSummary
    /// Boards with at least one column, which can receive the deals.
    public var targets: [BoardSummary]
    public var target: Choice
    /// The switcher to go back to.
    public var list: [BoardSummary]
    public var selected: Int
}

public struct DealScreen: Sendable {
    public var dealID: Int64
    public var detail: DealDetail?
    /// Lines scrolled up from the newest message (0 = the bottom of the conversation is visible).
    public var scrollFromBottom = 0
    /// The follow-up decision for this deal now, worded when drawn (summary and every rule checked).
    public var why: Decision?
    public var showWhy = false
    public init(dealID: Int64) { self.dealID = dealID }
}

/// A one-line question: a column name or a message to record.
public struct Prompt: Sendable {
    public enum Purpose: Sendable, Equatable {
        case newColumn(boardID: Int64)
        case renameColumn(id: Int64)
        case message(dealID: Int64, author: MessageAuthor)
        case newBoard
        case renameBoard(id: Int64)
        /// A review draft's text, rewritten by a person and then approved.
        case editDraft(attemptID: Int64)
        /// The deal's owner ("responsável"); empty clears it.
        case owner(dealID: Int64)
    }
    public var purpose: Purpose
    public var title: String
    public var field: TextField
    public var error: String?
    public var under: Mode
}

public struct Confirm: Sendable {
    public enum Action: Sendable, Equatable {
        case deleteDeal(Int64)
        case deleteColumn(Int64)
        case discardForm
        case resendUncertain(Int64)
        /// A failed send that reached the provider: the customer may already have it.
        case retryFailed(Int64)
        /// An empty board.
        case deleteBoard(Int64)
        /// A move into a column that would then send many follow-ups in its first 24 hours.
        case moveDeal(Int64, toColumn: Int64)
        /// The deal screen's `o`: the contact wants no messages (true) or may receive them again.
        case setOptOut(contactID: Int64, dealID: Int64, optedOut: Bool)
        /// The review queue's `S`: the column sends nothing more today; its waiting drafts are skipped.
        case skipColumnToday(Int64)
        /// Someone saved the deal (or the column's follow-up) after this form opened: "yes" reads it again,
        /// "no" goes back to the form as typed.
        case reloadDeal(Int64)
        case reloadFollowUp(columnID: Int64)
    }
    public var question: String
    public var action: Action
    /// Where "no" goes back to.
    public var under: Mode
}

/// The deal create/edit form.
public struct DealForm: Sendable {
    public enum Field: Int, CaseIterable, Sendable { case title, contact, phone, value, closed }
    public var editingID: Int64?
    public var columnID: Int64
    public var title: TextField
    public var contact: TextField
    public var phone: TextField
    public var value: TextField
    public var closed: Bool
    public var focus: Field = .title
    public var errors: [Field: String] = [:]
    /// The deal's revision when the form opened: a save over a newer one is refused.
    public var revision: Int
    var original: [String]

    public init(editingID: Int64?, columnID: Int64, title: String, contact: String, phone: String, value: String, closed: Bool,
                revision: Int = 0) {
        self.editingID = editingID; self.columnID = columnID; self.revision = revision
        self.title = TextField(text: title); self.contact = TextField(text: contact)
        self.phone = TextField(text: phone); self.value = TextField(text: value); self.closed = closed
        original = [title, contact, phone, value, closed ? "1" : "0"]
    }

    var current: [String] { [title.text, contact.text, phone.text, value.text, closed ? "1" : "0"] }
    public var isDirty: Bool { current != original }
}
