import Foundation
import RetomaCore

/// Which OpenAI-compatible server writes the follow-ups, and how it is asked.
public struct AIConfig: Sendable, Equatable {
    /// OpenAI deprecated `max_tokens` for `max_completion_tokens`; Ollama and llama.cpp only know the first.
    public enum LengthParameter: String, Sendable, Equatable, CaseIterable {
        case maxTokens = "max_tokens"
        case maxCompletionTokens = "max_completion_tokens"
    }

    /// e.g. "http://127.0.0.1:8088/v1" or "https://api.openai.com/v1"; requests go to
    /// `<baseURL>/chat/completions`. nil: Retoma runs its local model.
    public var baseURL: String?
    /// Required with a base URL; the local model names itself.
    public var model: String?
    public var apiKey: String?
    public var timeoutSeconds: Int
    public var lengthParameter: LengthParameter
    public var maxTokens: Int
    public var temperature: Double
    /// Drafts written per follow-up; the best one the quality gate lets through is kept
    /// (`FollowUpWriter.candidateRange`).
    public var candidates: Int

    public init(baseURL: String? = nil, model: String? = nil, apiKey: String? = nil, timeoutSeconds: Int = 60,
                lengthParameter: LengthParameter = .maxTokens, maxTokens: Int = 150, temperature: Double = 0.7,
                candidates: Int = 3) {
        self.baseURL = baseURL; self.model = model; self.apiKey = apiKey; self.timeoutSeconds = timeoutSeconds
        self.lengthParameter = lengthParameter; self.maxTokens = maxTokens; self.temperature = temperature
        self.candidates = candidates
    }

    public var usesLocalModel: Bool { baseURL == nil }

    /// The key as it may be shown: "sk-…wxyz" for long keys, "…" for short ones, nil without a key.
    public var redactedAPIKey: String? { apiKey.map(Self.redact) }

    static func redact(_ key: String) -> String {
        key.count >= 16 ? "\(key.prefix(3))…\(key.suffix(4))" : "…"
    }

    /// One line for logs and the status line; never the whole key.
    public var summary: String {
        var parts = [baseURL ?? "modelo local", model ?? "—"]
        if let k = redactedAPIKey { parts.append("chave \(k)") }
        return parts.joined(separator: " · ")
    }
}

/// A configuration that cannot be used, with where it came from and how to fix it.
public struct AIConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension AIConfig {
    /// `$XDG_CONFIG_HOME/retoma/config.toml`, or `~/.config/retoma/config.toml`.
    public static func configFilePath(environment: [String: String]) -> String {
        ConfigFile.defaultPath(environment: environment)
    }

    /// The `[ai]` section of the config file (if there is one), overridden by `RETOMA_AI_*` variables.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment,
                            configPath: String? = nil) throws(AIConfigError) -> AIConfig {
        let path = configPath ?? configFilePath(environment: environment)
        do {
            let file = try ConfigFile.read(path: path)
            return try resolve(document: file.document, fileMode: file.mode, path: path, environment: environment)
        } catch let error as AIConfigError {
            throw error
        } catch let error as ConfigError {
            throw AIConfigError(error.message)
        } catch {
            throw AIConfigError("\(path): \(error)")
        }
    }

    static let knownKeys = ["base_url", "model", "api_key", "timeout_s", "length_param", "max_tokens", "temperature",
                            "candidates"]

    /// The rules of `load` without the file system, so they can be tested.
    static func resolve(document: TOMLDocument?, fileMode: Int?, path: String,
                        environment: [String: String]) throws -> AIConfig {
        do {
            return try resolveSection(document: document, fileMode: fileMode, path: path, environment: environment)
        } catch let error as ConfigError {
            throw AIConfigError(error.message)
        }
    }

    private static func resolveSection(document: TOMLDocument?, fileMode: Int?, path: String,
                                       environment: [String: String]) throws -> AIConfig {
        var config = AIConfig()
        let section = try ConfigFile(path: path, document: document, mode: fileMode)
            .section("ai", knownKeys: knownKeys, secretKeys: ["api_key"])
        let place = section.place
        let env = ConfigEnvironment(environment)

        if let raw = env["RETOMA_AI_BASE_URL"] {
            config.baseURL = try baseURL(raw, source: "RETOMA_AI_BASE_URL")
        } else if let raw = try section.string("base_url") {
            config.baseURL = try baseURL(raw, source: place("base_url") + ": base_url")
        }
        if let model = try env["RETOMA_AI_MODEL"] ?? section.string("model"), !model.isEmpty { config.model = model }
        if let key = try env["RETOMA_AI_API_KEY"] ?? section.string("api_key"), !key.isEmpty { config.apiKey = key }

        if let raw = env["RETOMA_AI_TIMEOUT_S"] {
            config.timeoutSeconds = try timeout(Int(raw), shown: raw, source: "RETOMA_AI_TIMEOUT_S")
        } else if let n = try section.integer("timeout_s") {
            config.timeoutSeconds = try timeout(n, shown: String(n), source: place("timeout_s") + ": timeout_s")
        }
        var lengthSource: (raw: String, source: String)?
        if let raw = env["RETOMA_AI_LENGTH_PARAM"] {
            lengthSource = (raw, "RETOMA_AI_LENGTH_PARAM")
        } else if let raw = try section.string("length_param") {
            lengthSource = (raw, place("length_param") + ": length_param")
        }
        if let (raw, source) = lengthSource {
            guard let p = LengthParameter(rawValue: raw) else {
                throw AIConfigError("\(source) must be \"max_tokens\" or \"max_completion_tokens\" (got \"\(raw)\")")
            }
            config.lengthParameter = p
        }
        if let n = try section.integer("max_tokens") {
            guard (16...4096).contains(n) else {
                throw AIConfigError("\(place("max_tokens")): max_tokens must be from 16 to 4096 (got \(n))")
            }
            config.maxTokens = n
        }
        if let value = section.values["temperature"] {
            let t: Double
            switch value {
            case .float(let d): t = d
            case .integer(let n): t = Double(n)
            default: throw AIConfigError("\(place("temperature")): temperature must be a number, not \(value.typeName)")
            }
            guard (0...2).contains(t) else {
                throw AIConfigError("\(place("temperature")): temperature must be from 0 to 2 (got \(t))")
            }
            config.temperature = t
        }
        if let raw = env["RETOMA_AI_CANDIDATES"] {
            config.candidates = try candidates(Int(raw), shown: raw, source: "RETOMA_AI_CANDIDATES")
        } else if let n = try section.integer("candidates") {
            config.candidates = try candidates(n, shown: String(n), source: place("candidates") + ": candidates")
        }
        if config.baseURL != nil && config.model == nil {
            throw AIConfigError("""
                a model is required with a base URL: set RETOMA_AI_MODEL or model in [ai] of \(path) \
                (for example "gpt-4o-mini", or "llama3.1:8b" on Ollama)
                """)
        }
        return config
    }

    private static func baseURL(_ raw: String, source: String) throws(ConfigError) -> String {
        try ConfigURL.httpURL(raw, source: source, example: "http://127.0.0.1:8088/v1")
    }

    private static func candidates(_ value: Int?, shown: String, source: String) throws(AIConfigError) -> Int {
        let range = FollowUpWriter.candidateRange
        guard let value, range.contains(value) else {
            throw AIConfigError("\(source) must be a whole number of drafts from \(range.lowerBound) to \(range.upperBound) (got \"\(shown)\")")
        }
        return value
    }

    private static func timeout(_ value: Int?, shown: String, source: String) throws(AIConfigError) -> Int {
        guard let value, (1...600).contains(value) else {
            throw AIConfigError("\(source) must be a whole number of seconds from 1 to 600 (got \"\(shown)\")")
        }
        return value
    }
}
