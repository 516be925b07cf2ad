/// A style for every `ThemeRole`. Built from a theme file (see themes/README.md) or in code.
public struct Theme: Sendable, Equatable {
    public var name: String
    private var styles: [ThemeRole: Style]

    /// Roles missing from `styles` take the built-in default's style.
    public init(name: String, styles: [ThemeRole: Style]) {
        self.name = name
        self.styles = styles.merging(Theme.builtinDefault.styles) { given, _ in given }
    }

    /// For the built-in table itself, which must name every role.
    init(name: String, complete styles: [ThemeRole: Style]) {
        precondition(ThemeRole.allCases.allSatisfy { styles[$0] != nil }, "built-in theme misses a role")
        self.name = name
        self.styles = styles
    }

    public subscript(role: ThemeRole) -> Style {
        get { styles[role] ?? .plain }
        set { styles[role] = newValue }
    }
}

/// A theme file that cannot be used, with the place and reason, e.g.
/// "themes/x.theme:7: unknown colour 'blu'". `line` is 0 for problems with the file as a whole.
public struct ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String
    public init(file: String, line: Int, reason: String) {
        self.file = file; self.line = line; self.reason = reason
    }
    public var description: String { line > 0 ? "\(file):\(line): \(reason)" : "\(file): \(reason)" }
}
