import Foundation
import RetomaCore

/// The bar long commands (`import`, `export`, `demo --deals N`) draw on stderr while they work: what they do, the
/// count and the time left. Drawn only when stderr is a terminal, so piped or redirected output stays clean.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let lang: Lang
    private let enabled: Bool
    private let started = Date()
    private var total: Int
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let lock = NSLock()

    init(_ label: String, total: Int, lang: Lang, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label; self.total = max(total, 0); self.lang = lang; self.enabled = enabled
    }

    /// Draws `done` of the total (and a new total, when the work turned out bigger), at most ten times a second.
    func update(_ done: Int, total newTotal: Int? = nil) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        if let newTotal { total = max(newTotal, 0) }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 || done >= total else { return }
        lastDraw = now
        drawn = true
        let text = Self.line(label, done: done, total: total, elapsed: now.timeIntervalSince(started), lang: lang)
        FileHandle.standardError.write(Data(("\r" + text + "\u{1B}[K").utf8))
    }

    /// Clears the bar's line, so what the command prints next starts on a clean line.
    func finish() {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }

    /// "importando ██████░░░░░░░░░░░░░░ 30.000/100.000 · faltam ~7 s".
    static func line(_ label: String, done: Int, total: Int, elapsed: TimeInterval, lang: Lang, width: Int = 24) -> String {
        let done = min(max(done, 0), total)
        let filled = total > 0 ? Int((Double(done) / Double(total) * Double(width)).rounded(.down)) : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let count = "\(grouped(done, lang))/\(grouped(total, lang))"
        var left = ""
        if done > 0, done < total, elapsed.isFinite, elapsed > 0 {
            let remaining = elapsed / Double(done) * Double(total - done)
            let words = remaining < 60 ? "~\(Int(remaining.rounded(.up))) s" : DurationText.approximate(remaining, lang)
            left = lang == .pt ? " · faltam \(words)" : " · \(words) left"
        }
        return "\(label) \(bar) \(count)\(left)"
    }

    /// 100000 → "100.000" (pt) or "100,000" (en).
    private static func grouped(_ n: Int, _ lang: Lang) -> String {
        let digits = String(n)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(lang == .pt ? "." : ",") }
            out.append(ch)
        }
        return out
    }
}
