import Foundation
import GRDB
import RetomaStore

extension Scratch {
    /// A demo database of 8 deals at `name`, then rolled back by `undo` (SQL run outside the store) to how an
    /// earlier build left it, for the migrations that upgrade it.
    func olderDemoDatabase(_ name: String, undo: [String]) throws -> String {
        let file = path(name)
        let store = try Store(path: file)
        _ = try store.seedDemo(deals: 8, now: Fixture.now)
        try store.close()
        let queue = try DatabaseQueue(path: file)
        try queue.write { db in for sql in undo { try db.execute(sql: sql) } }
        try queue.close()
        return file
    }
}
