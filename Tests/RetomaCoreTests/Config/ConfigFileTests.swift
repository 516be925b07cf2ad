import Foundation
import RetomaCore
import Testing

@Suite struct ConfigFileTests {
    func file(_ toml: String, mode: Int? = 0o600) throws -> ConfigFile {
        ConfigFile(path: "/h/.config/retoma/config.toml", document: try TOMLSubset.parse(toml), mode: mode)
    }

    @Test func typedValuesAndTheirPlaces() throws {
        let s = try file("[cloud]\nbase_url = \"http://x\"\nn = 3\nb = true\n").section("cloud", knownKeys: ["base_url", "n", "b"])
        #expect(try s.string("base_url") == "http://x")
        #expect(try s.integer("n") == 3)
        #expect(try s.boolean("b") == true)
        #expect(try s.string("missing") == nil)
        #expect(s.place("n") == "/h/.config/retoma/config.toml:3")
        #expect(throws: ConfigError("/h/.config/retoma/config.toml:3: n must be a string in quotes, not integer")) { try s.string("n") }
        #expect(throws: ConfigError("/h/.config/retoma/config.toml:2: base_url must be true or false, not string")) { try s.boolean("base_url") }
    }

    @Test func unknownKeysAndReadableSecretsAreRefused() throws {
        #expect(throws: ConfigError("/h/.config/retoma/config.toml:2: unknown key \"tokn\" in [cloud] (known: token)")) {
            try file("[cloud]\ntokn = \"x\"").section("cloud", knownKeys: ["token"])
        }
        #expect(throws: ConfigError("/h/.config/retoma/config.toml holds token but other users can read it (mode 640); refusing to use it. Run: chmod 600 /h/.config/retoma/config.toml")) {
            try file("[cloud]\ntoken = \"x\"", mode: 0o640).section("cloud", knownKeys: ["token"], secretKeys: ["token"])
        }
        // Another section's secret does not make this one unreadable, and no secret means any mode is fine.
        #expect(throws: Never.self) { try file("[cloud]\ntoken = \"x\"\n[channel]\nkind = \"cloud\"", mode: 0o644).section("channel", knownKeys: ["kind"]) }
    }

    @Test func environmentValuesAreTrimmedAndEmptyMeansUnset() {
        let env = ConfigEnvironment(["A": "  x ", "B": "", "C": "   "])
        #expect(env["A"] == "x" && env["B"] == nil && env["C"] == nil && env["D"] == nil)
    }

    @Test func secretNamesAreKnownByTheirWords() {
        for name in ["token", "app_secret", "verify_token", "api_key", "apikey", "webhook_secret", "password", "db-passwd",
                     "RETOMA_CLOUD_TOKEN", "RETOMA_AI_API_KEY", "access.token", "auth", "credentials"] {
            #expect(ConfigSecrets.isSecretName(name), "\(name)")
        }
        for name in ["max_tokens", "base_url", "model", "kind", "instance", "phone_number_id", "timeout_s", "keyboard"] {
            #expect(!ConfigSecrets.isSecretName(name), "\(name)")
        }
    }

    @Test func aConfigFileErrorNeverRepeatsASecret() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("retoma-cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("config.toml").path
        try "[cloud]\nphone_number_id = \"1\"\ntoken = EAAGm0PX4ZCpsBAKZCZBzq1\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ConfigError("\(path):3: the value of \"token\" needs quotes (not shown: it is a secret)")) {
            try ConfigFile.read(path: path)
        }
    }

    @Test(arguments: [
        ("https://graph.facebook.com/", "https://graph.facebook.com"),
        ("https://api.openai.com/v1", "https://api.openai.com/v1"),
        ("http://127.0.0.1:8088/v1", "http://127.0.0.1:8088/v1"),
        ("http://127.9.8.7", "http://127.9.8.7"),
        ("HTTP://LOCALHOST:11434/v1", "HTTP://LOCALHOST:11434/v1"),
        ("http://localhost/v1", "http://localhost/v1"),
        ("http://[::1]:8080/", "http://[::1]:8080"),
        ("http://127.0.0.1:8080#@evil.com", "http://127.0.0.1:8080#@evil.com"),
    ])
    func urlsOverTLSOrToThisMachineAreAccepted(raw: String, kept: String) throws {
        #expect(try ConfigURL.httpURL(raw, source: "X_URL", example: "https://e") == kept)
    }

    @Test(arguments: [
        "http://api.openai.com/v1", "http://10.0.0.5:8080", "http://192.168.0.10", "http://[::2]:80",
        "http://[::ffff:127.0.0.1]", "http://127.0.0.1.evil.com/v1", "http://localhost.evil.com", "http://localhost.",
        "http://127.1", "http://0177.0.0.1", "http://0x7f000001", "http://2130706433", "http://128.0.0.1",
        "http://evil.com#.127.0.0.1", "http://evil.com?127.0.0.1",
    ])
    func plainHTTPElsewhereIsRefusedNamingTheVariable(raw: String) {
        #expect(throws: ConfigError("""
            X_URL must use https:// unless it points at this machine (127.0.0.1, ::1 or localhost): \
            over http:// the key would travel unencrypted (got \"\(raw)\")
            """)) {
            try ConfigURL.httpURL(raw, source: "X_URL", example: "https://e")
        }
    }

    @Test(arguments: ["http://localhost@evil.com", "http://127.0.0.1:80@evil.com/v1", "https://user:pa55w0rd@api.example.com/v1",
                      "http://localhost:8080@evil.com", "http://evil.com\\@127.0.0.1"])
    func credentialsInTheURLAreRefusedWithoutRepeatingThem(raw: String) {
        #expect(throws: ConfigError("X_URL must not hold a user name or password before \"@\"; set the key in its own setting")) {
            try ConfigURL.httpURL(raw, source: "X_URL", example: "https://e")
        }
    }

    @Test(arguments: ["graph.facebook.com", "ftp://x", "https://", "http://", "http://127.0.0.1:0", "http://127.0.0.1:65536",
                      "http://127.0.0.1:", "http://127.0.0.1%2eevil.com", "http://[::1",
                      "http://[::1]x", "http://local host", "http://127.0.0.1\u{0}.evil.com", "https://a b.com"])
    func malformedURLsAreRefused(raw: String) {
        #expect {
            try ConfigURL.httpURL(raw, source: "X_URL", example: "https://e")
        } throws: { error in
            (error as? ConfigError)?.message.hasPrefix("X_URL must be an http:// or https:// URL such as https://e") == true
        }
    }

    @Test func aMissingFileHasNoDocument() throws {
        let f = try ConfigFile.read(path: "/nonexistent-\(UUID().uuidString)/config.toml")
        #expect(f.document == nil && f.mode == nil)
        #expect(try f.section("cloud", knownKeys: []).values.isEmpty)
    }
}
