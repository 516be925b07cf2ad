import Foundation

/// Why an interval typed in the dialog or given to `--every` was refused.
public enum IntervalProblem: Error, Sendable, Equatable {
    case empty
    /// A number with no unit, e.g. "30".
    case missingUnit(String)
    case unknownUnit(String)
    /// Not a plain whole number, e.g. "1.5", "-3", "abc".
    case notAWholeNumber(String)
    /// A whole number outside the unit's range (kept as typed, since it may not fit an Int).
    case outOfRange(amount: String, unit: IntervalUnit)

    public func message(_ lang: Lang) -> String {
        let units = lang == .pt ? "use m (minutos), h (horas), d (dias) ou mo (meses)"
                                : "use m (minutes), h (hours), d (days) or mo (months)"
        switch self {
        case .empty:
            return lang == .pt ? "Informe o intervalo, por exemplo 30m, 2h, 3d ou 1mo."
                               : "Give an interval, for example 30m, 2h, 3d or 1mo."
        case .missingUnit(let s):
            return lang == .pt ? "Falta a unidade em \"\(s)\": \(units)." : "\"\(s)\" has no unit: \(units)."
        case .unknownUnit(let u):
            return lang == .pt ? "Unidade desconhecida \"\(u)\": \(units)." : "Unknown unit \"\(u)\": \(units)."
        case .notAWholeNumber(let s):
            return lang == .pt
                ? "\"\(s)\" não é um número inteiro: o intervalo deve ser um número inteiro de 1 a 999."
                : "\"\(s)\" is not a whole number: the interval must be a whole number from 1 to 999."
        case .outOfRange(let amount, let unit):
            let r = IntervalParse.allowedAmounts(for: unit)
            if unit == .months {
                return lang == .pt
                    ? "Em meses, o intervalo deve ser de \(r.lowerBound) a \(r.upperBound) (recebido \(amount))."
                    : "In months, the interval must be from \(r.lowerBound) to \(r.upperBound) (got \(amount))."
            }
            return lang == .pt
                ? "O intervalo deve ser um número inteiro de \(r.lowerBound) a \(r.upperBound) (recebido \(amount))."
                : "The interval must be a whole number from \(r.lowerBound) to \(r.upperBound) (got \(amount))."
        }
    }
}

/// Reads intervals such as "30m", "2h", "3d", "1mo" and applies the dialog's limits.
public enum IntervalParse {
    public static let amounts: ClosedRange<Int> = 1...999
    public static let monthAmounts: ClosedRange<Int> = 1...24

    public static func allowedAmounts(for unit: IntervalUnit) -> ClosedRange<Int> {
        unit == .months ? monthAmounts : amounts
    }

    /// Parses `--every` values: a whole number and a unit (m, h, d, mo), case-insensitive,
    /// spaces around or between allowed ("2 h").
    public static func parse(_ raw: String) -> Result<Interval, IntervalProblem> {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if text.isEmpty { return .failure(.empty) }
        let numberPart = String(text.prefix { $0.isNumber || "+-.,".contains($0) })
        let unitPart = text.dropFirst(numberPart.count).trimmingCharacters(in: .whitespaces)
        if numberPart.isEmpty { return .failure(.notAWholeNumber(raw.trimmingCharacters(in: .whitespaces))) }
        if unitPart.isEmpty { return .failure(.missingUnit(numberPart)) }
        guard let unit = IntervalUnit.allCases.first(where: { $0.shortSuffix == unitPart }) else {
            return .failure(.unknownUnit(unitPart))
        }
        return amount(numberPart, unit: unit).map { Interval(amount: $0, unit: unit) }
    }

    /// Validates the dialog's number field as typed, for the chosen unit.
    public static func amount(_ raw: String, unit: IntervalUnit) -> Result<Int, IntervalProblem> {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .failure(.empty) }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(.notAWholeNumber(text)) }
        guard let n = Int(text), allowedAmounts(for: unit).contains(n) else {
            return .failure(.outOfRange(amount: text, unit: unit))
        }
        return .success(n)
    }

    /// Checks an interval that is already a value (from the store or the dialog).
    public static func validate(_ interval: Interval) -> IntervalProblem? {
        allowedAmounts(for: interval.unit).contains(interval.amount)
            ? nil : .outOfRange(amount: String(interval.amount), unit: interval.unit)
    }
}
