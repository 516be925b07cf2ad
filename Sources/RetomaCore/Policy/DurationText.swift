import Foundation

/// Rough durations for people: "~25 min", "~2h10", "~3h", "~2 dias 4h". Always rounded up, since an
/// estimate that runs late is worse than one that finishes early.
public enum DurationText {
    public static func approximate(_ seconds: TimeInterval, _ lang: Lang) -> String {
        // Beyond a century the figure means nothing, and far beyond it `Int(_:)` below would trap.
        guard seconds.isFinite, seconds < 100 * 365 * 86_400 else { return lang == .pt ? "sem previsão" : "no estimate" }
        if seconds < 60 { return lang == .pt ? "menos de 1 min" : "under 1 min" }
        let minutes = Int((seconds / 60).rounded(.up))
        if minutes < 60 { return "~\(minutes) min" }
        if minutes < 24 * 60 {
            let fiveMinutes = (minutes + 4) / 5 * 5
            let h = fiveMinutes / 60, m = fiveMinutes % 60
            if h == 24 { return day(1, 0, lang) }
            return m == 0 ? "~\(h)h" : "~\(h)h" + (m < 10 ? "0" : "") + String(m)
        }
        let hours = (minutes + 59) / 60
        return day(hours / 24, hours % 24, lang)
    }

    private static func day(_ d: Int, _ h: Int, _ lang: Lang) -> String {
        let unit = lang == .pt ? (d == 1 ? "dia" : "dias") : (d == 1 ? "day" : "days")
        return "~\(d) \(unit)" + (h == 0 ? "" : " \(h)h")
    }
}
