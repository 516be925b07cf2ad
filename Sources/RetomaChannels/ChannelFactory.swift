import Foundation
import RetomaCore
import RetomaHTTP

/// Builds what the configuration asks for: the sending channel and, for channels that receive messages from
/// outside, the webhook listener.
public enum ChannelFactory {
    /// The configured channel. `transport` carries the Cloud and Evolution requests (tests pass their own);
    /// `sandboxOutbox` is the sandbox's optional JSON-lines file.
    public static func makeChannel(_ configuration: ChannelConfiguration,
                                   transport: any HTTPTransport = CurlHTTPClient(maxResponseBytes: 256 * 1024),
                                   sandboxOutbox: URL? = nil) throws(ConfigError) -> any WhatsAppChannel {
        switch configuration.kind {
        case .sandbox:
            return SandboxChannel(outbox: sandboxOutbox)
        case .cloud:
            guard let cloud = configuration.cloud else {
                throw ConfigError("the Cloud API channel is selected but not configured (RETOMA_CLOUD_*)")
            }
            return CloudAPIChannel(config: cloud, transport: transport)
        case .evolution:
            guard let evolution = configuration.evolution else {
                throw ConfigError("the Evolution API channel is selected but not configured (RETOMA_EVOLUTION_*)")
            }
            return EvolutionChannel(config: evolution, transport: transport)
        }
    }

    /// The webhook listener for a non-sandbox channel (not started); nil for the sandbox.
    public static func makeWebhookListener(_ configuration: ChannelConfiguration, sink: WebhookSink,
                                           log: @escaping @Sendable (String) -> Void) -> WebhookListener? {
        guard let settings = WebhookSettings(configuration) else { return nil }
        return WebhookListener(address: configuration.webhookListen,
                               handler: WebhookHandler(settings: settings, sink: sink, log: log), log: log)
    }
}

/// Appends lines to a log file (the webhook's: `$XDG_STATE_HOME/retoma/webhook.log`; the engine's events:
/// `events.jsonl`), creating it owner-only, and rotating it to `<path>.1` once it reaches `rotateAt` bytes.
/// Never given secrets.
public final class LineLog: Sendable {
    public let path: String
    public let rotateAt: Int?
    private let lock = NSLock()

    public init(path: String, rotateAt: Int? = nil) {
        self.path = path
        self.rotateAt = rotateAt
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
    }

    /// `$XDG_STATE_HOME/retoma/<name>`, or `~/.local/state/retoma/<name>`.
    public static func defaultPath(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") { return xdg + "/retoma/" + name }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/state/retoma/" + name
    }

    public func write(_ line: String) {
        let stamp = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!,
                                                formatOptions: [.withInternetDateTime])
        append("\(stamp) \(line)")
    }

    /// Appends `line` as it is (one line: newlines become spaces), e.g. a JSON document.
    public func append(_ line: String) {
        let data = Data((line.replacingOccurrences(of: "\n", with: " ") + "\n").utf8)
        lock.withLock {
            if let rotateAt, let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size >= rotateAt {
                _ = rename(path, path + ".1")
            }
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
            guard fd >= 0 else { return }
            defer { close(fd) }
            _ = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        }
    }
}
