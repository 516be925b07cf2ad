import Foundation
import GRDB
import RetomaCore
@testable import RetomaStore
import Testing
import StoreTestBackend

/// Migration v12 rebuilds the follow-up ledger so an attempt may wait for review: an earlier database keeps
/// every attempt and its ids go on from the old sequence; a draft in review holds its deal like any attempt in flight.
@Suite(.sqliteOnly("upgrades an SQLite file made by an earlier Retoma (GRDB migrations)")) struct ReviewMigrationTests {
    @Test func anEarlierLedgerKeepsItsRowsAndItsSequenceAndReviewHoldsTheDeal() throws {
        let scratch = try Scratch()
        let path = scratch.path("v11.db")
        let insert = """
            INSERT INTO followup_attempt (id, deal_id, anchor_message_id, attempt_number, sequence_number, column_id,
                contact_name, phone, state, text, due_at, planned_at, updated_at)
            VALUES (?, 1, 10, ?, 1, 1, 'Ana', '+5511900000001', ?, 'Oi Ana!', 1, 1, 1)
            """
        do {
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue, upTo: "v11")
            try queue.write { db in
                #expect(throws: (any Error).self) { try db.execute(sql: insert, arguments: [1, 1, "review"]) }
                try db.execute(sql: insert, arguments: [5, 1, "ready"])
                try db.execute(sql: insert, arguments: [9, 2, "cancelled"])
                try db.execute(sql: "DELETE FROM followup_attempt WHERE id = 9")
            }
            try queue.close()
        }
        let store = try Store(path: path)
        let kept = try store.attempt(id: 5)
        #expect(kept.state == .ready && kept.text == "Oi Ana!" && kept.reviewedAt == nil && !kept.edited)
        try store.close()
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        try queue.write { db in
            // Ready holds deal 1: a second attempt in flight, in review or not, is refused.
            #expect(throws: (any Error).self) { try db.execute(sql: insert, arguments: [nil, 3, "review"]) }
            try db.execute(sql: "UPDATE followup_attempt SET state = 'cancelled' WHERE id = 5")
            try db.execute(sql: insert, arguments: [nil, 3, "review"])
            #expect(db.lastInsertedRowID == 10, "ids go on after the deleted 9")
            #expect(throws: (any Error).self) { try db.execute(sql: insert, arguments: [nil, 4, "planned"]) }
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'followup_attempt' AND sql IS NOT NULL ORDER BY name")
            #expect(indexes == ["followup_attempt_by_channel_id", "followup_attempt_by_recipient", "followup_attempt_by_sending",
                                "followup_attempt_by_update", "followup_attempt_one_active", "followup_attempt_open"])
        }
    }
}
