import Foundation
import RetomaCore

/// Which WhatsApp channel sends the follow-ups.
public enum ChannelKind: String, Sendable, Equatable, CaseIterable {
    /// Embedded: nothing leaves the machine (the default).
    case sandbox
    /// WhatsApp Business Cloud API (Meta Graph).
    case cloud
    /// Evolution API v2 (an unofficial WhatsApp Web client).
    case evolution
}

/// An approved Cloud API template: `RETOMA_CLOUD_TEMPLATE=name:language`, e.g. "followup_1:pt_BR" (several,
/// comma-separated: the first is the follow-up template, every one may be picked for an agent's message).
public typealias CloudTemplate = MessageTemplate

public struct CloudAPIConfig: Sendable, Equatable {
    public static let defaultBaseURL = "https://graph.facebook.com"
    public static let defaultAPIVersion = "v23.0"

    /// Without a trailing slash; requests go to `<baseURL>/<apiVersion>/<phoneNumberID>/messages`.
    public var baseURL: String
    /// "v23.0".
    public var apiVersion: String
    public var phoneNumberID: String
    public var token: String
    /// Signs the webhook's POSTs (`X-Hub-Signature-256`).
    public var appSecret: String
    /// Answers Meta's webhook verification (`hub.verify_token`).
    public var verifyToken: String
    /// The approved templates, as configured. The first goes out for follow-ups outside the 24-hour window
    /// (none: such follow-ups are skipped, `outside_24h_window`); an agent may pick any of them.
    public var templates: [CloudTemplate]
    /// The follow-up template.
    public var template: CloudTemplate? { templates.first }
    /// Seconds for one request.
    public var timeout: TimeInterval

    public init(baseURL: String = CloudAPIConfig.defaultBaseURL, apiVersion: String = CloudAPIConfig.defaultAPIVersion,
                phoneNumberID: String, token: String, appSecret: String, verifyToken: String,
                template: CloudTemplate? = nil, templates: [CloudTemplate] = [], timeout: TimeInterval = 30) {
        self.baseURL = baseURL; self.apiVersion = apiVersion; self.phoneNumberID = phoneNumberID; self.token = token
        self.appSecret = appSecret; self.verifyToken = verifyToken
        self.templates = (template.map { [$0] } ?? []) + templates.filter { $0 != template }
        self.timeout = timeout
    }
}

public struct EvolutionConfig: Sendable, Equatable {
    /// e.g. "http://127.0.0.1:8080", without a trailing slash.
    public var baseURL: String
    public var instance: String
    /// Sent as the `apikey` header.
    public var apiKey: String
    /// Expected in the `x-retoma-secret` header of each webhook POST (Evolution has no signature: its webhook
    /// configuration sends custom headers).
    public var webhookSecret: String
    /// Bounds of the "typing…" presence Evolution shows before the text (`delay`, ms): longer texts take longer.
    public var typingDelay: ClosedRange<Int>
    /// Seconds for one request, on top of the typing delay.
    public var timeout: TimeInterval

    public init(baseURL: String, instance: String, apiKey: String, webhookSecret: String,
                typingDelay: ClosedRange<Int> = 1200...4000, timeout: TimeInterval = 30) {
        self.baseURL = baseURL; self.instance = instance; self.apiKey = apiKey; self.webhookSecret = webhookSecret
        self.typingDelay = typingDelay; self.timeout = timeout
    }
}

/// Where the webhook listener binds: "127.0.0.1:8787" by default.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public static let `default` = ListenAddress(host: "127.0.0.1", port: 8787)
    /// An IPv4 address.
    public var host: String
    /// 0 picks a free port (tests).
    public var port: UInt16
    public init(host: String, port: UInt16) { self.host = host; self.port = port }
    public var description: String { "\(host):\(port)" }

    /// "127.0.0.1:8787", "0.0.0.0:9000" or ":8787" (loopback).
    public static func parse(_ raw: String) -> ListenAddress? {
        guard let colon = raw.lastIndex(of: ":") else { return nil }
        var host = String(raw[..<colon])
        if host.isEmpty { host = "127.0.0.1" }
        if host == "localhost" { host = "127.0.0.1" }
        guard let port = UInt16(raw[raw.index(after: colon)...]) else { return nil }
        var address = in_addr()
        guard inet_pton(AF_INET, host, &address) == 1 else { return nil }
        return ListenAddress(host: host, port: port)
    }
}

/// The channel settings: `RETOMA_CHANNEL` and friends over the `[channel]`, `[cloud]` and `[evolution]`
/// sections of config.toml. Secrets come from the environment or a file only its owner can read.
public struct ChannelConfiguration: Sendable, Equatable {
    public var kind: ChannelKind
    public var cloud: CloudAPIConfig?
    public var evolution: EvolutionConfig?
    public var webhookListen: ListenAddress

    public init(kind: ChannelKind = .sandbox, cloud: CloudAPIConfig? = nil, evolution: EvolutionConfig? = nil,
                webhookListen: ListenAddress = .default) {
        self.kind = kind; self.cloud = cloud; self.evolution = evolution; self.webhookListen = webhookListen
    }

    /// A webhook listener runs for the channels that receive messages from outside.
    public var needsWebhook: Bool { kind != .sandbox }

    /// One line for the status bar and logs; never a secret.
    public var summary: String {
        switch kind {
        case .sandbox: return "sandbox"
        case .cloud: return "cloud · \(cloud?.phoneNumberID ?? "?")" + (cloud?.template.map { " · modelo \($0.name)" } ?? "")
        case .evolution: return "evolution · \(evolution?.instance ?? "?")"
        }
    }

    static let channelKeys = ["kind", "webhook_listen"]
    static let cloudKeys = ["base_url", "api_version", "phone_number_id", "token", "app_secret", "verify_token", "template"]
    static let cloudSecrets = ["token", "app_secret", "verify_token"]
    static let evolutionKeys = ["base_url", "instance", "api_key", "webhook_secret"]
    static let evolutionSecrets = ["api_key", "webhook_secret"]

    /// Reads the config file (if any) and the environment; the environment wins.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment,
                            configPath: String? = nil) throws(ConfigError) -> ChannelConfiguration {
        let file = try ConfigFile.read(path: configPath ?? ConfigFile.defaultPath(environment: environment))
        return try resolve(file: file, environment: environment)
    }

    /// The rules of `load` without the file system.
    public static func resolve(file: ConfigFile, environment: [String: String]) throws(ConfigError) -> ChannelConfiguration {
        let env = ConfigEnvironment(environment)
        let channel = try file.section("channel", knownKeys: channelKeys)
        let cloudSection = try file.section("cloud", knownKeys: cloudKeys, secretKeys: cloudSecrets)
        let evolutionSection = try file.section("evolution", knownKeys: evolutionKeys, secretKeys: evolutionSecrets)

        var config = ChannelConfiguration()
        if let raw = env["RETOMA_CHANNEL"] {
            config.kind = try kind(raw, source: "RETOMA_CHANNEL")
        } else if let raw = try channel.string("kind") {
            config.kind = try kind(raw, source: channel.place("kind") + ": kind")
        }
        if let raw = env["RETOMA_WEBHOOK_LISTEN"] {
            config.webhookListen = try listen(raw, source: "RETOMA_WEBHOOK_LISTEN")
        } else if let raw = try channel.string("webhook_listen") {
            config.webhookListen = try listen(raw, source: channel.place("webhook_listen") + ": webhook_listen")
        }

        switch config.kind {
        case .sandbox:
            break
        case .cloud:
            config.cloud = try cloud(cloudSection, env: env, file: file)
        case .evolution:
            config.evolution = try evolution(evolutionSection, env: env, file: file)
        }
        return config
    }

    /// One setting: the variable, else the key, with the place to name in messages.
    private struct Setting {
        var value: String
        var source: String
    }

    private static func setting(_ variable: String, _ key: String, _ section: ConfigSection,
                                env: ConfigEnvironment) throws(ConfigError) -> Setting? {
        if let value = env[variable] { return Setting(value: value, source: variable) }
        if let value = try section.string(key)?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
            return Setting(value: value, source: section.place(key) + ": " + key)
        }
        return nil
    }

    private static func required(_ variable: String, _ key: String, _ section: ConfigSection, env: ConfigEnvironment,
                                 file: ConfigFile, what: String) throws(ConfigError) -> Setting {
        guard let found = try setting(variable, key, section, env: env) else {
            throw ConfigError("""
                the \(section.name == "cloud" ? "Cloud API" : "Evolution API") channel needs \(what): \
                set \(variable) or \(key) in [\(section.name)] of \(file.path)
                """)
        }
        return found
    }

    private static func cloud(_ section: ConfigSection, env: ConfigEnvironment,
                              file: ConfigFile) throws(ConfigError) -> CloudAPIConfig {
        var baseURL = CloudAPIConfig.defaultBaseURL
        if let s = try setting("RETOMA_CLOUD_BASE_URL", "base_url", section, env: env) {
            baseURL = try ConfigURL.httpURL(s.value, source: s.source, example: CloudAPIConfig.defaultBaseURL)
        }
        var version = CloudAPIConfig.defaultAPIVersion
        if let s = try setting("RETOMA_CLOUD_API_VERSION", "api_version", section, env: env) {
            version = try apiVersion(s)
        }
        let phone = try required("RETOMA_CLOUD_PHONE_NUMBER_ID", "phone_number_id", section, env: env, file: file,
                                 what: "the phone number ID from Meta's WhatsApp Manager")
        guard phone.value.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ConfigError("""
                \(phone.source) must be the numeric phone number ID shown in Meta's WhatsApp Manager, \
                not the phone number itself (got \"\(phone.value)\")
                """)
        }
        let token = try required("RETOMA_CLOUD_TOKEN", "token", section, env: env, file: file,
                                 what: "an access token (a system user token)")
        let secret = try required("RETOMA_CLOUD_APP_SECRET", "app_secret", section, env: env, file: file,
                                  what: "the app secret, to check the webhook's signatures")
        let verify = try required("RETOMA_CLOUD_VERIFY_TOKEN", "verify_token", section, env: env, file: file,
                                  what: "the verify token you typed in Meta's webhook settings")
        for s in [token, secret, verify] where s.value.contains(where: { $0.isWhitespace || $0.isNewline }) {
            throw ConfigError("\(s.source) must not contain spaces or line breaks")
        }
        var templates: [CloudTemplate] = []
        if let s = try setting("RETOMA_CLOUD_TEMPLATE", "template", section, env: env) {
            templates = try parseTemplates(s)
        }
        return CloudAPIConfig(baseURL: baseURL, apiVersion: version, phoneNumberID: phone.value, token: token.value,
                              appSecret: secret.value, verifyToken: verify.value, templates: templates)
    }

    private static func evolution(_ section: ConfigSection, env: ConfigEnvironment,
                                  file: ConfigFile) throws(ConfigError) -> EvolutionConfig {
        let base = try required("RETOMA_EVOLUTION_BASE_URL", "base_url", section, env: env, file: file,
                                what: "the server's address (e.g. http://127.0.0.1:8080)")
        let baseURL = try ConfigURL.httpURL(base.value, source: base.source, example: "http://127.0.0.1:8080")
        let instance = try required("RETOMA_EVOLUTION_INSTANCE", "instance", section, env: env, file: file,
                                    what: "the instance name")
        guard !instance.value.contains(where: { "/?#% ".contains($0) }) else {
            throw ConfigError("\(instance.source) must be an instance name without / ? # % or spaces (got \"\(instance.value)\")")
        }
        let key = try required("RETOMA_EVOLUTION_API_KEY", "api_key", section, env: env, file: file,
                               what: "an API key (the global AUTHENTICATION_API_KEY or the instance token)")
        let secret = try required("RETOMA_EVOLUTION_WEBHOOK_SECRET", "webhook_secret", section, env: env, file: file,
                                  what: "a webhook secret (the value of the x-retoma-secret header in the instance's webhook)")
        guard secret.value.count >= 16 else {
            throw ConfigError("\(secret.source) must have at least 16 characters (anyone who guesses it can inject messages)")
        }
        for s in [key, secret] where s.value.contains(where: { $0.isWhitespace || $0.isNewline }) {
            throw ConfigError("\(s.source) must not contain spaces or line breaks")
        }
        return EvolutionConfig(baseURL: baseURL, instance: instance.value, apiKey: key.value, webhookSecret: secret.value)
    }

    private static func kind(_ raw: String, source: String) throws(ConfigError) -> ChannelKind {
        guard let kind = ChannelKind(rawValue: raw.lowercased()) else {
            throw ConfigError("\(source) must be sandbox, cloud or evolution (got \"\(raw)\")")
        }
        return kind
    }

    private static func listen(_ raw: String, source: String) throws(ConfigError) -> ListenAddress {
        guard let address = ListenAddress.parse(raw) else {
            throw ConfigError("\(source) must be an IPv4 address and port such as 127.0.0.1:8787 (got \"\(raw)\")")
        }
        return address
    }

    private static func apiVersion(_ s: Setting) throws(ConfigError) -> String {
        var v = s.value.lowercased()
        if !v.hasPrefix("v") { v = "v" + v }
        let parts = v.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else {
            throw ConfigError("\(s.source) must be a Graph API version such as v23.0 (got \"\(s.value)\")")
        }
        return parts.count == 1 ? v + ".0" : v
    }

    /// "followup_1:pt_BR" or "followup_1:pt_BR, reply_1:pt_BR": each name:language once, in order.
    private static func parseTemplates(_ s: Setting) throws(ConfigError) -> [CloudTemplate] {
        var templates: [CloudTemplate] = []
        for item in s.value.split(separator: ",", omittingEmptySubsequences: false) {
            let raw = item.trimmingCharacters(in: .whitespaces)
            guard let template = MessageTemplate.parse(raw) else {
                throw ConfigError("""
                    \(s.source) must be name:language of an approved template, such as followup_1:pt_BR, or several \
                    separated by commas (got \"\(s.value)\")
                    """)
            }
            if !templates.contains(template) { templates.append(template) }
        }
        return templates
    }
}
