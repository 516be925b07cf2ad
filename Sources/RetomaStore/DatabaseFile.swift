import Foundation
import RetomaCore

/// What is at the database path before SQLite is allowed near it.
enum DatabaseFile {
    enum State: Equatable {
        case missing
        /// Zero bytes: SQLite treats it as a new, empty database.
        case empty
        case sqlite
    }

    static let sqliteHeader = Array("SQLite format 3\0".utf8)

    /// Reads only the first 16 bytes, so a foreign file is refused before SQLite could
    /// create -wal/-shm files beside it or change it.
    static func inspect(path: String) throws(StoreError) -> State {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .missing }
        if isDirectory.boolValue { throw .io("\(path) is a directory, not a database file") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .io("cannot read \(path) (check its permissions)")
        }
        defer { try? handle.close() }
        let head: Data
        do {
            head = try handle.read(upToCount: sqliteHeader.count) ?? Data()
        } catch {
            throw .io("cannot read \(path): \(error.localizedDescription)")
        }
        if head.isEmpty { return .empty }
        guard Array(head) == sqliteHeader else { throw .notADatabase(path: path) }
        return .sqlite
    }

    /// Owner-only: every conversation is in the file. SQLite gives the -wal and -shm files it creates the
    /// main file's mode, so the main file's mode decides all three.
    static let fileMode: mode_t = 0o600
    static let folderMode: mode_t = 0o700

    static func parent(of path: String) -> String {
        URL(fileURLWithPath: path).deletingLastPathComponent().path
    }

    /// Creates the missing folders owner-only (Foundation sets the mode with chmod, so the umask cannot widen
    /// it); folders that already exist are left as they are.
    static func createParentDirectory(of path: String) throws(StoreError) {
        let parent = parent(of: path)
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: Int(folderMode)])
        } catch {
            throw .io("cannot create the folder \(parent): \(error.localizedDescription)")
        }
    }

    /// Creates the empty database file owner-only before SQLite would create it as 0666 minus the umask
    /// (0644 under the usual 022). An empty file is a new database to SQLite.
    static func createEmpty(path: String) throws(StoreError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        guard fd >= 0 else {
            // Another process created it first: the check after opening looks at its mode.
            if errno == EEXIST { return }
            throw .io("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        // open's mode passes through the umask, which may also take the owner's bits away; fchmod does not.
        guard fchmod(fd, fileMode) == 0 else { throw .io("cannot set the mode of \(path): \(String(cString: strerror(errno)))") }
    }

    /// The database file, its -wal and -shm files when present, and its folder, where other local users
    /// may read or enter them; nil when all are owner-only.
    static func exposure(path: String) -> FileExposure? {
        var items: [FileExposure.Item] = []
        for file in [path, path + "-wal", path + "-shm"] {
            if let mode = permissions(file), mode & 0o077 != 0 { items.append(.init(path: file, mode: mode, isFolder: false)) }
        }
        let folder = parent(of: path)
        if let mode = permissions(folder), mode & 0o077 != 0 { items.append(.init(path: folder, mode: mode, isFolder: true)) }
        return items.isEmpty ? nil : FileExposure(items: items)
    }

    private static func permissions(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_mode & 0o777)
    }
}

/// Other local users can read the database, or enter its folder: the conversations are exposed. Opening goes
/// on; the command line says so once, on stderr.
public struct FileExposure: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var path: String
        /// Permission bits, like 0o644.
        public var mode: Int
        public var isFolder: Bool
        public init(path: String, mode: Int, isFolder: Bool) { self.path = path; self.mode = mode; self.isFolder = isFolder }
    }

    public var items: [Item]

    public func message(_ lang: Lang) -> String {
        let list = items.map { "\($0.path) (\(String(format: "%04o", $0.mode)))" }.joined(separator: ", ")
        let pt = lang == .pt
        let fix = [items.contains { !$0.isFolder } ? (pt ? "chmod 600 nos arquivos" : "chmod 600 on the files") : nil,
                   items.contains(where: \.isFolder) ? (pt ? "chmod 700 na pasta" : "chmod 700 on the folder") : nil]
            .compactMap { $0 }.joined(separator: pt ? " e " : " and ")
        return pt
            ? "aviso: outros usuários desta máquina podem ler \(list), e com isso as conversas; corrija com \(fix)"
            : "warning: other users of this machine can read \(list), and with it the conversations; fix it with \(fix)"
    }
}
