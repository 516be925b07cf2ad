extension Key {
    /// The key for a character code read from the terminal (not a special-key code):
    /// 9 → tab, 10 and 13 → enter, 8 and 127 → backspace, 27 → esc, other 1...26 → ctrl(letter),
    /// printable characters → char. Other control codes and invalid scalars give nil.
    public static func fromCharacterCode(_ code: UInt32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 27: return .esc
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(code) + 96)))
        case 0, 28...31, 0x80...0x9F: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .char(Character(scalar))
        }
    }
}
