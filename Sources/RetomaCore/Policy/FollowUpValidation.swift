import Foundation

/// A field of a settings form that holds a value it cannot save, with the reason in words.
public struct FieldError: Error, Sendable, Equatable {
    public enum Field: String, Sendable, Equatable, CaseIterable {
        // The follow-up dialog.
        case interval, instructions, extraInfo, maxAttempts, onMax, maxPerDay
        // The send governor's settings.
        case minGap, jitter, hourlyCap, dailyCap, warmUp
    }

    public enum Problem: Sendable, Equatable {
        case interval(IntervalProblem)
        case tooLong(max: Int, actual: Int)
        case mustNotBeNegative
        case atLeast(Int)
        case atMost(Int)
        /// A count typed as something else than a whole number ("abc", "2,5"); its 0 means no limit.
        case notACount
        /// "Move to" names the column the deal is already in.
        case movesToOwnColumn
    }

    public var field: Field
    public var problem: Problem

    public init(field: Field, problem: Problem) { self.field = field; self.problem = problem }

    public func label(_ lang: Lang) -> String {
        switch (field, lang) {
        case (.interval, .pt): "Intervalo"
        case (.interval, .en): "Interval"
        case (.instructions, .pt): "Instruções para a IA"
        case (.instructions, .en): "Instructions for the AI"
        case (.extraInfo, .pt): "Informações extras"
        case (.extraInfo, .en): "Extra information"
        case (.maxAttempts, .pt): "Máximo de follow-ups sem resposta"
        case (.maxAttempts, .en): "Maximum follow-ups without a reply"
        case (.onMax, .pt): "Ao atingir o máximo"
        case (.onMax, .en): "When the maximum is reached"
        case (.maxPerDay, .pt): "Máximo de follow-ups por dia nesta coluna"
        case (.maxPerDay, .en): "Maximum follow-ups a day in this column"
        case (.minGap, .pt): "Intervalo mínimo entre envios"
        case (.minGap, .en): "Minimum gap between sends"
        case (.jitter, .pt): "Variação aleatória"
        case (.jitter, .en): "Random jitter"
        case (.hourlyCap, .pt): "Limite por hora"
        case (.hourlyCap, .en): "Hourly cap"
        case (.dailyCap, .pt): "Limite por dia"
        case (.dailyCap, .en): "Daily cap"
        case (.warmUp, .pt): "Aquecimento do número"
        case (.warmUp, .en): "Number warm-up"
        }
    }

    /// "Instruções para a IA: no máximo 2.000 caracteres (agora 2.153)."
    public func message(_ lang: Lang) -> String {
        let pt = lang == .pt
        switch problem {
        case .interval(let p):
            return p.message(lang)
        case .tooLong(let max, let actual):
            let m = Self.grouped(max, lang), a = Self.grouped(actual, lang)
            return pt ? "\(label(lang)): no máximo \(m) caracteres (agora \(a))."
                      : "\(label(lang)): at most \(m) characters (now \(a))."
        case .mustNotBeNegative:
            return pt ? "\(label(lang)): não pode ser negativo." : "\(label(lang)): cannot be negative."
        case .atLeast(let n):
            return pt ? "\(label(lang)): deve ser pelo menos \(n)." : "\(label(lang)): must be at least \(n)."
        case .atMost(let n):
            let m = Self.grouped(n, lang)
            return pt ? "\(label(lang)): no máximo \(m)." : "\(label(lang)): at most \(m)."
        case .notACount:
            return pt ? "\(label(lang)): use um número inteiro (0 = sem limite)."
                      : "\(label(lang)): use a whole number (0 = no limit)."
        case .movesToOwnColumn:
            return pt ? "\(label(lang)): escolha outra coluna, o negócio já está nesta."
                      : "\(label(lang)): choose another column, the deal is already in this one."
        }
    }

    /// Thousands grouped the local way: 2.000 (pt), 2,000 (en).
    static func grouped(_ n: Int, _ lang: Lang) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(lang == .pt ? "." : ",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + String(out.reversed())
    }
}

/// The follow-up dialog's rules (issue 3), shared by the dialog and `retoma followup set`.
public enum FollowUpValidation {
    public static let instructionsMaxLength = 2000
    public static let extraInfoMaxLength = 1000
    /// More follow-ups a day than any number could send (the governor's daily cap is far lower).
    public static let maxPerDayLimit = 10_000

    /// A count typed in a field ("5", " 0 ", and "" where `emptyMeansZero`): a whole number from 0 to `limit`,
    /// 0 meaning no limit.
    public static func count(_ raw: String, field: FieldError.Field, limit: Int,
                             emptyMeansZero: Bool = false) -> Result<Int, FieldError> {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty && emptyMeansZero { return .success(0) }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return .failure(FieldError(field: field, problem: .notACount))
        }
        // Digits only, so Int(_:) fails only on overflow: that is over the limit too.
        guard let n = Int(text), n <= limit else { return .failure(FieldError(field: field, problem: .atMost(limit))) }
        return .success(n)
    }

    /// Every problem in `config`, in the dialog's field order; empty when it can be saved.
    /// Lengths count characters as people see them (grapheme clusters), so "ç" or an emoji counts once.
    public static func validate(_ config: FollowUpConfig, ownColumnID: Int64? = nil) -> [FieldError] {
        var errors: [FieldError] = []
        if let p = IntervalParse.validate(config.interval) {
            errors.append(FieldError(field: .interval, problem: .interval(p)))
        }
        if config.instructions.count > instructionsMaxLength {
            errors.append(FieldError(field: .instructions,
                                     problem: .tooLong(max: instructionsMaxLength, actual: config.instructions.count)))
        }
        if config.extraInfo.count > extraInfoMaxLength {
            errors.append(FieldError(field: .extraInfo,
                                     problem: .tooLong(max: extraInfoMaxLength, actual: config.extraInfo.count)))
        }
        if config.maxAttempts < 0 {
            errors.append(FieldError(field: .maxAttempts, problem: .mustNotBeNegative))
        }
        if case .moveTo(let target) = config.onMax, let ownColumnID, target == ownColumnID {
            errors.append(FieldError(field: .onMax, problem: .movesToOwnColumn))
        }
        if config.maxPerDay < 0 {
            errors.append(FieldError(field: .maxPerDay, problem: .mustNotBeNegative))
        } else if config.maxPerDay > maxPerDayLimit {
            errors.append(FieldError(field: .maxPerDay, problem: .atMost(maxPerDayLimit)))
        }
        return errors
    }
}
