import Testing
@testable import TUIKit

struct ThemeMappingTests {
    @Test func hexColoursMapToTheExactPaletteEntry() {
        #expect(Color.rgb(0x5fafd7) == .indexed(74))
        #expect(Color.rgb(0x1c1c1c) == .indexed(234))
        #expect(Color.rgb(0x000000) == .indexed(16))
        #expect(Color.rgb(0xffffff) == .indexed(231))
        #expect(Color.rgb(0x5fafd8) == .indexed(74))   // nearest, not exact
        for i in 16...255 {
            #expect(Palette.nearestIndex(to: Palette.rgb(of: UInt8(i))) == UInt8(i))
        }
    }

    @Test func nearestBasicColours() {
        #expect(Palette.nearestBasic(to: 74, count: 8) == 6)     // #5fafd7 → cyan
        #expect(Palette.nearestBasic(to: 196, count: 16) == 9)   // #ff0000 → bright red
        #expect(Palette.nearestBasic(to: 196, count: 8) == 1)    // → red
        #expect(Palette.nearestBasic(to: 12, count: 8) == 4)     // bright blue → blue
        #expect(Palette.nearestBasic(to: 3, count: 8) == 3)
        #expect(Palette.nearestBasic(to: 234, count: 8) == 0)    // dark grey → black
    }

    @Test func mappingKeepsFullPalettesAndLimitsSmallOnes() {
        let theme = Theme.builtinDefault
        #expect(theme.mappedDown(toColors: 256) == theme)
        for (colors, limit) in [(8, 8), (16, 16), (88, 16)] {
            let mapped = theme.mappedDown(toColors: colors)
            for role in ThemeRole.allCases {
                for color in [mapped[role].fg, mapped[role].bg] {
                    if case .indexed(let i) = color { #expect(Int(i) < limit, "\(role) at \(colors) colours") }
                }
                #expect(mapped[role].attrs == theme[role].attrs)
            }
        }
    }

    @Test func textThatWouldVanishIsMadeReadable() {
        var theme = Theme.builtinDefault
        theme[.card] = Style(fg: .rgb(0x303030), bg: .rgb(0x262626))   // both become black on 8 colours
        theme[.cardMuted] = Style(fg: .rgb(0xeeeeee), bg: .rgb(0xe4e4e4))   // both white
        let mapped = theme.mappedDown(toColors: 8)
        #expect(mapped[.card] == Style(fg: .indexed(7), bg: .indexed(0)))
        #expect(mapped[.cardMuted] == Style(fg: .indexed(0), bg: .indexed(7)))
    }

    @Test func defaultColoursStayDefault() {
        var theme = Theme.builtinDefault
        theme[.card] = Style(fg: .default, bg: .rgb(0x5fafd7), attrs: .bold)
        #expect(theme.mappedDown(toColors: 8)[.card] == Style(fg: .default, bg: .indexed(6), attrs: .bold))
    }

    @Test func monochromeDropsColoursKeepsAttributesAndMarksFocus() {
        var theme = Theme.builtinDefault
        theme[.card] = Style(fg: .rgb(0xffffff), bg: .rgb(0x000000), attrs: .underline)
        theme[.cardSelected] = Style(fg: .rgb(0x000000), bg: .rgb(0x5fafd7))
        let mono = Theme.monochrome(from: theme)
        for role in ThemeRole.allCases {
            #expect(mono[role].fg == .default && mono[role].bg == .default)
            #expect(mono[role].attrs.isSuperset(of: theme[role].attrs), "\(role) lost an attribute")
        }
        #expect(mono[.card] == Style(attrs: .underline))
        #expect(mono[.cardSelected].attrs.contains(.reverse))
        #expect(mono[.selection].attrs.contains(.reverse))
        #expect(mono[.buttonFocused].attrs.contains(.reverse))
        // Focused inputs are not reversed: the cursor is drawn by toggling reverse.
        #expect(!mono[.fieldInputFocused].attrs.contains(.reverse))
        #expect(theme.mappedDown(toColors: 2) == mono)
    }

    @Test func adaptedHonoursNoColour() {
        let theme = Theme.builtinDefault
        #expect(theme.adapted(toColors: 256, environment: ["NO_COLOR": "1"]) == Theme.monochrome(from: theme))
        #expect(theme.adapted(toColors: 256, environment: ["NO_COLOR": ""]) == theme)
        #expect(theme.adapted(toColors: 8, environment: [:]) == theme.mappedDown(toColors: 8))
    }
}

struct FocusSurvivesMappingTests {
    @Test func focusedRoleThatCollapsesOntoItsPlainRoleGetsEmphasis() {
        var theme = Theme.builtinDefault
        theme[.fieldInput] = Style(fg: .rgb(0x000000), bg: .rgb(0xe4e4e4))
        theme[.fieldInputFocused] = Style(fg: .rgb(0x000000), bg: .rgb(0xafd7ff))   // also white on 8 colours
        let mapped = theme.mappedDown(toColors: 8)
        #expect(mapped[.fieldInput] == Style(fg: .indexed(0), bg: .indexed(7)))
        #expect(mapped[.fieldInputFocused] == Style(fg: .indexed(0), bg: .indexed(7), attrs: [.underline, .bold]))
    }
}

struct GreyMappingTests {
    @Test func greysMapToGreys() {
        #expect(Palette.nearestBasic(to: 245, count: 8) == 7)     // #8a8a8a: white, not cyan
        #expect(Palette.nearestBasic(to: 245, count: 16) == 8)    // bright black
        #expect(Palette.nearestBasic(to: 238, count: 8) == 0)     // #444444
        #expect(Palette.nearestBasic(to: 252, count: 16) == 7)    // #d0d0d0
        #expect(Palette.nearestBasic(to: 231, count: 16) == 15)   // #ffffff
    }
}
