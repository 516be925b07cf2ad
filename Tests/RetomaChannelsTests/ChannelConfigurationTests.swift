import Foundation
import RetomaCore
import Testing
@testable import RetomaChannels

@Suite struct ChannelConfigurationTests {
    let path = "/home/u/.config/retoma/config.toml"

    func resolve(_ toml: String = "", mode: Int = 0o600, env: [String: String] = [:]) throws -> ChannelConfiguration {
        try ChannelConfiguration.resolve(file: ConfigFile(path: path, document: try TOMLSubset.parse(toml), mode: mode),
                                         environment: env)
    }

    let cloudEnv = ["RETOMA_CHANNEL": "cloud", "RETOMA_CLOUD_PHONE_NUMBER_ID": "106540352242922",
                    "RETOMA_CLOUD_TOKEN": "EAAG-token", "RETOMA_CLOUD_APP_SECRET": "app-secret",
                    "RETOMA_CLOUD_VERIFY_TOKEN": "verify"]

    @Test func theSandboxIsTheDefault() throws {
        let c = try resolve()
        #expect(c == ChannelConfiguration())
        #expect(c.kind == .sandbox && !c.needsWebhook && c.summary == "sandbox")
        #expect(c.webhookListen == ListenAddress(host: "127.0.0.1", port: 8787))
        #expect(try ChannelFactory.makeChannel(c).kind == "sandbox")
    }

    @Test func cloudFromTheEnvironment() throws {
        var env = cloudEnv
        env["RETOMA_CLOUD_TEMPLATE"] = "followup_1:pt_BR"
        env["RETOMA_CLOUD_API_VERSION"] = "24"
        env["RETOMA_WEBHOOK_LISTEN"] = "0.0.0.0:9000"
        let c = try resolve(env: env)
        #expect(c.kind == .cloud && c.needsWebhook)
        #expect(c.cloud == CloudAPIConfig(baseURL: "https://graph.facebook.com", apiVersion: "v24.0",
                                          phoneNumberID: "106540352242922", token: "EAAG-token", appSecret: "app-secret",
                                          verifyToken: "verify", template: CloudTemplate(name: "followup_1", language: "pt_BR")))
        #expect(c.webhookListen == ListenAddress(host: "0.0.0.0", port: 9000))
        #expect(!c.summary.contains("EAAG-token"))
        let channel = try ChannelFactory.makeChannel(c)
        #expect(channel.kind == "cloud" && channel.sender == "cloud:106540352242922")
        #expect(channel.messagingWindow == .customerService(templateConfigured: true))
    }

    @Test func theFileWorksAndTheEnvironmentWins() throws {
        let toml = """
            [channel]
            kind = "evolution"
            webhook_listen = "127.0.0.1:8899"
            [evolution]
            base_url = "http://127.0.0.1:8080/"
            instance = "crm"
            api_key = "file-key"
            webhook_secret = "file-secret-0123456789"
            """
        let c = try resolve(toml)
        #expect(c.kind == .evolution)
        #expect(c.evolution == EvolutionConfig(baseURL: "http://127.0.0.1:8080", instance: "crm", apiKey: "file-key",
                                               webhookSecret: "file-secret-0123456789"))
        #expect(c.webhookListen.port == 8899)
        let overridden = try resolve(toml, env: ["RETOMA_EVOLUTION_API_KEY": "env-key", "RETOMA_WEBHOOK_LISTEN": ":8000"])
        #expect(overridden.evolution?.apiKey == "env-key")
        #expect(overridden.webhookListen == ListenAddress(host: "127.0.0.1", port: 8000))
        #expect(try ChannelFactory.makeChannel(c).sender == "evolution:crm")
    }

    @Test func secretsInAFileOthersCanReadAreRefused() {
        #expect(throws: ConfigError("\(path) holds token but other users can read it (mode 644); refusing to use it. Run: chmod 600 \(path)")) {
            try resolve("[cloud]\ntoken = \"EAAG\"", mode: 0o644)
        }
    }

    @Test(arguments: [
        ([String: String](), "", "RETOMA_CHANNEL", "sandbox, cloud or evolution"),
        (["RETOMA_CLOUD_TOKEN": ""], "", "RETOMA_CLOUD_TOKEN", "needs an access token"),
        (["RETOMA_CLOUD_PHONE_NUMBER_ID": "+55 11 98765-4321"], "", "RETOMA_CLOUD_PHONE_NUMBER_ID", "not the phone number itself"),
        (["RETOMA_CLOUD_TEMPLATE": "followup"], "", "RETOMA_CLOUD_TEMPLATE", "name:language"),
        (["RETOMA_CLOUD_API_VERSION": "latest"], "", "RETOMA_CLOUD_API_VERSION", "v23.0"),
        (["RETOMA_CLOUD_BASE_URL": "graph.facebook.com"], "", "RETOMA_CLOUD_BASE_URL", "http:// or https://"),
        (["RETOMA_WEBHOOK_LISTEN": "localhost"], "", "RETOMA_WEBHOOK_LISTEN", "127.0.0.1:8787"),
        ([String: String](), "[cloud]\nverify = \"x\"", "unknown key \"verify\" in [cloud]", "known:"),
    ])
    func badSettingsSayWhichAndHow(change: [String: String], toml: String, names: String, says: String) {
        var env = cloudEnv
        env.merge(change) { $1 }
        if change.isEmpty && toml.isEmpty { env["RETOMA_CHANNEL"] = "whatsapp" }
        #expect {
            try resolve(toml, env: env)
        } throws: { error in
            let m = (error as? ConfigError)?.message ?? ""
            return m.contains(names) && m.contains(says)
        }
    }

    @Test func plainHTTPIsRefusedForTheCloudAndEvolutionExceptOnThisMachine() throws {
        var cloud = cloudEnv
        cloud["RETOMA_CLOUD_BASE_URL"] = "http://graph.facebook.com"
        #expect(throws: ConfigError("RETOMA_CLOUD_BASE_URL must use https:// unless it points at this machine (127.0.0.1, ::1 or localhost): over http:// the key would travel unencrypted (got \"http://graph.facebook.com\")")) {
            try resolve(env: cloud)
        }
        cloud["RETOMA_CLOUD_BASE_URL"] = "http://127.0.0.1:9911"
        #expect(try resolve(env: cloud).cloud?.baseURL == "http://127.0.0.1:9911")

        var evolution = ["RETOMA_CHANNEL": "evolution", "RETOMA_EVOLUTION_INSTANCE": "crm", "RETOMA_EVOLUTION_API_KEY": "k",
                         "RETOMA_EVOLUTION_WEBHOOK_SECRET": "0123456789abcdef"]
        #expect(throws: ConfigError("\(path):2: base_url must use https:// unless it points at this machine (127.0.0.1, ::1 or localhost): over http:// the key would travel unencrypted (got \"http://evo.example.com:8080\")")) {
            try resolve("[evolution]\nbase_url = \"http://evo.example.com:8080\"", env: evolution)
        }
        evolution["RETOMA_EVOLUTION_BASE_URL"] = "http://localhost@evo.example.com"
        #expect(throws: ConfigError("RETOMA_EVOLUTION_BASE_URL must not hold a user name or password before \"@\"; set the key in its own setting")) {
            try resolve(env: evolution)
        }
        evolution["RETOMA_EVOLUTION_BASE_URL"] = "https://evo.example.com"
        #expect(try resolve(env: evolution).evolution?.baseURL == "https://evo.example.com")
    }

    @Test func everyDeclaredSecretIsKnownAsSecretByName() {
        // The TOML reader hides values by name before the sections are checked; the two lists must agree.
        for key in ChannelConfiguration.cloudSecrets + ChannelConfiguration.evolutionSecrets {
            #expect(ConfigSecrets.isSecretName(key), "\(key)")
        }
    }

    @Test func evolutionNeedsALongWebhookSecret() {
        let env = ["RETOMA_CHANNEL": "evolution", "RETOMA_EVOLUTION_BASE_URL": "http://127.0.0.1:8080",
                   "RETOMA_EVOLUTION_INSTANCE": "crm", "RETOMA_EVOLUTION_API_KEY": "k", "RETOMA_EVOLUTION_WEBHOOK_SECRET": "short"]
        #expect(throws: ConfigError("RETOMA_EVOLUTION_WEBHOOK_SECRET must have at least 16 characters (anyone who guesses it can inject messages)")) {
            try resolve(env: env)
        }
    }

    @Test func loadReadsARealFile() throws {
        let scratch = try Scratch()
        let file = scratch.path("config.toml")
        try "[channel]\nkind = \"cloud\"\n[cloud]\nphone_number_id = \"1\"\ntoken = \"t\"\napp_secret = \"s\"\nverify_token = \"v\"\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        let c = try ChannelConfiguration.load(environment: [:], configPath: file)
        #expect(c.kind == .cloud && c.cloud?.token == "t")
        try FileManager.default.setAttributes([.posixPermissions: 0o604], ofItemAtPath: file)
        #expect(throws: ConfigError.self) { try ChannelConfiguration.load(environment: [:], configPath: file) }
    }
}
