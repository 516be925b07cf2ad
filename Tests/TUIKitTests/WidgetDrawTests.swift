import Testing
@testable import TUIKit

struct BoxTests {
    @Test func roundedBoxWithBothTitles() {
        let lines = render(width: 23, height: 4) { b in
            Box.draw(in: &b, rect: Rect(x: 0, y: 0, width: 23, height: 4), style: .plain,
                     title: "Prospecção", rightTitle: "3 🤖")
        }
        #expect(lines == [
            "╭─ Prospecção ─ 3 🤖 ─╮",
            "│                     │",
            "│                     │",
            "╰─────────────────────╯",
        ])
        // One column less: the right title gives way first.
        let narrower = render(width: 22, height: 2) { b in
            Box.draw(in: &b, rect: b.bounds, style: .plain, title: "Prospecção", rightTitle: "3 🤖")
        }
        #expect(narrower[0] == "╭─ Prospecção ─ 3 … ─╮")
    }

    @Test func singleLineBoxWithoutTitles() {
        let lines = render(width: 6, height: 3) { b in
            Box.draw(in: &b, rect: Rect(x: 1, y: 0, width: 4, height: 3), style: .plain, border: .single)
        }
        #expect(lines == [" ┌──┐ ", " │  │ ", " └──┘ "])
    }

    @Test func titlesAreClippedByDisplayWidthAndTheLeftOneWins() {
        let lines = render(width: 12, height: 2) { b in
            Box.draw(in: &b, rect: b.bounds, style: .plain, title: "Aguardando resposta", rightTitle: "12")
        }
        #expect(lines == ["╭─ Aguar… ─╮", "╰──────────╯"])
        let wide = render(width: 10, height: 2) { b in
            Box.draw(in: &b, rect: b.bounds, style: .plain, title: "你好世界")
        }
        #expect(wide == ["╭─ 你… ──╮", "╰────────╯"])
    }

    @Test func titleStylesAndFill() {
        let title = Style(attrs: .bold)
        let fill = Style(bg: .indexed(4))
        var b = Buffer(width: 8, height: 3)
        b.fill(b.bounds, style: .plain, char: "x")
        Box.draw(in: &b, rect: b.bounds, style: .plain, title: "Oi", titleStyle: title, fill: fill)
        #expect(b.lines() == ["╭─ Oi ─╮", "│      │", "╰──────╯"])
        #expect(b[3, 0].style == title)
        #expect(b[3, 1].style == fill)
    }

    @Test func tooSmallRectsDrawNothing() {
        let lines = render(width: 3, height: 3) { b in
            Box.draw(in: &b, rect: Rect(x: 0, y: 0, width: 1, height: 3), style: .plain)
        }
        #expect(lines == ["   ", "   ", "   "])
    }
}

struct CheckboxAndChoiceTests {
    @Test func checkboxStates() {
        let lines = render(width: 30, height: 2) { b in
            Checkbox.draw(in: &b, rect: Rect(x: 0, y: 0, width: 30, height: 1),
                          label: "Usar Follow-up para essa coluna", checked: true, style: .plain)
            Checkbox.draw(in: &b, rect: Rect(x: 0, y: 1, width: 12, height: 1),
                          label: "Enviar apenas no horário comercial", checked: false, style: .plain)
        }
        #expect(lines == ["[x] Usar Follow-up para essa c", "[ ] Enviar a                  "])
        #expect(Checkbox.isToggleKey(.char(" ")))
        #expect(!Checkbox.isToggleKey(.enter))
    }

    @Test func choiceCyclesWithLeftAndRight() {
        var c = Choice(options: ["Minutos", "Horas", "Dias", "Meses"], selectedIndex: 1)
        #expect(c.selected == "Horas")
        var consumed = c.handle(.right)
        #expect(consumed && c.selected == "Dias")
        _ = c.handle(.right); _ = c.handle(.char("l"))
        #expect(c.selected == "Minutos")                 // wrapped around
        _ = c.handle(.left)
        #expect(c.selected == "Meses")
        _ = c.handle(.char("h"))
        #expect(c.selectedIndex == 2)
        consumed = c.handle(.enter)
        #expect(!consumed)
        #expect(Choice(options: ["a"], selectedIndex: 9).selectedIndex == 0)
        #expect(Choice(options: []).selected == nil)
    }

    @Test func choiceDrawKeepsTheArrowsInPlace() {
        let c = Choice(options: ["Minutos", "Horas"], selectedIndex: 1)
        #expect(c.displayWidth == 11)
        let lines = render(width: 14, height: 1) { b in
            c.draw(in: &b, rect: Rect(x: 1, y: 0, width: 13, height: 1), style: .plain)
        }
        #expect(lines == [" ◀ Horas   ▶  "])
    }
}

struct ModalTests {
    @Test func frameIsCentredAndShrinksToFit() {
        let area = Rect(x: 0, y: 0, width: 80, height: 24)
        #expect(Modal.frame(in: area, width: 40, height: 10) == Rect(x: 20, y: 7, width: 40, height: 10))
        #expect(Modal.frame(in: area, width: 100, height: 30) == area)
    }

    @Test func drawClearsTheInsideAndReturnsTheContentRect() {
        var b = Buffer(width: 12, height: 5)
        b.fill(b.bounds, style: .plain, char: "x")
        let theme = Theme.builtinDefault
        let inner = Modal.draw(in: &b, area: b.bounds, width: 10, height: 4, title: "Excluir?", theme: theme)
        #expect(b.lines() == [
            "x╭─ Exc… ─╮x",
            "x│        │x",
            "x│        │x",
            "x╰────────╯x",
            "xxxxxxxxxxxx",
        ])
        #expect(inner == Rect(x: 3, y: 1, width: 6, height: 2))
        #expect(b[4, 2].style == theme[.dialog])
        #expect(b[1, 1].style == theme[.dialogBorder])
    }
}
