import Testing
@testable import RetomaCore

@Suite struct TOMLSubsetTests {
    @Test func readsSectionsStringsNumbersBooleansAndComments() throws {
        let doc = try TOMLSubset.parse("""
            # Retoma
            title = "quadro"   # trailing comment
            [ai]
            base_url = "http://127.0.0.1:8088/v1"
            model = 'llama3.1:8b'
            timeout_s = 1_200
            temperature = 0.7
            offset = -3
            enabled = true
            "quoted key" = "a \\"b\\" \\\\ c\\nd \\u00e9 # not a comment"

            [channel.cloud]
            stream = false
            """)
        #expect(doc["", "title"] == .string("quadro"))
        #expect(doc["ai", "base_url"] == .string("http://127.0.0.1:8088/v1"))
        #expect(doc["ai", "model"] == .string("llama3.1:8b"))
        #expect(doc["ai", "timeout_s"] == .integer(1200))
        #expect(doc["ai", "temperature"] == .float(0.7))
        #expect(doc["ai", "offset"] == .integer(-3))
        #expect(doc["ai", "enabled"] == .boolean(true))
        #expect(doc["ai", "quoted key"] == .string("a \"b\" \\ c\nd é # not a comment"))
        #expect(doc["channel.cloud", "stream"] == .boolean(false))
        #expect(doc.line("ai", "model") == 5)
    }

    @Test func windowsLineEndingsAreAccepted() throws {
        let doc = try TOMLSubset.parse("[ai]\r\nmodel = \"m\"\r\nmax_tokens = 200\r\n")
        #expect(doc["ai", "model"] == .string("m"))
        #expect(doc["ai", "max_tokens"] == .integer(200))
        #expect(doc.line("ai", "max_tokens") == 3)
    }

    @Test(arguments: [
        ("[ai]\nmodel = \"unterminated", 2, "unterminated string"),
        ("[ai]\nmodel \"x\"", 2, "expected \"=\" after the key"),
        ("[ai]\nmodel = gpt", 2, "\"gpt\" is not a value (strings need quotes)"),
        ("a = 1\na = 2", 2, "key \"a\" is set twice"),
        ("[ai]\n[ai]", 2, "section [ai] appears twice"),
        ("[ai\nx = 1", 1, "expected \"]\" to close the section name"),
        ("x = [1, 2]", 1, "arrays are not supported"),
        ("x = {a = 1}", 1, "inline tables are not supported"),
        ("\n\nx = \"a\" b", 3, "unexpected text after the value of \"x\""),
        ("x = 007", 1, "leading zeros are not allowed in \"007\""),
        ("x = 1__0", 1, "\"1__0\" is not a value (strings need quotes)"),
        ("x = \"bad \\q\"", 1, "unknown escape \"\\q\" in string"),
        ("x =", 1, "missing value after \"=\""),
        ("[[servers]]", 1, "arrays of tables ([[…]]) are not supported"),
        ("x = 99999999999999999999", 1, "integer \"99999999999999999999\" is out of range"),
    ])
    func badInputNamesTheLineAndTheProblem(text: String, line: Int, message: String) {
        #expect(throws: TOMLError(line: line, message: message)) { try TOMLSubset.parse(text) }
    }

    /// A secret typed without quotes, or with a bad escape, must not end up in the error (and so on screen).
    @Test(arguments: [
        ("[cloud]\ntoken = EAAGm0PX4ZCpsBAKZCZBzq1", "the value of \"token\" needs quotes (not shown: it is a secret)"),
        ("[cloud]\napp_secret = 0123456789", "the value of \"app_secret\" has a leading zero (not shown: it is a secret)"),
        ("[cloud]\nverify_token = 918273645546372819283746", "the value of \"verify_token\" is an integer out of range (not shown: it is a secret)"),
        ("[ai]\napi_key = \"sk-\\uZZ42-rest\"", "the value of \"api_key\" has an invalid unicode escape (not shown: it is a secret)"),
        ("[evolution]\nwebhook_secret = \"abc\\qdef\"", "the value of \"webhook_secret\" has an unknown escape (not shown: it is a secret)"),
        ("[x]\npassword = hunter2hunter2", "the value of \"password\" needs quotes (not shown: it is a secret)"),
        // A token pasted on a line of its own reads as a key without "=".
        ("[cloud]\nEAAGm0PX4ZCpsBAKZCZBzq1", "expected \"=\" after the key"),
    ])
    func secretValuesAreNeverRepeated(text: String, message: String) {
        #expect(throws: TOMLError(line: 2, message: message)) { try TOMLSubset.parse(text) }
        do {
            _ = try TOMLSubset.parse(text)
        } catch {
            for fragment in ["EAAG", "0123456789", "9182736455", "ZZ42", "\\q", "hunter2"] {
                #expect(!error.message.contains(fragment))
            }
        }
    }

    @Test func ordinaryValuesAreStillQuotedInErrors() {
        // max_tokens has "token" inside a word, not as one: it is no secret, and its value helps the fix.
        #expect(throws: TOMLError(line: 1, message: "\"many\" is not a value (strings need quotes)")) {
            try TOMLSubset.parse("max_tokens = many")
        }
    }

    @Test func errorDescriptionStartsWithTheLine() {
        #expect(TOMLError(line: 4, message: "x").description == "line 4: x")
    }
}
