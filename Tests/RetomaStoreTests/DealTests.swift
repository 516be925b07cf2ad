import Foundation
import RetomaCore
import RetomaStore
import Testing

@Suite("Deals")
struct DealTests {
    @Test func addNormalizesThePhoneAndAppendsToTheColumn() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        let deal = try store.addDeal(NewDeal(columnID: columns[0].id, title: "  Orçamento 40 cadeiras – Escola Aurora ",
                                             contactName: " Beatriz Gomes ", phone: "(11) 98765-4321",
                                             valueCents: 1_680_000, ticketClosed: true))
        #expect(deal.title == "Orçamento 40 cadeiras – Escola Aurora")
        #expect(deal.position == 0 && deal.valueCents == 1_680_000 && deal.ticketClosed)
        #expect(deal.createdAt == Fixture.now)
        let detail = try store.dealDetail(id: deal.id)
        #expect(detail.contact.name == "Beatriz Gomes" && detail.contact.phone == "+5511987654321")
        #expect(detail.column.id == columns[0].id && detail.messages.isEmpty)
        #expect(try Fixture.deal(store, column: columns[0].id, title: "Segundo", phone: "21998765432").position == 1)
        #expect(try Fixture.titles(store, board: board.id)[0] == ["Orçamento 40 cadeiras – Escola Aurora", "Segundo"])
    }

    @Test func theSamePhoneMeansTheSameContact() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        let a = try Fixture.deal(store, column: columns[0].id, title: "A", phone: "+55 11 98765-4321", contact: "Maria")
        let b = try Fixture.deal(store, column: columns[1].id, title: "B", phone: "011 98765 4321", contact: "Maria Souza")
        #expect(a.contactID == b.contactID)
        #expect(try store.dealDetail(id: a.id).contact.name == "Maria Souza")
        let c = try Fixture.deal(store, column: columns[1].id, title: "C", phone: "21 99876-5432", contact: "Outra")
        #expect(c.contactID != a.contactID)
    }

    @Test func invalidInputIsRefusedAndChangesNothing() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        let existing = try Fixture.deal(store, column: columns[0].id, title: "Existente")
        let before = try StoreDump(store)
        func add(title: String = "T", contact: String = "Ana", phone: String = "11987654321",
                 value: Int64? = nil, column: Int64? = nil) throws {
            _ = try store.addDeal(NewDeal(columnID: column ?? columns[0].id, title: title, contactName: contact,
                                          phone: phone, valueCents: value))
        }
        #expect(throws: StoreError.invalid(.emptyTitle)) { try add(title: "  ") }
        #expect(throws: StoreError.invalid(.emptyContactName)) { try add(contact: "") }
        #expect(throws: StoreError.invalid(.phone(raw: "11 9876-abc", problem: .invalidCharacters("a")))) {
            try add(phone: "11 9876-abc")
        }
        #expect(throws: StoreError.invalid(.phone(raw: "123", problem: .wrongLength(digits: 3)))) { try add(phone: "123") }
        #expect(throws: StoreError.invalid(.phone(raw: "", problem: .empty))) { try add(phone: "") }
        #expect(throws: StoreError.invalid(.negativeValue(-100))) { try add(value: -100) }
        #expect(throws: StoreError.notFound(entity: "column", id: 404)) { try add(column: 404) }
        #expect(throws: StoreError.invalid(.emptyTitle)) {
            try store.updateDeal(id: existing.id, title: "", contactName: "Ana", phone: "11987654321", valueCents: nil)
        }
        #expect(throws: StoreError.invalid(.phone(raw: "+55 00 1234-5678", problem: .badBrazilianAreaCode("00")))) {
            try store.updateDeal(id: existing.id, title: "X", contactName: "Ana", phone: "+55 00 1234-5678", valueCents: nil)
        }
        #expect(throws: StoreError.notFound(entity: "deal", id: 404)) {
            try store.updateDeal(id: 404, title: "X", contactName: "Ana", phone: "11987654321", valueCents: nil)
        }
        #expect(throws: StoreError.notFound(entity: "deal", id: 404)) { try store.moveDeal(id: 404, toColumn: columns[1].id) }
        #expect(throws: StoreError.notFound(entity: "column", id: 404)) { try store.moveDeal(id: existing.id, toColumn: 404) }
        #expect(throws: StoreError.notFound(entity: "deal", id: 404)) { try store.moveDealWithinColumn(id: 404, by: 1) }
        #expect(throws: StoreError.notFound(entity: "deal", id: 404)) { try store.deleteDeal(id: 404) }
        #expect(throws: StoreError.notFound(entity: "deal", id: 404)) { try store.setTicketClosed(dealID: 404, closed: true) }
        #expect(throws: StoreError.notFound(entity: "deal", id: 404)) { try store.dealDetail(id: 404) }
        #expect(try StoreDump(store) == before)
    }

    @Test func updateSavesTheWholeForm() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        let deal = try Fixture.deal(store, column: columns[0].id, title: "Antigo", phone: "11987654321", contact: "Ana")
        let updated = try store.updateDeal(id: deal.id, title: "Novo título", contactName: "Ana Paula",
                                           phone: "11987654321", valueCents: 99_990)
        #expect(updated.title == "Novo título" && updated.valueCents == 99_990 && updated.contactID == deal.contactID)
        #expect(try store.dealDetail(id: deal.id).contact.name == "Ana Paula")
        let moved = try store.updateDeal(id: deal.id, title: "Novo título", contactName: "Carlos",
                                         phone: "+55 (48) 99123-4567", valueCents: nil)
        #expect(moved.contactID != deal.contactID && moved.valueCents == nil)
        #expect(try store.dealDetail(id: deal.id).contact.phone == "+5548991234567")
    }

    @Test func moveAppendsToTheTargetAndClosesTheGap() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        let deals = try ["1", "2", "3"].map { try Fixture.deal(store, column: columns[0].id, title: $0) }
        try Fixture.deal(store, column: columns[1].id, title: "x")
        let moved = try store.moveDeal(id: deals[0].id, toColumn: columns[1].id)
        #expect(moved.columnID == columns[1].id && moved.position == 1)
        #expect(try Fixture.titles(store, board: board.id) == [["2", "3"], ["x", "1"], []])
        let snapshot = try store.loadBoard(id: board.id)
        #expect(snapshot.columns.allSatisfy { $0.cards.map(\.position) == Array(0..<$0.cards.count) })
        // Moving to its own column is not a reorder.
        #expect(try store.moveDeal(id: deals[2].id, toColumn: columns[0].id).position == 1)
        #expect(try Fixture.titles(store, board: board.id) == [["2", "3"], ["x", "1"], []])
    }

    @Test func reorderWithinTheColumnStopsAtTheEnds() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        let deals = try ["1", "2", "3"].map { try Fixture.deal(store, column: columns[0].id, title: $0) }
        #expect(try store.moveDealWithinColumn(id: deals[0].id, by: 1) == 1)
        #expect(try Fixture.titles(store, board: board.id)[0] == ["2", "1", "3"])
        #expect(try store.moveDealWithinColumn(id: deals[2].id, by: -5) == 0)
        #expect(try Fixture.titles(store, board: board.id)[0] == ["3", "2", "1"])
        #expect(try store.moveDealWithinColumn(id: deals[0].id, by: 1) == 2)
        #expect(try store.moveDealWithinColumn(id: deals[2].id, by: -1) == 0)
        #expect(try Fixture.titles(store, board: board.id)[0] == ["3", "2", "1"])
        #expect(try store.loadBoard(id: board.id).columns[0].cards.map(\.position) == [0, 1, 2])
    }

    @Test func deleteRemovesTheConversationAndKeepsPositionsDense() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        let deals = try ["1", "2", "3"].map { try Fixture.deal(store, column: columns[0].id, title: $0) }
        _ = try store.addMessage(dealID: deals[1].id, author: .customer, text: "Oi")
        try store.deleteDeal(id: deals[1].id)
        #expect(try Fixture.titles(store, board: board.id)[0] == ["1", "3"])
        #expect(try store.loadBoard(id: board.id).columns[0].cards.map(\.position) == [0, 1])
        #expect(throws: StoreError.notFound(entity: "deal", id: deals[1].id)) {
            try store.addMessage(dealID: deals[1].id, author: .agent, text: "Ainda aí?")
        }
        // The contact outlives its deals and is found again by phone.
        #expect(try Fixture.deal(store, column: columns[1].id, title: "4").contactID == deals[1].contactID)
    }

    @Test func closeAndReopenTheTicket() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (board, columns) = try Fixture.board(store)
        let deal = try Fixture.deal(store, column: columns[0].id, title: "T")
        #expect(try store.setTicketClosed(dealID: deal.id, closed: true).ticketClosed)
        #expect(try store.loadBoard(id: board.id).columns[0].cards[0].ticketClosed)
        #expect(try !store.setTicketClosed(dealID: deal.id, closed: false).ticketClosed)
        #expect(try !store.dealDetail(id: deal.id).deal.ticketClosed)
    }

    @Test func emailAndCompanyAreStoredOnTheContact() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        let deal = try store.addDeal(NewDeal(columnID: columns[0].id, title: "T", contactName: "Ana", phone: "11987654321",
                                             email: " ana@clinica.com.br ", company: " Clínica Sorriso "))
        var contact = try store.dealDetail(id: deal.id).contact
        #expect(contact.email == "ana@clinica.com.br" && contact.company == "Clínica Sorriso")
        // Another deal of the same contact without them keeps them; with them, changes them for both.
        let second = try Fixture.deal(store, column: columns[1].id, title: "U", contact: "Ana")
        #expect(try store.dealDetail(id: second.id).contact.email == "ana@clinica.com.br")
        _ = try store.addDeal(NewDeal(columnID: columns[1].id, title: "V", contactName: "Ana", phone: "11987654321",
                                      email: "", company: "Sorriso Ltda"))
        contact = try store.dealDetail(id: deal.id).contact
        #expect(contact.email == nil && contact.company == "Sorriso Ltda", "empty clears it")
    }

    @Test func malformedEmailsAreRefusedAndChangeNothing() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        let deal = try Fixture.deal(store, column: columns[0].id, title: "T")
        let before = try StoreDump(store)
        for bad in ["ana", "ana@", "@clinica.com", "ana@clinica", "ana@@clinica.com", "ana maria@clinica.com",
                    "ana@clinica..com", "ana@-clinica.com", "ana@clinica.com.", "ana\u{7}@clinica.com"] {
            #expect(throws: StoreError.invalid(.email(raw: bad))) {
                _ = try store.addDeal(NewDeal(columnID: columns[0].id, title: "X", contactName: "Bia", phone: "21987654321", email: bad))
            }
            #expect(throws: StoreError.invalid(.email(raw: bad))) { try store.editDeal(id: deal.id, DealChanges(email: bad)) }
        }
        #expect(StoreError.invalid(.email(raw: "ana")).message(.pt) == "e-mail inválido \"ana\"; escreva como maria@empresa.com.br")
        #expect(try StoreDump(store) == before)
        try store.editDeal(id: deal.id, DealChanges(email: "maria.souza+crm@sub.exemplo.com.br"))
        #expect(try store.dealDetail(id: deal.id).contact.email == "maria.souza+crm@sub.exemplo.com.br")
    }

    @Test func editChangesOnlyTheFieldsGiven() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        let deal = try store.addDeal(NewDeal(columnID: columns[0].id, title: "Antigo", contactName: "Ana", phone: "11987654321",
                                             valueCents: 5_000, email: "ana@exemplo.com", company: "Aurora"))
        let titled = try store.editDeal(id: deal.id, DealChanges(title: " Novo "))
        #expect(titled.title == "Novo" && titled.valueCents == 5_000 && titled.contactID == deal.contactID)
        #expect(try store.editDeal(id: deal.id, DealChanges(valueCents: .some(7_500))).valueCents == 7_500)
        #expect(try store.editDeal(id: deal.id, DealChanges(contactName: "Ana Paula")).title == "Novo")
        var contact = try store.dealDetail(id: deal.id).contact
        #expect(contact.name == "Ana Paula" && contact.email == "ana@exemplo.com" && contact.company == "Aurora")
        #expect(try store.editDeal(id: deal.id, DealChanges(valueCents: .some(nil))).valueCents == nil, "cleared")
        try store.editDeal(id: deal.id, DealChanges(company: "  "))
        #expect(try store.dealDetail(id: deal.id).contact.company == nil)

        // A new number: a new contact, the same person, so the e-mail goes along.
        let renumbered = try store.editDeal(id: deal.id, DealChanges(phone: "+55 48 99123-4567"))
        #expect(renumbered.contactID != deal.contactID)
        contact = try store.dealDetail(id: deal.id).contact
        #expect(contact.phone == "+5548991234567" && contact.name == "Ana Paula" && contact.email == "ana@exemplo.com")

        // A number that is another contact's gives the deal to that contact, who keeps its name.
        let bia = try Fixture.deal(store, column: columns[1].id, title: "Outra", phone: "21987654321", contact: "Bia")
        #expect(try store.editDeal(id: deal.id, DealChanges(phone: "21 98765-4321")).contactID == bia.contactID)
        #expect(try store.dealDetail(id: deal.id).contact.name == "Bia")

        let before = try StoreDump(store)
        #expect(throws: StoreError.invalid(.emptyTitle)) { try store.editDeal(id: deal.id, DealChanges(title: " ", company: "X")) }
        #expect(throws: StoreError.invalid(.emptyContactName)) { try store.editDeal(id: deal.id, DealChanges(contactName: "")) }
        #expect(throws: StoreError.invalid(.negativeValue(-1))) { try store.editDeal(id: deal.id, DealChanges(valueCents: .some(-1))) }
        #expect(throws: StoreError.invalid(.phone(raw: "123", problem: .wrongLength(digits: 3)))) {
            try store.editDeal(id: deal.id, DealChanges(phone: "123"))
        }
        #expect(throws: StoreError.notFound(entity: "deal", id: 404)) { try store.editDeal(id: 404, DealChanges(title: "X")) }
        #expect(try StoreDump(store) == before)
    }

    @Test func theBoardFormKeepsTheContactsEmailAndCompany() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let (_, columns) = try Fixture.board(store)
        let deal = try store.addDeal(NewDeal(columnID: columns[0].id, title: "T", contactName: "Ana", phone: "11987654321",
                                             email: "ana@exemplo.com", company: "Aurora"))
        try store.updateDeal(id: deal.id, title: "T2", contactName: "Ana", phone: "11987654321", valueCents: nil)
        let contact = try store.dealDetail(id: deal.id).contact
        #expect(contact.email == "ana@exemplo.com" && contact.company == "Aurora")
    }
}
