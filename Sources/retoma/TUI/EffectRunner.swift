import Dispatch
import Foundation
import RetomaApp
import RetomaCore
import RetomaStore

/// Runs the effects `update` asks for, one at a time and in order, off the UI thread, and answers each
/// with messages in the mailbox. Writes are followed by a fresh board snapshot so the screen shows what
/// the database holds, not what we hoped it would.
final class EffectRunner: Sendable {
    private let store: Store
    private let mailbox: Mailbox<Msg>
    private let lang: Lang
    private let queue = DispatchQueue(label: "retoma.effects")

    init(store: Store, mailbox: Mailbox<Msg>, lang: Lang) {
        self.store = store; self.mailbox = mailbox; self.lang = lang
    }

    func run(_ effect: Effect) {
        queue.async { [self] in perform(effect) }
    }

    /// Waits until every effect already asked for has finished (before quitting).
    func finish() { queue.sync {} }

    private func perform(_ effect: Effect) {
        do {
            switch effect {
            case let .loadBoard(focus):
                try reload(focus: focus)
            case let .loadDeal(id):
                mailbox.post(.dealLoaded(try store.dealDetail(id: id)))
            case .seedDemo:
                _ = try store.seedDemo(deals: 24, now: Date())
                mailbox.post(.done(.demoCreated))
                try reload(focus: nil)
            case .createEmptyBoard:
                _ = try store.addBoard(name: lang == .pt ? "Quadro" : "Board")
                mailbox.post(.done(.emptyBoardCreated))
                try reload(focus: nil)
            case let .addColumn(boardID, name):
                _ = try store.addColumn(boardID: boardID, name: name)
                try written(.saved, focus: nil)
            case let .renameColumn(id, name):
                try store.renameColumn(id: id, name: name)
                try written(.saved, focus: nil)
            case let .moveColumn(id, delta):
                try store.moveColumn(id: id, by: delta)
                try written(.moved, focus: nil)
            case let .deleteColumn(id):
                try store.deleteColumn(id: id)
                try written(.deleted, focus: nil)
            case let .addDeal(columnID, draft):
                let deal = try store.addDeal(NewDeal(columnID: columnID, title: draft.title, contactName: draft.contactName,
                                                     phone: draft.phone, valueCents: draft.valueCents, ticketClosed: draft.ticketClosed))
                try written(.saved, focus: deal.id)
            case let .updateDeal(id, draft):
                try store.updateDeal(id: id, title: draft.title, contactName: draft.contactName, phone: draft.phone, valueCents: draft.valueCents)
                try store.setTicketClosed(dealID: id, closed: draft.ticketClosed)
                try written(.saved, focus: id)
            case let .moveDeal(id, column):
                try store.moveDeal(id: id, toColumn: column)
                try written(.moved, focus: id)
            case let .reorderDeal(id, delta):
                try store.moveDealWithinColumn(id: id, by: delta)
                try written(nil, focus: id)
            case let .deleteDeal(id):
                try store.deleteDeal(id: id)
                try written(.deleted, focus: nil)
            case let .setTicketClosed(id, closed):
                try store.setTicketClosed(dealID: id, closed: closed)
                mailbox.post(.dealLoaded(try store.dealDetail(id: id)))
                try written(closed ? .ticketNowClosed : .ticketNowOpen, focus: id)
            case let .addMessage(id, author, text):
                _ = try store.addMessage(dealID: id, author: author, text: text, at: Date())
                mailbox.post(.dealLoaded(try store.dealDetail(id: id)))
                try written(.messageRecorded, focus: id)
            case .quit:
                break
            }
        } catch let error as StoreError {
            mailbox.post(.failed(error.message(lang)))
        } catch {
            mailbox.post(.failed(String(describing: error)))
        }
    }

    private func written(_ status: S?, focus: Int64?) throws {
        if let status { mailbox.post(.done(status)) }
        try reload(focus: focus)
    }

    private func reload(focus: Int64?) throws {
        guard let id = try store.firstBoardID() else {
            mailbox.post(.noBoard)
            return
        }
        mailbox.post(.boardLoaded(try store.loadBoard(id: id), focusDeal: focus))
    }
}
