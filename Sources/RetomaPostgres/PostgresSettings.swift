import Foundation
import RetomaCore

/// Where a PostgreSQL database is and how to reach it, read from a `postgres://` or `postgresql://` URL the way
/// libpq reads one. The password never comes from the URL (it would sit in shell history, `ps` and config
/// backups): only `PGPASSWORD`, the 0600 config file (passed in by the caller) or a `~/.pgpass` file.
public struct PostgresSettings: Sendable, Equatable {
    /// libpq's `sslmode`, with libpq's meaning: `disable` never encrypts, `allow` encrypts only when the server
    /// insists, `prefer` (the default) encrypts when the server can, `require` always encrypts without checking
    /// the certificate, `verify-ca` also checks it was signed by a trusted authority, `verify-full` also checks it
    /// names the host. Unix sockets never use TLS (libpq ignores sslmode there too).
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"

        /// Every mode, for the messages that list them.
        static var known: String { allCases.map(\.rawValue).joined(separator: ", ") }
    }

    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// A folder holding the server's socket (`.s.PGSQL.<port>` inside it), as libpq's `host=/path`.
        case socket(folder: String, port: Int)

        public var socketPath: String? {
            if case .socket(let folder, let port) = self { return (folder as NSString).appendingPathComponent(".s.PGSQL.\(port)") }
            return nil
        }
    }

    public var endpoint: Endpoint
    public var user: String
    public var database: String
    public var sslMode: SSLMode
    /// `sslrootcert`: a file of trusted authorities, or "system" for the machine's own; nil: `~/.postgresql/root.crt`.
    public var sslRootCert: String?
    public var connectTimeoutSeconds: Int
    /// How long a write waits for another writer (the advisory lock, a row lock) before failing as busy, as
    /// SQLite's busy timeout does, so a stuck writer elsewhere shows as an error instead of a hung board.
    public var lockTimeoutSeconds = 15
    /// Resolved from the environment, the config or `.pgpass`; never printed (see `description`).
    public var password: String?

    /// The URL without any password, for messages and the title bar.
    public var displayName: String {
        switch endpoint {
        case .tcp(let host, let port):
            let shown = host.contains(":") ? "[\(host)]" : host
            return "postgres://\(user)@\(shown):\(port)/\(database)"
        case .socket(let folder, let port):
            return "postgres://\(user)@/\(database)?host=\(folder)&port=\(port)"
        }
    }

    /// True for the URLs this driver takes (the scheme compared without case, as URL schemes are).
    public static func isPostgresURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    static let knownParameters = ["host", "hostaddr", "port", "user", "dbname", "sslmode", "sslrootcert", "connect_timeout",
                                  "application_name"]

    /// Reads `url`, then finds the password: `PGPASSWORD`, else `configPassword` (the config file's, already checked
    /// to be owner-only), else the `.pgpass` file (`PGPASSFILE` or `~/.pgpass`), which is ignored unless owner-only.
    public static func parse(_ url: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                             configPassword: String? = nil) throws(PostgresSetupError) -> PostgresSettings {
        var settings = try parseURL(url, environment: environment)
        settings.password = try findPassword(for: settings, environment: environment, configPassword: configPassword)
        return settings
    }

    static func parseURL(_ url: String, environment: [String: String]) throws(PostgresSetupError) -> PostgresSettings {
        let lower = url.lowercased()
        guard isPostgresURL(url) else { throw .notPostgres }
        if url.contains(where: { $0.isWhitespace || $0.isNewline }) || url.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .malformed(en: "it holds blanks or control characters", pt: "ela tem espaços ou caracteres de controle")
        }
        var rest = Substring(url.dropFirst(lower.hasPrefix("postgres://") ? "postgres://".count : "postgresql://".count))
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var user: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            // A password in the URL is refused without being repeated: it would live in shell history and `ps`.
            if userInfo.contains(":") { throw .passwordInURL }
            user = try decode(userInfo, what: ("the user name", "o nome de usuário"))
            rest = rest[rest.index(after: at)...]
        }
        var host: String?
        var port: Int?
        if !rest.isEmpty {
            if rest.contains(",") { throw .malformed(en: "several hosts are not supported; give one", pt: "vários hosts não são aceitos; informe um só") }
            var hostPart = rest
            var portPart: Substring?
            if hostPart.hasPrefix("[") {
                guard let close = hostPart.firstIndex(of: "]") else { throw .malformed(en: "an IPv6 address lacks its \"]\"", pt: "falta o \"]\" de um endereço IPv6") }
                let after = hostPart[hostPart.index(after: close)...]
                if !after.isEmpty {
                    guard after.hasPrefix(":") else { throw .malformed(en: "unexpected text after the IPv6 address", pt: "texto inesperado depois do endereço IPv6") }
                    portPart = after.dropFirst()
                }
                hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
            } else if let colon = hostPart.lastIndex(of: ":") {
                portPart = hostPart[hostPart.index(after: colon)...]
                hostPart = hostPart[..<colon]
            }
            if !hostPart.isEmpty { host = try decode(hostPart, what: ("the host", "o host")) }
            if let portPart { port = try parsePort(String(portPart)) }
        }
        var database = path.isEmpty ? nil : try decode(path, what: ("the database name", "o nome do banco"))
        var sslMode: SSLMode?
        var rootCert: String?
        var timeout = 10
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            guard let equals = pair.firstIndex(of: "=") else { throw .malformed(en: "parameter \"\(pair)\" has no \"=\"", pt: "o parâmetro \"\(pair)\" não tem \"=\"") }
            let key = try decode(pair[..<equals], what: ("a parameter name", "um nome de parâmetro"))
            let value = try decode(pair[pair.index(after: equals)...], what: ("parameter \(key)", "o parâmetro \(key)"))
            switch key {
            case "password": throw .passwordInURL
            case "host", "hostaddr": host = value
            case "port": port = try parsePort(value)
            case "user": user = value
            case "dbname": database = value
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    throw .malformed(en: "sslmode \"\(value)\" is not one of \(SSLMode.known)", pt: "sslmode \"\(value)\" não é um de \(SSLMode.known)")
                }
                sslMode = mode
            case "sslrootcert": rootCert = value
            case "connect_timeout":
                guard let seconds = Int(value), (1...3600).contains(seconds) else {
                    throw .malformed(en: "connect_timeout must be a whole number of seconds from 1 to 3600", pt: "connect_timeout deve ser um número inteiro de segundos de 1 a 3600")
                }
                timeout = seconds
            case "application_name": break
            default:
                throw .malformed(en: "unknown parameter \"\(key)\" (known: \(knownParameters.joined(separator: ", ")))", pt: "parâmetro desconhecido \"\(key)\" (conhecidos: \(knownParameters.joined(separator: ", ")))")
            }
        }
        let login = user ?? nonEmpty(environment["PGUSER"]) ?? nonEmpty(environment["USER"]) ?? NSUserName()
        guard !login.isEmpty else { throw .malformed(en: "no user name; write postgres://USER@host/dbname", pt: "falta o nome de usuário; escreva postgres://USUARIO@host/banco") }
        let resolvedPort = port ?? 5432
        let endpoint: Endpoint
        // libpq: a host starting with "/" is a socket folder; none at all means the default socket folder.
        if let host, host.hasPrefix("/") {
            endpoint = .socket(folder: host, port: resolvedPort)
        } else if let host {
            endpoint = .tcp(host: host, port: resolvedPort)
        } else {
            endpoint = .socket(folder: "/var/run/postgresql", port: resolvedPort)
        }
        let mode: SSLMode
        if let sslMode { mode = sslMode } else if let fromEnvironment = nonEmpty(environment["PGSSLMODE"]) {
            guard let parsed = SSLMode(rawValue: fromEnvironment) else {
                throw .malformed(en: "PGSSLMODE \"\(fromEnvironment)\" is not one of \(SSLMode.known)", pt: "PGSSLMODE \"\(fromEnvironment)\" não é um de \(SSLMode.known)")
            }
            mode = parsed
        } else {
            mode = .prefer
        }
        return PostgresSettings(endpoint: endpoint, user: login, database: database ?? login, sslMode: mode,
                                sslRootCert: rootCert, connectTimeoutSeconds: timeout, password: nil)
    }

    static func findPassword(for settings: PostgresSettings, environment: [String: String],
                             configPassword: String?) throws(PostgresSetupError) -> String? {
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        if let configPassword, !configPassword.isEmpty { return configPassword }
        let home = nonEmpty(environment["HOME"]) ?? NSHomeDirectory()
        let file = nonEmpty(environment["PGPASSFILE"]) ?? (home as NSString).appendingPathComponent(".pgpass")
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file) else { return nil }
        // libpq's rule: a password file others can read is not used.
        if let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
            throw .passwordFileExposed(path: file, mode: mode & 0o777)
        }
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        return PGPass.lookup(String(decoding: data, as: UTF8.self), settings: settings)
    }

    static func parsePort(_ text: String) throws(PostgresSetupError) -> Int {
        guard text.count <= 5, text.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(text), (1...65535).contains(port) else {
            throw .malformed(en: "the port must be a number from 1 to 65535", pt: "a porta deve ser um número de 1 a 65535")
        }
        return port
    }

    static func decode(_ text: Substring, what: (en: String, pt: String)) throws(PostgresSetupError) -> String {
        guard let decoded = String(text).removingPercentEncoding else { throw .malformed(en: "\(what.en) has a broken %-escape", pt: "\(what.pt) tem um escape % quebrado") }
        return decoded
    }

    static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}

extension PostgresSettings: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { displayName }
    public var debugDescription: String { displayName }
}

/// libpq's password file: `hostname:port:database:username:password` a line, `*` matching anything, `\:` and `\\`
/// escaping, `#` lines ignored; the first matching line wins.
enum PGPass {
    static func lookup(_ text: String, settings: PostgresSettings) -> String? {
        let host: String
        let port: Int
        switch settings.endpoint {
        case .tcp(let h, let p): host = h; port = p
        case .socket(let folder, let p):
            // libpq matches a socket connection under "localhost" (its default folder) or the folder itself.
            host = folder; port = p
        }
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) where !line.hasPrefix("#") {
            let fields = split(line)
            guard fields.count == 5 else { continue }
            let hostMatches = fields[0] == "*" || fields[0] == host
                || (settings.endpoint.socketPath != nil && fields[0] == "localhost")
            if hostMatches, fields[1] == "*" || fields[1] == String(port),
               fields[2] == "*" || fields[2] == settings.database, fields[3] == "*" || fields[3] == settings.user {
                return fields[4]
            }
        }
        return nil
    }

    /// Splits on unescaped colons; the password (last field) keeps any further colons, as libpq does.
    static func split(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for c in line {
            if escaped { current.append(c); escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            if c == ":" && fields.count < 4 { fields.append(current); current = ""; continue }
            current.append(c)
        }
        fields.append(current)
        return fields
    }
}
