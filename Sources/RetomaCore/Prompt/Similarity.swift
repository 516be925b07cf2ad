import Foundation

/// How alike two follow-ups read, from 0 (nothing shared) to 1 (the same text).
///
/// The score is the Sørensen–Dice coefficient over character trigrams, counted as multisets:
/// 2·|A ∩ B| / (|A| + |B|), where A and B are the trigrams of each text after folding case and accents
/// (á → a), turning everything but letters and digits into spaces and collapsing runs of spaces, with one
/// space added at each end so first and last words count as much as the others. Trigrams make the score
/// tolerant to a changed word or name while a reworded message scores low. Texts that fold to the same
/// string score 1; an empty text scores 0 against a non-empty one.
public enum Similarity {
    /// At or above this, a new follow-up is a near-copy of an earlier one and must not be sent.
    public static let nearCopyThreshold = 0.8

    public static func score(_ a: String, _ b: String) -> Double {
        let fa = fold(a), fb = fold(b)
        if fa == fb { return 1 }
        if fa.isEmpty || fb.isEmpty { return 0 }
        let ta = trigrams(fa), tb = trigrams(fb)
        var counts: [String: Int] = [:]
        for t in ta { counts[t, default: 0] += 1 }
        var shared = 0
        for t in tb {
            if let n = counts[t], n > 0 {
                shared += 1
                counts[t] = n - 1
            }
        }
        return Double(2 * shared) / Double(ta.count + tb.count)
    }

    public static func isNearCopy(_ a: String, _ b: String) -> Bool { score(a, b) >= nearCopyThreshold }

    /// Case- and accent-folded, letters and digits only, single spaces.
    static func fold(_ text: String) -> String {
        let folded = LatinFold.fold(text)
            ?? text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "pt_BR"))
        var out = ""
        var pendingSpace = false
        for ch in folded {
            if ch.isLetter || ch.isNumber {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(ch)
            } else {
                pendingSpace = true
            }
        }
        return out
    }

    static func trigrams(_ folded: String) -> [String] {
        let chars = Array(" " + folded + " ")
        guard chars.count >= 3 else { return [String(chars)] }
        return (0...(chars.count - 3)).map { String(chars[$0..<($0 + 3)]) }
    }
}
