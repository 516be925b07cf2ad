import Testing
@testable import TUIKit

struct ChartTests {
    @Test func barLengthsFollowTheValues() {
        #expect(Chart.filled(0, of: 10, width: 20) == 0)
        #expect(Chart.filled(10, of: 10, width: 20) == 20)
        #expect(Chart.filled(5, of: 10, width: 20) == 10)
        #expect(Chart.filled(1, of: 1_000, width: 20) == 1, "a value above zero always shows")
        #expect(Chart.filled(50, of: 10, width: 20) == 20, "never past the width")
        #expect(Chart.filled(3, of: 0, width: 20) == 0 && Chart.filled(3, of: 10, width: 0) == 0)
        #expect(Chart.filled(Int.max, of: Int.max, width: 7) == 7)
    }

    @Test func barsAreDrawnWithGlyphsThatReadWithoutColour() {
        let fill = Style(fg: .default, bg: .default, attrs: .bold)
        let lines = render(width: 12, height: 3) { b in
            Chart.bar(in: &b, x: 1, y: 0, width: 10, value: 40, of: 40, fill: fill, rest: .plain)
            Chart.bar(in: &b, x: 1, y: 1, width: 10, value: 12, of: 40, fill: fill, rest: .plain)
            Chart.bar(in: &b, x: 1, y: 2, width: 10, value: 0, of: 40, fill: fill, rest: .plain)
        }
        #expect(lines == [" ██████████ ", " ███░░░░░░░ ", " ░░░░░░░░░░ "])
        var buffer = Buffer(width: 12, height: 1)
        Chart.bar(in: &buffer, x: 0, y: 0, width: 4, value: 2, of: 4, fill: fill, rest: .plain)
        #expect(buffer[0, 0].style == fill && buffer[2, 0].style == .plain)
        // A narrow terminal clips the bar at its edge without trapping.
        let narrow = render(width: 5, height: 1) { b in
            Chart.bar(in: &b, x: 2, y: 0, width: 10, value: 10, of: 10, fill: fill, rest: .plain)
        }
        #expect(narrow == ["  ███"])
    }

    @Test func sparklineHeightsAndGroups() {
        #expect(Chart.sparkline([0, 1, 2, 4, 8], width: 10) == "▁▂▃▅█")
        #expect(Chart.sparkline([0, 0, 0], width: 10) == "▁▁▁")
        #expect(Chart.sparkline([], width: 10) == "" && Chart.sparkline([1], width: 0) == "")
        #expect(Chart.sparkline([7, 7, 7], width: 3) == "███")
        // Ten days in five cells: pairs summed, the newest pair last.
        #expect(Chart.sparkline([1, 1, 0, 0, 2, 2, 0, 0, 0, 4], width: 5) == "▅▁█▁█")
        // Seven days in three cells: groups of three from the newest, the oldest day alone.
        #expect(Chart.sparkline([9, 1, 1, 1, 0, 0, 3], width: 3) == "█▄▄")
        #expect(Chart.sparkline([-5, Int.max, Int.max], width: 1) == "█")
        let drawn = render(width: 6, height: 1) { b in b.put(Chart.sparkline([0, 3, 6], width: 6), x: 0, y: 0, style: .plain) }
        #expect(drawn == ["▁▅█   "])
    }
}
