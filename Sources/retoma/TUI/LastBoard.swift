import Foundation
import RetomaChannels

/// The board each database was last shown on, so the next run opens there: `$XDG_STATE_HOME/retoma/last-board.json`
/// (a person's choice on this machine, not a fact for every operator of a shared database, so not in it).
/// A missing or unreadable file means "the default board"; nothing here stops the board from opening.
struct LastBoard: Sendable {
    let path: String
    /// The database, as an absolute path: two spellings of one file are one entry.
    let database: String
    /// Databases remembered at most; the least recent give way.
    static let capacity = 50

    init(database: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        path = LineLog.defaultPath("last-board.json", environment: environment)
        self.database = URL(fileURLWithPath: database).standardizedFileURL.path
    }

    private struct Entry: Codable {
        var database: String
        var board: Int64
    }

    private func entries() -> [Entry] {
        guard let data = FileManager.default.contents(atPath: path),
              let list = try? JSONDecoder().decode([Entry].self, from: data) else { return [] }
        return list
    }

    func read() -> Int64? { entries().first { $0.database == database }?.board }

    /// Best effort: a board that cannot be remembered still opens now.
    func remember(_ board: Int64) {
        var list = entries().filter { $0.database != database }
        list.insert(Entry(database: database, board: board), at: 0)
        guard let data = try? JSONEncoder().encode(Array(list.prefix(Self.capacity))) else { return }
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        // Written beside and renamed over, owner-only: a crash mid-write leaves the old file whole.
        let temporary = path + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { return }
        let written = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        if written == data.count { _ = rename(temporary, path) } else { unlink(temporary) }
    }
}
