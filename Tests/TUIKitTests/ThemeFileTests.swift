import Foundation
import Testing
@testable import TUIKit

struct ThemeFileTests {
    @Test func builtinDefaultMatchesDefaultThemeFile() throws {
        let parsed = try Theme.parse(text: try shippedThemeText("default"), file: "themes/default.theme")
        for role in ThemeRole.allCases {
            #expect(parsed[role] == Theme.builtinDefault[role], "themes/default.theme and the built-in differ on \(role)")
        }
        #expect(parsed.name == Theme.builtinDefault.name)
    }

    @Test(arguments: shippedThemeNames)
    func shippedThemeParsesAndSetsEveryRole(name: String) throws {
        let text = try shippedThemeText(name)
        _ = try Theme.parse(text: text, file: "themes/\(name).theme")
        let set = Set(text.split(whereSeparator: \.isNewline).compactMap { line -> String? in
            let stripped = Theme.stripComment(line).trimmingSpaces()
            guard let eq = stripped.firstIndex(of: "=") else { return nil }
            return String(stripped[..<eq].trimmingSpaces())
        })
        for role in ThemeRole.allCases {
            #expect(set.contains(role.rawValue), "themes/\(name).theme does not set \(role)")
        }
    }

    @Test func monoThemeHasNoColours() throws {
        let mono = try Theme.parse(text: try shippedThemeText("mono"), file: "themes/mono.theme")
        for role in ThemeRole.allCases {
            #expect(mono[role].fg == .default && mono[role].bg == .default, "\(role)")
        }
    }

    /// Selected and focused parts must look different from their plain versions in every theme,
    /// on every kind of terminal.
    @Test(arguments: shippedThemeNames)
    func focusStandsOutEverywhere(name: String) throws {
        let theme = try Theme.parse(text: try shippedThemeText(name), file: "\(name).theme")
        let pairs = Theme.focusPairs + [(plain: ThemeRole.help, focused: ThemeRole.selection)]
        for variant in [theme, theme.mappedDown(toColors: 16), theme.mappedDown(toColors: 8), Theme.monochrome(from: theme)] {
            for (plain, focused) in pairs {
                #expect(variant[plain] != variant[focused], "\(variant.name): \(plain) looks like \(focused)")
            }
        }
    }
}

struct ThemeLoaderTests {
    func env(_ extra: [String: String] = [:]) -> [String: String] {
        // No HOME/XDG: only the explicit folder and the source tree are searched.
        extra
    }

    @Test func findsShippedThemesByName() {
        let loaded = ThemeLoader.load("light", environment: env())
        #expect(loaded.warning == nil)
        #expect(loaded.theme.name == "light")
        #expect(loaded.path?.hasSuffix("themes/light.theme") == true)
    }

    @Test func noChoiceGivesTheDefault() {
        let loaded = ThemeLoader.load(nil, environment: env())
        #expect(loaded.warning == nil)
        #expect(loaded.theme == Theme.builtinDefault)
    }

    @Test func ownFolderWinsOverShippedThemes() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "card = reverse\n".write(to: dir.appendingPathComponent("light.theme"), atomically: true, encoding: .utf8)
        let loaded = ThemeLoader.load("light", environment: env(["RETOMA_THEMES_DIR": dir.path]))
        #expect(loaded.warning == nil)
        #expect(loaded.theme[.card] == Style(attrs: .reverse))
        #expect(loaded.path == dir.appendingPathComponent("light.theme").path)
    }

    @Test func xdgConfigAndHomeFallback() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let xdgThemes = dir.appendingPathComponent("xdg/retoma/themes")
        let homeThemes = dir.appendingPathComponent("home/.config/retoma/themes")
        for folder in [xdgThemes, homeThemes] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        try "card = bold\n".write(to: xdgThemes.appendingPathComponent("mine.theme"), atomically: true, encoding: .utf8)
        try "card = dim\n".write(to: homeThemes.appendingPathComponent("mine.theme"), atomically: true, encoding: .utf8)

        let xdg = ThemeLoader.load("mine", environment: env(["XDG_CONFIG_HOME": dir.appendingPathComponent("xdg").path,
                                                              "HOME": dir.appendingPathComponent("home").path]))
        #expect(xdg.theme[.card] == Style(attrs: .bold))
        let home = ThemeLoader.load("mine", environment: env(["HOME": dir.appendingPathComponent("home").path]))
        #expect(home.theme[.card] == Style(attrs: .dim))
    }

    @Test func userDefaultThemeReplacesTheBuiltInOne() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "card = underline\n".write(to: dir.appendingPathComponent("default.theme"), atomically: true, encoding: .utf8)
        let loaded = ThemeLoader.load(nil, environment: env(["RETOMA_THEMES_DIR": dir.path]))
        #expect(loaded.theme[.card] == Style(attrs: .underline))
    }

    @Test func unknownNameGivesTheDefaultAndAWarningListingThemes() {
        let loaded = ThemeLoader.load("ocean", environment: env())
        #expect(loaded.theme == Theme.builtinDefault)
        #expect(loaded.warning == "unknown theme 'ocean' (available: default, high-contrast, light, mono); using the default theme")
    }

    @Test func brokenFileGivesTheDefaultAndAWarningWithFileLineAndReason() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bad.theme").path
        try "card = bold\n\ncardMuted = fg:blu\n".write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = ThemeLoader.load(path, environment: env())
        #expect(loaded.theme == Theme.builtinDefault)
        #expect(loaded.path == nil)
        #expect(loaded.warning == "\(path):3: unknown colour 'blu'; using the default theme")
    }

    @Test func missingOrNonTextFileGivesAWarning() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("nope.theme").path
        #expect(ThemeLoader.load(missing, environment: env()).warning == "\(missing): no such file; using the default theme")

        let binary = dir.appendingPathComponent("bin.theme")
        try Data([0xff, 0xfe, 0x00, 0xc3]).write(to: binary)
        #expect(ThemeLoader.load(binary.path, environment: env()).warning == "\(binary.path): is not UTF-8 text; using the default theme")
    }

    @Test func searchOrderIsOwnFolderThenConfigThenSource() {
        let dirs = ThemeLoader.searchDirectories(environment: ["RETOMA_THEMES_DIR": "/a", "XDG_CONFIG_HOME": "/x", "HOME": "/h"])
        #expect(dirs == ["/a", "/x/retoma/themes", ThemeLoader.sourceThemesDirectory])
        #expect(ThemeLoader.sourceThemesDirectory == repositoryRoot.appendingPathComponent("themes").path)
    }
}
