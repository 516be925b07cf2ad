/// Word-wraps `text` into lines of at most `width` display columns, for message bubbles and help.
/// Line breaks in the text are kept (an empty line stays empty); spaces where a line breaks are
/// dropped; a word wider than the line is split by display width. Tabs count as spaces.
/// Returns [] when `width` is less than 1.
public func wrap(_ text: String, width: Int) -> [String] {
    guard width >= 1 else { return [] }
    var out: [String] = []
    for paragraph in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
        var line = ""
        var lineWidth = 0
        var pendingSpaces = 0          // spaces seen since the last word, placed only before another word
        var lineHasWord = false
        var word = ""

        func placeWord() {
            guard !word.isEmpty else { return }
            let wordWidth = DisplayWidth.of(word)
            if lineWidth + pendingSpaces + wordWidth <= width {
                line += String(repeating: " ", count: pendingSpaces) + word
                lineWidth += pendingSpaces + wordWidth
            } else {
                if lineHasWord { out.append(line) }
                line = ""; lineWidth = 0
                var rest = Substring(word)
                while DisplayWidth.of(String(rest)) > width {
                    var piece = DisplayWidth.prefix(String(rest), fitting: width)
                    if piece.isEmpty { piece = String(rest.first!) }   // a 2-column character on a 1-column line
                    if piece.count == rest.count { break }
                    out.append(piece)
                    rest = rest.dropFirst(piece.count)
                }
                line = String(rest); lineWidth = DisplayWidth.of(String(rest))
            }
            lineHasWord = true
            pendingSpaces = 0
            word = ""
        }

        for ch in paragraph {
            if ch == " " || ch == "\t" {
                placeWord()
                pendingSpaces += 1
            } else {
                word.append(ch)
            }
        }
        placeWord()
        out.append(line)
    }
    return out
}
