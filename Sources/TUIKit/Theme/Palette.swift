/// The xterm 256-colour palette as RGB, used to turn `#rrggbb` into an index and to map themes
/// down for terminals with 8 or 16 colours.
public enum Palette {
    public struct RGB: Sendable, Hashable {
        public var r: Int, g: Int, b: Int
        public init(r: Int, g: Int, b: Int) { self.r = r; self.g = g; self.b = b }
        public init(hex: Int) { self.init(r: (hex >> 16) & 0xFF, g: (hex >> 8) & 0xFF, b: hex & 0xFF) }
    }

    /// xterm's defaults for the 16 basic colours (terminals may differ; these are the usual ones).
    private static let basic: [RGB] = [
        0x000000, 0xCD0000, 0x00CD00, 0xCDCD00, 0x0000EE, 0xCD00CD, 0x00CDCD, 0xE5E5E5,
        0x7F7F7F, 0xFF0000, 0x00FF00, 0xFFFF00, 0x5C5CFF, 0xFF00FF, 0x00FFFF, 0xFFFFFF,
    ].map(RGB.init(hex:))

    private static let cubeLevels = [0, 95, 135, 175, 215, 255]

    public static func rgb(of index: UInt8) -> RGB {
        let i = Int(index)
        if i < 16 { return basic[i] }
        if i < 232 {
            let c = i - 16
            return RGB(r: cubeLevels[c / 36], g: cubeLevels[(c / 6) % 6], b: cubeLevels[c % 6])
        }
        let level = 8 + 10 * (i - 232)
        return RGB(r: level, g: level, b: level)
    }

    /// The index in 16...255 closest to `rgb`. The first 16 are skipped because users recolour them.
    public static func nearestIndex(to rgb: RGB) -> UInt8 {
        nearest(to: rgb, among: 16...255)
    }

    /// The closest of the first `count` palette entries (8 or 16) to palette entry `index`.
    public static func nearestBasic(to index: UInt8, count: Int) -> UInt8 {
        let n = count >= 16 ? 16 : 8
        if Int(index) < n { return index }
        if Int(index) < 16 { return index - 8 }   // bright variants on an 8-colour terminal
        let color = rgb(of: index)
        // A grey must stay a grey: by plain distance a mid grey is closer to cyan than to white.
        if max(color.r, color.g, color.b) - min(color.r, color.g, color.b) < 24 {
            return nearest(to: color, among: n == 16 ? [0, 7, 8, 15] : [0, 7])
        }
        return nearest(to: color, among: Array(0..<n))
    }

    private static func nearest(to rgb: RGB, among range: ClosedRange<Int>) -> UInt8 {
        nearest(to: rgb, among: Array(range))
    }

    private static func nearest(to rgb: RGB, among candidates: [Int]) -> UInt8 {
        var best = candidates[0]
        var bestDistance = Int.max
        for i in candidates {
            let d = distance(rgb, Palette.rgb(of: UInt8(i)))
            if d < bestDistance { best = i; bestDistance = d }
        }
        return UInt8(best)
    }

    /// Squared distance weighted by how sensitive the eye is to each channel.
    static func distance(_ a: RGB, _ b: RGB) -> Int {
        let dr = a.r - b.r, dg = a.g - b.g, db = a.b - b.b
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }
}

extension Color {
    /// The 256-palette colour nearest to a 24-bit `0xRRGGBB` value.
    public static func rgb(_ hex: Int) -> Color { .indexed(Palette.nearestIndex(to: Palette.RGB(hex: hex))) }
}
