/// What may not reach a terminal as it is: one rule for the board's buffer, its text fields and the
/// command line's human output, since names, titles and messages come from customers and providers.
public enum TerminalText {
    /// Whether `ch` would act on the terminal instead of showing: C0 and C1 controls (ESC and so the start
    /// of every CSI or OSC sequence, BEL, CR, backspace, DEL, …) and the Unicode BiDi controls, which reorder
    /// what follows them on screen (U+202E shows "gpj.exe" as "exe.jpg").
    public static func isControl(_ ch: Character) -> Bool {
        if let ascii = ch.asciiValue { return ascii < 0x20 || ascii == 0x7F }
        return ch.unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.isBidiControl }
    }

    /// `text` as one line that shows as it is: each line break becomes `lineBreak`, every other control a
    /// space, as on the board.
    public static func line(_ text: String, lineBreak: String = " ") -> String {
        guard text.contains(where: isControl) || text.contains(where: \.isNewline) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            if ch.isNewline {
                out += lineBreak
            } else {
                out.append(isControl(ch) ? " " : ch)
            }
        }
        return out
    }
}
