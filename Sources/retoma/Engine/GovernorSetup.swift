import Foundation
import RetomaCore
import RetomaEngine

/// The send governor: the channel's defaults (the 30 s + 0–60 s, 40/h, 200/day; the sandbox's own),
/// overridden by `RETOMA_GOVERNOR_MIN_GAP_S`, `RETOMA_GOVERNOR_JITTER_S` ("0-60" or "15"),
/// `RETOMA_GOVERNOR_HOURLY_CAP`, `RETOMA_GOVERNOR_DAILY_CAP` and `RETOMA_GOVERNOR_WARMUP`
/// ("2026-03-01:20,40,80,120": the number's first day and the daily caps of its first days).
/// Every value is range-checked here: an absurd one (1e19, inf, a year in the trillions) would otherwise
/// trap later, in an integer conversion or in the calendar arithmetic.
enum GovernorSetup {
    /// The longest gap or jitter accepted, in seconds (a day).
    static let maxSeconds: Double = 86_400
    /// The largest hourly, daily or warm-up cap accepted.
    static let maxCap = 1_000_000
    /// The longest warm-up ramp accepted, in days.
    static let maxWarmUpDays = 366

    static func make(environment: [String: String], channelKind: String) throws(SetupError) -> SendGovernor {
        var governor = channelKind == "sandbox" ? EngineConfiguration.sandboxGovernor : .standard
        func value(_ name: String) -> String? {
            environment[name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        if let raw = value("RETOMA_GOVERNOR_MIN_GAP_S") { governor.minGap = try seconds(raw, name: "RETOMA_GOVERNOR_MIN_GAP_S") }
        if let raw = value("RETOMA_GOVERNOR_JITTER_S") { governor.jitter = try jitter(raw) }
        if let raw = value("RETOMA_GOVERNOR_HOURLY_CAP") { governor.hourlyCap = try cap(raw, name: "RETOMA_GOVERNOR_HOURLY_CAP") }
        if let raw = value("RETOMA_GOVERNOR_DAILY_CAP") { governor.dailyCap = try cap(raw, name: "RETOMA_GOVERNOR_DAILY_CAP") }
        if let raw = value("RETOMA_GOVERNOR_WARMUP") { governor.warmUp = try warmUp(raw) }
        if let problem = governor.problems().first {
            throw SetupError(pt: "limites de envio inválidos: \(problem.message(.pt))",
                             en: "invalid sending limits: \(problem.message(.en))")
        }
        return governor
    }

    /// Seconds from 0 to `maxSeconds`, fractions allowed.
    static func seconds(_ raw: String, name: String) throws(SetupError) -> Double {
        guard let n = Double(raw), n.isFinite, n >= 0, n <= maxSeconds else {
            throw SetupError(pt: "\(name) deve ser um número de segundos de 0 a 86400 (recebido \"\(raw)\")",
                             en: "\(name) must be a number of seconds from 0 to 86400 (got \"\(raw)\")")
        }
        return n
    }

    /// "min-max" or a single number of seconds, both ends from 0 to `maxSeconds`.
    static func jitter(_ raw: String) throws(SetupError) -> ClosedRange<Double> {
        let parts = raw.split(separator: "-", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard (1...2).contains(parts.count), let low = parts.first ?? nil, let high = parts.last ?? nil,
              low.isFinite, high.isFinite, low >= 0, high >= low, high <= maxSeconds else {
            throw SetupError(pt: "RETOMA_GOVERNOR_JITTER_S deve ser \"mín-máx\" em segundos de 0 a 86400, como 0-60 (recebido \"\(raw)\")",
                             en: "RETOMA_GOVERNOR_JITTER_S must be \"min-max\" seconds from 0 to 86400, like 0-60 (got \"\(raw)\")")
        }
        return low...high
    }

    /// A whole number from 1 to `maxCap`.
    static func cap(_ raw: String, name: String) throws(SetupError) -> Int {
        guard let n = Int(raw), (1...maxCap).contains(n) else {
            throw SetupError(pt: "\(name) deve ser um número inteiro de 1 a \(maxCap) (recebido \"\(raw)\")",
                             en: "\(name) must be a whole number from 1 to \(maxCap) (got \"\(raw)\")")
        }
        return n
    }

    static func warmUp(_ raw: String) throws(SetupError) -> SendGovernor.WarmUp {
        let invalid = SetupError(
            pt: "RETOMA_GOVERNOR_WARMUP deve ser \"AAAA-MM-DD:limite,limite,…\" com uma data real, até \(maxWarmUpDays) limites de 1 a \(maxCap), como 2026-03-01:20,40,80 (recebido \"\(raw)\")",
            en: "RETOMA_GOVERNOR_WARMUP must be \"YYYY-MM-DD:cap,cap,…\" with a real date and up to \(maxWarmUpDays) caps from 1 to \(maxCap), like 2026-03-01:20,40,80 (got \"\(raw)\")")
        let halves = raw.split(separator: ":", maxSplits: 1).map(String.init)
        guard halves.count == 2 else { throw invalid }
        let date = halves[0].split(separator: "-", omittingEmptySubsequences: false)
            .map { Int($0.trimmingCharacters(in: .whitespaces)) }
        let caps = halves[1].split(separator: ",", omittingEmptySubsequences: false)
            .map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard date.count == 3, let year = date[0], let month = date[1], let day = date[2],
              let firstDay = LocalDate(checkedYear: year, month: month, day: day),
              (1...maxWarmUpDays).contains(caps.count),
              caps.allSatisfy({ $0.map { (1...maxCap).contains($0) } ?? false }) else { throw invalid }
        return SendGovernor.WarmUp(firstDay: firstDay, dailyCaps: caps.compactMap { $0 })
    }

    /// "30 s + 0–60 s, 40/h, 200/dia".
    static func describe(_ g: SendGovernor, _ lang: Lang) -> String {
        func n(_ x: Double) -> String { Int(exactly: x).map(String.init) ?? String(x) }
        let day = lang == .pt ? "dia" : "day"
        var text = "\(n(g.minGap)) s + \(n(g.jitter.lowerBound))–\(n(g.jitter.upperBound)) s, \(g.hourlyCap)/h, \(g.dailyCap)/\(day)"
        if let w = g.warmUp { text += lang == .pt ? ", aquecimento desde \(w.firstDay)" : ", warm-up from \(w.firstDay)" }
        return text
    }
}
