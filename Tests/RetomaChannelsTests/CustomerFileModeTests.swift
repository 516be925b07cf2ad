import Foundation
import RetomaChannels
import Testing

/// Files holding customers' messages and numbers are owner-only whatever the umask.
@Suite("Customer data file modes", .serialized)
struct CustomerFileModeTests {
    func mode(_ path: String) throws -> Int {
        try #require((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue)
    }

    func underUmask<T>(_ mask: mode_t, _ body: () throws -> T) rethrows -> T {
        let previous = umask(mask)
        defer { umask(previous) }
        return try body()
    }

    @Test func theSandboxOutboxIsOwnerOnly() throws {
        let outbox = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: outbox) }
        _ = try underUmask(0o022) {
            try SandboxChannel(outbox: outbox).send(OutgoingMessage(to: "+5511987654321", text: "Oi", idempotencyKey: "k"))
        }
        #expect(try mode(outbox.path) == 0o600)
    }

    @Test func theEventAndWebhookLogsAreOwnerOnlyInAnOwnerOnlyFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("retoma-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("retoma/events.jsonl").path
        underUmask(0o022) {
            let log = LineLog(path: path, rotateAt: 10)
            log.append("{\"text\":\"Oi Maria, tudo bem?\"}")
            log.append("{\"text\":\"rotated\"}")
        }
        #expect(try mode(path) == 0o600)
        #expect(try mode(path + ".1") == 0o600)
        #expect(try mode(folder.appendingPathComponent("retoma").path) == 0o700)
    }
}
