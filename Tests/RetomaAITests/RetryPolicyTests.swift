import Foundation
import RetomaHTTP
import Testing
@testable import RetomaAI

@Suite struct RetryPolicyTests {
    let now = Date(timeIntervalSince1970: 1_775_000_000)

    @Test(arguments: [(408, true), (409, true), (429, true), (500, true), (503, true), (599, true),
                      (400, false), (401, false), (403, false), (404, false), (422, false)])
    func statusesRetriedAsOpenAIPythonDoes(status: Int, retried: Bool) {
        #expect(RetryPolicy.shouldRetry(status: status, headers: [:]) == retried)
    }

    @Test func xShouldRetryDecidesFirst() {
        #expect(RetryPolicy.shouldRetry(status: 400, headers: ["X-Should-Retry": "true"]))
        #expect(!RetryPolicy.shouldRetry(status: 503, headers: ["x-should-retry": "false"]))
        #expect(RetryPolicy.shouldRetry(status: 503, headers: ["x-should-retry": "maybe"]))
    }

    @Test func backoffDoublesFromHalfASecondUpToEight() {
        let policy = RetryPolicy(jitter: { 0 })
        #expect((0..<7).map { policy.delay(beforeRetry: $0, headers: nil, now: now) } == [0.5, 1, 2, 4, 8, 8, 8])
    }

    @Test func jitterTakesOffAtMostAQuarter() {
        let policy = RetryPolicy(jitter: { 0.25 })
        #expect(policy.delay(beforeRetry: 1, headers: [:], now: now) == 0.75)
        let wild = RetryPolicy(jitter: { 7 })
        #expect(wild.delay(beforeRetry: 0, headers: [:], now: now) == 0.375)
        let random = RetryPolicy()
        for _ in 0..<50 { #expect((0.375...0.5).contains(random.delay(beforeRetry: 0, headers: [:], now: now))) }
    }

    @Test func serverDelaysInOrderOfPreference() {
        let policy = RetryPolicy(jitter: { 0 })
        #expect(policy.delay(beforeRetry: 0, headers: ["retry-after-ms": "1500", "retry-after": "9"], now: now) == 1.5)
        #expect(policy.delay(beforeRetry: 0, headers: ["Retry-After": "9"], now: now) == 9)
        #expect(policy.delay(beforeRetry: 0, headers: ["Retry-After": "2.5"], now: now) == 2.5)
        #expect(policy.delay(beforeRetry: 0, headers: ["Retry-After": "Wed, 01 Apr 2026 00:00:10 GMT"],
                             now: Date(timeIntervalSince1970: 1_775_001_600)) == 10)
        // Capped at two minutes.
        #expect(policy.delay(beforeRetry: 0, headers: ["Retry-After": "86400"], now: now) == 120)
        // Nonsense, zero or a past date fall back to the backoff.
        #expect(policy.delay(beforeRetry: 1, headers: ["Retry-After": "soon"], now: now) == 1)
        #expect(policy.delay(beforeRetry: 1, headers: ["Retry-After": "0"], now: now) == 1)
        #expect(policy.delay(beforeRetry: 1, headers: ["Retry-After": "Thu, 01 Jan 1970 00:00:00 GMT"], now: now) == 1)
    }

    @Test func allThreeHTTPDateFormsParse() {
        let expected = Date(timeIntervalSince1970: 784_111_777) // Sun, 06 Nov 1994 08:49:37 GMT (RFC 9110's example)
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == expected)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == expected)
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994") == expected)
        #expect(HTTPDate.parse("yesterday") == nil)
    }
}
