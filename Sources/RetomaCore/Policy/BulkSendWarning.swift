import Foundation

/// The guard against mass-sending when follow-up is switched on for a full column (issue 3).
public enum BulkSendWarning {
    /// From this many eligible deals, saving asks for confirmation.
    public static let confirmThreshold = 20
    /// From this many, the user must type the number of deals to confirm.
    public static let typeCountThreshold = 100

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
