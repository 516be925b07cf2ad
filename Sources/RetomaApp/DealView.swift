import Foundation
import RetomaCore
import TUIKit

func drawDeal(_ buf: inout Buffer, _ state: AppState, _ screen: DealScreen, _ theme: Theme) {
    let lang = state.lang
    buf.fill(Rect(x: 0, y: 0, width: buf.width, height: 1), style: theme[.statusBar])
    var title = " Retoma"
    if let b = state.board { title += " · " + b.board.name }
    title += " › " + (screen.detail?.deal.title ?? "…")
    buf.put(title, x: 0, y: 0, style: theme[.statusBar].adding(.bold), maxWidth: buf.width)
    guard let d = screen.detail else {
        buf.put(" " + lang.t(.loading), x: 1, y: 2, style: theme[.cardMuted])
        return
    }
    // Facts about the deal.
    let info = Rect(x: 0, y: 1, width: buf.width, height: 5)
    Box.draw(in: &buf, rect: info, style: theme[.columnBorder])
    buf.put(" " + lang.t(.dealHeader) + " ", x: 2, y: 1, style: theme[.columnHeader])
    let half = (buf.width - 4) / 2
    func field(_ label: String, _ value: String, x: Int, y: Int, width: Int, style: Style? = nil) {
        let used = buf.put(label + ": ", x: x, y: y, style: theme[.fieldLabel], maxWidth: width)
        buf.put(DisplayWidth.truncate(value, to: width - used), x: x + used, y: y, style: style ?? theme[.card], maxWidth: width - used)
    }
    field(lang.t(.contactLabel), d.contact.name, x: 2, y: 2, width: half)
    field(lang.t(.phoneLabel), Phone.display(d.contact.phone), x: 2 + half, y: 2, width: half)
    field(lang.t(.valueLabel), d.deal.valueCents.map { Money.format(cents: $0) } ?? "—", x: 2, y: 3, width: half / 2)
    field(lang.t(.columnLabel), d.column.name, x: 2 + half / 2, y: 3, width: half - half / 2)
    // The owner ("responsável") after the ticket, when there is one.
    let ticket = lang.t(d.deal.ticketClosed ? .ticketClosed : .ticketOpen)
    field(lang.t(.ticketLabel), ticket + (d.deal.owner.map { " · " + lang.t(.historyEntry(.owner, from: nil, to: nil, owner: $0)) } ?? ""),
          x: 2 + half, y: 3, width: half, style: d.deal.ticketClosed ? theme[.cardClosed] : theme[.success])

    let used = buf.put(lang.t(.followUpLabel), x: 2, y: 4, style: theme[.fieldLabel], maxWidth: buf.width - 4)
    let whyText = screen.why.map { lang.t(.decisionSummary($0)) + lang.t(.whyHint) } ?? lang.t(.engineNotRunning)
    buf.put(whyText, x: 2 + used, y: 4, style: theme[.robotOn], maxWidth: buf.width - 4 - used)

    // The contact asked us to stop: agents may still answer by hand, so say it above the conversation.
    if let optOut = d.optOut {
        buf.put(" " + lang.t(.optedOutLine(optOut)), x: 1, y: 6, style: theme[.warning], maxWidth: buf.width - 2)
    }

    // The conversation, newest at the bottom.
    let convo = dealConversationRect(state, screen)
    Box.draw(in: &buf, rect: convo, style: theme[.columnBorderFocused])
    buf.put(" " + lang.t(.conversation) + " (\(d.messages.count)) ", x: 2, y: convo.y, style: theme[.columnHeader])
    let inner = convo.inset(by: 1)
    let lines = conversationLines(d.messages, history: d.history, width: inner.width, lang: lang)
    let maxScroll = max(0, lines.count - inner.height)
    let scroll = min(screen.scrollFromBottom, maxScroll)
    let start = max(0, lines.count - inner.height - scroll)
    for (i, line) in lines[start..<min(lines.count, start + inner.height)].enumerated() {
        let style: Style
        switch line.role {
        case .header: style = theme[.cardMuted]
        case .customer: style = theme[.messageCustomer]
        case .agent: style = theme[.messageAgent]
        case .followup: style = theme[.messageFollowup]
        }
        let used = buf.put(line.text, x: inner.x + line.indent, y: inner.y + i, style: style,
                           maxWidth: inner.width - line.indent)
        if let mark = line.mark {
            let markStyle: Style
            switch mark {
            case .read: markStyle = theme[.messageRead]
            case .failed, .uncertain: markStyle = theme[.error]
            case .pending, .sent, .delivered: markStyle = theme[.cardMuted]
            }
            let x = inner.x + line.indent + used + 1
            buf.put(lang.t(.sendMark(mark)), x: x, y: inner.y + i, style: markStyle, maxWidth: max(0, inner.maxX - x))
        }
    }
    if d.messages.isEmpty {
        buf.put(lang.t(.noMessages), x: inner.x + 1, y: inner.y, style: theme[.cardMuted])
    }
    if scroll > 0 {
        let text = " ↓\(scroll) "
        buf.put(text, x: convo.maxX - 2 - DisplayWidth.of(text), y: convo.maxY - 1, style: theme[.cardMuted])
    }
    if screen.showWhy, let why = screen.why {
        var lines: [String] = []
        for c in why.explain(lang) { lines += wrap(c, width: min(86, buf.width - 8)) }
        let inner = dialog(&buf, width: min(92, buf.width - 2), height: lines.count + 4,
                           title: lang.t(.whyTitle(lang.t(.decisionSummary(why)))), theme)
        for (i, l) in lines.enumerated() {
            buf.put(l, x: inner.x + 2, y: inner.y + 1 + i, style: theme[.dialog], maxWidth: inner.width - 4)
        }
    }
}

/// The conversation box of the deal screen, below the deal's facts.
func dealConversationRect(_ state: AppState, _ screen: DealScreen) -> Rect {
    // One row lower when the opt-out warning line sits above it.
    let top = screen.detail?.optOut == nil ? 6 : 7
    return Rect(x: 0, y: top, width: state.size.width, height: state.layout.statusRow - top)
}

struct ConversationLine: Equatable {
    enum Role { case header, customer, agent, followup }
    var text: String
    var indent: Int
    var role: Role
    var mark: SendMark?

    init(text: String, indent: Int, role: Role, mark: SendMark? = nil) {
        self.text = text; self.indent = indent; self.role = role; self.mark = mark
    }
}

/// How an agent's message stands, after its header: ⏱ on its way, ✓ sent, ✓✓ delivered, ✓✓ read (in the
/// theme's read colour), ✗ with the provider's reason, ⚠ uncertain.
public enum SendMark: Sendable, Equatable { case pending, sent, delivered, read, failed(String), uncertain }

extension Message {
    /// The mark of a message an agent sent through Retoma (nil for every other message).
    var sendMark: SendMark? {
        guard let state = sendState else { return nil }
        switch state {
        case .queued, .sending: return .pending
        case .uncertain: return .uncertain
        case .failed, .cancelled: return .failed(deliveryError ?? "")
        case .sent:
            switch deliveryStatus {
            case .read: return .read
            case .delivered: return .delivered
            case .failed: return .failed(deliveryError ?? "")
            case .sent, nil: return .sent
            }
        }
    }
}

/// Customer messages hug the left edge, ours are indented, like a chat; each has an author/time header.
/// The conversation with the deal's history (moves, tickets, owners, each with who) between its messages, by time.
func conversationLines(_ messages: [Message], history: [DealHistoryEntry] = [], width: Int, lang: Lang) -> [ConversationLine] {
    let bubble = max(10, width * 3 / 4)
    var out: [ConversationLine] = []
    var pending = history[...]
    func historyUpTo(_ instant: Date?) {
        while let h = pending.first, instant.map({ h.at <= $0 }) ?? true {
            pending = pending.dropFirst()
            let who = h.operatorName.map { lang.t(.byOperator($0)) } ?? lang.t(.byEngine)
            let text = "— " + lang.t(.historyEntry(h.kind, from: h.fromColumn, to: h.toColumn, owner: h.owner)) + " · " + who
                + " · " + BrazilTime.display(h.at, lang)
            for l in wrap(text, width: max(10, width - 2)) { out.append(ConversationLine(text: l, indent: 1, role: .header)) }
            out.append(ConversationLine(text: "", indent: 0, role: .header))
        }
    }
    for m in messages {
        historyUpTo(m.at)
        let ours = m.author.isOurs
        let indent = ours ? width - bubble : 1
        let who: String
        let role: ConversationLine.Role
        switch m.author {
        case .customer: who = lang.t(.fromCustomer); role = .customer
        case .agent:
            // Sent from the business's phone, not from here: said so, since nobody typed it in Retoma.
            who = lang.t(.fromUs) + (m.origin == .phone ? " · " + lang.t(.fromPhone) : "")
                + (m.operatorName.map { " · " + $0 } ?? ""); role = .agent
        case .followup: who = "🤖 " + lang.t(.fromFollowUp); role = .followup
        }
        out.append(ConversationLine(text: who + " · " + BrazilTime.display(m.at, lang), indent: indent, role: .header,
                                    mark: m.sendMark))
        for l in wrap(m.text, width: bubble - 1) { out.append(ConversationLine(text: l, indent: indent, role: role)) }
        out.append(ConversationLine(text: "", indent: 0, role: .header))
    }
    historyUpTo(nil)
    if !out.isEmpty { out.removeLast() }
    return out
}

/// The approved templates, one a line, the chosen one highlighted, with the text that goes as their parameter.
func drawTemplatePicker(_ buf: inout Buffer, _ state: AppState, _ picker: TemplatePicker, _ theme: Theme) {
    let lang = state.lang
    let width = min(76, buf.width - 2)
    let inner = dialog(&buf, width: width, height: picker.templates.count + 6, title: lang.t(.templatePickerTitle), theme)
    for (i, template) in picker.templates.enumerated() {
        let style = i == picker.selected ? theme[.selection] : theme[.dialog]
        buf.fill(Rect(x: inner.x + 1, y: inner.y + 1 + i, width: inner.width - 2, height: 1), style: style)
        buf.put(" " + template.text, x: inner.x + 1, y: inner.y + 1 + i, style: style, maxWidth: inner.width - 2)
    }
    let y = inner.y + picker.templates.count + 2
    buf.put(lang.t(.templatePickerHint), x: inner.x + 2, y: y, style: theme[.cardMuted], maxWidth: inner.width - 4)
    buf.put("“" + DisplayWidth.truncate(picker.text.replacingOccurrences(of: "\n", with: " "), to: inner.width - 8) + "”",
            x: inner.x + 2, y: y + 1, style: theme[.dialog], maxWidth: inner.width - 4)
}
