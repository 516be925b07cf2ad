import Testing
@testable import TUIKit

struct WrapTests {
    @Test func wrapsWordsByDisplayWidth() {
        #expect(wrap("Oi Maria, tudo bem com você?", width: 10) == ["Oi Maria,", "tudo bem", "com você?"])
        #expect(wrap("你好 世界 你好", width: 5) == ["你好", "世界", "你好"])
        #expect(wrap("a b", width: 3) == ["a b"])
    }

    @Test func keepsLineBreaksAndEmptyLines() {
        #expect(wrap("um\n\ndois", width: 10) == ["um", "", "dois"])
        #expect(wrap("", width: 10) == [""])
        #expect(wrap("fim\n", width: 10) == ["fim", ""])
    }

    @Test func splitsWordsLongerThanTheLine() {
        #expect(wrap("https://exemplo.com.br/proposta", width: 10) == ["https://ex", "emplo.com.", "br/propost", "a"])
        #expect(wrap("ver abcdefgh fim", width: 4) == ["ver", "abcd", "efgh", "fim"])
        #expect(wrap("你好", width: 1) == ["你", "好"])
    }

    @Test func spacesInsideALineAreKeptAndDroppedAtBreaks() {
        #expect(wrap("a  b", width: 10) == ["a  b"])
        #expect(wrap("  recuo", width: 10) == ["  recuo"])
        #expect(wrap("abc    def", width: 5) == ["abc", "def"])
        #expect(wrap("a\tb", width: 5) == ["a b"])
    }

    @Test func nothingFitsInZeroColumns() {
        #expect(wrap("abc", width: 0) == [])
    }
}
