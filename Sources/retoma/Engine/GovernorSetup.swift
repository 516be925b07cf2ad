import Foundation
import RetomaCore
import RetomaEngine

/// The send governor: the channel's defaults (the 30 s + 0–60 s, 40/h, 200/day; the sandbox's own),
/// overridden by `RETOMA_GOVERNOR_MIN_GAP_S`, `RETOMA_GOVERNOR_JITTER_S` ("0-60" or "15"),
/// `RETOMA_GOVERNOR_HOURLY_CAP`, `RETOMA_GOVERNOR_DAILY_CAP` and `RETOMA_GOVERNOR_WARMUP`
/// ("2026-03-01:20,40,80,120": the number's first day and the daily caps of its first days).
enum GovernorSetup {
    static func make(environment: [String: String], channelKind: String) throws(SetupError) -> SendGovernor {
        var governor = channelKind == "sandbox" ? EngineConfiguration.sandboxGovernor : .standard
        func value(_ name: String) -> String? {
            environment[name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func number(_ name: String) throws(SetupError) -> Double? {
            guard let raw = value(name) else { return nil }
            guard let n = Double(raw), n.isFinite, n >= 0 else {
                throw SetupError(pt: "\(name) deve ser um número de 0 em diante (recebido \"\(raw)\")",
                                 en: "\(name) must be a number from 0 up (got \"\(raw)\")")
            }
            return n
        }
        if let gap = try number("RETOMA_GOVERNOR_MIN_GAP_S") { governor.minGap = gap }
        if let raw = value("RETOMA_GOVERNOR_JITTER_S") {
            let parts = raw.split(separator: "-", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard (1...2).contains(parts.count), let low = parts.first ?? nil, let high = parts.last ?? nil,
                  low >= 0, high >= low else {
                throw SetupError(pt: "RETOMA_GOVERNOR_JITTER_S deve ser \"mín-máx\" em segundos, como 0-60 (recebido \"\(raw)\")",
                                 en: "RETOMA_GOVERNOR_JITTER_S must be \"min-max\" seconds, like 0-60 (got \"\(raw)\")")
            }
            governor.jitter = low...high
        }
        if let cap = try number("RETOMA_GOVERNOR_HOURLY_CAP") { governor.hourlyCap = Int(cap) }
        if let cap = try number("RETOMA_GOVERNOR_DAILY_CAP") { governor.dailyCap = Int(cap) }
        if let raw = value("RETOMA_GOVERNOR_WARMUP") { governor.warmUp = try warmUp(raw) }
        if let problem = governor.problems().first {
            throw SetupError(pt: "limites de envio inválidos: \(problem.message(.pt))",
                             en: "invalid sending limits: \(problem.message(.en))")
        }
        return governor
    }

    private static func warmUp(_ raw: String) throws(SetupError) -> SendGovernor.WarmUp {
        let invalid = SetupError(
            pt: "RETOMA_GOVERNOR_WARMUP deve ser \"AAAA-MM-DD:limite,limite,…\", como 2026-03-01:20,40,80 (recebido \"\(raw)\")",
            en: "RETOMA_GOVERNOR_WARMUP must be \"YYYY-MM-DD:cap,cap,…\", like 2026-03-01:20,40,80 (got \"\(raw)\")")
        let halves = raw.split(separator: ":", maxSplits: 1).map(String.init)
        guard halves.count == 2 else { throw invalid }
        let date = halves[0].split(separator: "-").compactMap { Int($0) }
        let caps = halves[1].split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard date.count == 3, (1...12).contains(date[1]), (1...31).contains(date[2]), !caps.isEmpty,
              caps.allSatisfy({ $0 != nil }) else { throw invalid }
        return SendGovernor.WarmUp(firstDay: LocalDate(year: date[0], month: date[1], day: date[2]),
                                   dailyCaps: caps.compactMap { $0 })
    }

    /// "30 s + 0–60 s, 40/h, 200/dia".
    static func describe(_ g: SendGovernor, _ lang: Lang) -> String {
        func n(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
        let day = lang == .pt ? "dia" : "day"
        var text = "\(n(g.minGap)) s + \(n(g.jitter.lowerBound))–\(n(g.jitter.upperBound)) s, \(g.hourlyCap)/h, \(g.dailyCap)/\(day)"
        if let w = g.warmUp { text += lang == .pt ? ", aquecimento desde \(w.firstDay)" : ", warm-up from \(w.firstDay)" }
        return text
    }
}
