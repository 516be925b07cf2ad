extension Theme {
    /// The theme for a terminal with `colors` colours: unchanged at 256 or more, palette colours
    /// moved to the nearest of the basic 16 (or 8) below that, and `monochrome(from:)` below 8.
    /// Text whose foreground and background collapse to the same basic colour is switched to
    /// black or white, whichever reads better, so nothing becomes invisible.
    public func mappedDown(toColors colors: Int) -> Theme {
        if colors >= 256 { return self }
        if colors < 8 { return Theme.monochrome(from: self) }
        let basic = colors >= 16 ? 16 : 8
        var out = self
        for role in ThemeRole.allCases {
            let original = self[role]
            var style = original
            style.fg = Theme.map(original.fg, basic)
            style.bg = Theme.map(original.bg, basic)
            if style.fg == style.bg, style.fg != .default, original.fg != original.bg, case .indexed(let bg) = style.bg {
                style.fg = Theme.readableForeground(on: bg)
            }
            out[role] = style
        }
        // Two shades of one hue can land on the same basic colour; focus must still show.
        for (plain, focused) in Theme.focusPairs where out[plain] == out[focused] && self[plain] != self[focused] {
            out[focused].attrs.formUnion(Theme.monochromeEmphasis[focused] ?? .bold)
        }
        return out
    }

    /// Roles and their selected or focused counterparts, which must never look the same.
    public static let focusPairs: [(plain: ThemeRole, focused: ThemeRole)] = [
        (.card, .cardSelected), (.columnHeader, .columnHeaderFocused), (.columnBorder, .columnBorderFocused),
        (.fieldInput, .fieldInputFocused), (.button, .buttonFocused), (.robotOff, .robotOn),
    ]

    private static func map(_ color: Color, _ basic: Int) -> Color {
        guard case .indexed(let i) = color else { return color }
        return .indexed(Palette.nearestBasic(to: i, count: basic))
    }

    private static func readableForeground(on bg: UInt8) -> Color {
        let back = Palette.rgb(of: bg)
        let black = Palette.distance(back, Palette.rgb(of: 0))
        let white = Palette.distance(back, Palette.rgb(of: 7))
        return .indexed(black > white ? 0 : 7)
    }

    /// For NO_COLOR and terminals without colour: every colour dropped, attributes kept, and the
    /// roles that must stand out (selection, focus, status bar, alerts) given reverse, bold or dim
    /// so they are still visible without colour.
    public static func monochrome(from theme: Theme) -> Theme {
        var out = theme
        out.name = theme.name + " (no colour)"
        for role in ThemeRole.allCases {
            let attrs = theme[role].attrs.union(monochromeEmphasis[role] ?? [])
            out[role] = Style(fg: .default, bg: .default, attrs: attrs)
        }
        return out
    }

    /// Without colour these roles would look like their neighbours; the cursor in a text field is
    /// drawn by toggling reverse, so focused fields use underline rather than reverse.
    static let monochromeEmphasis: [ThemeRole: Attr] = [
        .columnHeader: .bold,
        .columnHeaderFocused: [.reverse, .bold],
        .columnBorderFocused: .bold,
        .cardSelected: .reverse,
        .cardMuted: .dim,
        .cardClosed: .bold,
        .robotOn: .bold,
        .robotOff: .dim,
        .statusBar: .reverse,
        .statusBarKey: [.reverse, .bold],
        .footer: .dim,
        .dialogBorder: .bold,
        .dialogTitle: .bold,
        .fieldInput: .underline,
        .fieldInputFocused: [.underline, .bold],
        .fieldError: .bold,
        .placeholder: .dim,
        .buttonFocused: .reverse,
        .warning: .bold,
        .error: [.reverse, .bold],
        .success: .bold,
        .messageAgent: .bold,
        .messageFollowup: .italic,
        .messageRead: .bold,
        .messageMeta: .dim,
        .monitorHeader: .reverse,
        .selection: .reverse,
        .helpKey: .bold,
        .scrollbar: .dim,
        .scrollbarThumb: .bold,
    ]
}

extension Theme {
    /// The theme as it should be used on this terminal: monochrome when `NO_COLOR` is set to
    /// anything non-empty (no-color.org), otherwise mapped down to the terminal's colour count.
    public func adapted(toColors colors: Int, environment: [String: String]) -> Theme {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return Theme.monochrome(from: self) }
        return mappedDown(toColors: colors)
    }
}
