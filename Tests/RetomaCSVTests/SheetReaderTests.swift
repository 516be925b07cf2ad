import Foundation
import XCTest
@testable import RetomaCSV

final class SheetReaderTests: XCTestCase {
    func testEveryLatin1ByteIsTheScalarOfItsValue() {
        // 0xFF alone is never UTF-8, so the whole file reads as Latin-1.
        let bytes = (0...255).map(UInt8.init) + [0xFF]
        let text = SheetReader.decode(Data(bytes)).text
        XCTAssertEqual(text.unicodeScalars.map(\.value), bytes.map(UInt32.init))
    }

    func testUTF8WithBOMAndLatin1AreDecoded() {
        let utf8 = Data([0xEF, 0xBB, 0xBF]) + Data("Título;Preço\n".utf8)
        let (text, encoding) = SheetReader.decode(utf8)
        XCTAssertEqual(encoding, .utf8)
        XCTAssertEqual(text, "Título;Preço\n")
        let latin1 = Data([0x54, 0xED, 0x74, 0x75, 0x6C, 0x6F]) // "Título" in Latin-1
        XCTAssertEqual(SheetReader.decode(latin1).text, "Título")
        XCTAssertEqual(SheetReader.decode(latin1).encoding, .latin1)
    }

    func testSeparatorComesFromTheHeaderLine() {
        XCTAssertEqual(SheetReader.separator(of: "Título;Valor\n\"a,b,c\";1,50"), ";")
        XCTAssertEqual(SheetReader.separator(of: "Title,Value\na;b;c;d,1"), ",")
        XCTAssertEqual(SheetReader.separator(of: "\"Nome; completo\",Telefone"), ",")
    }

    func testRecordsAreNumberedByTheirFirstLine() throws {
        let text = "a,b\r\n\"one\r\ntwo\nthree\",x\n\nlast,\"q\"\"uote\"\n"
        let (records, unclosed) = try SheetReader.records(text, separator: ",")
        XCTAssertNil(unclosed)
        XCTAssertEqual(records.map(\.line), [1, 2, 5, 6])
        XCTAssertEqual(records[1].fields, ["one\r\ntwo\nthree", "x"])
        XCTAssertTrue(records[2].isBlank)
        XCTAssertEqual(records[3].fields, ["last", "q\"uote"])
    }

    func testAQuoteNeverClosedIsReportedOnItsLine() throws {
        let (_, unclosed) = try SheetReader.records("a,b\nx,y\n\"open,z\nmore,lines\n", separator: ",")
        XCTAssertEqual(unclosed, 3)
    }
}
