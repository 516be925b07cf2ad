import Foundation
import RetomaCore
import Testing
@testable import RetomaStore

/// `Store.importDeals` on real SQLite files: what `retoma import deals` writes once the sheet is checked.
@Suite("Import deals")
struct ImportDealsTests {
    let t0 = Fixture.now.addingTimeInterval(-3 * 86_400)
    func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }

    /// `n` deals, one phone each (DDD 11, a mobile with its ninth digit), titled "Proposta i", with a conversation.
    func rows(_ n: Int, from first: Int = 0) -> [ImportDeal] {
        (first..<(first + n)).map { (i: Int) -> ImportDeal in
            let minute = Double(i)
            let messages = [ImportMessage(author: .agent, text: "Segue a proposta \(i)", at: at(minute)),
                            ImportMessage(author: .customer, text: "Vou ver", at: at(minute + 30))]
            let phone = "+55119" + String(format: "%08d", 80_000_000 + i)
            return ImportDeal(line: i + 2, title: "Proposta \(i)", contactName: "José \(i)", phone: phone,
                              email: "j\(i)@ex.com.br", company: "Padaria \(i % 7)", valueCents: Int64(100 * i),
                              messages: messages)
        }
    }

    /// The same deal with the contact's number written without the ninth digit.
    func withoutNinthDigit(_ deal: ImportDeal) -> ImportDeal {
        var d = deal
        d.phone = "+5511" + String(deal.phone.dropFirst(6))
        return d
    }

    func count(_ store: Store, _ table: String) throws -> Int {
        try store.readBehind("SELECT COUNT(*) FROM \(table)").first?[0] ?? -1
    }

    @Test func theSameRowsTwiceCreateNothingNewInEitherNinthDigitForm() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        // A deal already on the board, its contact stored without the ninth digit.
        let old = try Fixture.deal(store, column: columns[1].id, title: "Proposta 3", phone: "1180000003")
        let deals = rows(400)
        let first = try store.importDeals(deals, columnID: columns[0].id)
        #expect(first.created.count == 399)
        #expect(first.existing.map(\.line) == [5] && first.existing.map(\.dealID) == [old.id])
        let counts = try ["deal", "contact", "message"].map { try count(store, $0) }
        #expect(counts == [400, 400, 798])

        let again = try store.importDeals(deals, columnID: columns[0].id)
        #expect(again.created.isEmpty)
        #expect(again.existing.map(\.dealID) == deals.map { d in
            d.title == "Proposta 3" ? old.id : first.created.first { $0.line == d.line }!.dealID
        })
        let shorter = try store.importDeals(deals.map(withoutNinthDigit), columnID: columns[2].id)
        #expect(shorter.created.isEmpty && shorter.existing.count == 400)
        #expect(try ["deal", "contact", "message"].map { try count(store, $0) } == counts)
        #expect(try store.existingImportDeals(boardID: board.id).count == 400)
    }

    @Test func aFailureOnALateRowLeavesNothingWritten() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        try Fixture.deal(store, column: columns[0].id, title: "Antes")
        let before = try StoreDump(store)
        let tables = try ["deal", "contact", "message", "followup_result"].map { try count(store, $0) }
        var deals = rows(700)
        // Past the first batches already written in the transaction: value_cents' CHECK refuses row 601.
        deals[600].valueCents = -1
        #expect(throws: StoreError.self) { try store.importDeals(deals, columnID: columns[0].id) }
        #expect(try StoreDump(store) == before)
        #expect(try ["deal", "contact", "message", "followup_result"].map { try count(store, $0) } == tables)
        // The same file fixed imports in full afterwards: nothing half-written stands in its way.
        deals[600].valueCents = 5
        #expect(try store.importDeals(deals, columnID: columns[0].id).created.count == 700)
    }

    @Test func countersSearchTextAndFactsAreRightAfterAnImport() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        // A contact with a company, who comes back in the file without one and with a new name.
        let known = try store.addDeal(NewDeal(columnID: columns[1].id, title: "Antiga", contactName: "Ana",
                                              phone: "11987650000", company: "Clínica Sorriso"))
        // More than the 1,000 search texts a write fills on its own.
        var deals = rows(1_200)
        deals[10] = ImportDeal(line: 12, title: "Retorno", contactName: "Ana Lima", phone: "+5511987650000")
        // The same conversation, message by message, as the reference for the facts the import sets in one go.
        let conversation = [ImportMessage(author: .agent, text: "Olá", at: at(0)),
                            ImportMessage(author: .followup, text: "E aí?", at: at(60)),
                            ImportMessage(author: .customer, text: "Oi", at: at(90)),
                            ImportMessage(author: .followup, text: "Fechamos?", at: at(200)),
                            ImportMessage(author: .followup, text: "Posso ajudar?", at: at(300))]
        deals[20].messages = conversation.reversed()
        let outcome = try store.importDeals(deals, columnID: columns[0].id)
        #expect(outcome.created.count == 1_200)

        let reference = try Fixture.deal(store, column: columns[2].id, title: "Referência", phone: "21987659999")
        for m in conversation { try store.addMessage(dealID: reference.id, author: m.author, text: m.text, at: m.at) }

        let rows = try store.readBehind("""
            SELECT d.title, ct.name, ct.company, ct.phone, d.search_text FROM deal d JOIN contact ct ON ct.id = d.contact_id
            """)
        #expect(rows.count == 1_202)
        for row in rows {
            let expected = CardSearch.text(title: row[0], contactName: row[1], company: row[2], phone: row[3])
            #expect(row[4] as String? == expected, "\(row[0] as String)")
        }
        let counted = try store.readBehind("""
            SELECT c.deal_count, (SELECT COUNT(*) FROM deal d WHERE d.column_id = c.id) FROM board_column c
            """)
        #expect(counted.allSatisfy { ($0[0] as Int) == ($0[1] as Int) })
        let positions: [Int] = try store.readBehind("SELECT position FROM deal WHERE column_id = ? ORDER BY position",
                                                    [columns[0].id]).map { $0[0] }
        #expect(positions == Array(0..<1_200))
        // Message ids named by a deal are its own messages, in the order they were written.
        func facts(_ id: Int64) throws -> [SQLValue] {
            let ids: [Int64] = try store.readBehind("SELECT id FROM message WHERE deal_id = ? ORDER BY at, id", [id]).map { $0[0] }
            let row = try #require(try store.readBehind("""
                SELECT last_message_at, last_message_author, fu_anchor_message_id, fu_anchor_at, fu_since_reply
                FROM deal WHERE id = ?
                """, [id]).first)
            let anchor: Int64? = row[2]
            return [row.value(at: 0), row.value(at: 1), (anchor.flatMap { ids.firstIndex(of: $0) }).sqlValue,
                    row.value(at: 3), row.value(at: 4)]
        }
        let imported = outcome.created.first { $0.line == 22 }!.dealID
        #expect(try facts(imported) == (try facts(reference.id)))
        #expect(try facts(imported)[4] == 2.sqlValue)
        // The board's figures and filter see the import at once.
        let page = try store.boardPage(id: board.id, filter: "padaria 3", pageSize: 5)
        #expect(page.columns.map(\.count) == [1_200, 1, 1] && page.columns[0].matching == 170)
        #expect(try store.dealDetail(id: known.id).contact.name == "Ana Lima")
        #expect(try store.dealDetail(id: known.id).contact.company == "Clínica Sorriso")
        // The imported follow-ups are in the results, as Core attributes the reply.
        #expect(try store.followUpOutcomes(dealID: imported).count == 3)
        #expect(try store.followUpOutcomes(dealID: imported).map { $0.reply != nil } == [true, false, false])
    }

    @Test func aCustomerReplyInTheFileStopsThePersonsOtherDealAsOneByOneWould() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        var deals = rows(4)
        // Deal 1 and deal 3 are one person: deal 3's customer message comes after our last message in deal 1.
        deals[3].phone = deals[1].phone
        deals[3].messages = [ImportMessage(author: .customer, text: "Respondo aqui", at: at(500))]
        // An opt-out in the customer's words stops every deal of that person.
        deals[2].messages = [ImportMessage(author: .customer, text: "Não quero mais receber mensagens", at: at(10))]
        let outcome = try store.importDeals(deals, columnID: columns[0].id)
        let ids = outcome.created.map(\.dealID)
        let stopped: [Int64] = try store.readBehind("SELECT id FROM deal WHERE fu_replied_in_deal_id = ? ORDER BY id", [ids[3]])
            .map { $0[0] }
        #expect(stopped == [ids[1]])
        #expect(try store.dealDetail(id: ids[2]).optOut?.source == .customer)
        #expect(try store.dealDetail(id: ids[0]).optOut == nil)
    }
}
