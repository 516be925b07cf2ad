import Foundation

/// The person at this terminal: the name stored with each message they type, card they move, ticket they
/// close or reopen and follow-up configuration they save. The one place it is worked out.
public enum OperatorName {
    /// The environment variable that names the operator.
    public static let variable = "RETOMA_OPERATOR"
    /// The longest name accepted, in characters.
    public static let maxLength = 40
    /// The name when nothing tells who runs the process.
    public static let unknown = "operator"

    /// A `RETOMA_OPERATOR` that is not 1–40 printable characters once trimmed.
    public struct Problem: Error, Equatable, Sendable {
        public var value: String
        public init(value: String) { self.value = value }
        public func message(_ lang: Lang) -> String {
            // The value is shown cleaned of control characters: it goes to a terminal.
            let shown = String(value.unicodeScalars.map { OperatorName.isPrintable($0) ? Character($0) : " " }.prefix(60))
            switch lang {
            case .pt: return "\(OperatorName.variable) deve ter de 1 a \(OperatorName.maxLength) caracteres imprimíveis (recebido \"\(shown)\")"
            case .en: return "\(OperatorName.variable) must be 1 to \(OperatorName.maxLength) printable characters (got \"\(shown)\")"
            }
        }
    }

    /// `RETOMA_OPERATOR` (trimmed) when set, else the login name. An empty value counts as unset.
    public static func resolve(environment: [String: String],
                               login: () -> String = { OperatorName.loginName }) throws(Problem) -> String {
        guard let raw = environment[variable] else { return login() }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return login() }
        guard let name = validated(trimmed) else { throw Problem(value: raw) }
        return name
    }

    /// `text` when it is 1–40 printable characters after trimming (an owner typed on the board, `--to NAME`).
    public static func validated(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= maxLength, trimmed.unicodeScalars.allSatisfy(isPrintable) else {
            return nil
        }
        return trimmed
    }

    /// The OS user running this process (`getpwuid`, else `USER`), cut to a valid name, else "operator".
    public static let loginName: String = {
        var name: String?
        if let entry = getpwuid(geteuid()), let raw = entry.pointee.pw_name { name = String(cString: raw) }
        if name?.isEmpty ?? true { name = ProcessInfo.processInfo.environment["USER"] }
        let cleaned = String((name ?? "").unicodeScalars.filter(isPrintable).map(Character.init).prefix(maxLength))
        return validated(cleaned) ?? unknown
    }()

    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        !CharacterSet.controlCharacters.contains(scalar) && !CharacterSet.illegalCharacters.contains(scalar)
            // BiDi overrides and isolates would reorder the title bar around the name.
            && !(0x202A...0x202E).contains(scalar.value) && !(0x2066...0x2069).contains(scalar.value)
    }
}
