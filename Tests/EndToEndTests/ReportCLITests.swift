import Foundation
import RetomaCore
import RetomaStore
import Testing

/// `retoma report`: the follow-ups written through the store, read back by the command as one JSON document or
/// lines, and bad days, ids and periods refused in one line.
@Suite("retoma report")
struct ReportCLITests {
    let cli: CLITests
    init() throws { cli = try CLITests() }

    /// Column "A" with two deals: a first follow-up answered in 2 h; a first one unanswered and a second answered in 30 h.
    func world() throws -> (board: Int64, column: Int64, other: Int64, day: String) {
        let store = try Store(path: cli.db)
        defer { try? store.close() }
        let board = try store.addBoard(name: "Funil")
        let column = try store.addColumn(boardID: board.id, name: "A")
        let other = try store.addColumn(boardID: board.id, name: "B")
        var config = column.followUp
        config.instructions = "Seja breve."
        try store.setFollowUp(columnID: column.id, config: config, author: "ana")
        let t0 = Date().addingTimeInterval(-5 * 86_400)
        for (n, followUps) in [[0.0], [0.0, 24.0]].enumerated() {
            let deal = try store.addDeal(NewDeal(columnID: column.id, title: "D\(n)", contactName: "C\(n)",
                                                 phone: "1198765432\(n)"))
            for hours in followUps {
                try store.addMessage(dealID: deal.id, author: .followup, text: "f", at: t0.addingTimeInterval(hours * 3600))
            }
            let replyHours = n == 0 ? 2.0 : 54.0
            try store.addMessage(dealID: deal.id, author: .customer, text: "oi", at: t0.addingTimeInterval(replyHours * 3600))
        }
        return (board.id, column.id, other.id, BrazilTime.localDate(t0).description)
    }

    @Test func jsonHasTheIssuesKeysAndFigures() throws {
        let w = try world()
        let out = try cli.ok(["report", "--board", "Funil", "--json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        #expect(Set(doc.keys) == ["from", "to", "columns"])
        let today = BrazilTime.localDate(Date())
        #expect(doc["to"] as? String == today.description)
        #expect(doc["from"] as? String == today.adding(days: -29).description)
        let columns = try #require(doc["columns"] as? [[String: Any]])
        #expect(columns.count == 2)
        let a = columns[0]
        #expect(Set(a.keys).isSuperset(of: ["id", "board", "name", "sent", "replied24h", "replied72h", "replyRate",
                                            "medianReplyMinutes", "optOuts", "byAttempt", "byInstructionVersion"]))
        #expect(a["id"] as? Int64 == w.column && a["board"] as? Int64 == w.board && a["name"] as? String == "A")
        #expect(a["sent"] as? Int == 3 && a["replied24h"] as? Int == 1 && a["replied72h"] as? Int == 2)
        #expect(a["replyRate"] as? Double == 2.0 / 3)
        #expect(a["medianReplyMinutes"] as? Double == Double(120 + 1800) / 2)
        #expect(a["optOuts"] as? Int == 0)
        let attempts = try #require(a["byAttempt"] as? [[String: Any]])
        #expect(attempts.map { Set($0.keys) } == [["attempt", "sent", "replied72h"], ["attempt", "sent", "replied72h"]])
        #expect(attempts.map { $0["attempt"] as? Int } == [1, 2])
        #expect(attempts.map { $0["sent"] as? Int } == [2, 1])
        #expect(attempts.map { $0["replied72h"] as? Int } == [1, 1])
        let versions = try #require(a["byInstructionVersion"] as? [[String: Any]])
        #expect(versions.count == 1)
        #expect(Set(versions[0].keys).isSuperset(of: ["version", "since", "sent", "replied72h"]))
        #expect(versions[0]["version"] as? Int == 1 && versions[0]["sent"] as? Int == 3)
        #expect(versions[0]["since"] is String && versions[0]["author"] as? String == "ana")
        #expect(columns[1]["sent"] as? Int == 0)
        #expect(columns[1]["medianReplyMinutes"] is NSNull)

        // A period before the follow-ups counts none; one column alone.
        let before = try cli.ok(["report", "--column", String(w.column), "--since", "2020-01-01", "--until", "2020-01-31", "--json"])
        let beforeDoc = try #require(try JSONSerialization.jsonObject(with: Data(before.utf8)) as? [String: Any])
        let only = try #require(beforeDoc["columns"] as? [[String: Any]])
        #expect(only.count == 1 && only[0]["sent"] as? Int == 0 && beforeDoc["from"] as? String == "2020-01-01")
        // The first day alone: the two first follow-ups (the second attempt went out the next day).
        let onDay = try cli.ok(["report", "--column", String(w.column), "--since", w.day, "--until", w.day, "--lang", "en"])
        #expect(onDay.contains("sent 2 · replied within 24 h 1 · within 72 h 1 (50.0%)"), "\(onDay)")
    }

    @Test func badDaysIdsAndPeriodsAreOneLine() throws {
        _ = try world()
        #expect(try cli.refused(["report", "--since", "2026-02-30", "--lang", "en"]).contains("malformed day \"2026-02-30\""))
        #expect(try cli.refused(["report", "--until", "ontem"]).contains("dia inválido"))
        #expect(try cli.refused(["report", "--column", "999", "--lang", "en"]).contains("999"))
        #expect(try cli.refused(["report", "--board", "Nada"]).contains("Nada"))
        #expect(try cli.refused(["report", "--since", "2026-03-05", "--until", "2026-03-01", "--lang", "en"])
            .contains("period"))
        #expect(try cli.refused(["report", "--since", "1990-01-01", "--until", "2026-03-01"]).contains("3660"))
    }
}
