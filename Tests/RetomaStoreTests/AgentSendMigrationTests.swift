import Foundation
import GRDB
import RetomaCore
@testable import RetomaStore
import Testing
import StoreTestBackend

/// Migration v8 rebuilds the governor's send log so a start says which ledger it came from: the follow-ups'
/// starts of an earlier database stay counted, and a row must name exactly one ledger.
@Suite(.sqliteOnly("upgrades an SQLite file made by an earlier Retoma (GRDB migrations)")) struct AgentSendMigrationTests {
    @Test func anEarlierSendLogKeepsItsStartsAndEachRowNamesOneLedger() throws {
        let scratch = try Scratch()
        let path = scratch.path("v7.db")
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        do {
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue, upTo: "v7")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO send_log (sender, at_ms, attempt_id) VALUES ('cloud:1', ?, 7), ('cloud:1', ?, 8)",
                               arguments: [Int64(start.timeIntervalSince1970 * 1000), Int64(start.timeIntervalSince1970 * 1000) + 5000])
            }
            try queue.close()
        }
        let store = try Store(path: path)
        #expect(try store.sendHistory(sender: "cloud:1", since: start.addingTimeInterval(-1), until: start.addingTimeInterval(60))
                == [start, start.addingTimeInterval(5)])
        try store.close()
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        try queue.write { db in
            #expect(throws: (any Error).self) {
                try db.execute(sql: "INSERT INTO send_log (sender, at_ms) VALUES ('cloud:1', 1)")
            }
            #expect(throws: (any Error).self) {
                try db.execute(sql: "INSERT INTO send_log (sender, at_ms, attempt_id, agent_send_id) VALUES ('cloud:1', 1, 1, 1)")
            }
            try db.execute(sql: "INSERT INTO send_log (sender, at_ms, agent_send_id) VALUES ('cloud:1', 1, 1)")
        }
    }
}
