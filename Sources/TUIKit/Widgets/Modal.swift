/// A dialog frame centred over the screen.
public enum Modal {
    /// A `width` × `height` rectangle centred in `area`, shrunk to fit when the area is smaller.
    public static func frame(in area: Rect, width: Int, height: Int) -> Rect {
        area.centered(width: width, height: height)
    }

    /// Clears the centred frame with the dialog style, draws its border and title, and returns the
    /// inside (the frame inset by the border and one column of padding on each side).
    @discardableResult
    public static func draw(in buffer: inout Buffer, area: Rect, width: Int, height: Int,
                            title: String, theme: Theme, rightTitle: String? = nil) -> Rect {
        let outer = frame(in: area, width: width, height: height)
        buffer.fill(outer, style: theme[.dialog])
        Box.draw(in: &buffer, rect: outer, style: theme[.dialogBorder], border: .rounded,
                 title: title, titleStyle: theme[.dialogTitle], rightTitle: rightTitle, rightTitleStyle: theme[.dialogBorder])
        let inner = outer.inset(by: 1)
        return Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height)
    }
}
