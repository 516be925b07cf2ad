/// Charts drawn with cells (issue 14's results): horizontal bars and sparklines. The shapes carry the figures by
/// glyphs alone (█ filled, ░ the rest; ▁…█ heights), so they read the same under `NO_COLOR`, where the theme keeps
/// attributes only; colour comes from the styles the caller takes from its theme.
public enum Chart {
    public static let sparkGlyphs = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Filled cells of a bar `width` cells long for `value` out of `maximum`: in proportion, rounded to the nearest
    /// cell, at least one for any value above zero and never past `width`.
    public static func filled(_ value: Int, of maximum: Int, width: Int) -> Int {
        guard width > 0, value > 0, maximum > 0 else { return 0 }
        let cells = (Double(min(value, maximum)) / Double(maximum) * Double(width)).rounded()
        return min(width, max(1, Int(cells)))
    }

    /// A bar at (x, y): `filled` cells of █ in `fill`, the rest of `width` as ░ in `rest`. Returns the filled cells.
    @discardableResult
    public static func bar(in buffer: inout Buffer, x: Int, y: Int, width: Int, value: Int, of maximum: Int,
                           fill: Style, rest: Style) -> Int {
        let n = filled(value, of: maximum, width: width)
        if n > 0 { buffer.put(String(repeating: "█", count: n), x: x, y: y, style: fill) }
        if width > n { buffer.put(String(repeating: "░", count: width - n), x: x + n, y: y, style: rest) }
        return n
    }

    /// At most `width` glyphs for `values` (oldest first): more values than cells are summed into `width` groups of
    /// consecutive values, the last group ending with the newest. Zero is ▁, the largest is █, any other value at
    /// least ▂.
    public static func sparkline(_ values: [Int], width: Int) -> String {
        guard width > 0, !values.isEmpty else { return "" }
        var groups = values.map { max($0, 0) }
        if groups.count > width {
            let size = (groups.count + width - 1) / width
            var summed: [Int] = []
            var end = groups.count
            while end > 0 {
                let start = max(0, end - size)
                summed.append(groups[start..<end].reduce(0) { $0.addingReportingOverflow($1).overflow ? Int.max : $0 + $1 })
                end = start
            }
            groups = summed.reversed()
        }
        let top = groups.max() ?? 0
        return groups.map { v in
            guard v > 0, top > 0 else { return sparkGlyphs[0] }
            let level = Int((Double(v) / Double(top) * 7).rounded(.up))
            return sparkGlyphs[min(7, max(1, level))]
        }.joined()
    }
}
