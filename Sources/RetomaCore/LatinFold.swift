/// Case and accents folded without Foundation for the text Brazilian spreadsheets and chats are made of: ASCII and
/// the accented Latin-1 letters, each with its plain lower-case letter, exactly as Foundation's
/// `folding(options: [.caseInsensitive, .diacriticInsensitive])` gives them (a test holds every one to it). An
/// import folds each line's title, name and customer message, and Foundation's bridge there was a tenth of its time.
public enum LatinFold {
    /// The folded text, or nil when it holds a character outside that set (Foundation then decides).
    public static func fold(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                bytes.append(v >= 0x41 && v <= 0x5A ? UInt8(v + 0x20) : UInt8(v))
            } else if v >= 0xC0 && v <= 0xFF, let base = table[Int(v - 0xC0)] {
                bytes.append(base)
            } else {
                return nil
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// U+00C0…U+00FF: the plain letter of each accented one; nil for the others (Æ, Ð, ×, Ø, Þ, ß, æ, ð, ÷, ø, þ).
    static let table: [UInt8?] = {
        let letters = "aaaaaa" + "-" + "ceeeeiiii" + "-" + "nooooo" + "-" + "-" + "uuuuy" + "-" + "-"
            + "aaaaaa" + "-" + "ceeeeiiii" + "-" + "nooooo" + "-" + "-" + "uuuuy" + "-" + "y"
        return letters.utf8.map { $0 == UInt8(ascii: "-") ? nil : $0 }
    }()
}
