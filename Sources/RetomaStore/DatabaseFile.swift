import Foundation

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

    static func createParentDirectory(of path: String) throws(StoreError) {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create the folder \(parent): \(error.localizedDescription)")
        }
    }
}
