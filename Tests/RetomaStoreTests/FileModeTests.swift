import Foundation
import RetomaCore
import RetomaStore
import Testing
import StoreTestBackend

/// Every conversation is in the database: other local users must not be able to read it.
@Suite("Database file modes", .serialized, .sqliteOnly("permissions of the SQLite file and its folders"))
struct FileModeTests {
    func mode(_ path: String) throws -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        return Int(info.st_mode & 0o777)
    }

    /// Runs `body` under `mask`, the process's umask being restored afterwards.
    func underUmask<T>(_ mask: mode_t, _ body: () throws -> T) rethrows -> T {
        let previous = umask(mask)
        defer { umask(previous) }
        return try body()
    }

    @Test func aNewDatabaseAndItsLogFilesAreOwnerOnlyInOwnerOnlyFoldersUnderTheUsualUmask() throws {
        let scratch = try Scratch()
        let path = scratch.path("dados/retoma/retoma.db")
        let store = try underUmask(0o022) { () throws -> Store in
            let store = try Store(path: path)
            _ = try store.addBoard(name: "Vendas")   // a write, so the -wal and -shm files exist
            return store
        }
        #expect(try mode(path) == 0o600)
        #expect(try mode(path + "-wal") == 0o600)
        #expect(try mode(path + "-shm") == 0o600)
        #expect(try mode(scratch.path("dados/retoma")) == 0o700)
        #expect(try mode(scratch.path("dados")) == 0o700)
        #expect(store.exposure == nil)
        try store.close()
        #expect(try mode(path) == 0o600)
    }

    @Test func aUmaskThatTakesTheOwnersBitsStillGivesAUsableOwnerOnlyFile() throws {
        let scratch = try Scratch()
        let path = scratch.path("retoma.db")
        let store = try underUmask(0o277) { try Store(path: path) }
        #expect(try mode(path) == 0o600)
        _ = try store.addBoard(name: "Vendas")
        try store.close()
    }

    @Test func anExistingDatabaseOthersCanReadOpensWithAWarningNamingIt() throws {
        let scratch = try Scratch()
        let path = scratch.path("retoma.db")
        try scratch.store().close()
        #expect(chmod(scratch.directory.path, 0o700) == 0)
        #expect(try scratch.store().exposure == nil)

        #expect(chmod(path, 0o644) == 0)
        let store = try scratch.store()
        let exposure = try #require(store.exposure)
        #expect(exposure.items.contains { $0.path == path && $0.mode == 0o644 && !$0.isFolder })
        #expect(exposure.items.allSatisfy { !$0.isFolder })
        #expect(try store.boardListings().isEmpty, "the database still opens and works")
        for lang in [Lang.pt, Lang.en] {
            let text = exposure.message(lang)
            #expect(text.contains(path) && text.contains("644") && text.contains("chmod 600") && !text.contains("\n"))
        }
        // The mode is reported, not changed.
        #expect(try mode(path) == 0o644)
    }

    @Test func aFolderOthersCanEnterIsReportedToo() throws {
        let scratch = try Scratch()
        try scratch.store().close()
        #expect(chmod(scratch.directory.path, 0o755) == 0)
        let exposure = try #require(try scratch.store().exposure)
        #expect(exposure.items == [FileExposure.Item(path: scratch.directory.path, mode: 0o755, isFolder: true)])
        #expect(exposure.message(.en).contains("chmod 700"))
    }
}
