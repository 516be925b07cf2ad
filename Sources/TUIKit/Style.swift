/// A terminal colour: the terminal's own default, or an index into the 256-colour palette.
public enum Color: Sendable, Hashable {
    case `default`
    case indexed(UInt8)
}

public struct Attr: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Attr(rawValue: 1 << 0)
    public static let dim = Attr(rawValue: 1 << 1)
    public static let reverse = Attr(rawValue: 1 << 2)
    public static let underline = Attr(rawValue: 1 << 3)
    public static let italic = Attr(rawValue: 1 << 4)
}

public struct Style: Sendable, Hashable {
    public var fg: Color
    public var bg: Color
    public var attrs: Attr
    public init(fg: Color = .default, bg: Color = .default, attrs: Attr = []) {
        self.fg = fg; self.bg = bg; self.attrs = attrs
    }
    public static let plain = Style()
    public func adding(_ a: Attr) -> Style { var s = self; s.attrs.formUnion(a); return s }
}
