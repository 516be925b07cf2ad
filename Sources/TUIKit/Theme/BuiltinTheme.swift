extension Theme {
    /// The dark default, identical to themes/default.theme (a test keeps the two in step).
    /// Used when no theme is chosen, when a theme file is rejected, and for roles a file leaves out.
    public static let builtinDefault = Theme(name: "default", complete: [
        .boardBackground: s(0xbcbcbc, 0x1c1c1c),
        .columnHeader: s(0xd0d0d0, 0x303030, .bold),
        .columnHeaderFocused: s(0x1c1c1c, 0x5fafd7, .bold),
        .columnBorder: s(0x4e4e4e, 0x1c1c1c),
        .columnBorderFocused: s(0x5fafd7, 0x1c1c1c),
        .card: s(0xe4e4e4, 0x262626),
        .cardSelected: s(0x1c1c1c, 0x87afd7, .bold),
        .cardMuted: s(0x8a8a8a, 0x262626),
        .cardClosed: s(0x87af5f, 0x262626, .bold),
        .robotOn: s(0x87d787, 0x303030, .bold),
        .robotOff: s(0x626262, 0x303030),
        .statusBar: s(0xbcbcbc, 0x303030),
        .statusBarKey: s(0xffd75f, 0x303030, .bold),
        .footer: s(0x808080, 0x1c1c1c),
        .dialog: s(0xe4e4e4, 0x303030),
        .dialogBorder: s(0x5fafd7, 0x303030),
        .dialogTitle: s(0xffd75f, 0x303030, .bold),
        .fieldLabel: s(0xbcbcbc, 0x303030),
        .fieldInput: s(0xe4e4e4, 0x444444),
        .fieldInputFocused: s(0xffffff, 0x005f87),
        .fieldError: s(0xff8787, 0x303030, .bold),
        .placeholder: s(0x8a8a8a, 0x444444, .italic),
        .button: s(0xd0d0d0, 0x4e4e4e),
        .buttonFocused: s(0x1c1c1c, 0x5fafd7, .bold),
        .warning: s(0x1c1c1c, 0xffd75f, .bold),
        .error: s(0xffffff, 0xd75f5f, .bold),
        .success: s(0x1c1c1c, 0x87d787, .bold),
        .messageCustomer: s(0xe4e4e4, 0x3a3a3a),
        .messageAgent: s(0xe4e4e4, 0x005f5f),
        .messageFollowup: s(0xe4e4e4, 0x5f5f87),
        .messageRead: s(0x5fafff, 0x262626, .bold),
        .messageMeta: s(0x808080, 0x1c1c1c),
        .monitor: s(0xbcbcbc, 0x121212),
        .monitorHeader: s(0x121212, 0x87afd7, .bold),
        .selection: s(0x1c1c1c, 0x87afd7),
        .help: s(0xd0d0d0, 0x303030),
        .helpKey: s(0xffd75f, 0x303030, .bold),
        .scrollbar: s(0x444444, 0x1c1c1c),
        .scrollbarThumb: s(0x8a8a8a, 0x1c1c1c),
    ])

    private static func s(_ fg: Int, _ bg: Int, _ attrs: Attr = []) -> Style {
        Style(fg: .rgb(fg), bg: .rgb(bg), attrs: attrs)
    }
}
