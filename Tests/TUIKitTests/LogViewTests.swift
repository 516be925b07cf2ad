import Testing
@testable import TUIKit

struct LogViewTests {
    @Test func keepsOnlyTheNewestLines() {
        var log = LogView(capacity: 3)
        for i in 1...5 { log.append("linha \(i)") }
        #expect(log.count == 3)
        #expect(log.lines.map(\.text) == ["linha 3", "linha 4", "linha 5"])
        #expect(log[0].text == "linha 3")
        log.append("a\nb", role: .error)
        #expect(log.lines.map(\.text) == ["linha 5", "a", "b"])
        #expect(log[2].role == .error)
        log.removeAll()
        #expect(log.count == 0)
    }

    @Test func followsNewLinesUntilScrolledBack() {
        var log = LogView(capacity: 100)
        for i in 1...10 { log.append("\(i)") }
        #expect(log.firstVisible(visible: 4) == 6)
        var consumed = log.handle(.up, visible: 4)
        #expect(consumed)
        #expect(!log.isFollowing)
        #expect(log.firstVisible(visible: 4) == 5)
        log.append("11")                                  // the view stays on the same lines
        #expect(log.firstVisible(visible: 4) == 5)
        _ = log.handle(.home, visible: 4)
        #expect(log.firstVisible(visible: 4) == 0)
        _ = log.handle(.pageDown, visible: 4)
        #expect(log.firstVisible(visible: 4) == 3)
        _ = log.handle(.end, visible: 4)
        #expect(log.isFollowing)
        #expect(log.firstVisible(visible: 4) == 7)
        _ = log.handle(.down, visible: 4)
        #expect(log.isFollowing)
        consumed = log.handle(.enter, visible: 4)
        #expect(!consumed)
    }

    @Test func drawShowsTheVisibleLinesClippedWithAScrollbar() {
        var log = LogView(capacity: 10)
        log.append("09:00 enviado para Maria")
        log.append("09:01 falhou: 131047", role: .error)
        log.append("09:02 ok")
        let theme = Theme.builtinDefault
        var b = Buffer(width: 12, height: 2)
        log.draw(in: &b, rect: b.bounds, theme: theme)
        #expect(b.lines() == ["09:01 falh…│", "09:02 ok   █"])
        #expect(b[0, 0].style == theme[.error])
        #expect(b[10, 1].style == theme[.monitor])

        var short = Buffer(width: 12, height: 4)
        log.draw(in: &short, rect: short.bounds, theme: theme)
        #expect(short.lines() == ["09:00 envia…", "09:01 falho…", "09:02 ok    ", "            "])
    }
}
