import Foundation
import RetomaCore
import RetomaHTTP

/// The AI as the rest of Retoma uses it: a configured provider, or the local model started on demand.
/// Create it once off the UI thread (starting the local model takes seconds), give `writer` to the engine
/// and the preview, show `modelLabel` on the status line, and call `stop()` on exit.
public final class AIBackend: Sendable {
    public let writer: FollowUpWriter
    /// The configuration in use, with the local server's address filled in when it runs.
    public let config: AIConfig
    public let localServer: LocalModelServer?

    private init(writer: FollowUpWriter, config: AIConfig, localServer: LocalModelServer?) {
        self.writer = writer; self.config = config; self.localServer = localServer
    }

    /// Throws `LocalModelServer.StartError` when the local model is needed and cannot start, or
    /// `AIError` for an unusable configuration. `transport` reaches a configured provider; the local model
    /// is reached only through its own (its socket, with its key).
    public static func start(config: AIConfig, localPaths: LocalModelServer.Paths = .standard(),
                             transport: any HTTPTransport = CurlHTTPClient()) throws -> AIBackend {
        var resolved = config
        var local: LocalModelServer?
        if config.usesLocalModel {
            let server = try LocalModelServer.start(paths: localPaths)
            resolved.baseURL = server.baseURL
            resolved.model = server.modelName
            // The server's key stays inside its transport, out of the config that summaries show.
            resolved.apiKey = nil
            local = server
        }
        do {
            let chat = try ChatClient(config: resolved, transport: local?.transport ?? transport)
            // A base model has no chat template: it continues a completion prompt instead.
            let drafter: any DraftGenerating = local?.isBaseModel == true
                ? CompletionDrafter(client: chat, modelName: chat.model) : ChatDrafter(client: chat)
            // A base model drafts best cold: on the evaluation set Gemma 3 270M's drafts at 0.5 passed the gate and
            // the minimum fit twice as often as at 0.8 (BENCHMARKS.md). A colder configured temperature is kept.
            let temperature = drafter is CompletionDrafter ? min(resolved.temperature, CompletionDrafter.firstTemperature)
                : resolved.temperature
            // The local model stops at the first good draft: its time is the machine's (a provider's best of N is unchanged).
            return AIBackend(writer: FollowUpWriter(drafter: drafter, temperature: temperature,
                                                    candidates: resolved.candidates,
                                                    acceptFit: local == nil ? nil : FollowUpWriter.localAcceptFit),
                             config: resolved, localServer: local)
        } catch {
            local?.stop()
            throw error
        }
    }

    /// Who writes the messages, for the status line.
    public func modelLabel(_ lang: Lang) -> String {
        let model = config.model ?? "?"
        if localServer != nil {
            return lang == .pt ? "\(model) (modelo local, qualidade de demonstração)" : "\(model) (local model, demo quality)"
        }
        let host = config.baseURL.flatMap { URL(string: $0)?.host } ?? "?"
        return "\(model) @ \(host)"
    }

    public func stop() { localServer?.stop() }
}
