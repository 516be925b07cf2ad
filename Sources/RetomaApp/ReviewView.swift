import Foundation
import RetomaCore
import TUIKit

/// The review queue, top-down until the status line: each draft's header (deal, contact, column), why it is due,
/// why it went stale, then its text wrapped to the width. The selected draft is kept in view.
func drawReview(_ buf: inout Buffer, _ state: AppState, _ screen: ReviewScreen, _ theme: Theme) {
    let lang = state.lang
    let width = buf.width
    buf.fill(Rect(x: 0, y: 0, width: width, height: 1), style: theme[.statusBar])
    let waiting = screen.items?.filter(\.waiting).count
    let title = lang.t(.reviewTitle(board: state.board?.board.name ?? "—", waiting: waiting))
    buf.put(" " + title, x: 0, y: 0, style: theme[.statusBar].adding(.bold), maxWidth: width)
    let last = state.layout.statusRow   // exclusive: the status line and the footer stay
    guard let items = screen.items else {
        buf.put(" " + lang.t(.loading), x: 0, y: 1, style: theme[.cardMuted], maxWidth: width)
        return
    }
    guard !items.isEmpty else {
        buf.put(" " + lang.t(.reviewEmpty), x: 0, y: 1, style: theme[.cardMuted], maxWidth: width)
        return
    }
    var lines: [(item: Int, text: String, role: ThemeRole)] = []
    let textWidth = max(1, width - 4)
    for (i, d) in items.enumerated() {
        let marker = i == screen.selected ? "▶ " : "  "
        lines.append((i, marker + lang.t(.reviewDraftLine(id: d.id, column: d.columnName, dealID: d.dealID, deal: d.dealTitle,
                                                           contact: d.contactName)),
                      i == screen.selected ? .cardSelected : .columnHeader))
        let since = d.lastOurMessageAt.map { BrazilTime.display($0, lang) } ?? "—"
        lines.append((i, "   " + lang.t(.draftWhy(seq: d.sequence, interval: d.interval, since: since)), .cardMuted))
        if !d.waiting {
            lines.append((i, "   " + lang.t(.draftStale(d.reason.map { lang.t(.attemptReason($0)) } ?? "")), .warning))
        }
        for l in wrap(d.text, width: textWidth) { lines.append((i, "   " + l, d.waiting ? .card : .cardMuted)) }
        lines.append((i, "", .card))
    }
    // Scrolled so the selected draft's first lines show: its header at the top once it would fall below.
    let rows = max(0, last - 1)
    let first = lines.firstIndex { $0.item == screen.selected } ?? 0
    let end = lines.lastIndex { $0.item == screen.selected }.map { $0 + 1 } ?? 0
    let top = end - first > rows || end <= rows ? (end <= rows ? 0 : first) : end - rows
    for (row, line) in lines.dropFirst(top).prefix(rows).enumerated() {
        buf.put(line.text, x: 0, y: 1 + row, style: theme[line.role], maxWidth: width)
    }
}
