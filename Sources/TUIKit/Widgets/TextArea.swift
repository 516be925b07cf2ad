/// A multi-line text input with soft wrapping.
///
/// Long lines wrap at spaces (words longer than a row are split) and are never clipped sideways.
/// Non-space text uses at most `width - 1` columns of a row so the cursor always has a cell, even
/// at the end of a full line; a space may hang in the last column.
///
/// Keys: printable characters insert; Enter breaks the line; Backspace/Delete (joining lines at
/// the edges); Left/Right (crossing line ends); Up/Down move by screen row keeping the column by
/// display width, and return false at the first/last row so a form can move focus; PageUp/PageDown
/// move by `viewport.height - 1` rows; Home/End (Ctrl-A/Ctrl-E) go to the ends of the line;
/// Ctrl-U clears to the line start, Ctrl-K to its end (joining the next line when at the end),
/// Ctrl-W deletes the word before the cursor.
public struct TextArea: Sendable, Equatable {
    private var lines: [[Character]]
    /// The cursor: a line index and a grapheme index within that line.
    public private(set) var row: Int
    public private(set) var column: Int
    public var placeholder: String
    /// Most characters accepted (line breaks count as one); longer input is cut.
    public var maxLength: Int?
    /// The size of the text region the caller lays out. Editing uses it for wrapping, Up/Down,
    /// paging and scrolling; drawing into a different rect still keeps the cursor visible.
    public var viewport: Size
    /// The first screen row shown, kept by editing so the cursor stays in view.
    public private(set) var scrollTop: Int
    /// Display column Up/Down aim for, kept across consecutive vertical moves.
    private var goalColumn: Int?

    public init(text: String = "", placeholder: String = "", maxLength: Int? = nil,
                viewport: Size = Size(width: 40, height: 5)) {
        self.lines = [[]]
        self.row = 0
        self.column = 0
        self.placeholder = placeholder
        self.maxLength = maxLength
        self.viewport = viewport
        self.scrollTop = 0
        self.text = text
    }

    /// Lines are joined with "\n". Setting the text puts the cursor at its end.
    public var text: String {
        get { lines.map { String($0) }.joined(separator: "\n") }
        set {
            var clean = TextEditing.clean(newValue, keepLineBreaks: true)
            if let maxLength, clean.count > maxLength { clean = String(clean.prefix(maxLength)) }
            lines = clean.split(separator: "\n", omittingEmptySubsequences: false).map { Array(String($0)) }
            row = lines.count - 1
            column = lines[row].count
            goalColumn = nil
            scrollTop = 0
            keepCursorVisible()
        }
    }

    /// Characters in `text`, line breaks included.
    public var characterCount: Int { lines.reduce(lines.count - 1) { $0 + $1.count } }
    public var lineCount: Int { lines.count }
    public var isEmpty: Bool { lines.count == 1 && lines[0].isEmpty }

    /// Inserts typed or pasted text (line breaks included) at the cursor.
    public mutating func insert(_ piece: String) {
        var clean = TextEditing.clean(piece, keepLineBreaks: true)
        if let maxLength {
            let room = max(0, maxLength - characterCount)
            if clean.count > room { clean = String(clean.prefix(room)) }
        }
        guard !clean.isEmpty else { return }
        let parts = clean.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let line = lines[row]
        if parts.count == 1 {
            (lines[row], column) = TextEditing.insert(parts[0], into: line, at: column)
        } else {
            let head = Array(String(line[..<column]) + parts[0])
            let (tail, tailColumn) = TextEditing.insert(parts[parts.count - 1], into: Array(line[column...]), at: 0)
            let middle = parts[1..<(parts.count - 1)].map { Array($0) }
            lines.replaceSubrange(row...row, with: [head] + middle + [tail])
            row += parts.count - 1
            column = tailColumn
        }
        keepCursorVisible()
    }

    /// Returns true when the key edited or moved in the text (even if nothing changed), false for
    /// keys the surrounding form should handle (Esc, Tab, Up on the first row, Down on the last...).
    public mutating func handle(_ key: Key) -> Bool {
        let vertical: Bool
        switch key {
        case .up, .down, .pageUp, .pageDown: vertical = true
        default: vertical = false
        }
        if !vertical { goalColumn = nil }

        switch key {
        case .char(let c): insert(String(c)); return true
        case .enter: insert("\n"); return true
        case .backspace, .ctrl("h"): deleteBackward()
        case .delete, .ctrl("d"): deleteForward()
        case .left, .ctrl("b"):
            if column > 0 { column -= 1 } else if row > 0 { row -= 1; column = lines[row].count }
        case .right, .ctrl("f"):
            if column < lines[row].count { column += 1 } else if row < lines.count - 1 { row += 1; column = 0 }
        case .home, .ctrl("a"): column = 0
        case .end, .ctrl("e"): column = lines[row].count
        case .ctrl("u"): lines[row].removeSubrange(0..<column); column = 0
        case .ctrl("k"):
            if column == lines[row].count { deleteForward() } else { lines[row].removeSubrange(column...) }
        case .ctrl("w"):
            if column == 0 {
                deleteBackward()
            } else {
                let start = TextEditing.wordStart(before: column, in: lines[row])
                lines[row].removeSubrange(start..<column); column = start
            }
        case .up: if !moveVertically(by: -1) { return false }
        case .down: if !moveVertically(by: 1) { return false }
        case .pageUp: if !moveVertically(by: -max(1, viewport.height - 1)) { row = 0; column = 0 }
        case .pageDown:
            if !moveVertically(by: max(1, viewport.height - 1)) { row = lines.count - 1; column = lines[row].count }
        default: return false
        }
        (lines[row], column) = TextEditing.insert("", into: lines[row], at: column)
        keepCursorVisible()
        return true
    }

    private mutating func deleteBackward() {
        if column > 0 {
            lines[row].remove(at: column - 1); column -= 1
        } else if row > 0 {
            column = lines[row - 1].count
            lines[row - 1] += lines[row]
            lines.remove(at: row); row -= 1
        }
    }

    private mutating func deleteForward() {
        if column < lines[row].count {
            lines[row].remove(at: column)
        } else if row < lines.count - 1 {
            lines[row] += lines[row + 1]
            lines.remove(at: row + 1)
        }
    }

    /// Moves by screen rows; false when already on the first (or last) row.
    private mutating func moveVertically(by delta: Int) -> Bool {
        let rows = layout(width: viewport.width)
        let (current, displayColumn) = cursorPosition(in: rows)
        let target = min(max(0, current + delta), rows.count - 1)
        guard target != current else { return false }
        let goal = goalColumn ?? displayColumn
        goalColumn = goal
        row = rows[target].line
        column = index(in: rows[target], atColumn: goal)
        return true
    }

    private mutating func keepCursorVisible() {
        let rows = layout(width: viewport.width)
        scrollTop = TextArea.top(scrollTop, cursorRow: cursorPosition(in: rows).row, rows: rows.count,
                                 height: viewport.height)
    }

    private static func top(_ top: Int, cursorRow: Int, rows: Int, height: Int) -> Int {
        let h = max(1, height)
        var t = min(max(0, top), max(0, rows - h))
        if cursorRow < t { t = cursorRow }
        if cursorRow >= t + h { t = cursorRow - h + 1 }
        return t
    }

    // MARK: Layout

    /// One screen row: part of a line, `start..<end` in graphemes.
    struct VisualRow: Equatable {
        var line: Int, start: Int, end: Int
        /// The line's final row; the cursor may sit at `end` only here.
        var isLast: Bool
    }

    func layout(width: Int) -> [VisualRow] {
        var rows: [VisualRow] = []
        for (i, line) in lines.enumerated() {
            let parts = TextArea.segments(line, width: width)
            for (j, r) in parts.enumerated() {
                rows.append(VisualRow(line: i, start: r.lowerBound, end: r.upperBound, isLast: j == parts.count - 1))
            }
        }
        return rows
    }

    /// Where a line breaks on screen rows of `width` columns (see the type's comment).
    static func segments(_ line: [Character], width: Int) -> [Range<Int>] {
        let w = max(2, width)
        var out: [Range<Int>] = []
        var start = 0, col = 0, i = 0
        var lastBreak: Int?
        while i < line.count {
            let ch = line[i]
            let cw = DisplayWidth.of(ch)
            let limit = ch == " " ? w : w - 1
            if col + cw > limit, i > start {
                let end = (lastBreak ?? start) > start ? lastBreak! : i
                out.append(start..<end)
                start = end
                col = TextEditing.width(line[start..<i])
                lastBreak = nil
                continue
            }
            col += cw
            if ch == " " { lastBreak = i + 1 }
            i += 1
        }
        out.append(start..<line.count)
        if col >= w { out.append(line.count..<line.count) }   // room for the cursor after a hanging space
        return out
    }

    /// The cursor's screen row (index into `rows`) and display column within it.
    func cursorPosition(in rows: [VisualRow]) -> (row: Int, column: Int) {
        for (i, r) in rows.enumerated() where r.line == row {
            if (column >= r.start && column < r.end) || (r.isLast && column == r.end) {
                return (i, TextEditing.width(lines[row][r.start..<column]))
            }
        }
        return (max(0, rows.count - 1), 0)
    }

    private func index(in r: VisualRow, atColumn goal: Int) -> Int {
        let limit = r.isLast ? r.end : max(r.start, r.end - 1)
        var col = 0, i = r.start
        while i < limit {
            let w = DisplayWidth.of(lines[r.line][i])
            if col + w > goal { break }
            col += w; i += 1
        }
        return i
    }

    /// The first row shown and the number of screen rows when drawn `width` columns wide and
    /// `height` rows high, for a scrollbar beside the area.
    public func scrollMetrics(width: Int, height: Int) -> (top: Int, rows: Int) {
        let rows = layout(width: width)
        return (TextArea.top(scrollTop, cursorRow: cursorPosition(in: rows).row, rows: rows.count, height: height), rows.count)
    }

    // MARK: Drawing

    /// Fills `rect` with `style` and draws the visible rows. An empty area shows the placeholder,
    /// wrapped, in `placeholderStyle` over the area's background. Focused: the cursor is a reversed cell.
    public func draw(in buffer: inout Buffer, rect: Rect, style: Style, placeholderStyle: Style, focused: Bool) {
        guard !rect.isEmpty else { return }
        buffer.fill(rect, style: style)
        if isEmpty {
            for (i, text) in wrap(placeholder, width: rect.width).prefix(rect.height).enumerated() {
                buffer.put(text, x: rect.x, y: rect.y + i, style: placeholderStyle.over(style), clip: rect)
            }
        }
        let rows = layout(width: rect.width)
        let cursor = cursorPosition(in: rows)
        let top = TextArea.top(scrollTop, cursorRow: cursor.row, rows: rows.count, height: rect.height)
        for (i, r) in rows[top..<min(rows.count, top + rect.height)].enumerated() where r.end > r.start {
            buffer.put(String(lines[r.line][r.start..<r.end]), x: rect.x, y: rect.y + i, style: style, clip: rect)
        }
        if focused {
            let x = rect.x + cursor.column
            let width = column < lines[row].count ? max(1, DisplayWidth.of(lines[row][column])) : 1
            buffer.restyle(Rect(x: x, y: rect.y + cursor.row - top, width: min(width, rect.maxX - x), height: 1)) { $0.cursor }
        }
    }

    /// Draws with the theme's input roles.
    public func draw(in buffer: inout Buffer, rect: Rect, theme: Theme, focused: Bool) {
        draw(in: &buffer, rect: rect, style: theme[focused ? .fieldInputFocused : .fieldInput],
             placeholderStyle: theme[.placeholder], focused: focused)
    }
}
