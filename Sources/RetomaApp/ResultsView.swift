import Foundation
import RetomaCore
import TUIKit

/// One line of the results screen, drawn top-down until the status line: a short terminal loses the last ones.
private enum ResultsLine {
    case text(String, ThemeRole)
    case bar(label: String, value: Int, of: Int, suffix: String)
    case spark([Int])
}

func drawResults(_ buf: inout Buffer, _ state: AppState, _ screen: ResultsScreen, _ theme: Theme) {
    let lang = state.lang
    let width = buf.width
    buf.fill(Rect(x: 0, y: 0, width: width, height: 1), style: theme[.statusBar])
    let period = screen.report?.period ?? ResultsPeriod.last(screen.days, endingAt: state.now)
    let title = lang.t(.resultsTitle(board: state.board?.board.name ?? "—", days: screen.days,
                                     from: period.from.description, to: period.to.description))
    buf.put(" " + title, x: 0, y: 0, style: theme[.statusBar].adding(.bold), maxWidth: width)
    var lines: [ResultsLine] = []
    if let report = screen.report {
        if let c = screen.column {
            lines = resultsLines(c, index: screen.selected, count: report.columns.count, lang)
        } else {
            lines = [.text(lang.t(.resultsNoColumns), .cardMuted)]
        }
    } else {
        lines = [.text(lang.t(.loading), .cardMuted)]
    }
    let last = state.layout.statusRow   // exclusive: the status line and the footer stay
    for (i, line) in lines.enumerated() {
        let y = 1 + i
        guard y < last else { break }
        switch line {
        case let .text(text, role):
            buf.put(" " + text, x: 0, y: y, style: theme[role], maxWidth: width)
        case let .bar(label, value, maximum, suffix):
            // Label, bar, figures: the bar takes what is left, at most 40 cells; a narrow terminal shortens it first.
            let labelWidth = 5
            let suffixWidth = DisplayWidth.of(suffix)
            let barWidth = max(0, min(40, width - 1 - labelWidth - 1 - suffixWidth - 1))
            var x = buf.put(" " + DisplayWidth.pad(label, to: labelWidth), x: 0, y: y, style: theme[.card], maxWidth: width)
            if barWidth > 0 {
                Chart.bar(in: &buf, x: x, y: y, width: barWidth, value: value, of: maximum,
                          fill: theme[.success], rest: theme[.cardMuted])
                x += barWidth
            }
            buf.put(" " + suffix, x: x, y: y, style: theme[.card], maxWidth: max(0, width - x))
        case let .spark(values):
            buf.put(" " + Chart.sparkline(values, width: max(0, width - 2)), x: 0, y: y, style: theme[.success], maxWidth: width)
        }
    }
}

private func resultsLines(_ c: ColumnResults, index: Int, count: Int, _ lang: Lang) -> [ResultsLine] {
    let median = c.medianReplyMinutes.map { DurationText.approximate($0 * 60, lang) } ?? "—"
    var lines: [ResultsLine] = [
        .text(lang.t(.resultsColumn(name: c.name, index: index + 1, count: count)), .columnHeaderFocused),
        .text(lang.t(.resultsSent(sent: c.sent, replied24h: c.replied24h, replied72h: c.replied72h,
                                  rate: ColumnResults.percent(c.replyRate), median: median)), .card),
        .text(lang.t(.resultsOutcomes(optOuts: c.optOuts, movedOnMax: c.movedOnMax, closed: c.closedAfterFollowUp)), .card),
    ]
    if !c.byAttempt.isEmpty {
        lines.append(.text(lang.t(.resultsByAttempt), .monitorHeader))
        for a in c.byAttempt {
            lines.append(.bar(label: lang.t(.resultsAttempt(a.attempt)), value: a.replied72h, of: a.sent,
                              suffix: "\(a.replied72h)/\(a.sent) \(ColumnResults.percent(a.replyRate))"))
        }
    }
    if !c.byInstructionVersion.isEmpty {
        lines.append(.text(lang.t(.resultsByVersion), .monitorHeader))
        for v in c.byInstructionVersion {
            let since = v.since.map { BrazilTime.localDate($0).description } ?? lang.t(.resultsBeforeVersions)
            lines.append(.text(lang.t(.resultsVersion(version: v.version, since: since, author: v.author, sent: v.sent,
                                                      replied72h: v.replied72h, rate: ColumnResults.percent(v.replyRate))), .card))
        }
    }
    let total = c.repliesPerDay.reduce(0) { $0.addingReportingOverflow($1).overflow ? Int.max : $0 + $1 }
    lines.append(.text(lang.t(.resultsPerDay(total: total)), .monitorHeader))
    lines.append(.spark(c.repliesPerDay))
    return lines
}
