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

    @Test func aMissingFileHasNoDocument() throws {
        let f = try ConfigFile.read(path: "/nonexistent-\(UUID().uuidString)/config.toml")
        #expect(f.document == nil && f.mode == nil)
        #expect(try f.section("cloud", knownKeys: []).values.isEmpty)
    }
}
