import Foundation

/// A configuration problem, saying where it is and how to fix it.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Retoma's config file (`config.toml`) as read from disk: its path, its parsed document (nil when there is
/// no file) and its permission bits. Each part of Retoma (`[ai]`, `[channel]`, `[cloud]`, `[evolution]`)
/// reads its own section through `section(_:knownKeys:secretKeys:)`; environment variables win over it.
public struct ConfigFile: Sendable, Equatable {
    public var path: String
    public var document: TOMLDocument?
    /// The file's permission bits; nil when there is no file (or they could not be read).
    public var mode: Int?

    public init(path: String, document: TOMLDocument?, mode: Int?) {
        self.path = path; self.document = document; self.mode = mode
    }

    /// `$XDG_CONFIG_HOME/retoma/config.toml`, or `~/.config/retoma/config.toml`.
    public static func defaultPath(environment: [String: String]) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/retoma/config.toml" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.config/retoma/config.toml"
    }

    /// Reads and parses the file at `path`; a missing file is no error (the defaults and the environment apply).
    public static func read(path: String) throws(ConfigError) -> ConfigFile {
        guard FileManager.default.fileExists(atPath: path) else { return ConfigFile(path: path, document: nil, mode: nil) }
        guard let data = FileManager.default.contents(atPath: path) else { throw ConfigError("\(path): cannot be read") }
        let document: TOMLDocument
        do {
            document = try TOMLSubset.parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw ConfigError("\(path):\(error.line): \(error.message)")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let mode = (attributes?[.posixPermissions] as? NSNumber)?.intValue
        return ConfigFile(path: path, document: document, mode: mode)
    }

    /// One section, checked: an unknown key is refused (a typo must not silently fall back to a default), and
    /// so is a secret in a file other users can read.
    public func section(_ name: String, knownKeys: [String], secretKeys: [String] = []) throws(ConfigError) -> ConfigSection {
        let section = ConfigSection(name: name, path: path, document: document)
        for key in section.values.keys.sorted() where !knownKeys.contains(key) {
            throw ConfigError("\(section.place(key)): unknown key \"\(key)\" in [\(name)] (known: \(knownKeys.joined(separator: ", ")))")
        }
        if let secret = secretKeys.first(where: { section.values[$0] != nil }), let mode, mode & 0o077 != 0 {
            throw ConfigError("""
                \(path) holds \(secret) but other users can read it (mode \(String(mode & 0o777, radix: 8))); \
                refusing to use it. Run: chmod 600 \(path)
                """)
        }
        return section
    }
}

/// The keys of one `[section]`, with typed getters whose errors point at the file and line.
public struct ConfigSection: Sendable {
    public var name: String
    public var path: String
    public var values: [String: TOMLValue]
    let document: TOMLDocument?

    init(name: String, path: String, document: TOMLDocument?) {
        self.name = name; self.path = path; self.document = document
        values = document?.sections[name] ?? [:]
    }

    /// "path:line" for a key that is set, else the path.
    public func place(_ key: String) -> String {
        document?.line(name, key).map { "\(path):\($0)" } ?? path
    }

    public func string(_ key: String) throws(ConfigError) -> String? {
        guard let value = values[key] else { return nil }
        guard case .string(let s) = value else {
            throw ConfigError("\(place(key)): \(key) must be a string in quotes, not \(value.typeName)")
        }
        return s
    }

    public func integer(_ key: String) throws(ConfigError) -> Int? {
        guard let value = values[key] else { return nil }
        guard case .integer(let n) = value else {
            throw ConfigError("\(place(key)): \(key) must be a whole number, not \(value.typeName)")
        }
        return n
    }

    public func boolean(_ key: String) throws(ConfigError) -> Bool? {
        guard let value = values[key] else { return nil }
        guard case .boolean(let b) = value else {
            throw ConfigError("\(place(key)): \(key) must be true or false, not \(value.typeName)")
        }
        return b
    }
}

/// Environment variables as configuration: surrounding blanks are dropped and an empty value counts as unset.
public struct ConfigEnvironment: Sendable {
    public var variables: [String: String]
    public init(_ variables: [String: String]) { self.variables = variables }

    public subscript(name: String) -> String? {
        variables[name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// Checks shared by settings that hold a URL.
public enum ConfigURL {
    /// An http:// or https:// URL without blanks, with trailing slashes removed. `source` names the variable or
    /// the file place; `example` shows a good value.
    public static func httpURL(_ raw: String, source: String, example: String) throws(ConfigError) -> String {
        var url = raw
        while url.hasSuffix("/") { url.removeLast() }
        let lower = url.lowercased()
        guard (lower.hasPrefix("http://") || lower.hasPrefix("https://")), url.count > "https://".count,
              !url.contains(where: \.isWhitespace) else {
            throw ConfigError("\(source) must be an http:// or https:// URL such as \(example) (got \"\(raw)\")")
        }
        return url
    }
}
