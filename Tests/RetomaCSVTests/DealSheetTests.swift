import Foundation
import RetomaCore
import RetomaStore
import XCTest
@testable import RetomaCSV

final class DealSheetTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01T00:00:00Z

    func read(_ text: String, map: [DealKey: String] = [:]) throws -> DealSheet {
        try DealSheet.read(Data(text.utf8), map: map, now: now, lang: .pt)
    }

    func problem(_ text: String, map: [DealKey: String] = [:]) -> SheetError? {
        do { _ = try read(text, map: map); return nil } catch { return error as? SheetError }
    }

    func testPortugueseHeadersWithAccentsAndSemicolons() throws {
        let sheet = try read("""
            TÍTULO;contato;Telefone;E-MAIL;Empresa;Valor;Chamado;Observação
            "Plano anual; 12 meses";Maria Souza;(11) 98765-4321;maria@ex.com.br;"Padaria
            São João";"R$ 1.234,56";finalizado;x
            Curso;João;11 3333-4444;;;1234.56;aberto;y
            """)
        XCTAssertEqual(sheet.separator, ";")
        XCTAssertEqual(sheet.errors, [])
        XCTAssertEqual(sheet.ignoredHeaders, ["Observação"])
        XCTAssertEqual(sheet.deals.map(\.line), [2, 4])
        let first = sheet.deals[0]
        XCTAssertEqual(first.title, "Plano anual; 12 meses")
        XCTAssertEqual(first.phone, "+5511987654321")
        XCTAssertEqual(first.company, "Padaria\nSão João")
        XCTAssertEqual(first.valueCents, 123_456)
        XCTAssertTrue(first.ticketClosed)
        XCTAssertEqual(sheet.deals[1].phone, "+551133334444")
        XCTAssertEqual(sheet.deals[1].valueCents, 123_456)
        XCTAssertNil(sheet.deals[1].email)
        XCTAssertFalse(sheet.deals[1].ticketClosed)
    }

    func testValuesInReais() throws {
        let cases: [(String, Int64?)] = [("1.234,56", 123_456), ("R$ 1.234,56", 123_456), ("1234.56", 123_456),
                                         ("1.234", 123_400), ("1234,5", 123_450), ("", nil)]
        for (raw, cents) in cases {
            let sheet = try read("Title,Contact,Phone,Value\nA,B,11987654321,\"\(raw)\"\n")
            XCTAssertEqual(sheet.deals.first?.valueCents, cents, raw)
        }
        for raw in ["1e400", String(repeating: "9", count: 30), "-5", "abc"] {
            let sheet = try read("Title,Contact,Phone,Value\nA,B,11987654321,\(raw)\n")
            XCTAssertEqual(sheet.errors, [SheetError(line: 2, .value(raw))], raw)
        }
    }

    func testEnglishHeadersLatin1AndMessages() throws {
        var data = Data("Title,Contact,Phone,Last message,Author,Message\n".utf8)
        data += Data([0x43, 0x61, 0x66, 0xE9]) // "Café" in Latin-1
        data += Data(",Ana,+55 21 99876-5432,31/12/2025 14:30,empresa,Oi\n".utf8)
        let sheet = try DealSheet.read(data, now: now, lang: .en)
        XCTAssertEqual(sheet.encoding, .latin1)
        XCTAssertEqual(sheet.deals.first?.title, "Café")
        let message = try XCTUnwrap(sheet.deals.first?.messages.first)
        XCTAssertEqual(message.author, .agent)
        XCTAssertEqual(message.text, "Oi")
        XCTAssertEqual(message.at, SheetDate.parse("2025-12-31T14:30:00-03:00"))
    }

    func testMapNamesOtherHeaders() throws {
        let map = try DealSheet.parseMap(["title=Nome do negócio,phone=Cel", "contact=Quem"])
        let sheet = try read("Nome do negócio,Quem,Cel,Telefone\nA,B,11987654321,x\n", map: map)
        XCTAssertEqual(sheet.errors, [])
        XCTAssertEqual(sheet.deals.first?.phone, "+5511987654321")
        XCTAssertThrowsError(try DealSheet.parseMap(["titel=Nome"])) { error in
            XCTAssertEqual(error as? SheetError, SheetError(.unknownMapKey("titel")))
        }
        XCTAssertEqual(problem("Title,Contact,Phone\nA,B,11987654321\n", map: [.phone: "Celular"]),
                       SheetError(line: 1, .mapHeaderNotFound(.phone, "Celular")))
    }

    func testFileProblems() {
        XCTAssertEqual(problem(""), SheetError(.empty))
        XCTAssertEqual(problem("  \n\n"), SheetError(.empty))
        XCTAssertEqual(problem("\nTitle,Contact,Phone\n"), SheetError(line: 1, .noHeader))
        XCTAssertEqual(problem("Proposta,José,11987654321\n"),
                       SheetError(line: 1, .missingColumns([.title, .contact, .phone], recognisedAny: false)))
        XCTAssertEqual(problem("Title,Contact\n"), SheetError(line: 1, .missingColumns([.phone], recognisedAny: true)))
        // The header's problems say "line 1" once, in their own words; other lines get the prefix.
        XCTAssertEqual(SheetError(line: 1, .missingColumns([.phone], recognisedAny: true)).message(.en),
                       "line 1 has no column for Telefone/Phone; use --map phone=HEADER")
        XCTAssertTrue(SheetError(line: 7, .ticket("talvez")).message(.en).hasPrefix("line 7: "))
        XCTAssertEqual(problem("Título,Contact,Phone,TITULO\n"), SheetError(line: 1, .duplicateHeader("TITULO", columns: [1, 4])))
        XCTAssertEqual(problem("Title,Contact,Phone,título\n"), SheetError(line: 1, .ambiguousHeader(.title, ["Title", "título"])))
        XCTAssertEqual(problem("Title,Contact,Phone,Celular\n"),
                       SheetError(line: 1, .ambiguousHeader(.phone, ["Phone", "Celular"])))
        XCTAssertEqual(problem("Title,Contact,Phone\nA,B,\"11987654321\nC,D,11987654322\n"),
                       SheetError(line: 2, .unclosedQuote))
    }

    func testLineProblemsNameTheirLines() throws {
        let sheet = try read("""
            Title,Contact,Phone,Date,Author
            ,B,11987654321,,
            A,B,123,,
            A,B,11987654321
            "two
            lines",B,11987654321,2099-01-01 10:00,customer
            C,B,11987654321,01/01/99999,customer
            D,B,11987654321,31/02/2025,customer
            E,B,11987654321,01/01/2025,
            F,B,11987654321,,someone
            """)
        XCTAssertEqual(sheet.errors.map(\.line), [2, 3, 4, 5, 7, 8, 9, 10, 10])
        XCTAssertEqual(sheet.errors[0].problem, .invalid(.emptyTitle))
        XCTAssertEqual(sheet.errors[2].problem, .fieldCount(got: 3, expected: 5))
        XCTAssertEqual(sheet.errors[3].problem, .futureDate("2099-01-01 10:00"))
        XCTAssertEqual(sheet.errors[4].problem, .date("01/01/99999"))
        XCTAssertEqual(sheet.errors[5].problem, .date("31/02/2025"))
        XCTAssertEqual(sheet.errors[6].problem, .dateWithoutAuthor)
        XCTAssertEqual(sheet.errors[7].problem, .author("someone"))
        XCTAssertEqual(sheet.errors[0].message(.pt), "linha 2: o título da negociação não pode ficar vazio")
        XCTAssertTrue(sheet.errors[1].message(.en).hasPrefix("line 3: malformed phone \"123\""))
        XCTAssertTrue(sheet.deals.isEmpty)
    }

    func testLinesOfOneDealAddMessagesAndConflictsAreErrors() throws {
        let sheet = try read("""
            Title,Contact,Phone,Value,Date,Author,Text
            A,Ana,11987654321,10,2025-12-01 10:00,empresa,Oi
            A,Ana,+55 11 98765-4321,10,2025-12-01 11:00,cliente,Olá
            A,Ana,11987654321,10,,,
            A,Ana,11987654321,20,,,
            """)
        XCTAssertEqual(sheet.deals.count, 1)
        XCTAssertEqual(sheet.deals[0].messages.map(\.text), ["Oi", "Olá"])
        XCTAssertEqual(sheet.lines.map(\.outcome), [.deal(index: 0), .message(ofLine: 2), .repeated(line: 2),
                                                    .invalid([.conflicts(line: 2, keys: [.value])])])
    }

    func testDates() {
        XCTAssertEqual(SheetDate.parse("2025-12-31T17:30:00Z"), SheetDate.parse("31/12/2025 14:30"))
        XCTAssertEqual(SheetDate.parse("2025-12-31T14:30:00-03:00"), SheetDate.parse("2025-12-31 14:30:00"))
        XCTAssertNotNil(SheetDate.parse("31/12/2025"))
        for bad in ["31/12/25", "2025-13-01", "99999-01-01", "2025-12-31T25:00", "1969-12-31", "amanhã", "2025-12-31 10:00+99:00"] {
            XCTAssertNil(SheetDate.parse(bad), bad)
        }
        let date = Date(timeIntervalSince1970: 1_767_200_000)
        XCTAssertEqual(SheetDate.parse(SheetDate.format(date)), date)
    }

    func testExportReadsBack() throws {
        let at = Date(timeIntervalSince1970: 1_767_000_000)
        let row = DealExport.Row(title: "Plano, \"anual\"", contactName: "Zé", phone: "+5511987654321", email: "z@ex.com",
                                 company: "Linha\nDois", valueCents: 123_456, ticketClosed: true,
                                 message: (.customer, "Oi,\ntudo bem?", at))
        for lang in [Lang.pt, .en] {
            let data = try DealExport.encode([DealExport.header(lang, messages: false), DealExport.fields(row, lang)])
            let sheet = try DealSheet.read(data, now: now, lang: lang)
            XCTAssertEqual(sheet.errors, [])
            XCTAssertEqual(sheet.deals, [ImportDeal(line: 2, title: "Plano, \"anual\"", contactName: "Zé",
                                                    phone: "+5511987654321", email: "z@ex.com", company: "Linha\nDois",
                                                    valueCents: 123_456, ticketClosed: true,
                                                    messages: [ImportMessage(author: .customer, text: "Oi,\ntudo bem?", at: at)])])
        }
    }

    func testALargeSheetCheckedOnEveryCoreGivesTheLinesInFileOrderAsOneByOne() throws {
        var text = "Título;Contato;Telefone;Mensagem\n"
        for i in 0..<9_000 {
            // Blank lines, invalid phones and repeats (a deal's second message) spread over every part.
            if i % 1_001 == 0 { text += ";;;\n"; continue }
            let phone = i % 997 == 0 ? "123" : String(format: "(11) 9%04d-%04d", (i % 6_000) / 10_000, i % 6_000)
            text += "Proposta \(i % 6_000);Cliente \(i);\(phone);olá \(i)\n"
        }
        let sheet = try read(text)
        let records = try SheetReader.records(SheetReader.decode(Data(text.utf8)).text, separator: ";").records.dropFirst()
        let mapper = RowMapper(columns: try DealSheet.columnsOf(["Título", "Contato", "Telefone", "Mensagem"], map: [:]),
                               width: 4, now: now, lang: .pt)
        func shown(_ r: Result<ImportDeal, LineProblems>?) -> String {
            switch r {
            case nil: return "blank"
            case .success(let d)?: return "\(d.line) \(d.title) \(d.phone) \(d.messages.map(\.text))"
            case .failure(let f)?: return "\(f.problems)"
            }
        }
        XCTAssertEqual(mapper.mapAll(Array(records)).map(shown), records.map { $0.isBlank ? nil : mapper.map($0) }.map(shown))
        XCTAssertEqual(sheet.lines.map(\.line), (2...9_001).filter { ($0 - 2) % 1_001 != 0 })
        // A repeat names the line that came first in the file, whichever part checked it.
        XCTAssertTrue(sheet.lines.allSatisfy { line in
            if case .invalid(let problems) = line.outcome, case .conflicts(let first, _)? = problems.first { return first < line.line }
            return true
        })
    }
}
