/// Picking one of a few options with left/right, drawn as `◀ Horas ▶`.
public struct Choice: Sendable, Equatable {
    public var options: [String]
    public private(set) var selectedIndex: Int

    public init(options: [String], selectedIndex: Int = 0) {
        self.options = options
        self.selectedIndex = 0
        select(selectedIndex)
    }

    public var selected: String? { options.indices.contains(selectedIndex) ? options[selectedIndex] : nil }

    /// Selects `index`, clamped to the options.
    public mutating func select(_ index: Int) {
        selectedIndex = options.isEmpty ? 0 : min(max(0, index), options.count - 1)
    }

    /// Left/right (and h/l) cycle through the options, wrapping around.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .left, .char("h"): step(-1); return true
        case .right, .char("l"): step(1); return true
        default: return false
        }
    }

    private mutating func step(_ delta: Int) {
        guard !options.isEmpty else { return }
        selectedIndex = (selectedIndex + delta + options.count) % options.count
    }

    /// Columns needed so the arrows stay put whichever option is shown.
    public var displayWidth: Int { 4 + (options.map(DisplayWidth.of).max() ?? 0) }

    /// `◀ Horas   ▶`, padded to the longest option.
    public func draw(in buffer: inout Buffer, rect: Rect, style: Style) {
        guard !rect.isEmpty else { return }
        let inner = displayWidth - 4
        let text = "◀ " + DisplayWidth.pad(selected ?? "", to: inner) + " ▶"
        buffer.fill(Rect(x: rect.x, y: rect.y, width: min(rect.width, displayWidth), height: 1), style: style)
        buffer.put(text, x: rect.x, y: rect.y, style: style, maxWidth: rect.width)
    }
}
