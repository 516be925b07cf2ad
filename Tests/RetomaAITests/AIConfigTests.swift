import Foundation
import RetomaCore
import Testing
@testable import RetomaAI

@Suite struct AIConfigTests {
    func resolve(_ toml: String?, mode: Int? = 0o600, env: [String: String] = [:]) throws -> AIConfig {
        try AIConfig.resolve(document: toml.map { try TOMLSubset.parse($0) }, fileMode: mode,
                             path: "/home/u/.config/retoma/config.toml", environment: env)
    }

    @Test func nothingConfiguredMeansTheLocalModelWithDefaults() throws {
        let c = try resolve(nil)
        #expect(c == AIConfig())
        #expect(c.usesLocalModel)
        #expect(c.timeoutSeconds == 60 && c.lengthParameter == .maxTokens && c.maxTokens == 150 && c.temperature == 0.7)
    }

    @Test func theFileIsRead() throws {
        let c = try resolve("""
            [ai]
            base_url = "http://127.0.0.1:8088/v1/"
            model = "llama3.1:8b"
            api_key = "sk-from-file-0123456789"
            timeout_s = 90
            length_param = "max_completion_tokens"
            max_tokens = 300
            temperature = 1
            """)
        #expect(c == AIConfig(baseURL: "http://127.0.0.1:8088/v1", model: "llama3.1:8b", apiKey: "sk-from-file-0123456789",
                              timeoutSeconds: 90, lengthParameter: .maxCompletionTokens, maxTokens: 300, temperature: 1))
    }

    @Test func theEnvironmentWins() throws {
        let c = try resolve("""
            [ai]
            base_url = "http://127.0.0.1:8088/v1"
            model = "file-model"
            timeout_s = 90
            length_param = "max_completion_tokens"
            """, env: ["RETOMA_AI_BASE_URL": "https://api.openai.com/v1", "RETOMA_AI_MODEL": "gpt-4o-mini",
                       "RETOMA_AI_API_KEY": "sk-env", "RETOMA_AI_TIMEOUT_S": "30", "RETOMA_AI_LENGTH_PARAM": "max_tokens"])
        #expect(c.baseURL == "https://api.openai.com/v1")
        #expect(c.model == "gpt-4o-mini")
        #expect(c.apiKey == "sk-env")
        #expect(c.timeoutSeconds == 30)
        #expect(c.lengthParameter == .maxTokens)
    }

    @Test func emptyVariablesCountAsUnset() throws {
        let c = try resolve("[ai]\nmodel = \"m\"\nbase_url = \"https://h/v1\"", env: ["RETOMA_AI_MODEL": "", "RETOMA_AI_BASE_URL": "  "])
        #expect(c.model == "m" && c.baseURL == "https://h/v1")
    }

    @Test func aKeyInAFileOthersCanReadIsRefused() {
        #expect(throws: AIConfigError("/home/u/.config/retoma/config.toml holds api_key but other users can read it (mode 644); refusing to use it. Run: chmod 600 /home/u/.config/retoma/config.toml")) {
            try resolve("[ai]\napi_key = \"sk-x\"", mode: 0o644)
        }
        // Without a secret the file may be readable.
        #expect(throws: Never.self) { try resolve("[ai]\ntimeout_s = 5", mode: 0o644) }
    }

    @Test(arguments: [
        ("[ai]\nmodle = \"x\"", [String: String](), "/home/u/.config/retoma/config.toml:2: unknown key \"modle\" in [ai] (known: base_url, model, api_key, timeout_s, length_param, max_tokens, temperature, candidates)"),
        ("[ai]\ntimeout_s = \"30\"", [:], "/home/u/.config/retoma/config.toml:2: timeout_s must be a whole number, not string"),
        ("[ai]\ntimeout_s = 0", [:], "/home/u/.config/retoma/config.toml:2: timeout_s must be a whole number of seconds from 1 to 600 (got \"0\")"),
        ("", ["RETOMA_AI_TIMEOUT_S": "abc"], "RETOMA_AI_TIMEOUT_S must be a whole number of seconds from 1 to 600 (got \"abc\")"),
        ("", ["RETOMA_AI_LENGTH_PARAM": "tokens"], "RETOMA_AI_LENGTH_PARAM must be \"max_tokens\" or \"max_completion_tokens\" (got \"tokens\")"),
        ("", ["RETOMA_AI_BASE_URL": "127.0.0.1:8088/v1", "RETOMA_AI_MODEL": "m"], "RETOMA_AI_BASE_URL must be an http:// or https:// URL such as http://127.0.0.1:8088/v1 (got \"127.0.0.1:8088/v1\")"),
        ("[ai]\nbase_url = \"https://h/v1\"", [:], "a model is required with a base URL: set RETOMA_AI_MODEL or model in [ai] of /home/u/.config/retoma/config.toml (for example \"gpt-4o-mini\", or \"llama3.1:8b\" on Ollama)"),
        ("", ["RETOMA_AI_BASE_URL": "http://api.openai.com/v1", "RETOMA_AI_MODEL": "m"], "RETOMA_AI_BASE_URL must use https:// unless it points at this machine (127.0.0.1, ::1 or localhost): over http:// the key would travel unencrypted (got \"http://api.openai.com/v1\")"),
        ("[ai]\nbase_url = \"http://127.0.0.1.nip.io:8088/v1\"\nmodel = \"m\"", [:], "/home/u/.config/retoma/config.toml:2: base_url must use https:// unless it points at this machine (127.0.0.1, ::1 or localhost): over http:// the key would travel unencrypted (got \"http://127.0.0.1.nip.io:8088/v1\")"),
        ("", ["RETOMA_AI_BASE_URL": "http://localhost@evil.example/v1", "RETOMA_AI_MODEL": "m"], "RETOMA_AI_BASE_URL must not hold a user name or password before \"@\"; set the key in its own setting"),
        ("[ai]\ntemperature = 3.5", [:], "/home/u/.config/retoma/config.toml:2: temperature must be from 0 to 2 (got 3.5)"),
        ("[ai]\nmax_tokens = 5", [:], "/home/u/.config/retoma/config.toml:2: max_tokens must be from 16 to 4096 (got 5)"),
        ("[ai]\nmodel = true", [:], "/home/u/.config/retoma/config.toml:2: model must be a string in quotes, not boolean"),
        ("[ai]\ncandidates = 0", [:], "/home/u/.config/retoma/config.toml:2: candidates must be a whole number of drafts from 1 to 10 (got \"0\")"),
        ("[ai]\ncandidates = 11", [:], "/home/u/.config/retoma/config.toml:2: candidates must be a whole number of drafts from 1 to 10 (got \"11\")"),
        ("", ["RETOMA_AI_CANDIDATES": "99999999999999999999999"], "RETOMA_AI_CANDIDATES must be a whole number of drafts from 1 to 10 (got \"99999999999999999999999\")"),
        ("", ["RETOMA_AI_CANDIDATES": "tres"], "RETOMA_AI_CANDIDATES must be a whole number of drafts from 1 to 10 (got \"tres\")"),
    ])
    func badValuesSayWhereAndWhat(toml: String, env: [String: String], message: String) {
        #expect(throws: AIConfigError(message)) { try resolve(toml, env: env) }
    }

    @Test func theNumberOfDraftsComesFromTheFileOrTheEnvironment() throws {
        #expect(try resolve(nil).candidates == 3)
        #expect(try resolve("[ai]\ncandidates = 5").candidates == 5)
        #expect(try resolve("[ai]\ncandidates = 5", env: ["RETOMA_AI_CANDIDATES": "1"]).candidates == 1)
    }

    @Test func plainHTTPToThisMachineIsAccepted() throws {
        for url in ["http://127.0.0.1:11434/v1", "http://localhost:8080/v1", "http://[::1]:8000/v1"] {
            #expect(try resolve(nil, env: ["RETOMA_AI_BASE_URL": url, "RETOMA_AI_MODEL": "m"]).baseURL == url)
        }
    }

    @Test func anAPIKeyWithoutQuotesIsNotRepeated() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("retoma-cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("config.toml").path
        try "[ai]\nmodel = \"m\"\napi_key = sk-proj-abcdefghijklmnop\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: AIConfigError("\(file):3: the value of \"api_key\" needs quotes (not shown: it is a secret)")) {
            try AIConfig.load(environment: [:], configPath: file)
        }
    }

    @Test func theKeyIsNeverShownWhole() {
        let c = AIConfig(baseURL: "https://api.openai.com/v1", model: "gpt-4o-mini", apiKey: "sk-proj-abcdefghijklmnopWXYZ")
        #expect(c.redactedAPIKey == "sk-…WXYZ")
        #expect(c.summary == "https://api.openai.com/v1 · gpt-4o-mini · chave sk-…WXYZ")
        #expect(AIConfig(apiKey: "short").redactedAPIKey == "…")
        #expect(!String(describing: c.redactedAPIKey).contains("abcdefghijklmnop"))
    }

    @Test func configPathFollowsXDG() {
        #expect(AIConfig.configFilePath(environment: ["XDG_CONFIG_HOME": "/x/cfg", "HOME": "/home/u"]) == "/x/cfg/retoma/config.toml")
        #expect(AIConfig.configFilePath(environment: ["HOME": "/home/u"]) == "/home/u/.config/retoma/config.toml")
        // A relative XDG path is invalid per the spec and ignored.
        #expect(AIConfig.configFilePath(environment: ["XDG_CONFIG_HOME": "cfg", "HOME": "/home/u"]) == "/home/u/.config/retoma/config.toml")
    }

    @Test func loadReadsARealFileAndChecksItsMode() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("retoma-cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("retoma"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("retoma/config.toml").path
        try "[ai]\nbase_url = \"http://127.0.0.1:9/v1\"\nmodel = \"m\"\napi_key = \"sk-secret-0123456789\"\n".write(toFile: file, atomically: true, encoding: .utf8)
        let env = ["XDG_CONFIG_HOME": dir.path, "HOME": "/nonexistent"]

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        #expect(throws: AIConfigError.self) { try AIConfig.load(environment: env) }

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        let c = try AIConfig.load(environment: env)
        #expect(c.apiKey == "sk-secret-0123456789")
        #expect(c.baseURL == "http://127.0.0.1:9/v1")

        try "[ai]\nmodel = gpt\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: AIConfigError("\(file):2: \"gpt\" is not a value (strings need quotes)")) { try AIConfig.load(environment: env) }
    }

    @Test func aMissingFileIsFine() throws {
        let c = try AIConfig.load(environment: ["XDG_CONFIG_HOME": "/nonexistent-\(UUID().uuidString)"])
        #expect(c.usesLocalModel)
    }
}
