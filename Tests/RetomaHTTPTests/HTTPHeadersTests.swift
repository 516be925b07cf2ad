import Testing
import RetomaHTTP

@Suite struct HTTPHeadersTests {
    @Test func lookupIgnoresCaseAndKeepsOrder() {
        var h: HTTPHeaders = ["Retry-After": "2"]
        h.add("Set-Cookie", "a=1")
        h.add("set-cookie", "b=2")
        #expect(h["retry-after"] == "2")
        #expect(h["RETRY-AFTER"] == "2")
        #expect(h["missing"] == nil)
        #expect(h.values("SET-COOKIE") == ["a=1", "b=2"])
        h.set("SET-COOKIE", "c=3")
        #expect(h.values("set-cookie") == ["c=3"])
        #expect(h.fields.map(\.name) == ["Retry-After", "SET-COOKIE"])
    }
}
