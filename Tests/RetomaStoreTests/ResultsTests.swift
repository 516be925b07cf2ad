import Foundation
import GRDB
import RetomaCore
import RetomaStore
import Testing
import StoreTestBackend

@Suite("Results")
struct ResultsTests {
    let t0 = Fixture.now.addingTimeInterval(-20 * 86_400)
    func at(_ hours: Double) -> Date { t0.addingTimeInterval(hours * 3600) }
    var period: ResultsPeriod { ResultsPeriod(from: BrazilTime.localDate(at(-24)), to: BrazilTime.localDate(Fixture.now)) }

    /// What Core says of the deal's whole conversation.
    func coreOutcomes(_ store: Store, deal: Int64) throws -> [ReplyAttribution.Outcome] {
        ReplyAttribution.outcomes(try store.dealDetail(id: deal).messages.map { .init(id: $0.id, author: $0.author, at: $0.at) })
    }

    @Test func theStoreKeepsWhatCoreSaysAsMessagesArriveInAnyOrder() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        var random = SplitMix64(seed: 14)
        for n in 0..<12 {
            let deal = try Fixture.deal(store, column: columns[n % 3].id, title: "D\(n)", phone: "1198765\(String(format: "%04d", n))")
            for _ in 0..<(4 + Int(random.next() % 10)) {
                let author: MessageAuthor = [.agent, .followup, .followup, .customer][Int(random.next() % 4)]
                // Mostly in order; one in five lands behind the newest (an import of older messages).
                let hours = Double(random.next() % 400) / 2
                _ = try store.addMessage(dealID: deal.id, author: author, text: "m", at: at(hours))
            }
            let kept = try store.followUpOutcomes(dealID: deal.id)
            #expect(kept == (try coreOutcomes(store, deal: deal.id)), "deal \(n)")
        }
    }

    @Test func reportCountsSentRepliesMedianAttemptsAndDays() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        let a = try Fixture.deal(store, column: columns[0].id, title: "A", phone: "11987650001")
        let b = try Fixture.deal(store, column: columns[0].id, title: "B", phone: "11987650002")
        let c = try Fixture.deal(store, column: columns[1].id, title: "C", phone: "11987650003")
        try store.addMessage(dealID: a.id, author: .agent, text: "olá", at: at(0))
        try store.addMessage(dealID: a.id, author: .followup, text: "f1", at: at(24))
        try store.addMessage(dealID: a.id, author: .followup, text: "f2", at: at(48))
        try store.addMessage(dealID: a.id, author: .customer, text: "sim", at: at(50))        // f2: 120 min
        try store.addMessage(dealID: b.id, author: .followup, text: "f1", at: at(0))
        try store.addMessage(dealID: b.id, author: .customer, text: "depois", at: at(30))     // 1800 min, > 24 h
        try store.addMessage(dealID: b.id, author: .followup, text: "f1", at: at(100))
        try store.addMessage(dealID: b.id, author: .customer, text: "tarde", at: at(180))     // past 72 h
        try store.addMessage(dealID: c.id, author: .followup, text: "f1", at: at(0))
        let report = try store.results(period: period, boardID: board.id)
        #expect(report.columns.map(\.name) == ["A", "B", "C"])
        let first = report.columns[0]
        #expect(first.sent == 4)
        #expect(first.replied24h == 1)
        #expect(first.replied72h == 2)
        #expect(first.replyRate == 0.5)
        #expect(first.medianReplyMinutes == Double(120 + 1800) / 2)
        #expect(first.byAttempt == [.init(attempt: 1, sent: 3, replied24h: 0, replied72h: 1),
                                    .init(attempt: 2, sent: 1, replied24h: 1, replied72h: 1)])
        #expect(first.repliesPerDay.reduce(0, +) == 2)
        #expect(first.repliesPerDay.count == period.dayCount)
        let dayOfReply = BrazilTime.localDate(at(50)).dayNumber - period.from.dayNumber
        #expect(first.repliesPerDay[dayOfReply] >= 1)
        #expect(report.columns[1].sent == 1 && report.columns[1].replied72h == 0
                && report.columns[1].medianReplyMinutes == nil)
        // A period that ends before the follow-ups went out counts none of them; one column alone.
        let before = ResultsPeriod(from: period.from, to: BrazilTime.localDate(at(-24)))
        #expect(try store.results(period: before, boardID: board.id).columns.map(\.sent) == [0, 0, 0])
        #expect(try store.results(period: period, columnID: columns[1].id).columns.map(\.id) == [columns[1].id])
        #expect(throws: StoreError.invalid(.reportPeriod(from: period.to.description, to: period.from.description))) {
            try store.results(period: ResultsPeriod(from: period.to, to: period.from))
        }
        #expect(throws: StoreError.notFound(entity: "column", id: 999)) { try store.results(period: period, columnID: 999) }
    }

    @Test func savedInstructionsAreVersionsAndFollowUpsCountUnderTheirs() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        let column = columns[0]
        var config = column.followUp
        config.instructions = "Seja breve."
        try store.setFollowUp(columnID: column.id, config: config, author: "ana")
        config.interval = Interval(amount: 2, unit: .days)
        try store.setFollowUp(columnID: column.id, config: config, author: "ana")   // no text changed: no version
        let deal = try Fixture.deal(store, column: column.id, title: "T")
        try store.addMessage(dealID: deal.id, author: .followup, text: "f", at: at(0))
        try store.addMessage(dealID: deal.id, author: .customer, text: "ok", at: at(1))
        config.extraInfo = "Se pedir desconto, ofereça 5%."
        try store.setFollowUp(columnID: column.id, config: config)
        try store.addMessage(dealID: deal.id, author: .followup, text: "f", at: at(30))
        let versions = try store.instructionVersions(columnID: column.id)
        #expect(versions.map(\.version) == [1, 2])
        #expect(versions.map(\.author) == ["ana", InstructionVersions_processUser()])
        #expect(versions[1].extra == "Se pedir desconto, ofereça 5%." && versions[1].instructions == "Seja breve.")
        #expect(versions.allSatisfy { $0.savedAt == Fixture.now })
        let results = try store.results(period: period, columnID: column.id).columns[0]
        #expect(results.byInstructionVersion.map(\.version) == [1, 2])
        #expect(results.byInstructionVersion.map(\.sent) == [1, 1])
        #expect(results.byInstructionVersion.map(\.replied72h) == [1, 0])
        #expect(results.byInstructionVersion[0].since == Fixture.now)
    }

    /// The name the store signs versions with when not told: the OS user's login name.
    func InstructionVersions_processUser() -> String {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return "operator" }
        return String(cString: name)
    }

    @Test func optOutsClosedTicketsAfterAFollowUpAreCountedInTheirColumn() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        let a = try Fixture.deal(store, column: columns[0].id, title: "A", phone: "11987650001")
        let b = try Fixture.deal(store, column: columns[0].id, title: "B", phone: "11987650002")
        let c = try Fixture.deal(store, column: columns[0].id, title: "C", phone: "11987650003")
        try store.addMessage(dealID: a.id, author: .followup, text: "f", at: at(0))
        try store.addMessage(dealID: a.id, author: .customer, text: "Não quero mais receber", at: at(2))
        try store.addMessage(dealID: a.id, author: .customer, text: "pare", at: at(3))        // already out: once
        try store.addMessage(dealID: b.id, author: .followup, text: "f", at: at(0))
        try store.setTicketClosed(dealID: b.id, closed: true)
        try store.setTicketClosed(dealID: b.id, closed: true)
        try store.setTicketClosed(dealID: c.id, closed: true)                                  // no follow-up there
        let results = try store.results(period: period, columnID: columns[0].id).columns[0]
        #expect(results.optOuts == 1)
        #expect(results.closedAfterFollowUp == 1)
        #expect(results.movedOnMax == 0)
    }

    @Test func optOutsTheOperatorMarksCountLikeTheCustomersOnceAPerson() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        let a = try Fixture.deal(store, column: columns[0].id, title: "A", phone: "11987650001")
        // The same person, stored without the ninth digit, in another column: the deal screen's o there.
        let a2 = try Fixture.deal(store, column: columns[1].id, title: "A2", phone: "1187650001")
        let b = try Fixture.deal(store, column: columns[2].id, title: "B", phone: "11987650002")
        try store.setOptOut(contactID: a2.contactID, optedOut: true, dealID: a2.id)
        // Already out: neither the command nor the customer's own words count them again.
        try store.setOptOut(phone: "11987650001", optedOut: true)
        try store.addMessage(dealID: a.id, author: .customer, text: "pare", at: at(1))
        // `retoma contact optout` names no deal: the person's first deal's column.
        try store.setOptOut(phone: "11987650002", optedOut: true)
        #expect(try store.results(period: period, boardID: board.id).columns.map(\.optOuts) == [0, 1, 1])
        // Clearing one changes nothing already counted.
        try store.setOptOut(contactID: b.contactID, optedOut: false)
        #expect(try store.results(period: period, boardID: board.id).columns.map(\.optOuts) == [0, 1, 1])
    }

    @Test(.sqliteOnly("upgrades an SQLite file made by an earlier Retoma (GRDB migrations)")) func migrationBackfillsResultsVersionsAndEventsFromTheConversations() throws {
        let scratch = try Scratch()
        let file = scratch.path("old.db")
        var deals: [Int64] = []
        do {
            let store = try Store(path: file, now: { Fixture.now })
            let (_, columns) = try Fixture.board(store)
            var config = columns[1].followUp
            config.instructions = "Antes da v11"
            try store.setFollowUp(columnID: columns[1].id, config: config)
            for n in 0..<3 {
                let deal = try Fixture.deal(store, column: columns[n].id, title: "D\(n)", phone: "1198765000\(n)")
                deals.append(deal.id)
                try store.addMessage(dealID: deal.id, author: .followup, text: "f", at: at(0))
                try store.addMessage(dealID: deal.id, author: .followup, text: "f", at: at(24))
                try store.addMessage(dealID: deal.id, author: .customer, text: n == 2 ? "pare" : "oi", at: at(25 + Double(n)))
            }
            try store.setTicketClosed(dealID: deals[0], closed: true)
            try store.close()
        }
        let queue = try DatabaseQueue(path: file)
        try queue.write { db in
            try db.execute(sql: """
                DROP TABLE followup_event; DROP TABLE followup_daily; DROP TABLE followup_result;
                DROP TABLE column_instruction_version; DELETE FROM grdb_migrations WHERE identifier = 'v11'
                """)
        }
        try queue.close()
        let store = try Store(path: file, now: { Fixture.now })
        for deal in deals {
            #expect(try store.followUpOutcomes(dealID: deal) == (try coreOutcomes(store, deal: deal)))
            #expect(try store.followUpOutcomes(dealID: deal).count == 2)
        }
        let report = try store.results(period: period)
        #expect(report.columns.map(\.sent) == [2, 2, 2])
        #expect(report.columns.map(\.replied72h) == [1, 1, 1])
        #expect(report.columns.map(\.optOuts) == [0, 0, 1])
        #expect(report.columns.map(\.closedAfterFollowUp) == [1, 0, 0])
        let versions = try store.instructionVersions(columnID: report.columns[1].id)
        #expect(versions.map(\.version) == [1] && versions[0].instructions == "Antes da v11"
                && versions[0].author == "operator")
        #expect(report.columns[1].byInstructionVersion.map(\.sent) == [2])
    }
}
