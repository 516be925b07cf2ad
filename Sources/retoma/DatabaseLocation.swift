import Foundation
import RetomaCore
import RetomaPostgres

/// Where the database lives, and what kind it is.
enum DatabaseLocation {
    /// `--db` > `RETOMA_DB` > `[database] url` in the config > `$XDG_DATA_HOME/retoma/retoma.db` >
    /// `~/.local/share/retoma/retoma.db`.
    static func resolve(flag: String?, environment: [String: String], configURL: String? = nil) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let env = environment["RETOMA_DB"], !env.isEmpty { return env }
        if let configURL, !configURL.isEmpty { return configURL }
        // The XDG spec says relative values are invalid and must be ignored.
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return (xdg as NSString).appendingPathComponent("retoma/retoma.db")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".local/share/retoma/retoma.db")
    }

    /// True when there is nothing there yet (or an empty file): the board offers the demo.
    static func isFresh(_ path: String) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return true }
        return (attributes[.size] as? NSNumber)?.intValue == 0
    }
}

/// What a database location names: an SQLite file or a PostgreSQL server.
enum DatabaseTarget: Equatable {
    case file(String)
    case postgres(url: String)

    /// `postgres://` and `postgresql://` select PostgreSQL. Anything else that looks like a URL (`scheme://…`, or
    /// `scheme:` and more that is no Windows-style drive path) is refused: taken as a path it would silently become
    /// a folder named after the scheme. Everything else is a file path.
    static func classify(_ location: String) throws(DatabaseLocationError) -> DatabaseTarget {
        if PostgresSettings.isPostgresURL(location) { return .postgres(url: location) }
        if let scheme = urlScheme(location) { throw .unknownScheme(scheme) }
        return .file(location)
    }

    /// The scheme of a URL-looking value (RFC 3986: a letter, then letters, digits, "+", "-", "."), or nil.
    static func urlScheme(_ location: String) -> String? {
        guard let colon = location.firstIndex(of: ":") else { return nil }
        let scheme = location[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        let rest = location[location.index(after: colon)...]
        guard !rest.isEmpty else { return nil }
        if scheme.count == 1 && (rest.hasPrefix("/") || rest.hasPrefix("\\")) { return nil }
        return String(scheme)
    }
}

/// A database location Retoma cannot use. The message names only the scheme: the rest may hold credentials.
enum DatabaseLocationError: Error, Equatable {
    case unknownScheme(String)

    func message(_ lang: Lang) -> String {
        switch self {
        case .unknownScheme(let scheme):
            return lang == .pt
                ? "o banco \"\(scheme):…\" é uma URL que o Retoma não conhece; informe o caminho de um arquivo ou postgres://usuario@host:5432/banco"
                : "the database \"\(scheme):…\" is a URL Retoma does not know; give a file path or postgres://user@host:5432/dbname"
        }
    }
}
