import Testing
@testable import TUIKit

/// The one rule for what may reach the terminal, shared by the board and the command line.
struct TerminalTextTests {
    static let attack = "\u{1B}]0;pwned\u{07}\u{1B}[2J\r"

    @Test func controlsAndBiDiOverridesAreControlsPlainTextIsNot() {
        for ch: Character in ["\u{1B}", "\u{07}", "\r", "\n", "\r\n", "\u{08}", "\t", "\u{7F}", "\u{00}", "\u{9B}", "\u{85}",
                              "\u{202E}", "\u{202A}", "\u{2066}", "\u{2069}", "\u{200F}", "\u{061C}"] {
            #expect(TerminalText.isControl(ch), "U+\(String(ch.unicodeScalars.first!.value, radix: 16))")
        }
        for ch: Character in ["a", "ç", "ã", "€", "你", "👍", "👍🏽", "❤️", "\u{200D}", "e\u{301}"] {
            #expect(!TerminalText.isControl(ch), "\(ch)")
        }
    }

    @Test func aLineKeepsTextAndTurnsEveryControlIntoASpace() {
        let cleaned = TerminalText.line("Oi " + Self.attack + " tudo\tbem\u{08}?\u{202E}gpj.exe")
        #expect(cleaned == "Oi  ]0;pwned  [2J  tudo bem ? gpj.exe")
        #expect(!cleaned.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.properties.isBidiControl })
        #expect(TerminalText.line("uma\nduas\r\ntrês\u{2028}quatro", lineBreak: " ⏎ ") == "uma ⏎ duas ⏎ três ⏎ quatro")
        #expect(TerminalText.line("Orçamento – Clínica 👍🏽") == "Orçamento – Clínica 👍🏽")
    }

    @Test func theBoardShowsAnEscapeOrABiDiOverrideAsASpace() {
        var b = Buffer(width: 12, height: 1)
        b.put("a\u{1B}[2Jb\u{202E}c", x: 0, y: 0, style: .plain)
        #expect(b.lines() == ["a [2Jb c    "])
        #expect(!b.lines()[0].unicodeScalars.contains { $0.properties.isBidiControl || $0.value == 0x1B })
    }

    @Test func aTextFieldDropsPastedEscapesAndBiDiOverrides() {
        var field = TextField()
        field.insert("Ana\u{202E}lis\u{1B}[2J")
        #expect(field.text == "Analis[2J")
        #expect(TextField(text: "x\u{2066}y\u{9B}z").text == "xyz")
    }
}
