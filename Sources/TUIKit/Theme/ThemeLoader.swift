import Foundation

/// Finds and loads the theme chosen with `--theme NAME` (a name or a path to a file).
///
/// A name is looked up as `NAME.theme` in, in order: `$RETOMA_THEMES_DIR`,
/// `$XDG_CONFIG_HOME/retoma/themes` (or `~/.config/retoma/themes`), and the `themes/` folder of the
/// source tree the program was built from. Anything containing a `/` or ending in `.theme` is a path.
/// Loading never fails: a missing or broken theme gives the built-in default plus a warning for the
/// status line.
public enum ThemeLoader {
    public struct Loaded: Sendable, Equatable {
        public var theme: Theme
        /// Why the requested theme was not used, naming file, line and reason; nil when all went well.
        public var warning: String?
        /// The file the theme came from; nil for the built-in default.
        public var path: String?
    }

    public static func load(_ nameOrPath: String?,
                            environment: [String: String] = ProcessInfo.processInfo.environment) -> Loaded {
        let directories = searchDirectories(environment: environment)
        guard let request = nameOrPath?.trimmingCharacters(in: .whitespaces), !request.isEmpty else {
            // No choice made: a user's own default.theme still wins over the built-in one.
            guard let path = find(name: "default", in: directories) else {
                return Loaded(theme: .builtinDefault, warning: nil, path: nil)
            }
            return load(file: path)
        }
        if request.contains("/") || request.hasSuffix(".theme") {
            return load(file: request)
        }
        guard let path = find(name: request, in: directories) else {
            let known = availableNames(environment: environment)
            let list = known.isEmpty ? "" : " (available: \(known.joined(separator: ", ")))"
            return Loaded(theme: .builtinDefault,
                          warning: "unknown theme '\(request)'\(list); using the default theme", path: nil)
        }
        return load(file: path)
    }

    /// Reads and parses one file; any problem gives the built-in default and the reason.
    public static func load(file path: String) -> Loaded {
        do {
            let theme = try Theme.parse(text: try read(path), file: path)
            return Loaded(theme: theme, warning: nil, path: path)
        } catch {
            return Loaded(theme: .builtinDefault, warning: "\(error); using the default theme", path: nil)
        }
    }

    private static func read(_ path: String) throws(ThemeError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ThemeError(file: path, line: 0, reason: exists ? "cannot be read" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ThemeError(file: path, line: 0, reason: "is not UTF-8 text")
        }
        return text
    }

    /// Where names are looked up, most personal first.
    public static func searchDirectories(environment: [String: String]) -> [String] {
        var dirs: [String] = []
        if let own = environment["RETOMA_THEMES_DIR"], !own.isEmpty { dirs.append(own) }
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            dirs.append(xdg + "/retoma/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            dirs.append(home + "/.config/retoma/themes")
        }
        dirs.append(sourceThemesDirectory)
        return dirs
    }

    /// The repository's themes/ folder, found from this file's location at build time
    /// (Sources/TUIKit/Theme/ThemeLoader.swift → ../../../themes).
    public static let sourceThemesDirectory: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("themes").path

    /// Every theme name found in the search directories, sorted.
    public static func availableNames(environment: [String: String]) -> [String] {
        var names = Set<String>()
        for dir in searchDirectories(environment: environment) {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for file in files where file.hasSuffix(".theme") { names.insert(String(file.dropLast(6))) }
        }
        return names.sorted()
    }

    private static func find(name: String, in directories: [String]) -> String? {
        for dir in directories {
            let path = dir + "/" + name + ".theme"
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }
}
