import Foundation
import RetomaChannels
import RetomaCore
import Testing

@Suite("Sandbox channel")
struct SandboxChannelTests {
    @Test func deliversLocallyAndWritesTheCustomersPhone() throws {
        let outbox = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: outbox) }
        let channel = SandboxChannel(outbox: outbox)
        #expect(channel.kind == "sandbox" && channel.sender == "sandbox")
        let first = try channel.send(OutgoingMessage(to: "+5511987654321", text: "Oi Maria!\nTudo bem?", idempotencyKey: "1-2-1"))
        let second = try channel.send(OutgoingMessage(to: "+5511912345678", text: "Olá, João", idempotencyKey: "3-4-1"))
        #expect(first.status == .delivered && first.channelMessageID.hasPrefix("sandbox-"))
        #expect(first.channelMessageID != second.channelMessageID)
        let lines = SandboxChannel.read(outbox: outbox)
        #expect(lines.map(\.to) == ["+5511987654321", "+5511912345678"])
        #expect(lines.map(\.text) == ["Oi Maria!\nTudo bem?", "Olá, João"])
        #expect(lines.map(\.key) == ["1-2-1", "3-4-1"])
        #expect(lines.map(\.id) == [first.channelMessageID, second.channelMessageID])
        #expect(try String(contentsOf: outbox, encoding: .utf8).split(separator: "\n").count == 2, "one line each")
    }

    @Test func anUnwritableOutboxPausesTheChannelWithItsPath() {
        let channel = SandboxChannel(outbox: URL(fileURLWithPath: "/nonexistent-dir/outbox.jsonl"))
        #expect(throws: ChannelError.pauseChannel(reason: "sandbox: cannot open the outbox /nonexistent-dir/outbox.jsonl")) {
            try channel.send(OutgoingMessage(to: "+5511987654321", text: "Oi", idempotencyKey: "k"))
        }
    }

    @Test func answersAfterTheConfiguredDelayButDeliversFirst() throws {
        let outbox = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: outbox) }
        let channel = SandboxChannel(outbox: outbox, answerDelay: 0.3)
        let start = Date()
        _ = try channel.send(OutgoingMessage(to: "+5511987654321", text: "Oi", idempotencyKey: "k"))
        #expect(Date().timeIntervalSince(start) >= 0.3)
        #expect(SandboxChannel.read(outbox: outbox).count == 1)
    }
}
