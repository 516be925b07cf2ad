import Testing
@testable import TUIKit

struct BufferTests {
    let red = Style(fg: .indexed(1))

    @Test func plainTextAndClippingAtTheRightEdge() {
        var b = Buffer(width: 5, height: 2)
        let used = b.put("abcdefg", x: 1, y: 0, style: .plain)
        #expect(b.lines() == [" abcd", "     "])
        #expect(used == 4)
    }

    @Test func wideCharactersTakeTwoCellsWithAContinuation() {
        var b = Buffer(width: 6, height: 1)
        b.put("你好", x: 0, y: 0, style: red)
        #expect(b.lines() == ["你好  "])
        #expect(b[1, 0].isContinuation)
        #expect(b[1, 0].style == red)
        #expect(!b[2, 0].isContinuation)
    }

    @Test func wideCharacterStraddlingTheRightEdgeBecomesASpace() {
        var b = Buffer(width: 5, height: 1)
        b.fill(b.bounds, style: .plain, char: ".")
        b.put("ab你好", x: 0, y: 0, style: .plain)
        #expect(b.lines() == ["ab你 "])
        #expect(!b[4, 0].isContinuation)

        var clipped = Buffer(width: 6, height: 1)
        clipped.put("a你好", x: 0, y: 0, style: .plain, maxWidth: 4)
        #expect(clipped.lines() == ["a你   "])
    }

    @Test func wideCharacterCutByTheLeftClipEdgeLeavesASpace() {
        var b = Buffer(width: 5, height: 1)
        b.fill(b.bounds, style: .plain, char: ".")
        b.put("你ab", x: 0, y: 0, style: .plain, clip: Rect(x: 1, y: 0, width: 4, height: 1))
        #expect(b.lines() == [". ab."])
        #expect(!b[1, 0].isContinuation)
    }

    @Test func combiningAccentsStayInTheirCell() {
        var b = Buffer(width: 4, height: 1)
        let used = b.put("e\u{301}x", x: 0, y: 0, style: .plain)
        #expect(used == 2)
        #expect(b[0, 0].text == "e\u{301}")
        #expect(b[1, 0].text == "x")
        #expect(b.lines() == ["e\u{301}x  "])
    }

    @Test func combiningMarkWrittenSeparatelyJoinsThePreviousCell() {
        var b = Buffer(width: 3, height: 1)
        b.put("a", x: 0, y: 0, style: .plain)
        b.put("\u{301}", x: 1, y: 0, style: .plain)
        #expect(b[0, 0].text == "a\u{301}")
        // Nothing to attach to at the left edge: dropped, no crash.
        b.put("\u{301}b", x: 0, y: 0, style: .plain)
        #expect(b[0, 0].text == "b")
    }

    @Test func emojiSequencesAreOneWideCell() {
        var b = Buffer(width: 8, height: 1)
        let used = b.put("👩‍💻❤️🇧🇷", x: 0, y: 0, style: .plain)
        #expect(used == 6)
        #expect(b[0, 0].text == "👩‍💻")
        #expect(b[1, 0].isContinuation)
        #expect(b[2, 0].text == "❤️")
        #expect(b[3, 0].isContinuation)
        #expect(b[4, 0].text == "🇧🇷")
        #expect(b.lines() == ["👩‍💻❤️🇧🇷  "])
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var right = Buffer(width: 4, height: 1)
        right.put("你", x: 0, y: 0, style: red)
        right.put("a", x: 1, y: 0, style: .plain)
        #expect(right.lines() == [" a  "])
        #expect(right[0, 0].style == red)

        var left = Buffer(width: 4, height: 1)
        left.put("你", x: 0, y: 0, style: .plain)
        left.put("a", x: 0, y: 0, style: .plain)
        #expect(left.lines() == ["a   "])
        #expect(!left[1, 0].isContinuation)
    }

    @Test func wideOverWideAtTheSameOrShiftedPosition() {
        var same = Buffer(width: 4, height: 1)
        same.put("你", x: 0, y: 0, style: .plain)
        same.put("好", x: 0, y: 0, style: .plain)
        #expect(same.lines() == ["好  "])

        var shifted = Buffer(width: 5, height: 1)
        shifted.put("你好", x: 0, y: 0, style: .plain)
        shifted.put("世", x: 1, y: 0, style: .plain)
        // 你 lost its right half, 好 its left half.
        #expect(shifted.lines() == [" 世  "])
        #expect(shifted[2, 0].isContinuation)
        #expect(!shifted[3, 0].isContinuation)
    }

    @Test func fillThatCutsWideCharactersBlanksTheirOtherHalves() {
        var b = Buffer(width: 5, height: 1)
        b.put("你好", x: 0, y: 0, style: .plain)
        b.fill(Rect(x: 1, y: 0, width: 2, height: 1), style: .plain, char: ".")
        #expect(b.lines() == [" ..  "])
        #expect(b.cells.allSatisfy { !$0.isContinuation })
    }

    @Test func controlCharactersBecomeSpacesAndLineBreaksStop() {
        var b = Buffer(width: 10, height: 1)
        b.put("a\tb\u{1B}[1m", x: 0, y: 0, style: .plain)
        #expect(b.lines() == ["a b [1m   "])
        var c = Buffer(width: 6, height: 1)
        #expect(c.put("ab\ncd", x: 0, y: 0, style: .plain) == 2)
        #expect(c.put("xy\r\nz", x: 3, y: 0, style: .plain) == 2)
        #expect(c.lines() == ["ab xy "])
    }

    @Test func drawingOutsideTheBufferIsIgnored() {
        var b = Buffer(width: 3, height: 1)
        b.put("abc", x: 0, y: 5, style: .plain)
        b.put("abc", x: -2, y: 0, style: .plain)
        b.fill(Rect(x: -5, y: -5, width: 3, height: 3), style: red)
        #expect(b.lines() == ["c  "])
    }

    @Test func restyleKeepsText() {
        var b = Buffer(width: 3, height: 1)
        b.put("abc", x: 0, y: 0, style: .plain)
        b.restyle(Rect(x: 1, y: 0, width: 1, height: 1)) { $0.adding(.bold) }
        #expect(b.lines() == ["abc"])
        #expect(b[1, 0].style.attrs == .bold)
        #expect(b[0, 0].style == .plain)
    }

    @Test func diffReportsOnlyChangedRuns() {
        var a = Buffer(width: 6, height: 2)
        a.put("hello", x: 0, y: 0, style: .plain)
        #expect(a.diff(from: nil).count == 2)             // everything, row by row
        #expect(a.diff(from: a).isEmpty)

        var b = a
        b.put("J", x: 0, y: 0, style: .plain)
        b.put("!", x: 4, y: 1, style: .plain)
        let runs = b.diff(from: a)
        #expect(runs.count == 2)
        #expect(runs[0].x == 0 && runs[0].y == 0 && runs[0].cells.map(\.text) == ["J"])
        #expect(runs[1].x == 4 && runs[1].y == 1 && runs[1].cells.map(\.text) == ["!"])
    }

    @Test func diffNeverStartsOnTheRightHalfOfAWideCharacter() {
        var a = Buffer(width: 4, height: 1)
        a.put("你", x: 1, y: 0, style: .plain)
        var b = a
        b.restyle(Rect(x: 2, y: 0, width: 1, height: 1)) { _ in red }
        let runs = b.diff(from: a)
        #expect(runs.count == 1)
        #expect(runs[0].x == 1)
        #expect(runs[0].cells.first?.text == "你")
    }

    @Test func diffAfterAResizeIsAFullRepaint() {
        let a = Buffer(width: 3, height: 1)
        let b = Buffer(width: 4, height: 2)
        let runs = b.diff(from: a)
        #expect(runs.count == 2)
        #expect(runs.allSatisfy { $0.x == 0 && $0.cells.count == 4 })
    }
}
