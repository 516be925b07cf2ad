extension Theme {
    /// Parses a theme file (format in themes/README.md). `file` names the source in error messages;
    /// the theme's name is the file's base name without ".theme". Roles the file leaves out take the
    /// built-in default's style.
    public static func parse(text: String, file: String) throws(ThemeError) -> Theme {
        var styles: [ThemeRole: Style] = [:]
        var firstLine: [ThemeRole: Int] = [:]
        for (offset, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let number = offset + 1
            func fail(_ reason: String) -> ThemeError { ThemeError(file: file, line: number, reason: reason) }

            let line = stripComment(raw).trimmingSpaces()
            if line.isEmpty { continue }
            guard let eq = line.firstIndex(of: "=") else {
                throw fail("expected 'role = style', got '\(line)'")
            }
            let roleName = line[..<eq].trimmingSpaces()
            guard !roleName.isEmpty else { throw fail("missing role name before '='") }
            guard let role = ThemeRole.named(roleName) else {
                throw fail("unknown role '\(roleName)'")
            }
            if let first = firstLine[role] {
                throw fail("duplicate role '\(role.rawValue)' (first set on line \(first))")
            }
            do {
                styles[role] = try parseStyle(line[line.index(after: eq)...])
            } catch {
                throw fail(error.reason)
            }
            firstLine[role] = number
        }
        return Theme(name: themeName(fromFile: file), styles: styles)
    }

    struct StyleError: Error { var reason: String }

    /// "fg:black bg:#5fafd7 bold", or "plain" for no colours and no attributes.
    static func parseStyle(_ spec: Substring) throws(StyleError) -> Style {
        let words = spec.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard !words.isEmpty else {
            throw StyleError(reason: "missing style after '=' (write 'plain' for no colours or attributes)")
        }
        var style = Style.plain
        var seenFg = false, seenBg = false
        for word in words {
            let lower = word.lowercased()
            if lower == "plain" {
                guard words.count == 1 else { throw StyleError(reason: "'plain' cannot be combined with other words") }
            } else if lower.hasPrefix("fg:") {
                guard !seenFg else { throw StyleError(reason: "fg given twice") }
                style.fg = try parseColor(word.dropFirst(3)); seenFg = true
            } else if lower.hasPrefix("bg:") {
                guard !seenBg else { throw StyleError(reason: "bg given twice") }
                style.bg = try parseColor(word.dropFirst(3)); seenBg = true
            } else if let attr = attributes[lower] {
                style.attrs.insert(attr)
            } else {
                throw StyleError(reason: "unknown attribute '\(word)' (use fg:COLOUR, bg:COLOUR, bold, dim, reverse, underline, italic)")
            }
        }
        return style
    }

    static let attributes: [String: Attr] = [
        "bold": .bold, "dim": .dim, "reverse": .reverse, "underline": .underline, "italic": .italic,
    ]

    static let colorNames: [String: Color] = {
        let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
        var table: [String: Color] = ["default": .default]
        for (i, name) in names.enumerated() {
            table[name] = .indexed(UInt8(i))
            table["bright-" + name] = .indexed(UInt8(i + 8))
        }
        return table
    }()

    static func parseColor(_ text: Substring) throws(StyleError) -> Color {
        let lower = text.lowercased()
        if let named = colorNames[lower] { return named }
        if lower.hasPrefix("#") {
            let hex = lower.dropFirst()
            if hex.count == 6, hex.allSatisfy(\.isHexDigit), let value = Int(hex, radix: 16) {
                return .rgb(value)
            }
            throw StyleError(reason: "unknown colour '\(text)' (a hex colour is written #rrggbb)")
        }
        if !lower.isEmpty, lower.allSatisfy(\.isASCII), lower.allSatisfy(\.isNumber) {
            guard lower.count <= 3, let n = Int(lower), n <= 255 else {
                throw StyleError(reason: "colour \(text) out of range 0..255")
            }
            return .indexed(UInt8(n))
        }
        if text.isEmpty { throw StyleError(reason: "missing colour after ':'") }
        throw StyleError(reason: "unknown colour '\(text)'")
    }

    /// `#` starts a comment at the start of a line or after a space (so `bg:#5fafd7` is a colour).
    static func stripComment(_ line: Substring) -> Substring {
        var previous: Character = " "
        for i in line.indices {
            let ch = line[i]
            if ch == "#", previous == " " || previous == "\t" { return line[..<i] }
            previous = ch
        }
        return line
    }

    static func themeName(fromFile file: String) -> String {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        return base.hasSuffix(".theme") ? String(base.dropLast(6)) : base
    }
}

extension ThemeRole {
    /// Role names match case-insensitively, so `CardSelected` and `cardselected` both work.
    static func named(_ name: some StringProtocol) -> ThemeRole? {
        let lower = name.lowercased()
        return allCases.first { $0.rawValue.lowercased() == lower }
    }
}

extension StringProtocol {
    func trimmingSpaces() -> Substring {
        let s = Substring(self)
        guard let start = s.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let end = s.lastIndex(where: { !$0.isWhitespace })!
        return s[start...end]
    }
}
