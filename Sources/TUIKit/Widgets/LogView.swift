/// A bounded log for the monitor: keeps the newest `capacity` lines, follows new lines at the
/// bottom, and holds its place when the user has scrolled back.
public struct LogView: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var text: String
        public var role: ThemeRole
        public init(text: String, role: ThemeRole = .monitor) { self.text = text; self.role = role }
    }

    public let capacity: Int
    private var storage: [Line] = []
    /// Index in `storage` of the oldest line once the ring is full.
    private var head = 0
    /// Lines scrolled back from the newest; 0 follows new lines.
    public private(set) var scrollBack = 0

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        storage.reserveCapacity(min(self.capacity, 4096))
    }

    public var count: Int { storage.count }
    public var isFollowing: Bool { scrollBack == 0 }

    /// Oldest first.
    public var lines: [Line] { Array(storage[head...] + storage[..<head]) }

    public subscript(index: Int) -> Line { storage[(head + index) % storage.count] }

    /// Adds a line (or several, when `text` has line breaks); the oldest fall off past `capacity`.
    public mutating func append(_ text: String, role: ThemeRole = .monitor) {
        for piece in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = Line(text: String(piece), role: role)
            if storage.count < capacity {
                storage.append(line)
            } else {
                storage[head] = line
                head = (head + 1) % capacity
            }
            if scrollBack > 0 { scrollBack = min(scrollBack + 1, max(0, storage.count - 1)) }
        }
    }

    public mutating func removeAll() { storage.removeAll(keepingCapacity: true); head = 0; scrollBack = 0 }

    /// Positive moves back to older lines, negative toward the newest.
    public mutating func scroll(by delta: Int, visible: Int) {
        scrollBack = min(max(0, scrollBack + delta), max(0, count - max(1, visible)))
    }

    public mutating func scrollToBottom() { scrollBack = 0 }

    /// Up/Down, PageUp/PageDown, Home (oldest) and End (follow again), for a view `visible` rows high.
    public mutating func handle(_ key: Key, visible: Int) -> Bool {
        let page = max(1, visible - 1)
        switch key {
        case .up: scroll(by: 1, visible: visible)
        case .down: scroll(by: -1, visible: visible)
        case .pageUp: scroll(by: page, visible: visible)
        case .pageDown: scroll(by: -page, visible: visible)
        case .home: scroll(by: count, visible: visible)
        case .end: scrollToBottom()
        default: return false
        }
        return true
    }

    /// The first line shown in a view `visible` rows high.
    public func firstVisible(visible: Int) -> Int {
        let h = max(1, visible)
        let back = min(scrollBack, max(0, count - h))
        return max(0, count - back - h)
    }

    /// Fills `rect` with the monitor style and draws the visible lines from the top, each clipped
    /// with "…"; when lines are hidden a scrollbar takes the right column.
    public func draw(in buffer: inout Buffer, rect: Rect, theme: Theme) {
        guard !rect.isEmpty else { return }
        buffer.fill(rect, style: theme[.monitor])
        let first = firstVisible(visible: rect.height)
        let scrollable = count > rect.height
        let textWidth = scrollable ? rect.width - 1 : rect.width
        for row in 0..<min(rect.height, count - first) {
            let line = self[first + row]
            buffer.put(DisplayWidth.truncate(line.text, to: textWidth), x: rect.x, y: rect.y + row,
                       style: theme[line.role], maxWidth: textWidth)
        }
        if scrollable {
            ListView.drawScrollbar(in: &buffer, x: rect.maxX - 1, y: rect.y, height: rect.height,
                                   count: count, visible: rect.height, offset: first, theme: theme)
        }
    }
}
