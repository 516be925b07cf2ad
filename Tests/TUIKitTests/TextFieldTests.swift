import Testing
@testable import TUIKit

struct TextFieldEditingTests {
    func typed(_ s: String, into field: TextField = TextField()) -> TextField {
        var f = field
        for ch in s { let consumed = f.handle(.char(ch)); #expect(consumed) }
        return f
    }

    @Test func typingAccentsAndEmojiMovesTheCursorByCharacter() {
        let f = typed("Ação 👍🏽!")
        #expect(f.text == "Ação 👍🏽!")
        #expect(f.cursor == 7)
        #expect(f.characters.count == 7)
    }

    @Test func combiningMarkTypedSeparatelyMergesWithItsLetter() {
        var f = typed("e")
        do { let consumed = f.handle(.char("\u{301}")); #expect(consumed) }
        #expect(f.characters.count == 1)
        #expect(f.cursor == 1)
        #expect(f.text == "e\u{301}")
    }

    @Test func backspaceAndDeleteRemoveWholeClusters() {
        var f = TextField(text: "a👨‍👩‍👧b")
        do { let consumed = f.handle(.left); #expect(consumed) }
        do { let consumed = f.handle(.backspace); #expect(consumed) }
        #expect(f.text == "ab")
        #expect(f.cursor == 1)
        do { let consumed = f.handle(.delete); #expect(consumed) }
        #expect(f.text == "a")
        do { let consumed = f.handle(.delete); #expect(consumed) }   // nothing after the cursor: consumed, no change
        #expect(f.text == "a")
        do { let consumed = f.handle(.home); #expect(consumed) }
        do { let consumed = f.handle(.backspace); #expect(consumed) }
        #expect(f.text == "a")
    }

    @Test func movementKeys() {
        var f = TextField(text: "olá")
        #expect(f.cursor == 3)
        _ = f.handle(.right); #expect(f.cursor == 3)
        _ = f.handle(.left); #expect(f.cursor == 2)
        _ = f.handle(.ctrl("a")); #expect(f.cursor == 0)
        _ = f.handle(.left); #expect(f.cursor == 0)
        _ = f.handle(.ctrl("e")); #expect(f.cursor == 3)
        _ = f.handle(.home); #expect(f.cursor == 0)
        _ = f.handle(.end); #expect(f.cursor == 3)
        _ = f.handle(.ctrl("b")); _ = f.handle(.ctrl("f")); #expect(f.cursor == 3)
        _ = f.handle(.char("!")); #expect(f.text == "olá!")
    }

    @Test func killKeys() {
        var f = TextField(text: "Oi Maria, tudo bem?")
        f.moveCursor(to: 9)                      // after "Oi Maria,"
        _ = f.handle(.ctrl("k"))
        #expect(f.text == "Oi Maria,")
        _ = f.handle(.ctrl("w"))
        #expect(f.text == "Oi ")
        _ = f.handle(.ctrl("w"))
        #expect(f.text == "")
        f.text = "abc def  "
        _ = f.handle(.ctrl("w"))                 // trailing spaces go with the word
        #expect(f.text == "abc ")
        f.text = "abc def"
        f.moveCursor(to: 4)
        _ = f.handle(.ctrl("u"))
        #expect(f.text == "def")
        #expect(f.cursor == 0)
        _ = f.handle(.ctrl("d"))
        #expect(f.text == "ef")
    }

    @Test func pasteFlattensLineBreaksAndDropsControls() {
        var f = TextField(text: "x")
        f.insert("linha 1\r\nlinha 2\tfim\u{1B}[0m")
        #expect(f.text == "xlinha 1 linha 2 fim[0m")
        #expect(f.cursor == f.characters.count)
        let long = String(repeating: "ã", count: 5000)
        f.insert(long)
        #expect(f.characters.count == 23 + 5000)
    }

    @Test func maxLengthCutsInput() {
        var f = TextField(text: "123456", maxLength: 4)
        #expect(f.text == "1234")
        f.moveCursor(to: 1)
        f.insert("ab")
        #expect(f.text == "1234")
        _ = f.handle(.backspace)
        f.insert("xyz")
        #expect(f.text == "x234")
    }

    @Test func formKeysAreNotConsumed() {
        var f = TextField(text: "a")
        for key in [Key.enter, .esc, .tab, .backTab, .up, .down, .pageUp, .pageDown, .function(1), .ctrl("s"), .resize] {
            let consumed = f.handle(key)
            #expect(!consumed, "\(key)")
        }
        #expect(f.text == "a")
    }
}

struct TextFieldDrawingTests {
    let input = Style(fg: .indexed(7), bg: .indexed(4))
    let hint = Style(fg: .indexed(8), bg: .indexed(0), attrs: .italic)

    func draw(_ f: TextField, width: Int, focused: Bool) -> Buffer {
        var b = Buffer(width: width + 2, height: 1)
        f.draw(in: &b, rect: Rect(x: 1, y: 0, width: width, height: 1), style: input, placeholderStyle: hint, focused: focused)
        return b
    }

    @Test func shortTextFillsTheFieldAndShowsTheCursorAtTheEnd() {
        let b = draw(TextField(text: "abc"), width: 6, focused: true)
        #expect(b.lines() == [" abc    "])
        #expect(b[1, 0].style == input)
        #expect(b[4, 0].style.attrs.contains(.reverse))        // the cursor cell after "abc"
        #expect(!b[3, 0].style.attrs.contains(.reverse))
        #expect(b[0, 0].style == .plain && b[7, 0].style == .plain)   // nothing outside the rect
    }

    @Test func unfocusedFieldHasNoCursorAndShowsItsStart() {
        let b = draw(TextField(text: "abcdefghij"), width: 5, focused: false)
        #expect(b.lines() == [" abcde "])
        #expect(b.cells.allSatisfy { !$0.style.attrs.contains(.reverse) })
    }

    @Test func longTextScrollsToKeepTheCursorVisible() {
        var f = TextField(text: "abcdefghij")
        #expect(draw(f, width: 5, focused: true).lines() == [" ghij  "])
        f.moveCursor(to: 0)
        let b = draw(f, width: 5, focused: true)
        #expect(b.lines() == [" abcde "])
        #expect(b[1, 0].style.attrs.contains(.reverse))
    }

    @Test func scrollingByDisplayWidthWithWideCharacters() {
        let f = TextField(text: "ab你好")
        // Offset 3 cuts 你 in half: its visible half shows as a space.
        let b = draw(f, width: 4, focused: true)
        #expect(b.lines() == ["  好  "])
        #expect(b[4, 0].style.attrs.contains(.reverse))
    }

    @Test func cursorOnAWideCharacterCoversBothCells() {
        var f = TextField(text: "你好")
        f.moveCursor(to: 1)
        let b = draw(f, width: 6, focused: true)
        #expect(b.lines() == [" 你好   "])
        #expect(b[3, 0].style.attrs.contains(.reverse))
        #expect(b[4, 0].style.attrs.contains(.reverse))
        #expect(!b[1, 0].style.attrs.contains(.reverse))
    }

    @Test func placeholderUsesItsColoursOverTheFieldBackground() {
        let f = TextField(placeholder: "Nome do contato")
        let b = draw(f, width: 8, focused: false)
        #expect(b.lines() == [" Nome do  "])
        #expect(b[1, 0].style == Style(fg: .indexed(8), bg: .indexed(4), attrs: .italic))
        let focused = draw(f, width: 8, focused: true)
        #expect(focused.lines() == [" Nome do  "])
        #expect(focused[1, 0].style.attrs.contains(.reverse))
    }

    @Test func cursorOnAReversedInputIsUnreversed() {
        var b = Buffer(width: 4, height: 1)
        TextField(text: "ab").draw(in: &b, rect: b.bounds, style: Style(attrs: .reverse), placeholderStyle: .plain, focused: true)
        #expect(b[2, 0].style.attrs == [])
        #expect(b[1, 0].style.attrs == .reverse)
    }

    @Test func themeDrawUsesInputRoles() {
        var b = Buffer(width: 4, height: 1)
        TextField(text: "a").draw(in: &b, rect: b.bounds, theme: .builtinDefault, focused: false)
        #expect(b[0, 0].style == Theme.builtinDefault[.fieldInput])
        TextField(text: "a").draw(in: &b, rect: b.bounds, theme: .builtinDefault, focused: true)
        #expect(b[0, 0].style == Theme.builtinDefault[.fieldInputFocused])
    }
}

struct PlaceholderVisibilityTests {
    @Test func placeholderInTheFieldsBackgroundColourFallsBackToDimText() {
        var b = Buffer(width: 4, height: 1)
        let field = Style(fg: .indexed(7), bg: .indexed(6))
        TextField(placeholder: "Nome").draw(in: &b, rect: b.bounds, style: field,
                                            placeholderStyle: Style(fg: .indexed(6), attrs: .italic), focused: false)
        #expect(b[0, 0].style == Style(fg: .indexed(7), bg: .indexed(6), attrs: [.italic, .dim]))
    }
}
