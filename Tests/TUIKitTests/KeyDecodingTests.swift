import Testing
@testable import TUIKit

struct KeyDecodingTests {
    @Test(arguments: [
        (UInt32(9), Key.tab), (10, .enter), (13, .enter), (8, .backspace), (127, .backspace), (27, .esc),
        (1, .ctrl("a")), (3, .ctrl("c")), (23, .ctrl("w")), (26, .ctrl("z")),
        (65, .char("A")), (32, .char(" ")), (0xE7, .char("ç")), (0x1F916, .char("🤖")),
    ])
    func codesMapToKeys(code: UInt32, key: Key) {
        #expect(Key.fromCharacterCode(code) == key)
    }

    @Test func otherControlCodesAndInvalidScalarsAreIgnored() {
        for code: UInt32 in [0, 28, 31, 0x85, 0x9B, 0xD800, 0x110000] {
            #expect(Key.fromCharacterCode(code) == nil, "\(code)")
        }
    }
}
