import Foundation
import RetomaCore
import TUIKit

/// The rows the monitor takes at the bottom of the screen (0 when hidden; the whole board area when full).
func monitorHeight(_ state: AppState) -> Int {
    let area = state.size.height - 3
    switch state.monitorPane.size {
    case .hidden: return 0
    case .pane: return min(area - 6, max(9, area / 3))
    case .full: return area
    }
}

/// "14:05" in Brasília.
func clock(_ date: Date) -> String {
    let w = BrazilTime.wallClock(date)
    return String(format: "%02d:%02d", w.hour, w.minute)
}

func drawMonitor(_ buf: inout Buffer, _ state: AppState, rect: Rect, _ theme: Theme) {
    guard rect.height >= 4 else { return }
    let lang = state.lang
    let pane = state.monitorPane
    var filters: [String] = []
    if let c = pane.columnFilter { filters.append(state.columns.first { $0.column.id == c }?.column.name ?? "\(c)") }
    if let k = pane.kindFilter { filters.append(lang.t(.eventKind(k))) }
    if !pane.search.isEmpty { filters.append("“\(pane.search)”") }
    let paused = state.engine?.paused == true
    Box.draw(in: &buf, rect: rect, style: paused ? theme[.error] : (pane.focused ? theme[.columnBorderFocused] : theme[.columnBorder]),
             title: lang.t(.monitorTitle), titleStyle: theme[.monitorHeader],
             rightTitle: filters.isEmpty ? nil : lang.t(.monitorFilter(filters.joined(separator: " · "))),
             rightTitleStyle: theme[.warning], fill: theme[.monitor])
    let inner = rect.inset(by: 1)
    var y = inner.y
    // Today's figures.
    let f = state.figures
    var today = lang.t(.monitorToday(sent: f.sentToday, delivered: f.deliveredToday, read: f.readToday, replies: f.repliesToday,
                                     failed: f.failedToday, waiting: f.waiting))
    if let next = f.nextSendAt { today += lang.t(.monitorNext(clock(next))) }
    buf.put(" " + today, x: inner.x, y: y, style: theme[.monitorHeader], maxWidth: inner.width)
    y += 1
    var health: [(String, ThemeRole)] = []
    health.append((lang.t(.monitorLimits(hour: f.sentLastHour, hourCap: f.hourlyCap, day: f.sentToday, dayCap: f.dailyCap)), .monitor))
    if paused { health.append((lang.t(.monitorPaused(state.engine?.pauseDetail)), .error)) }
    func role(_ h: MonitorFigures.Health) -> ThemeRole {
        switch h {
        case .ok: return .success
        case .retrying: return .warning
        case .paused: return .error
        }
    }
    health.append((lang.t(.health(lang.t(.aiName), f.aiHealth)), role(f.aiHealth)))
    health.append((lang.t(.health("WhatsApp", f.channelHealth)), role(f.channelHealth)))
    if f.uncertain > 0 { health.append((lang.t(.monitorUncertain(f.uncertain)), .warning)) }
    if let elsewhere = state.engine?.elsewhere { health.append((lang.t(.monitorElsewhere(elsewhere)), .warning)) }
    var x = inner.x + 1
    for (i, (text, role)) in health.enumerated() {
        if i > 0 { x += buf.put(" · ", x: x, y: y, style: theme[.monitor], clip: inner) }
        x += buf.put(text, x: x, y: y, style: theme[role], clip: inner)
    }
    y += 1
    if pane.searching {
        buf.put(" / " + pane.search + "▏", x: inner.x, y: y, style: theme[.fieldInputFocused], maxWidth: inner.width)
        y += 1
    }

    // The events, newest at the bottom; the selection (or the newest) stays in view.
    let entries = pane.filtered(state.monitor)
    let selectedEntry = pane.selected.flatMap { entries.indices.contains($0) ? entries[$0] : nil }
    var textLines: [String] = []
    if pane.showText, let e = selectedEntry ?? entries.last {
        textLines = wrap(e.text ?? e.detail, width: inner.width - 4)
        textLines = Array(textLines.prefix(max(1, (inner.maxY - y) / 2)))
    }
    let listHeight = inner.maxY - y - (textLines.isEmpty ? 0 : textLines.count + 1)
    guard listHeight > 0 else { return }
    if entries.isEmpty {
        buf.put(" " + lang.t(.monitorEmpty), x: inner.x, y: y, style: theme[.cardMuted], maxWidth: inner.width)
    }
    let selected = pane.selected ?? (entries.count - 1)
    let first = max(0, min(selected - listHeight + 1, entries.count - listHeight))
    let start = pane.selected == nil ? max(0, entries.count - listHeight) : min(first, max(0, selected))
    let colW = min(16, max(8, inner.width / 8)), nameW = min(18, max(8, inner.width / 7)), kindW = 14
    for (i, e) in entries[start..<min(entries.count, start + listHeight)].enumerated() {
        let row = y + i
        let isSelected = pane.focused && start + i == selected
        let style: Style
        switch e.kind {
        case .failed, .uncertain, .storeError, .paused: style = theme[.error]
        case .sent, .replied: style = theme[.success]
        case .throttled, .retrying, .cancelled: style = theme[.warning]
        case .started, .stopped, .leaseAcquired, .leaseLost, .resumed, .planned, .generating, .review, .sending, .skipped,
             .maxAttempts:
            style = theme[.monitor]
        }
        let line = " " + clock(e.at) + " " + DisplayWidth.pad(lang.t(.eventKind(e.kind)), to: kindW) + " "
            + DisplayWidth.pad(e.columnName ?? "", to: colW) + " " + DisplayWidth.pad(e.contactName ?? "", to: nameW) + " " + e.detail
        if isSelected { buf.fill(Rect(x: inner.x, y: row, width: inner.width, height: 1), style: theme[.selection]) }
        buf.put(line, x: inner.x, y: row, style: isSelected ? theme[.selection] : style, maxWidth: inner.width)
    }
    if !textLines.isEmpty {
        let top = inner.maxY - textLines.count
        buf.put(String(repeating: "─", count: inner.width), x: inner.x, y: top - 1, style: theme[.columnBorder])
        for (i, l) in textLines.enumerated() {
            buf.put("  " + l, x: inner.x, y: top + i, style: theme[.messageFollowup], maxWidth: inner.width)
        }
    }
}
