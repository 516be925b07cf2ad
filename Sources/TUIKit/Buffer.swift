/// One screen cell. A wide character occupies its cell and marks the next one as a continuation.
public struct Cell: Sendable, Hashable {
    public var text: String
    public var style: Style
    /// True for the right half of a 2-column character; the backend writes nothing there.
    public var isContinuation: Bool
    public init(text: String = " ", style: Style = .plain, isContinuation: Bool = false) {
        self.text = text; self.style = style; self.isContinuation = isContinuation
    }
    public static let blank = Cell()
}

/// The frame as a grid of cells. Every drawing call clips to the buffer (and to an optional clip rect),
/// so widgets never have to worry about the edges.
public struct Buffer: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Style = .plain) {
        self.width = max(0, width); self.height = max(0, height)
        cells = Array(repeating: Cell(text: " ", style: fill), count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    public mutating func fill(_ rect: Rect, style: Style, char: String = " ") {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        let glyph = char.isEmpty ? " " : char
        for y in r.y..<r.maxY {
            breakWideCharacters(x: r.x, y: y, width: r.width)
            for x in r.x..<r.maxX { cells[y * width + x] = Cell(text: glyph, style: style) }
        }
    }

    /// Writes `text` at (x, y), clipped to `maxWidth` columns and the clip rect. Returns the columns used.
    /// A wide character that would straddle an edge is replaced by a space in its visible half.
    /// Control characters (tabs, escapes, BiDi overrides) become spaces so nothing reaches the terminal as a command;
    /// a line break ends the write.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style, maxWidth: Int? = nil, clip: Rect? = nil) -> Int {
        let area = (clip ?? bounds).intersection(bounds)
        guard y >= area.y, y < area.maxY else { return 0 }
        let limit = min(area.maxX, maxWidth.map { x + max(0, $0) } ?? area.maxX)
        var cx = x
        for original in text {
            if original.isNewline { break }
            let ch = Buffer.printable(original)
            let w = DisplayWidth.of(ch)
            if w == 0 {
                // Zero-width: attach to the previous cell so combining marks are not lost.
                if cx - 1 >= area.x, cx - 1 < limit {
                    var i = y * width + cx - 1
                    if cells[i].isContinuation, cx - 2 >= area.x { i -= 1 }
                    if !cells[i].isContinuation { cells[i].text.append(ch) }
                }
                continue
            }
            if cx + w > limit {
                if cx < limit, cx >= area.x { putBlank(x: cx, y: y, style: style) }
                break
            }
            if cx >= area.x {
                breakWideCharacters(x: cx, y: y, width: w)
                cells[y * width + cx] = Cell(text: String(ch), style: style)
                if w == 2 { cells[y * width + cx + 1] = Cell(text: "", style: style, isContinuation: true) }
            } else if cx + w > area.x {
                putBlank(x: area.x, y: y, style: style)   // the right half of a wide char cut by the left edge
            }
            cx += w
        }
        return cx - x
    }

    private mutating func putBlank(x: Int, y: Int, style: Style) {
        breakWideCharacters(x: x, y: y, width: 1)
        cells[y * width + x] = Cell(text: " ", style: style)
    }

    /// Before `count` cells from (x, y) are overwritten: a wide character cut in half by either end of
    /// that span loses its other half too, so no ghost half remains on screen.
    private mutating func breakWideCharacters(x: Int, y: Int, width count: Int) {
        let row = y * width
        if x > 0, x < width, cells[row + x].isContinuation {
            cells[row + x - 1] = Cell(text: " ", style: cells[row + x - 1].style)
        }
        let after = x + count
        if after > 0, after < width, cells[row + after].isContinuation {
            cells[row + after] = Cell(text: " ", style: cells[row + after].style)
        }
    }

    /// Tabs, escapes, BiDi overrides and other control characters must never reach the terminal.
    private static func printable(_ ch: Character) -> Character {
        TerminalText.isControl(ch) ? " " : ch
    }

    /// Changes the style of cells in `rect` without touching their text (used for highlights).
    public mutating func restyle(_ rect: Rect, _ transform: (Style) -> Style) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY { for x in r.x..<r.maxX { cells[y * width + x].style = transform(cells[y * width + x].style) } }
    }

    /// The text of each row, for tests: continuation cells contribute nothing, trailing spaces are kept.
    public func lines() -> [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width where !cells[y * width + x].isContinuation { s += cells[y * width + x].text }
            return s
        }
    }

    /// The rows with trailing spaces removed, joined by newlines.
    public func text() -> String {
        lines().map { line in
            var l = Substring(line)
            while l.last == " " { l = l.dropLast() }
            return String(l)
        }.joined(separator: "\n")
    }

    /// Runs of cells that differ from `previous` (or all cells when the sizes differ), row by row.
    public func diff(from previous: Buffer?) -> [Run] {
        let full = previous == nil || previous!.width != width || previous!.height != height
        var runs: [Run] = []
        for y in 0..<height {
            var x = 0
            while x < width {
                let i = y * width + x
                if !full && previous!.cells[i] == cells[i] { x += 1; continue }
                let start = x
                var changed: [Cell] = []
                while x < width {
                    let j = y * width + x
                    if !full && previous!.cells[j] == cells[j] { break }
                    changed.append(cells[j]); x += 1
                }
                // A run must not start on the right half of a wide character.
                if changed.first?.isContinuation == true, start > 0 {
                    runs.append(Run(x: start - 1, y: y, cells: [cells[y * width + start - 1]] + changed))
                } else {
                    runs.append(Run(x: start, y: y, cells: changed))
                }
            }
        }
        return runs
    }

    public struct Run: Sendable, Equatable {
        public var x: Int
        public var y: Int
        public var cells: [Cell]
    }
}
