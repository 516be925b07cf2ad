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

/// Which setting names hold secrets, by their words, so that no error message repeats their values — even
/// before the section that declares them is read (the TOML reader's own errors).
public enum ConfigSecrets {
    static let words = ["token", "secret", "key", "password", "passwd", "pwd"]
    static let names: Set<String> = ["auth", "authorization", "bearer", "credential", "credentials"]

    /// "token", "app_secret", "api_key", "apikey", "verify-token", "RETOMA_CLOUD_TOKEN": yes;
    /// "max_tokens", "base_url", "model": no.
    public static func isSecretName(_ name: String) -> Bool {
        name.lowercased().split(whereSeparator: { "_-. ".contains($0) }).contains { part in
            names.contains(String(part)) || words.contains { part.hasSuffix($0) }
        }
    }
}

/// Checks shared by settings that hold a URL.
public enum ConfigURL {
    /// An http:// or https:// URL without blanks, with trailing slashes removed. `source` names the variable or
    /// the file place; `example` shows a good value. Plain http:// is accepted only for this machine (127.0.0.0/8,
    /// ::1, localhost), since a bearer token would otherwise cross the network unencrypted; a user name or
    /// password before "@" is refused (it would be sent and shown; keys have their own settings).
    public static func httpURL(_ raw: String, source: String, example: String) throws(ConfigError) -> String {
        var url = raw
        while url.hasSuffix("/") { url.removeLast() }
        guard let authority = Authority(url), !url.contains(where: { $0.isWhitespace || $0.isNewline }),
              !url.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            // What was typed is echoed unless it may hold credentials.
            let got = raw.contains("@") ? "" : " (got \"\(raw)\")"
            throw ConfigError("\(source) must be an http:// or https:// URL such as \(example)\(got)")
        }
        if authority.hasUserInfo {
            throw ConfigError("\(source) must not hold a user name or password before \"@\"; set the key in its own setting")
        }
        if !authority.secure && !isLoopback(authority.host) {
            throw ConfigError("""
                \(source) must use https:// unless it points at this machine (127.0.0.1, ::1 or localhost): \
                over http:// the key would travel unencrypted (got \"\(raw)\")
                """)
        }
        return url
    }

    /// The part between "scheme://" and the path, read strictly: anything unusual (percent signs, backslashes,
    /// brackets out of place) makes the URL invalid, so this check and libcurl cannot read different hosts.
    struct Authority {
        var secure: Bool
        var host: String
        var hasUserInfo: Bool

        init?(_ url: String) {
            let lower = url.lowercased()
            let rest: Substring
            if lower.hasPrefix("https://") {
                secure = true; rest = url.dropFirst("https://".count)
            } else if lower.hasPrefix("http://") {
                secure = false; rest = url.dropFirst("http://".count)
            } else {
                return nil
            }
            var authority = rest.prefix { !"/?#".contains($0) }
            hasUserInfo = authority.contains("@")
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            var port: Substring?
            if authority.hasPrefix("[") {
                guard let close = authority.firstIndex(of: "]") else { return nil }
                host = String(authority[authority.index(after: authority.startIndex)..<close])
                var in6 = in6_addr()
                guard inet_pton(AF_INET6, host, &in6) == 1 else { return nil }
                let after = authority[authority.index(after: close)...]
                if !after.isEmpty {
                    guard after.hasPrefix(":") else { return nil }
                    port = after.dropFirst()
                }
            } else {
                let parts = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                host = String(parts[0])
                if parts.count == 2 { port = parts[1] }
                guard !host.isEmpty, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }) else {
                    return nil
                }
            }
            if let port {
                guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }),
                      let n = Int(port), (1...65535).contains(n) else { return nil }
            }
        }
    }

    /// 127.0.0.0/8 and ::1 as address literals, and "localhost" (libcurl answers it with loopback itself,
    /// without asking DNS). Anything else, "127.0.0.1.example.com" included, is not loopback.
    static func isLoopback(_ host: String) -> Bool {
        if host.lowercased() == "localhost" { return true }
        var in4 = in_addr()
        if inet_pton(AF_INET, host, &in4) == 1 {
            return UInt32(bigEndian: in4.s_addr) >> 24 == 127
        }
        var in6 = in6_addr()
        if inet_pton(AF_INET6, host, &in6) == 1 {
            return withUnsafeBytes(of: &in6) { Array($0) } == Array(repeating: 0, count: 15) + [1]
        }
        return false
    }
}
