import Testing
@testable import TUIKit

/// Presses keys and returns whether each was consumed.
@discardableResult
func press(_ area: inout TextArea, _ keys: Key...) -> [Bool] { keys.map { area.handle($0) } }

struct TextAreaEditingTests {
    @Test func textRoundTripsAndTheCursorStartsAtTheEnd() {
        let a = TextArea(text: "Oi Maria,\n\ntudo bem? 👋")
        #expect(a.text == "Oi Maria,\n\ntudo bem? 👋")
        #expect(a.lineCount == 3)
        #expect(a.row == 2 && a.column == 11)
        #expect(a.characterCount == 9 + 1 + 0 + 1 + 11)
    }

    @Test func enterSplitsAndBackspaceJoinsLines() {
        var a = TextArea(text: "abcdef")
        press(&a, .left, .left, .left, .enter)
        #expect(a.text == "abc\ndef")
        #expect(a.row == 1 && a.column == 0)
        press(&a, .backspace)
        #expect(a.text == "abcdef")
        #expect(a.row == 0 && a.column == 3)
        press(&a, .enter, .up, .end, .delete)
        #expect(a.text == "abcdef")
        #expect(a.column == 3)
    }

    @Test func leftAndRightCrossLineEnds() {
        var a = TextArea(text: "ab\ncd")
        press(&a, .home, .left)
        #expect(a.row == 0 && a.column == 2)
        press(&a, .right)
        #expect(a.row == 1 && a.column == 0)
    }

    @Test func upAndDownKeepTheDisplayColumn() {
        var a = TextArea(text: "abcdef\n你好世界\nabcdef", viewport: Size(width: 20, height: 5))
        press(&a, .ctrl("a"), .right, .right, .right)      // line 2, display column 3
        press(&a, .up)
        #expect(a.row == 1 && a.column == 1)               // 好 would pass column 3: stop before it
        press(&a, .up)
        #expect(a.row == 0 && a.column == 3)               // the goal column was kept
        press(&a, .down, .down)
        #expect(a.row == 2 && a.column == 3)
    }

    @Test func upOnTheFirstRowAndDownOnTheLastAreLeftToTheForm() {
        var a = TextArea(text: "one\ntwo")
        #expect(press(&a, .down) == [false])
        #expect(press(&a, .up, .up) == [true, false])
        #expect(a.row == 0)
        #expect(press(&a, .tab, .esc, .backTab) == [false, false, false])
    }

    @Test func pasteOfLongMultiLineText() {
        var a = TextArea(text: "início fim")
        press(&a, .home)
        for _ in 0..<7 { press(&a, .right) }
        a.insert("um\r\ndois\n\ttrês\n")
        #expect(a.text == "início um\ndois\n três\nfim")
        #expect(a.row == 3 && a.column == 0)
        let long = String(repeating: "palavra ", count: 800)
        a.insert(long)
        #expect(a.characterCount == "início um\ndois\n três\n".count + long.count + 3)
    }

    @Test func maxLengthCountsLineBreaks() {
        var a = TextArea(text: "", maxLength: 5)
        a.insert("ab\ncdef")
        #expect(a.text == "ab\ncd")
        #expect(a.characterCount == 5)
        press(&a, .enter, .char("x"))
        #expect(a.text == "ab\ncd")
    }

    @Test func killKeysWorkOnTheCurrentLine() {
        var a = TextArea(text: "primeira linha\nsegunda linha")
        press(&a, .ctrl("w"))
        #expect(a.text == "primeira linha\nsegunda ")
        press(&a, .ctrl("u"))
        #expect(a.text == "primeira linha\n")
        press(&a, .ctrl("w"))                             // at a line start: joins like backspace
        #expect(a.text == "primeira linha")
        press(&a, .home, .right, .ctrl("k"))
        #expect(a.text == "p")
        a.text = "ab\ncd"
        press(&a, .up, .end, .ctrl("k"))                  // at a line end: joins the next line
        #expect(a.text == "abcd")
    }

    @Test func combiningMarkTypedSeparatelyMerges() {
        var a = TextArea()
        press(&a, .char("a"), .char("\u{303}"), .char("o"))
        #expect(a.text == "a\u{303}o")
        #expect(a.column == 2)
    }
}

struct TextAreaLayoutTests {
    @Test func wrapsAtSpacesAndKeepsACellForTheCursor() {
        #expect(TextArea.segments(Array("uma frase bem longa aqui"), width: 10) == [0..<10, 10..<20, 20..<24])
        #expect(TextArea.segments(Array("abcdefghijklmnop"), width: 5) == [0..<4, 4..<8, 8..<12, 12..<16])
        #expect(TextArea.segments(Array("abcd "), width: 5) == [0..<5, 5..<5])
        #expect(TextArea.segments([], width: 5) == [0..<0])
        #expect(TextArea.segments(Array("你好世界"), width: 5) == [0..<2, 2..<4])
    }

    @Test func drawShowsWrappedRowsAndTheCursor() {
        let a = TextArea(text: "uma frase bem longa aqui")
        var b = Buffer(width: 10, height: 3)
        a.draw(in: &b, rect: b.bounds, style: .plain, placeholderStyle: .plain, focused: true)
        #expect(b.lines() == ["uma frase ", "bem longa ", "aqui      "])
        #expect(b[4, 2].style.attrs.contains(.reverse))
    }

    @Test func downMovesByScreenRow() {
        var a = TextArea(text: "uma frase bem longa aqui", viewport: Size(width: 10, height: 3))
        press(&a, .home, .right, .right)
        press(&a, .down)
        #expect(a.row == 0 && a.column == 12)    // "be|m" on the second screen row
        press(&a, .down)
        #expect(a.column == 22)
        press(&a, .end, .up)
        #expect(a.column == 14)                  // display column 4 of "bem longa "
    }

    @Test func scrollingKeepsTheCursorVisible() {
        var a = TextArea(viewport: Size(width: 10, height: 3))
        a.insert((1...10).map { "linha \($0)" }.joined(separator: "\n"))
        #expect(a.scrollTop == 7)
        var b = Buffer(width: 10, height: 3)
        a.draw(in: &b, rect: b.bounds, style: .plain, placeholderStyle: .plain, focused: true)
        #expect(b.lines() == ["linha 8   ", "linha 9   ", "linha 10  "])
        press(&a, .pageUp)
        #expect(a.row == 7)
        press(&a, .pageUp, .pageUp, .pageUp, .pageUp)
        #expect(a.row == 0 && a.column == 7)     // the column is kept while rows remain
        press(&a, .pageUp)
        #expect(a.row == 0 && a.column == 0)     // already on the first row: to the very start
        #expect(a.scrollTop == 0)
        a.draw(in: &b, rect: b.bounds, style: .plain, placeholderStyle: .plain, focused: true)
        #expect(b.lines() == ["linha 1   ", "linha 2   ", "linha 3   "])
        press(&a, .pageDown)
        #expect(a.row == 2)
        #expect(a.scrollMetrics(width: 10, height: 3) == (top: 0, rows: 10))
    }

    @Test func drawingInASmallerRectStillShowsTheCursor() {
        let a = TextArea(text: (1...6).map { "l\($0)" }.joined(separator: "\n"), viewport: Size(width: 10, height: 10))
        var b = Buffer(width: 5, height: 2)
        a.draw(in: &b, rect: b.bounds, style: .plain, placeholderStyle: .plain, focused: true)
        #expect(b.lines() == ["l5   ", "l6   "])
        #expect(b[2, 1].style.attrs.contains(.reverse))
    }

    @Test func placeholderIsWrappedOverTheAreaBackground() {
        let bg = Style(bg: .indexed(4))
        let a = TextArea(placeholder: "Escreva as instruções da IA")
        var b = Buffer(width: 12, height: 3)
        a.draw(in: &b, rect: b.bounds, style: bg, placeholderStyle: Style(fg: .indexed(8), attrs: .dim), focused: false)
        #expect(b.lines() == ["Escreva as  ", "instruções  ", "da IA       "])
        #expect(b[0, 0].style == Style(fg: .indexed(8), bg: .indexed(4), attrs: .dim))
        #expect(b[11, 2].style == bg)
    }
}
