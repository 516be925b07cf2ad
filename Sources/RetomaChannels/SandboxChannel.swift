import Foundation
import RetomaCore

/// The embedded default channel: nothing leaves the machine. Every message is "delivered" at once (the
/// engine records it as delivered), and, when an outbox file is given, appended to it as one JSON line —
/// the customer's phone, for demos (`tail -f`) and for tests that count what a customer received.
public struct SandboxChannel: WhatsAppChannel {
    public let kind = "sandbox"
    public let sender: String
    public let outbox: URL?
    /// Seconds between "delivery" (the outbox line) and the answer: a slow provider, for tests that kill
    /// the engine while a send is in flight.
    public let answerDelay: TimeInterval

    public init(sender: String = "sandbox", outbox: URL? = nil, answerDelay: TimeInterval = 0) {
        self.sender = sender; self.outbox = outbox; self.answerDelay = answerDelay
    }

    public func send(_ message: OutgoingMessage) throws(ChannelError) -> SendReceipt {
        if case .template = message.route { throw .templatesUnsupported(kind) }
        let id = "sandbox-" + UUID().uuidString.lowercased()
        if let outbox { try append(OutboxLine(id: id, to: message.to, text: message.text, key: message.idempotencyKey,
                                              at: Date().timeIntervalSince1970), to: outbox) }
        if answerDelay > 0 { Thread.sleep(forTimeInterval: answerDelay) }
        return SendReceipt(channelMessageID: id, status: .delivered)
    }

    /// One line of the outbox file.
    public struct OutboxLine: Codable, Sendable, Equatable {
        public var id: String
        public var to: String
        public var text: String
        public var key: String
        /// Unix seconds.
        public var at: Double
    }

    /// Reads an outbox file back (tests, demos). Lines that do not parse are skipped.
    public static func read(outbox: URL) -> [OutboxLine] {
        guard let data = try? Data(contentsOf: outbox) else { return [] }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONDecoder().decode(OutboxLine.self, from: Data($0)) }
    }

    private func append(_ line: OutboxLine, to url: URL) throws(ChannelError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var data = try? encoder.encode(line) else { throw .permanent(reason: "sandbox: cannot encode the message") }
        data.append(UInt8(ascii: "\n"))
        // O_APPEND writes of one line are atomic enough for a single writer; the file is the customer's phone.
        // Owner-only: it holds the messages and the customers' numbers.
        let fd = open(url.path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { throw .pauseChannel(reason: "sandbox: cannot open the outbox \(url.path)") }
        defer { close(fd) }
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == data.count else { throw .pauseChannel(reason: "sandbox: cannot write the outbox \(url.path)") }
    }
}
