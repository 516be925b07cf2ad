import Testing
@testable import TUIKit

struct ListViewTests {
    @Test func offsetMovesOnlyWhenTheSelectionLeavesTheView() {
        #expect(ListView.scrollOffset(selected: 0, count: 100, visible: 10) == 0)
        #expect(ListView.scrollOffset(selected: 9, count: 100, visible: 10, previous: 0) == 0)
        #expect(ListView.scrollOffset(selected: 10, count: 100, visible: 10, previous: 0) == 1)
        #expect(ListView.scrollOffset(selected: 15, count: 100, visible: 10, previous: 10) == 10)   // no jump
        #expect(ListView.scrollOffset(selected: 5, count: 100, visible: 10, previous: 10) == 5)
        #expect(ListView.scrollOffset(selected: 99, count: 100, visible: 10, previous: 0) == 90)
    }

    @Test func offsetIsClampedWhenTheListShrinksOrIsOdd() {
        #expect(ListView.scrollOffset(selected: 4, count: 5, visible: 10, previous: 30) == 0)
        #expect(ListView.scrollOffset(selected: 7, count: 8, visible: 5, previous: 50) == 3)
        #expect(ListView.scrollOffset(selected: 50, count: 8, visible: 5, previous: 0) == 3)
        #expect(ListView.scrollOffset(selected: -3, count: 8, visible: 5, previous: 2) == 0)
        #expect(ListView.scrollOffset(selected: 3, count: 0, visible: 5, previous: 2) == 0)
        #expect(ListView.scrollOffset(selected: 3, count: 8, visible: 0, previous: 2) == 0)
    }

    @Test func thumbSizeAndPosition() {
        #expect(ListView.thumb(count: 5, visible: 10, offset: 0, trackHeight: 10) == nil)
        #expect(ListView.thumb(count: 100, visible: 10, offset: 0, trackHeight: 10) == 0..<1)
        #expect(ListView.thumb(count: 100, visible: 10, offset: 90, trackHeight: 10) == 9..<10)
        #expect(ListView.thumb(count: 100, visible: 10, offset: 1, trackHeight: 10) == 1..<2)    // off the top once scrolled
        #expect(ListView.thumb(count: 100, visible: 10, offset: 89, trackHeight: 10) == 8..<9)  // not at the bottom yet
        #expect(ListView.thumb(count: 20, visible: 10, offset: 5, trackHeight: 10) == 3..<8)
    }

    @Test func scrollbarDrawing() {
        let lines = render(width: 2, height: 4) { b in
            ListView.drawScrollbar(in: &b, x: 1, y: 0, height: 4, count: 8, visible: 4, offset: 4,
                                   trackStyle: .plain, thumbStyle: Style(attrs: .bold))
        }
        #expect(lines == [" │", " │", " █", " █"])
        let none = render(width: 2, height: 4) { b in
            ListView.drawScrollbar(in: &b, x: 1, y: 0, height: 4, count: 3, visible: 4, offset: 0, theme: .builtinDefault)
        }
        #expect(none == ["  ", "  ", "  ", "  "])
    }
}
