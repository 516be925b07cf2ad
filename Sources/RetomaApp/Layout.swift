import TUIKit

/// Where the board's pieces go for a terminal size. `update` (scrolling) and `view` (drawing) share it
/// so the selection is always on screen.
public struct BoardLayout: Sendable, Equatable {
    public static let minColumnWidth = 28
    public static let cardHeight = 3
    public static let cardGap = 1

    public var size: Size
    public var columnCount: Int
    /// Rows taken by the send monitor at the bottom.
    public var monitorRows: Int

    public init(size: Size, columnCount: Int, monitorRows: Int = 0) {
        self.size = size; self.columnCount = columnCount; self.monitorRows = monitorRows
    }

    /// Row 0 is the title bar; the last two rows are the status line and the footer.
    public var boardArea: Rect { Rect(x: 0, y: 1, width: size.width, height: size.height - 3 - monitorRows) }
    public var monitorArea: Rect { Rect(x: 0, y: size.height - 2 - monitorRows, width: size.width, height: monitorRows) }
    public var statusRow: Int { size.height - 2 }
    public var footerRow: Int { size.height - 1 }

    public var visibleColumns: Int { max(1, min(max(columnCount, 1), size.width / Self.minColumnWidth)) }
    public var columnWidth: Int { size.width / visibleColumns }

    /// Cards that fit in a column below its header border (one row for the bottom border).
    public var cardsPerColumn: Int {
        let inner = boardArea.height - 2
        return max(1, (inner + Self.cardGap) / (Self.cardHeight + Self.cardGap))
    }

    /// The rectangle of the i-th visible column slot (0-based from the first drawn column).
    public func columnRect(slot: Int) -> Rect {
        let area = boardArea
        let w = slot == visibleColumns - 1 ? area.width - columnWidth * slot : columnWidth
        return Rect(x: area.x + columnWidth * slot, y: area.y, width: w, height: area.height)
    }

    /// A first index that keeps `selected` inside a window of `window` items.
    public static func scroll(current: Int, selected: Int, window: Int, count: Int) -> Int {
        guard count > window else { return 0 }
        var s = current
        if selected < s { s = selected }
        if selected >= s + window { s = selected - window + 1 }
        return max(0, min(s, count - window))
    }
}
