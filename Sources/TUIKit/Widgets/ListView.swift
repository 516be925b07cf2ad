/// Scrolling for lists drawn by the caller: which rows are visible, and a scrollbar beside them.
public enum ListView {
    /// The first visible item so `selected` is in view, moving the previous offset as little as
    /// possible (the list does not jump while the selection stays visible).
    public static func scrollOffset(selected: Int, count: Int, visible: Int, previous: Int = 0) -> Int {
        guard count > 0, visible > 0 else { return 0 }
        let sel = min(max(0, selected), count - 1)
        var offset = min(max(0, previous), max(0, count - visible))
        if sel < offset { offset = sel }
        if sel >= offset + visible { offset = sel - visible + 1 }
        return offset
    }

    /// The thumb's rows within a track of `trackHeight` rows, or nil when everything fits.
    /// The thumb touches the top only at offset 0 and the bottom only at the last offset.
    public static func thumb(count: Int, visible: Int, offset: Int, trackHeight: Int) -> Range<Int>? {
        guard count > visible, visible > 0, trackHeight > 0 else { return nil }
        let size = min(trackHeight, max(1, trackHeight * visible / count))
        let maxOffset = count - visible
        let travel = trackHeight - size
        let clamped = min(max(0, offset), maxOffset)
        var start = (travel * clamped + maxOffset / 2) / maxOffset
        if clamped > 0, start == 0, travel > 1 { start = 1 }
        if clamped < maxOffset, start == travel, travel > 1 { start = travel - 1 }
        return start..<(start + size)
    }

    /// Draws a one-column scrollbar (`│` track, `█` thumb) at column `x`, rows `y..<y+height`.
    /// Draws nothing when all items fit.
    public static func drawScrollbar(in buffer: inout Buffer, x: Int, y: Int, height: Int,
                                     count: Int, visible: Int, offset: Int,
                                     trackStyle: Style, thumbStyle: Style) {
        guard let thumb = thumb(count: count, visible: visible, offset: offset, trackHeight: height) else { return }
        for row in 0..<height {
            let isThumb = thumb.contains(row)
            buffer.put(isThumb ? "█" : "│", x: x, y: y + row, style: isThumb ? thumbStyle : trackStyle)
        }
    }

    /// Draws the scrollbar with the theme's scrollbar roles.
    public static func drawScrollbar(in buffer: inout Buffer, x: Int, y: Int, height: Int,
                                     count: Int, visible: Int, offset: Int, theme: Theme) {
        drawScrollbar(in: &buffer, x: x, y: y, height: height, count: count, visible: visible, offset: offset,
                      trackStyle: theme[.scrollbar], thumbStyle: theme[.scrollbarThumb])
    }
}
