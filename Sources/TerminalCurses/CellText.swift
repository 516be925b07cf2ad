import CNcursesw

/// What to hand curses for one cell. curses keeps its own idea of character widths (the C
/// library's wcwidth); when it disagrees with ours the rest of the row would shift, so such a
/// cell gets a stand-in of the width curses expects, and a two-column cell whose stand-in is one
/// column wide gets a second glyph for its right half.
enum CellText {
    static func glyphs(for text: String, wide: Bool) -> (first: [wchar_t], second: [wchar_t]?) {
        let all = Array(text.unicodeScalars)
        guard let base = all.first else { return ([32], wide ? [32] : nil) }
        let baseWidth = shim_wcwidth(wchar_t(base.value))

        // A flag (two regional indicators) falls back to its country code: 🇧🇷 → "BR".
        if wide, all.count == 2, all.allSatisfy({ (0x1F1E6...0x1F1FF).contains($0.value) }), baseWidth != 2 {
            return ([wchar_t(all[0].value - 0x1F1E6 + 65)], [wchar_t(all[1].value - 0x1F1E6 + 65)])
        }
        if baseWidth < 0 { return ([0xFFFD], wide ? [32] : nil) }      // unknown to the C library
        if wide && baseWidth == 1 { return ([wchar_t(base.value)], [32]) }   // e.g. ❤️: shown as ❤ plus a space
        if !wide && baseWidth == 2 { return ([63], nil) }               // "?" keeps the columns right

        var out = [wchar_t(base.value)]
        // Combining marks only: a joiner or a second spacing character (emoji sequences, skin
        // tones) would make curses and the terminal count columns differently.
        for scalar in all.dropFirst() {
            guard out.count < Int(shim_cchar_max()), scalar.value != 0x200D,
                  shim_wcwidth(wchar_t(scalar.value)) == 0 else { break }
            out.append(wchar_t(scalar.value))
        }
        return (out, nil)
    }
}
