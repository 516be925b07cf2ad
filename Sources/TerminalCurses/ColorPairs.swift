import CNcursesw
import TUIKit

/// curses colour pairs handed out on demand, within the terminal's COLOR_PAIRS.
/// Pair 0 is the terminal's default and never redefined.
struct ColorPairs {
    private var pairs: [Int32: Int16] = [:]
    private let limit: Int
    private let colors: Int
    private let defaultColorsWork: Bool

    init(colorPairs: Int, colors: Int, defaultColorsWork: Bool) {
        // init_pair takes a short; pairs above 32767 would need the extended API.
        self.limit = max(0, min(colorPairs, Int(Int16.max)) - 1)
        self.colors = colors
        self.defaultColorsWork = defaultColorsWork
    }

    /// The pair for `style`'s colours, defining it if new; nil when every pair is taken.
    mutating func pair(for style: Style) -> Int16? {
        let fg = number(style.fg, isForeground: true), bg = number(style.bg, isForeground: false)
        if fg == -1 && bg == -1 { return 0 }
        let key = Int32(fg) << 16 | Int32(UInt16(bitPattern: bg))
        if let known = pairs[key] { return known }
        guard pairs.count < limit else { return nil }
        let pair = Int16(pairs.count + 1)
        init_pair(pair, fg, bg)
        pairs[key] = pair
        return pair
    }

    mutating func removeAll() { pairs.removeAll(keepingCapacity: true) }

    /// A curses colour number: -1 for the terminal default (or white on black when the terminal
    /// cannot keep its defaults), palette colours beyond the terminal's range mapped down.
    private func number(_ color: Color, isForeground: Bool) -> Int16 {
        switch color {
        case .default:
            return defaultColorsWork ? -1 : (isForeground ? 7 : 0)
        case .indexed(let i):
            if Int(i) < colors { return Int16(i) }
            if colors >= 8 { return Int16(Palette.nearestBasic(to: i, count: colors)) }
            return defaultColorsWork ? -1 : (isForeground ? 7 : 0)
        }
    }
}
