/// Editing steps shared by `TextField` and `TextArea`. Text is kept as an array of grapheme
/// clusters so the cursor always sits between whole characters ("é", "👍🏽", "👨‍👩‍👧").
enum TextEditing {
    /// Inserts `piece` at `cursor` and returns the new characters and cursor. The result is
    /// re-segmented, so a combining mark typed after "e" merges into "é" instead of standing alone.
    static func insert(_ piece: String, into chars: [Character], at cursor: Int) -> (chars: [Character], cursor: Int) {
        let before = String(chars[..<cursor]) + piece
        let merged = Array(before + String(chars[cursor...]))
        return (merged, min(before.count, merged.count))
    }

    /// Where Ctrl-W stops: back over spaces, then back over the word before them.
    static func wordStart(before cursor: Int, in chars: [Character]) -> Int {
        var i = cursor
        while i > 0, chars[i - 1].isWhitespace { i -= 1 }
        while i > 0, !chars[i - 1].isWhitespace { i -= 1 }
        return i
    }

    /// Tabs become spaces and other control characters are dropped, so every character has a
    /// width on screen. Line breaks are kept or turned into spaces as the caller asks.
    static func clean(_ text: String, keepLineBreaks: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            if ch.isNewline {
                out.append(keepLineBreaks ? "\n" : " ")
            } else if ch == "\t" {
                out.append(" ")
            } else if TerminalText.isControl(ch) {
                continue
            } else {
                out.append(ch)
            }
        }
        return out
    }

    static func width(_ chars: ArraySlice<Character>) -> Int {
        chars.reduce(0) { $0 + DisplayWidth.of($1) }
    }
}

extension Style {
    /// This style's colours for text, over another style's background (placeholders inside inputs).
    /// If the text colour is the background colour, the background style's own text colour, dimmed,
    /// is used instead so the text stays visible.
    func over(_ background: Style) -> Style {
        if fg == background.bg, fg != .default { return Style(fg: background.fg, bg: background.bg, attrs: attrs.union(.dim)) }
        return Style(fg: fg, bg: background.bg, attrs: attrs)
    }

    /// The cursor cell: the style with reverse switched, so it shows on reversed inputs too.
    var cursor: Style { var s = self; s.attrs.formSymmetricDifference(.reverse); return s }
}
