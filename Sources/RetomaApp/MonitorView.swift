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

func kindLabel(_ kind: String, _ lang: Lang) -> String {
    let pt = lang == .pt
    switch kind {
    case "planned": return pt ? "planejado" : "planned"
    case "generating": return pt ? "gerando" : "writing"
    case "sending": return pt ? "enviando" : "sending"
    case "sent": return pt ? "enviado" : "sent"
    case "delivered": return pt ? "entregue" : "delivered"
    case "read": return pt ? "lido" : "read"
    case "replied": return pt ? "respondeu" : "replied"
    case "skipped": return pt ? "ignorado" : "skipped"
    case "throttled": return pt ? "na fila" : "throttled"
    case "retrying": return pt ? "nova tentativa" : "retrying"
    case "failed": return pt ? "falhou" : "failed"
    case "uncertain": return pt ? "incerto" : "uncertain"
    case "cancelled": return pt ? "cancelado" : "cancelled"
    case "max_attempts": return pt ? "limite" : "max reached"
    case "paused": return pt ? "pausado" : "paused"
    case "resumed": return pt ? "retomado" : "resumed"
    default: return kind
    }
}

func drawMonitor(_ buf: inout Buffer, _ state: AppState, rect: Rect, _ theme: Theme) {
    guard rect.height >= 4 else { return }
    let lang = state.lang
    let pt = lang == .pt
    let pane = state.monitorPane
    var filters: [String] = []
    if let c = pane.columnFilter { filters.append(state.columns.first { $0.column.id == c }?.column.name ?? "\(c)") }
    if let k = pane.kindFilter { filters.append(kindLabel(k, lang)) }
    if !pane.search.isEmpty { filters.append("“\(pane.search)”") }
    let paused = state.engine?.paused == true
    Box.draw(in: &buf, rect: rect, style: paused ? theme[.error] : (pane.focused ? theme[.columnBorderFocused] : theme[.columnBorder]),
             title: pt ? "Monitor de envios" : "Send monitor", titleStyle: theme[.monitorHeader],
             rightTitle: filters.isEmpty ? nil : (pt ? "filtro: " : "filter: ") + filters.joined(separator: " · "),
             rightTitleStyle: theme[.warning], fill: theme[.monitor])
    let inner = rect.inset(by: 1)
    var y = inner.y
    // Today's figures.
    let f = state.figures
    var today = pt ? "Hoje: \(f.sentToday) enviadas · \(f.deliveredToday) entregues · \(f.readToday) lidas · \(f.repliesToday) respostas · \(f.failedToday) falhas · \(f.waiting) aguardando"
                   : "Today: \(f.sentToday) sent · \(f.deliveredToday) delivered · \(f.readToday) read · \(f.repliesToday) replies · \(f.failedToday) failed · \(f.waiting) waiting"
    if let next = f.nextSendAt { today += (pt ? " · próximo " : " · next ") + clock(next) }
    buf.put(" " + today, x: inner.x, y: y, style: theme[.monitorHeader], maxWidth: inner.width)
    y += 1
    var health: [(String, ThemeRole)] = []
    health.append(((pt ? "limites: " : "limits: ") + "\(f.sentLastHour)/\(f.hourlyCap)" + (pt ? " por hora, " : " per hour, ")
                   + "\(f.sentToday)/\(f.dailyCap)" + (pt ? " hoje" : " today"), .monitor))
    if paused {
        health.append(((pt ? "⏸ ENVIOS PAUSADOS" : "⏸ SENDING PAUSED") + (state.engine?.pauseDetail.map { ": " + $0 } ?? "") + (pt ? " — P retoma" : " — P resumes"), .error))
    }
    func describe(_ h: MonitorFigures.Health, _ name: String) -> (String, ThemeRole) {
        switch h {
        case .ok: return ("\(name): ok", .success)
        case let .retrying(why): return ("\(name): " + (pt ? "tentando de novo" : "retrying") + " (\(why))", .warning)
        case let .paused(why): return ("\(name): " + (pt ? "pausado" : "paused") + " (\(why))", .error)
        }
    }
    health.append(describe(f.aiHealth, pt ? "IA" : "AI"))
    health.append(describe(f.channelHealth, "WhatsApp"))
    if f.uncertain > 0 { health.append(((pt ? "\(f.uncertain) incertos: R reenvia, D conclui" : "\(f.uncertain) uncertain: R resends, D marks done"), .warning)) }
    if let elsewhere = state.engine?.elsewhere { health.append(((pt ? "motor em outro processo: " : "engine in another process: ") + elsewhere, .warning)) }
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
        buf.put(pt ? " Nenhum evento ainda." : " No events yet.", x: inner.x, y: y, style: theme[.cardMuted], maxWidth: inner.width)
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
        case "failed", "uncertain", "store_error", "paused": style = theme[.error]
        case "sent", "delivered", "read", "replied": style = theme[.success]
        case "throttled", "retrying", "cancelled": style = theme[.warning]
        default: style = theme[.monitor]
        }
        let line = " " + clock(e.at) + " " + DisplayWidth.pad(kindLabel(e.kind, lang), to: kindW) + " "
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
