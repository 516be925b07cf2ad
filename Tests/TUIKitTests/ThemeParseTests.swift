import Testing
@testable import TUIKit

struct ThemeParseTests {
    @Test func parsesNamesHexIndicesAttributesAndComments() throws {
        let text = """
        # a comment line

          cardSelected = fg:black bg:#5fafd7 bold   # trailing comment
        statusBar=fg:bright-white bg:236 reverse underline
        card = plain
        CARDMUTED = fg:default dim italic
        \tfooter = bg:BLUE
        """
        let theme = try Theme.parse(text: text, file: "themes/ocean.theme")
        #expect(theme.name == "ocean")
        #expect(theme[.cardSelected] == Style(fg: .indexed(0), bg: .indexed(74), attrs: .bold))
        #expect(theme[.statusBar] == Style(fg: .indexed(15), bg: .indexed(236), attrs: [.reverse, .underline]))
        #expect(theme[.card] == .plain)
        #expect(theme[.cardMuted] == Style(fg: .default, bg: .default, attrs: [.dim, .italic]))
        #expect(theme[.footer] == Style(bg: .indexed(4)))
    }

    @Test func rolesMissingFromTheFileFallBackToTheBuiltInDefault() throws {
        let theme = try Theme.parse(text: "card = reverse\n", file: "x.theme")
        #expect(theme[.card] == Style(attrs: .reverse))
        for role in ThemeRole.allCases where role != .card {
            #expect(theme[role] == Theme.builtinDefault[role], "\(role)")
        }
    }

    @Test func windowsLineEndingsAreAccepted() throws {
        let theme = try Theme.parse(text: "card = bold\r\ncardMuted = dim\r\n", file: "x.theme")
        #expect(theme[.card].attrs == .bold)
        #expect(theme[.cardMuted].attrs == .dim)
    }

    @Test func emptyFileIsTheDefault() throws {
        let theme = try Theme.parse(text: "", file: "empty.theme")
        for role in ThemeRole.allCases { #expect(theme[role] == Theme.builtinDefault[role]) }
    }

    @Test(arguments: [
        ("card = bold\ncard muted\n", 2, "expected 'role = style', got 'card muted'"),
        ("\n\ncardSelectd = bold\n", 3, "unknown role 'cardSelectd'"),
        ("card = bold\n# x\ncard = dim\n", 3, "duplicate role 'card' (first set on line 1)"),
        ("card = fg:blu\n", 1, "unknown colour 'blu'"),
        ("card = fg:#12345\n", 1, "unknown colour '#12345' (a hex colour is written #rrggbb)"),
        ("card = bg:#gggggg\n", 1, "unknown colour '#gggggg' (a hex colour is written #rrggbb)"),
        ("card = bg:300\n", 1, "colour 300 out of range 0..255"),
        ("card = fg:\n", 1, "missing colour after ':'"),
        ("card = fg:red fg:blue\n", 1, "fg given twice"),
        ("card = bg:red bg:blue\n", 1, "bg given twice"),
        ("card =   \n", 1, "missing style after '=' (write 'plain' for no colours or attributes)"),
        ("card = plain bold\n", 1, "'plain' cannot be combined with other words"),
        (" = bold\n", 1, "missing role name before '='"),
        ("card = fg:red blink\n", 1,
         "unknown attribute 'blink' (use fg:COLOUR, bg:COLOUR, bold, dim, reverse, underline, italic)"),
    ])
    func errorsNameTheLineAndReason(text: String, line: Int, reason: String) {
        #expect(throws: ThemeError(file: "themes/x.theme", line: line, reason: reason)) {
            try Theme.parse(text: text, file: "themes/x.theme")
        }
    }

    @Test func errorDescriptionReadsFileLineReason() {
        let error = ThemeError(file: "themes/x.theme", line: 7, reason: "unknown colour 'blu'")
        #expect(error.description == "themes/x.theme:7: unknown colour 'blu'")
        #expect(ThemeError(file: "a.theme", line: 0, reason: "no such file").description == "a.theme: no such file")
    }

    @Test func hashAfterAColonIsAColourNotAComment() throws {
        let theme = try Theme.parse(text: "card = bg:#000000 #comment bold\n", file: "x.theme")
        #expect(theme[.card] == Style(bg: .indexed(16)))
    }
}
