import XCTest
@testable import RetomaPostgres

final class PlaceholderTests: XCTestCase {
    func testNumbersEachPlaceholderInOrder() {
        let r = Placeholders.translate("SELECT * FROM deal WHERE id = ? AND title = ?")
        XCTAssertEqual(r.sql, "SELECT * FROM deal WHERE id = $1 AND title = $2")
        XCTAssertEqual(r.count, 2)
    }

    func testLeavesQuotedTextAndCommentsAlone() {
        let sql = """
        SELECT 'a?b', 'it''s ?', "odd?name", E'x\\'?', $$?$$, $t$ ? $t$ -- why?
        FROM t /* what? /* nested? */ still? */ WHERE x = ?
        """
        let r = Placeholders.translate(sql)
        XCTAssertEqual(r.count, 1)
        XCTAssertTrue(r.sql.hasSuffix("WHERE x = $1"), r.sql)
        XCTAssertTrue(r.sql.contains("'a?b', 'it''s ?', \"odd?name\", E'x\\'?', $$?$$, $t$ ? $t$ -- why?\n"), r.sql)
        XCTAssertTrue(r.sql.contains("/* what? /* nested? */ still? */"), r.sql)
    }

    func testUnterminatedQuoteDoesNotCrash() {
        XCTAssertEqual(Placeholders.translate("SELECT 'open ?").count, 0)
        XCTAssertEqual(Placeholders.translate("SELECT $tag$ ?").count, 0)
        XCTAssertEqual(Placeholders.translate("/* ?").count, 0)
        XCTAssertEqual(Placeholders.translate("?").sql, "$1")
    }
}

final class StatementSplitTests: XCTestCase {
    func testSplitsAtTopLevelSemicolonsOnly() {
        XCTAssertEqual(Placeholders.translate("SELECT 1").statements, ["SELECT 1"])
        XCTAssertEqual(Placeholders.translate("SELECT 1;\n  -- done\n").statements, ["SELECT 1"])
        XCTAssertEqual(Placeholders.translate("SELECT ';x'").statements, ["SELECT ';x'"])
        let function = "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$"
        XCTAssertEqual(Placeholders.translate(function + ";").statements, [function])
        XCTAssertEqual(Placeholders.translate("CREATE TABLE a (x int); /* ; */ CREATE TABLE b (y int);").statements,
                       ["CREATE TABLE a (x int)", " /* ; */ CREATE TABLE b (y int)"])
    }
}
