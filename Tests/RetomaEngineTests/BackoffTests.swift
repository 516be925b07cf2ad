import Foundation
import RetomaEngine
import Testing

/// The wait after transient errors takes a try count from a stored row and a wait from an HTTP answer.
@Suite("Engine backoff")
struct BackoffTests {
    let backoff = Backoff(base: 30, cap: 900)

    @Test func doublesPerTryUpToTheCapAndHonoursTheProvidersWait() {
        #expect(backoff.delay(afterTry: 1) == 30)
        #expect(backoff.delay(afterTry: 3) == 120)
        #expect(backoff.delay(afterTry: 50) == 900)
        #expect(backoff.delay(afterTry: 1, providerAsked: 600) == 600)
        #expect(backoff.delay(afterTry: 1, providerAsked: 1e9) == 86_400)
    }

    @Test func absurdTryCountsAndWaitsGiveABoundedDelayInsteadOfTrapping() {
        #expect(backoff.delay(afterTry: Int.min) == 30)
        #expect(backoff.delay(afterTry: 0) == 30)
        #expect(backoff.delay(afterTry: Int.max) == 900)
        #expect(backoff.delay(afterTry: 1, providerAsked: .nan) == 30)
        #expect(backoff.delay(afterTry: 1, providerAsked: .infinity) == 30)
        #expect(backoff.delay(afterTry: 1, providerAsked: -5) == 30)
    }
}
