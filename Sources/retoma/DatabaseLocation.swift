import Foundation

/// Where the database lives when no `--db` is given.
enum DatabaseLocation {
    /// `--db` > `RETOMA_DB` > `$XDG_DATA_HOME/retoma/retoma.db` > `~/.local/share/retoma/retoma.db`.
    static func resolve(flag: String?, environment: [String: String]) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let env = environment["RETOMA_DB"], !env.isEmpty { return env }
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
