/// The line set used for a frame.
public enum BorderKind: Sendable, Equatable {
    /// `╭─╮ │ ╰─╯`
    case rounded
    /// `┌─┐ │ └─┘`
    case single

    var corners: (topLeft: String, topRight: String, bottomLeft: String, bottomRight: String) {
        switch self {
        case .rounded: return ("╭", "╮", "╰", "╯")
        case .single: return ("┌", "┐", "└", "┘")
        }
    }
}

/// A frame around a rectangle, with optional titles set into its top edge:
/// `╭─ Prospecção ───── 3 🤖 ─╮`.
public enum Box {
    /// Draws the frame on the edge of `rect`. `fill`, when given, also clears the inside.
    /// Titles are clipped by display width; the left title wins when both do not fit.
    public static func draw(in buffer: inout Buffer, rect: Rect, style: Style, border: BorderKind = .rounded,
                            title: String? = nil, titleStyle: Style? = nil,
                            rightTitle: String? = nil, rightTitleStyle: Style? = nil,
                            fill: Style? = nil) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let c = border.corners
        let horizontal = String(repeating: "─", count: rect.width - 2)
        if let fill { buffer.fill(rect.inset(by: 1), style: fill) }
        buffer.put(c.topLeft + horizontal + c.topRight, x: rect.x, y: rect.y, style: style)
        buffer.put(c.bottomLeft + horizontal + c.bottomRight, x: rect.x, y: rect.maxY - 1, style: style)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            buffer.put("│", x: rect.x, y: y, style: style)
            buffer.put("│", x: rect.maxX - 1, y: y, style: style)
        }

        // Titles sit between "─ " and " ─", so they get width - 4 columns, less 2 for their spaces.
        var room = rect.width - 4
        var leftUsed = 0
        if let title, !title.isEmpty, room >= 3 {
            let text = " " + DisplayWidth.truncate(title, to: room - 2) + " "
            leftUsed = buffer.put(text, x: rect.x + 2, y: rect.y, style: titleStyle ?? style)
            room -= leftUsed + 1   // keep at least one "─" between the titles
        }
        if let rightTitle, !rightTitle.isEmpty, room >= 3 {
            let text = " " + DisplayWidth.truncate(rightTitle, to: room - 2) + " "
            let width = DisplayWidth.of(text)
            buffer.put(text, x: rect.maxX - 2 - width, y: rect.y, style: rightTitleStyle ?? style)
        }
    }
}
