import Foundation
import RetomaCore
import Testing

@Suite struct LatinFoldTests {
    func foundation(_ text: String, _ locale: Locale?) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: locale)
    }

    @Test func everyCharacterItFoldsFoldsAsFoundationDoes() {
        var covered = 0
        for v in UInt32(0)...0xFF {
            let text = String(Character(Unicode.Scalar(v)!))
            guard let fast = LatinFold.fold(text) else {
                // Left to Foundation: only the Latin-1 signs and letters without a plain one.
                #expect(v >= 0x80, "ASCII \(v) is always folded")
                continue
            }
            covered += 1
            #expect(fast == foundation(text, nil), "U+\(String(v, radix: 16)) \(text)")
            #expect(fast == foundation(text, Locale(identifier: "pt_BR")), "U+\(String(v, radix: 16)) \(text)")
        }
        #expect(covered == 128 + 53)
        #expect(LatinFold.fold("Padaria São João; AÇÚCAR e MAÇÃ 3") == "padaria sao joao; acucar e maca 3")
        #expect(LatinFold.fold("nº 3") == nil && LatinFold.fold("Olá — até") == nil && LatinFold.fold("e\u{301}") == nil)
    }
}
