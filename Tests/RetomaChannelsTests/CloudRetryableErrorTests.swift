import Foundation
import LoopbackHTTPServer
import RetomaCore
import Testing
@testable import RetomaChannels

/// Graph error codes that mean "try later" must retry under the same key, not fail the follow-up for good.
@Suite struct CloudRetryableErrorTests {
    @Test(arguments: [(4, 400), (80007, 400), (130429, 400), (131056, 429), (2, 503), (131000, 500), (131016, 500),
                      (131057, 500), (133004, 503)])
    func temporaryErrorsRetryLater(code: Int, status: Int) throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script([cloudError(code: code, status: status, message: "Temporary")])
        let channel = CloudAPIChannel(config: cloudConfig(server), clock: { testNow })
        do {
            _ = try channel.send(OutgoingMessage(to: "+5511987654321", text: "Oi Maria!", idempotencyKey: "12-340-1",
                                                 customerLastMessageAt: testNow.addingTimeInterval(-3600)))
            Issue.record("code \(code) was taken as a success")
        } catch {
            guard case .retryLater(let reason, let wait) = error else {
                Issue.record("code \(code) gave \(error), not retryLater"); return
            }
            #expect(reason.contains("(\(code))") && reason.contains("Temporary"), "\(reason)")
            #expect((wait ?? 0) > 0)
        }
    }

    @Test func permanentCodesStillFail() {
        for code in [131026, 131009, 100] {
            guard case .channel(.permanent) = CloudAPIChannel.classify(code: code, said: "") else {
                Issue.record("code \(code) should fail for good"); continue
            }
        }
    }
}
