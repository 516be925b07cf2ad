/// A check box drawn as `[x] label` or `[ ] label`. The state lives in the caller's model.
public enum Checkbox {
    public static func draw(in buffer: inout Buffer, rect: Rect, label: String, checked: Bool, style: Style) {
        guard !rect.isEmpty else { return }
        buffer.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: style)
        buffer.put((checked ? "[x] " : "[ ] ") + label, x: rect.x, y: rect.y, style: style, maxWidth: rect.width)
    }

    /// Space toggles a focused check box (Enter is left to the form, usually to confirm).
    public static func isToggleKey(_ key: Key) -> Bool { key == .char(" ") }
}
