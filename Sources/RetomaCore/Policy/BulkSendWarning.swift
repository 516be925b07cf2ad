import Foundation

/// The guard against mass-sending when follow-up is switched on for a full column (issue 3), or when deals are
/// moved into a column that sends: the save gate of the dialog, `followup set` and `deal move`.
public enum BulkSendWarning {
    /// From this many deals sent in the first 24 hours, saving asks for confirmation.
    public static let confirmThreshold = 20
    /// From this many, the user must type the number of deals to confirm.
    public static let typeCountThreshold = 100
    /// The daily limit the warning suggests when it has to ask ("sempre teste com um pequeno volume").
    public static let suggestedMaxPerDay = 10

    public enum Level: Sendable, Equatable {
        case none, confirm, typeCount
    }

    public static func level(eligible: Int) -> Level {
        if eligible >= typeCountThreshold { return .typeCount }
        if eligible >= confirmThreshold { return .confirm }
        return .none
    }

    /// "87 mensagens · limite 40/hora · ~2h10 para concluir"; the daily cap is named too when it will
    /// hold the batch back today.
    public static func summary(count: Int, governor: SendGovernor, from now: Date, history: [Date],
                               lang: Lang) -> String {
        let pt = lang == .pt
        let messages = pt ? (count == 1 ? "mensagem" : "mensagens") : (count == 1 ? "message" : "messages")
        let todayCap = governor.dailyCap(on: BrazilTime.localDate(now))
        let startOfDay = BrazilTime.startOfDay(now)
        let sentToday = history.filter { $0 >= startOfDay && $0 <= now }.count
        var limit = pt ? "limite \(governor.hourlyCap)/hora" : "limit \(governor.hourlyCap)/hour"
        if count > todayCap - sentToday {
            limit += pt ? " e \(todayCap)/dia" : " and \(todayCap)/day"
        }
        let eta = DurationText.approximate(governor.estimateCompletion(count: count, from: now, history: history), lang)
        let finish = pt ? "\(eta) para concluir" : "\(eta) to finish"
        return "\(count) \(messages) · \(limit) · \(finish)"
    }
}

/// What a column would send with given settings, counted ahead instead of only at this instant: at 05:40 with
/// business hours on nothing is due "now", yet everything due by 08:00 goes out at 08:00.
public struct SendForecast: Sendable, Equatable {
    /// Due already: sent now, or at the next business-hours opening when the window is closed.
    public var eligibleNow: Int
    /// Falling due within the first 24 hours of sending: from `sendingStarts`, which is now, or the next
    /// business-hours opening when the column keeps business hours and the window is closed now.
    public var dueNext24h: Int
    /// Falling due within 7 days of `sendingStarts` (the 24-hour ones included).
    public var dueNext7d: Int
    public var totalDeals: Int
    public var sendingStarts: Date
    /// The instant the forecast was made for.
    public var startedAt: Date
    /// What goes out in the first 24 hours: now + next 24 h, bounded by the column's daily limit.
    public var volume: Int
    /// The column's daily limit (0: none).
    public var maxPerDay: Int
    /// Seconds from `sendingStarts` until the governor lets the last of `volume` start, with today's history.
    public var secondsToFinish: TimeInterval
    /// The governor's line for `volume` ("87 mensagens · limite 40/hora · ~2h10 para concluir").
    public var governorLine: [Lang: String]

    /// The 20/100 thresholds apply to `volume`.
    public var level: BulkSendWarning.Level { BulkSendWarning.level(eligible: volume) }

    /// The governor's line for the volume: "87 mensagens · limite 40/hora · ~2h10 para concluir".
    public func summary(_ lang: Lang) -> String { governorLine[lang] ?? "" }

    /// The summary, the counts and, when it applies, the suggestion: the warning's body in every interface.
    public func lines(_ lang: Lang) -> [String] {
        [summary(lang), counts(lang)] + (suggestion(lang).map { [$0] } ?? [])
    }

    /// "12 agora · 75 nas próximas 24 h · 140 em 7 dias", then when sending starts if not now, and the daily limit.
    public func counts(_ lang: Lang) -> String {
        let pt = lang == .pt
        var text = pt ? "\(eligibleNow) agora · \(dueNext24h) nas próximas 24 h · \(dueNext7d) em 7 dias"
                      : "\(eligibleNow) now · \(dueNext24h) in the next 24 h · \(dueNext7d) in 7 days"
        if sendingStarts > startedAt {
            let when = BrazilTime.display(sendingStarts, lang)
            text += pt ? " · envios a partir de \(when)" : " · sending from \(when)"
        }
        if maxPerDay > 0 {
            text += pt ? " · no máximo \(maxPerDay) por dia nesta coluna" : " · at most \(maxPerDay) a day in this column"
        }
        return text
    }

    /// The suggestion of "sempre teste com um pequeno volume", when the volume calls for a warning and the column
    /// has no daily limit yet.
    public func suggestion(_ lang: Lang) -> String? {
        guard level != .none, maxPerDay == 0 else { return nil }
        let n = BulkSendWarning.suggestedMaxPerDay
        return lang == .pt
            ? "Sugestão: comece com um limite diário, como no máximo \(n) follow-ups por dia nesta coluna (Avançado; --max-per-day \(n))."
            : "Suggestion: start with a daily limit, such as at most \(n) follow-ups a day in this column (Advanced; --max-per-day \(n))."
    }
}

extension PolicyContext {
    /// What `deals` (a column's) would send with `config` switched on in `column`. Not paused, whatever the
    /// form says: the question is what switching it on releases. Deals held for the operator are not known here
    /// and count as they would without the hold.
    public func forecast(_ deals: [DealFacts], config: FollowUpConfig, column: Int64) -> SendForecast {
        var enabled = config
        enabled.enabled = true
        enabled.paused = false
        let now = at
        let closedNow = enabled.businessHoursOnly && !calendar.isOpen(at: now)
        let start = closedNow ? calendar.nextOpening(atOrAfter: now) : now
        let day = start.addingTimeInterval(24 * 3600), week = start.addingTimeInterval(7 * 24 * 3600)
        var eligible = 0, next24 = 0, next7 = 0
        for facts in deals {
            // No daily count here: the limit bounds the volume below, not which deals are due.
            let d = Eligibility.decide(facts, config: enabled, paused: false, calendar: calendar, at: now)
            switch d.reason {
            case .due, .outsideBusinessHours, .holiday:
                eligible += 1
            case .notDue:
                guard let sendAt = d.dueAt else { continue }
                if sendAt <= day { next24 += 1 }
                if sendAt <= week { next7 += 1 }
            default:
                continue
            }
        }
        var volume = eligible + next24
        if enabled.maxPerDay > 0 {
            // The day sending starts (what is left of it when that is today), and the next one the 24 hours reach.
            let first = BrazilTime.localDate(start) == BrazilTime.localDate(now)
                ? max(0, enabled.maxPerDay - sentToday(column: column)) : enabled.maxPerDay
            volume = min(volume, first + enabled.maxPerDay)
        }
        let governor = number.governor
        var lines: [Lang: String] = [:]
        for lang in [Lang.pt, .en] {
            lines[lang] = BulkSendWarning.summary(count: volume, governor: governor, from: start, history: sendHistory,
                                                  lang: lang)
        }
        return SendForecast(eligibleNow: eligible, dueNext24h: next24, dueNext7d: next7, totalDeals: deals.count,
                            sendingStarts: start, startedAt: now, volume: volume, maxPerDay: max(0, enabled.maxPerDay),
                            secondsToFinish: governor.estimateCompletion(count: volume, from: start, history: sendHistory),
                            governorLine: lines)
    }

    /// The deal the Prévia writes for: the first (in the given order) that `config` switched on would send now,
    /// or else the one that falls due first within the forecast's 7 days; nil when none would.
    public func firstToSend(_ deals: [DealFacts], config: FollowUpConfig) -> DealFacts? {
        var enabled = config
        enabled.enabled = true
        enabled.paused = false
        var soonest: (at: Date, facts: DealFacts)?
        let horizon = at.addingTimeInterval(7 * 24 * 3600)
        for facts in deals {
            let d = Eligibility.decide(facts, config: enabled, paused: false, calendar: calendar, at: at)
            switch d.reason {
            case .due, .outsideBusinessHours, .holiday: return facts
            case .notDue:
                if let sendAt = d.dueAt, sendAt <= horizon, sendAt < (soonest?.at ?? .distantFuture) { soonest = (sendAt, facts) }
            default: continue
            }
        }
        return soonest?.facts
    }

    /// The warning for moving `moving` into a column holding `existing`, with that column's `config`: nil unless
    /// the column sends, the move adds to what it would send in its first 24 hours, and that crosses the threshold.
    public func moveWarning(existing: [DealFacts], moving: [DealFacts], into column: Int64,
                            config: FollowUpConfig) -> SendForecast? {
        guard config.enabled, !config.paused else { return nil }
        let moved = moving.map { facts -> DealFacts in
            var f = facts
            f.columnID = column
            return f
        }
        let before = forecast(existing, config: config, column: column)
        let after = forecast(existing + moved, config: config, column: column)
        guard after.level != .none, after.volume > before.volume else { return nil }
        return after
    }
}
