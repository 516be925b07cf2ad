import Testing
@testable import TUIKit

struct WidthTests {
    @Test(arguments: [
        ("a", 1), ("ç", 1), ("e\u{301}", 1), ("你", 2), ("한", 2), ("🤖", 2), ("👍🏽", 2),
        ("👩‍💻", 2), ("👨‍👩‍👧‍👦", 2), ("❤️", 2), ("❤", 1), ("🇧🇷", 2), ("1️⃣", 2), ("\u{301}", 0),
        ("\u{200D}", 0), ("\u{FE0F}", 0), ("\u{7}", 0), ("─", 1), ("◀", 1),
    ])
    func widthOfOneCharacter(text: String, width: Int) {
        let ch = Character(text)
        #expect(DisplayWidth.of(ch) == width, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test func widthOfStrings() {
        #expect(DisplayWidth.of("Negociação") == 10)
        #expect(DisplayWidth.of("Olá 👋 mundo") == 12)
        #expect(DisplayWidth.of("") == 0)
    }

    @Test func truncateAndPadByDisplayWidth() {
        #expect(DisplayWidth.truncate("你好世界", to: 5) == "你好…")
        #expect(DisplayWidth.truncate("você", to: 4) == "você")
        #expect(DisplayWidth.truncate("abc", to: 0) == "")
        #expect(DisplayWidth.pad("你", to: 4) == "你  ")
        #expect(DisplayWidth.pad("abcdef", to: 4) == "abc…")
        #expect(DisplayWidth.prefix("a你b", fitting: 2) == "a")
    }
}
