import Foundation
import RetomaCore
import Testing
@testable import retoma

/// Environment values used to trap in integer conversions or date arithmetic; each must now be refused
/// with one line that names the variable, by the real `retoma` binary.
@Suite("Environment values through the CLI")
struct EnvironmentValueTests {
    /// Each of these used to kill the process with SIGILL (an integer conversion or date arithmetic trap),
    /// or was taken as is and trapped later, while sending.
    static let badGovernorValues: [(String, String)] = [
        ("RETOMA_GOVERNOR_HOURLY_CAP", "1e19"), ("RETOMA_GOVERNOR_DAILY_CAP", "1e19"),
        ("RETOMA_GOVERNOR_HOURLY_CAP", "99999999999999999999"), ("RETOMA_GOVERNOR_DAILY_CAP", "40.5"),
        ("RETOMA_GOVERNOR_JITTER_S", "0-inf"), ("RETOMA_GOVERNOR_JITTER_S", "nan"), ("RETOMA_GOVERNOR_JITTER_S", "0-1e300"),
        ("RETOMA_GOVERNOR_MIN_GAP_S", "1e300"), ("RETOMA_GOVERNOR_MIN_GAP_S", "inf"),
        ("RETOMA_GOVERNOR_WARMUP", "999999999999999999-01-01:20,40"), ("RETOMA_GOVERNOR_WARMUP", "2026-02-30:20"),
        ("RETOMA_GOVERNOR_WARMUP", "2026-03-01:20,1e19"), ("RETOMA_GOVERNOR_WARMUP", "2026-03-01:99999999999999999999"),
    ]

    @Test(arguments: badGovernorValues)
    func anAbsurdGovernorValueIsOneLineNamingTheVariableNotACrash(name: String, value: String) throws {
        let world = try EngineWorld()
        let deal = try world.deal("Ana", phone: "11987654321", lastAgentAt: Date().addingTimeInterval(-2 * 86_400))
        for arguments in [["engine", "--once", "--dry-run"], ["engine", "--once", "--dry-run", "--json"],
                          ["deal", "why", String(deal)]] {
            for lang in ["pt", "en"] {
                let result = try run(arguments + ["--lang", lang], env: world.env([name: value]))
                #expect(!result.signaled && result.status == 1, "\(name)=\(value) \(arguments): \(result)")
                #expect(result.stdout.isEmpty, "\(name)=\(value) \(arguments): \(result)")
                let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
                #expect(lines.count == 2 && lines[0].hasPrefix("retoma: ") && lines[0].contains(name)
                        && lines[0].contains(value), "\(name)=\(value) \(arguments): \(result)")
            }
        }
    }

    @Test func sensibleGovernorValuesStillWork() throws {
        let world = try EngineWorld()
        try world.deal("Ana", phone: "11987654321", lastAgentAt: Date().addingTimeInterval(-2 * 86_400))
        let env = world.env(["RETOMA_GOVERNOR_HOURLY_CAP": "30", "RETOMA_GOVERNOR_DAILY_CAP": "150",
                             "RETOMA_GOVERNOR_MIN_GAP_S": "86400", "RETOMA_GOVERNOR_JITTER_S": "0.5-90",
                             "RETOMA_GOVERNOR_WARMUP": "2028-02-29:20,40,80"])
        let result = try run(["engine", "--once", "--dry-run", "--json"], env: env)
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result)")
        #expect((json(result.stdout)?["decisions"] as? [[String: Any]])?.count == 1)
    }

    // The parsers themselves, without a process.

    @Test func governorParsersTakeTheirRangesAndRefuseTheRest() throws {
        let g = try GovernorSetup.make(environment: ["RETOMA_GOVERNOR_MIN_GAP_S": " 12.5 ", "RETOMA_GOVERNOR_JITTER_S": "3-9",
                                                     "RETOMA_GOVERNOR_HOURLY_CAP": "1000000", "RETOMA_GOVERNOR_DAILY_CAP": "1",
                                                     "RETOMA_GOVERNOR_WARMUP": "2026-03-01: 20, 40"],
                                       channelKind: "cloud")
        #expect(g.minGap == 12.5 && g.jitter == 3...9 && g.hourlyCap == 1_000_000 && g.dailyCap == 1)
        #expect(g.warmUp == SendGovernor.WarmUp(firstDay: LocalDate(year: 2026, month: 3, day: 1), dailyCaps: [20, 40]))
        #expect(try GovernorSetup.jitter("15") == 15...15)
        #expect(try GovernorSetup.seconds("0", name: "X") == 0)
        #expect(try GovernorSetup.seconds("86400", name: "X") == 86_400)
        #expect(throws: SetupError.self) { try GovernorSetup.seconds("86400.5", name: "X") }
        #expect(throws: SetupError.self) { try GovernorSetup.seconds("-0.1", name: "X") }
        #expect(throws: SetupError.self) { try GovernorSetup.cap("0", name: "X") }
        #expect(throws: SetupError.self) { try GovernorSetup.cap("1000001", name: "X") }
        #expect(throws: SetupError.self) { try GovernorSetup.cap("-9223372036854775808", name: "X") }
        #expect(throws: SetupError.self) { try GovernorSetup.jitter("9-3") }
        #expect(throws: SetupError.self) { try GovernorSetup.jitter("1-2-3") }
        #expect(throws: SetupError.self) { try GovernorSetup.warmUp("2026-03-01:" + Array(repeating: "5", count: 367).joined(separator: ",")) }
        #expect(throws: SetupError.self) { try GovernorSetup.warmUp("2026-03-01:20,,40") }
        #expect(throws: SetupError.self) { try GovernorSetup.warmUp("0-03-01:20") }
        #expect(try GovernorSetup.warmUp("9999-12-31:20").firstDay == LocalDate(year: 9999, month: 12, day: 31))
        #expect(GovernorSetup.describe(SendGovernor(minGap: 30, jitter: 0...7.5), .en) == "30 s + 0–7.5 s, 40/h, 200/day")
    }
}
