/// Display width in terminal columns, one tested function for the whole program.
/// Emoji and East Asian wide characters take 2 columns; combining marks, zero-width joiners and
/// variation selectors take 0 (a VS16 inside a cluster makes the cluster 2 wide).
public enum DisplayWidth {
    public static func of(_ s: String) -> Int {
        var w = 0
        for ch in s { w += of(ch) }
        return w
    }

    public static func of(_ ch: Character) -> Int {
        let scalars = ch.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if ch.isASCII {
            let v = first.value
            return (v < 0x20 || v == 0x7F) ? 0 : 1
        }
        let base = scalarWidth(first)
        if base == 0 { return 0 }   // a stray mark or joiner with nothing to attach to in this cluster
        if scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }   // emoji presentation requested
        if scalars.count > 1, scalars.contains(where: { $0.value == 0x200D }) { return 2 } // ZWJ sequence
        return base
    }

    public static func scalarWidth(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v == 0 { return 0 }
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B || (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return 0 }
        if (0x1160...0x11FF).contains(v) { return 0 }  // Hangul medial vowels / final consonants
        if u.properties.isEmojiPresentation { return 2 }
        if isWide(v) { return 2 }
        return 1
    }

    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// The longest prefix of `s` that fits in `width` columns.
    public static func prefix(_ s: String, fitting width: Int) -> String {
        var out = ""
        var used = 0
        for ch in s {
            let w = of(ch)
            if used + w > width { break }
            out.append(ch); used += w
        }
        return out
    }

    /// `s` clipped to `width` columns, ending in "…" when something was cut.
    public static func truncate(_ s: String, to width: Int) -> String {
        if width <= 0 { return "" }
        if of(s) <= width { return s }
        return prefix(s, fitting: width - 1) + "…"
    }

    /// `s` padded with spaces (or clipped) to exactly `width` columns.
    public static func pad(_ s: String, to width: Int) -> String {
        let t = truncate(s, to: width)
        return t + String(repeating: " ", count: max(0, width - of(t)))
    }
}
