import Foundation

/// Interface language: pt-BR by default, English on request or from an English locale.
public enum Lang: String, Sendable, Equatable {
    case pt, en

    /// `--lang` wins; otherwise LC_ALL, LC_MESSAGES, then LANG decide; anything not English is pt-BR.
    public static func resolve(flag: String?, environment: [String: String]) -> Lang? {
        if let flag {
            switch flag.lowercased() {
            case "pt", "pt-br", "pt_br": return .pt
            case "en", "en-us", "en_us", "en-gb": return .en
            default: return nil
            }
        }
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let v = environment[key], !v.isEmpty {
                return v.lowercased().hasPrefix("en") ? .en : .pt
            }
        }
        return .pt
    }
}
