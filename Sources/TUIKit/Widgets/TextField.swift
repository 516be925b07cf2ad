/// A single-line text input: the text, a cursor between grapheme clusters, and the keys that edit it.
///
/// Keys: printable characters insert; Backspace/Delete; Left/Right (Ctrl-B/Ctrl-F); Home/End
/// (Ctrl-A/Ctrl-E); Ctrl-U clears to the start, Ctrl-K to the end, Ctrl-W deletes the word before
/// the cursor, Ctrl-D deletes under it. Line breaks in pasted text become spaces.
public struct TextField: Sendable, Equatable {
    public private(set) var characters: [Character]
    /// The cursor as a grapheme index, 0...characters.count.
    public private(set) var cursor: Int
    public var placeholder: String
    /// Most characters accepted; longer input is cut, never wrapped.
    public var maxLength: Int?

    public init(text: String = "", placeholder: String = "", maxLength: Int? = nil) {
        self.characters = []
        self.cursor = 0
        self.placeholder = placeholder
        self.maxLength = maxLength
        self.text = text
    }

    /// Setting the text puts the cursor at its end.
    public var text: String {
        get { String(characters) }
        set {
            var chars = Array(TextEditing.clean(newValue, keepLineBreaks: false))
            if let maxLength, chars.count > maxLength { chars = Array(chars.prefix(maxLength)) }
            characters = chars
            cursor = chars.count
        }
    }

    public var isEmpty: Bool { characters.isEmpty }

    public mutating func moveCursor(to index: Int) { cursor = min(max(0, index), characters.count) }

    /// Inserts typed or pasted text at the cursor.
    public mutating func insert(_ piece: String) {
        var clean = TextEditing.clean(piece, keepLineBreaks: false)
        if let maxLength {
            let room = max(0, maxLength - characters.count)
            if clean.count > room { clean = String(clean.prefix(room)) }
        }
        guard !clean.isEmpty else { return }
        (characters, cursor) = TextEditing.insert(clean, into: characters, at: cursor)
    }

    /// Returns true when the key was an editing key for this field (even if nothing changed),
    /// false for keys the surrounding form should handle (Enter, Esc, Tab, Up, Down...).
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c): insert(String(c))
        case .backspace, .ctrl("h"):
            if cursor > 0 { characters.remove(at: cursor - 1); cursor -= 1 }
        case .delete, .ctrl("d"):
            if cursor < characters.count { characters.remove(at: cursor) }
        case .left, .ctrl("b"): cursor = max(0, cursor - 1)
        case .right, .ctrl("f"): cursor = min(characters.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = characters.count
        case .ctrl("u"): characters.removeSubrange(0..<cursor); cursor = 0
        case .ctrl("k"): characters.removeSubrange(cursor...)
        case .ctrl("w"):
            let start = TextEditing.wordStart(before: cursor, in: characters)
            characters.removeSubrange(start..<cursor); cursor = start
        default: return false
        }
        // A deletion can bring together pieces that form one cluster (two regional indicators).
        (characters, cursor) = TextEditing.insert("", into: characters, at: cursor)
        return true
    }

    /// Draws on the first row of `rect`. When focused the view scrolls sideways to keep the cursor
    /// in sight and the cursor is a reversed cell; unfocused fields show their beginning.
    /// An empty field shows the placeholder in `placeholderStyle` over the field's background.
    public func draw(in buffer: inout Buffer, rect: Rect, style: Style, placeholderStyle: Style, focused: Bool) {
        guard !rect.isEmpty else { return }
        let row = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
        buffer.fill(row, style: style)
        if characters.isEmpty {
            buffer.put(placeholder, x: row.x, y: row.y, style: placeholderStyle.over(style), clip: row)
        }
        let before = TextEditing.width(characters[..<cursor])
        let cursorWidth = cursor < characters.count ? max(1, DisplayWidth.of(characters[cursor])) : 1
        let offset = focused ? max(0, before + cursorWidth - row.width) : 0
        if !characters.isEmpty {
            buffer.put(String(characters), x: row.x - offset, y: row.y, style: style, clip: row)
        }
        if focused {
            let x = row.x + before - offset
            buffer.restyle(Rect(x: x, y: row.y, width: min(cursorWidth, row.maxX - x), height: 1)) { $0.cursor }
        }
    }

    /// Draws with the theme's input roles.
    public func draw(in buffer: inout Buffer, rect: Rect, theme: Theme, focused: Bool) {
        draw(in: &buffer, rect: rect, style: theme[focused ? .fieldInputFocused : .fieldInput],
             placeholderStyle: theme[.placeholder], focused: focused)
    }
}
