import Foundation
import RetomaCore
import TUIKit

/// The "Follow-up automático" dialog of one column, field by field as the seed's form.
/// Nothing here is stored until Salvar; `original` tells whether leaving must ask first.
public struct FollowUpForm: Sendable {
    public enum Field: Int, CaseIterable, Sendable {
        case enabled, paused, amount, unit, businessHours, afterClose, review, instructions, extra, advanced, maxAttempts, onMax
        case maxPerDay, preview, save, cancel

        /// Shown only while "Avançado" is open.
        public var isAdvanced: Bool { self == .maxAttempts || self == .onMax || self == .maxPerDay }
    }

    public enum Preview: Sendable, Equatable {
        case idle
        case running
        case ready(deal: String, contact: String, text: String, model: String)
        case failed(String)
    }

    /// The bulk-send warning shown over the form when saving would release many messages in the first 24 hours.
    public struct Warning: Sendable {
        /// What the first 24 hours of sending would send (`SendForecast.volume`): the number to type.
        public var eligible: Int
        public var level: BulkSendWarning.Level
        /// The governor's line for that volume.
        public var summary: String
        /// The counts (now, 24 h, 7 days) and, when it applies, the daily-limit suggestion.
        public var details: [String]
        public var typed: TextField
        public var config: FollowUpConfig
        public var mismatch = false
    }

    /// The seed's examples, one key away from each text field.
    public struct Picker: Sendable, Equatable {
        public var field: Field
        public var selected: Int
    }

    public var columnID: Int64
    public var columnName: String
    public var enabled: Bool
    /// This column's own brake: settings kept, nothing sent until it is released.
    public var paused: Bool
    public var amount: TextField
    public var unit: Choice
    public var businessHours: Bool
    public var afterClose: Bool
    /// "Revisar antes de enviar": written follow-ups wait in the review queue.
    public var review: Bool
    /// Review is required whatever the box says (`ReviewRule.forced`): shown on and locked.
    public var reviewForced: Bool
    public var instructions: TextArea
    public var extra: TextArea
    public var advancedOpen = false
    public var maxAttempts: TextField
    public var onMax: Choice
    /// "No máximo N follow-ups por dia nesta coluna"; empty or 0 means no limit.
    public var maxPerDay: TextField
    /// Column id for each `onMax` option after the first ("do nothing").
    public var onMaxTargets: [Int64]
    public var focus: Field = .enabled
    public var errors: [Field: String] = [:]
    /// Facts of every deal in the column, to count what switching it on would send; nil while loading.
    public var facts: [DealFacts]?
    /// The inputs the engine decides with (calendar, governor, today's sends), loaded with the facts.
    public var policy: PolicyContext?
    public var totalDeals: Int
    public var picker: Picker?
    public var preview: Preview = .idle
    public var warning: Warning?
    public var original: FollowUpConfig
    /// The configuration's revision when the dialog opened: a save over a newer one is refused.
    public var revision: Int
    /// Who saved the configuration shown, and when ("salvo por…"), once read.
    public var savedBy: (operatorName: String, at: Date)?

    public static let unitOrder: [IntervalUnit] = [.minutes, .hours, .days, .months]

    public init(column: Column, otherColumns: [Column], totalDeals: Int, lang: Lang, reviewForced: Bool = false) {
        let c = column.followUp
        columnID = column.id
        columnName = column.name
        enabled = c.enabled
        paused = c.paused
        amount = TextField(text: "\(c.interval.amount)", maxLength: 4)
        unit = Choice(options: Self.unitOrder.map { unitLabel($0, lang) },
                      selectedIndex: Self.unitOrder.firstIndex(of: c.interval.unit) ?? 2)
        businessHours = c.businessHoursOnly
        afterClose = c.sendAfterClose
        review = c.review
        self.reviewForced = reviewForced
        instructions = TextArea(text: c.instructions, placeholder: FollowUpPrompt.genericInstruction,
                                viewport: Size(width: 60, height: 5))
        extra = TextArea(text: c.extraInfo, placeholder: lang == .pt ? "Deixe em branco se não precisar." : "Leave blank unless needed.",
                         viewport: Size(width: 60, height: 3))
        maxAttempts = TextField(text: "\(c.maxAttempts)", maxLength: 4)
        onMaxTargets = otherColumns.map(\.id)
        onMax = Choice(options: [lang == .pt ? "Não fazer nada" : "Do nothing"]
                       + otherColumns.map { (lang == .pt ? "Mover para “" : "Move to “") + $0.name + "”" })
        if case let .moveTo(id) = c.onMax, let i = onMaxTargets.firstIndex(of: id) { onMax.select(i + 1) }
        maxPerDay = TextField(text: c.maxPerDay > 0 ? "\(c.maxPerDay)" : "", maxLength: 5)
        self.totalDeals = totalDeals
        original = c
        revision = column.followUpRevision
    }

    /// The fields Tab visits, in order; the advanced ones only while that section is open.
    public var visibleFields: [Field] {
        Field.allCases.filter { advancedOpen || !$0.isAdvanced }
    }

    /// The form as a config, or nil with `errors` filled in when a field holds something it cannot save.
    public mutating func validated(_ lang: Lang) -> FollowUpConfig? {
        errors = [:]
        let selectedUnit = Self.unitOrder[unit.selectedIndex]
        var amountValue = original.interval.amount
        switch IntervalParse.amount(amount.text, unit: selectedUnit) {
        case let .success(n): amountValue = n
        case let .failure(p): errors[.amount] = p.message(lang)
        }
        func count(_ field: TextField, _ name: FieldError.Field, limit: Int, emptyMeansZero: Bool, or kept: Int) -> Int {
            switch FollowUpValidation.count(field.text, field: name, limit: limit, emptyMeansZero: emptyMeansZero) {
            case let .success(n): return n
            case let .failure(e): errors[Self.field(for: name)] = e.message(lang); return kept
            }
        }
        // The field holds 4 digits, so the limit is the field's.
        let attempts = count(maxAttempts, .maxAttempts, limit: 9999, emptyMeansZero: false, or: original.maxAttempts)
        let perDay = count(maxPerDay, .maxPerDay, limit: FollowUpValidation.maxPerDayLimit, emptyMeansZero: true,
                           or: original.maxPerDay)
        let config = FollowUpConfig(enabled: enabled, interval: Interval(amount: amountValue, unit: selectedUnit),
                                    businessHoursOnly: businessHours, sendAfterClose: afterClose,
                                    instructions: instructions.text.trimmingCharacters(in: .whitespacesAndNewlines),
                                    extraInfo: extra.text.trimmingCharacters(in: .whitespacesAndNewlines),
                                    maxAttempts: attempts, onMax: onMaxAction, paused: paused, maxPerDay: perDay,
                                    review: review)
        for e in FollowUpValidation.validate(config, ownColumnID: columnID) {
            let field = Self.field(for: e.field)
            if errors[field] == nil { errors[field] = e.message(lang) }
        }
        if errors.keys.contains(where: \.isAdvanced) { advancedOpen = true }
        return errors.isEmpty ? config : nil
    }

    /// The dialog field that shows a validation problem of `field`.
    static func field(for field: FieldError.Field) -> Field {
        switch field {
        case .interval: .amount
        case .instructions: .instructions
        case .extraInfo: .extra
        case .maxAttempts: .maxAttempts
        case .onMax: .onMax
        case .maxPerDay: .maxPerDay
        // Governor settings are not on this form.
        case .minGap, .jitter, .hourlyCap, .dailyCap, .warmUp: .save
        }
    }

    var onMaxAction: OnMaxAction {
        onMax.selectedIndex == 0 ? .none : .moveTo(columnID: onMaxTargets[onMax.selectedIndex - 1])
    }

    /// What the fields say now, valid or not, for dirty tracking and the live eligible count.
    public var draft: FollowUpConfig {
        let u = Self.unitOrder[unit.selectedIndex]
        return FollowUpConfig(enabled: enabled, interval: Interval(amount: Int(amount.text) ?? 0, unit: u),
                              businessHoursOnly: businessHours, sendAfterClose: afterClose,
                              instructions: instructions.text.trimmingCharacters(in: .whitespacesAndNewlines),
                              extraInfo: extra.text.trimmingCharacters(in: .whitespacesAndNewlines),
                              maxAttempts: Int(maxAttempts.text) ?? -1, onMax: onMaxAction, paused: paused,
                              maxPerDay: maxPerDay.text.trimmingCharacters(in: .whitespaces).isEmpty
                                ? 0 : Int(maxPerDay.text.trimmingCharacters(in: .whitespaces)) ?? -1,
                              review: review)
    }

    public var isDirty: Bool { draft != original }

    /// Text areas edit with the width they are drawn with, so Up/Down follow the wrapped rows.
    public mutating func fit(to size: Size) {
        let w = Self.textWidth(for: size)
        instructions.viewport = Size(width: w, height: 5)
        extra.viewport = Size(width: w, height: 3)
    }

    public static func dialogWidth(for size: Size) -> Int { min(100, size.width - 2) }
    public static func textWidth(for size: Size) -> Int { max(10, dialogWidth(for: size) - 6) }

    /// What switching the column on with the settings as typed would send: now, in the next 24 hours and
    /// 7 days, with the engine's calendar, governor and today's sends. nil while they load.
    public func forecast(at now: Date) -> SendForecast? {
        guard let facts, let policy else { return nil }
        var config = draft
        // A field being typed may hold nothing valid yet: count with what was saved.
        if IntervalParse.validate(config.interval) != nil { config.interval = original.interval }
        if config.maxAttempts < 0 { config.maxAttempts = original.maxAttempts }
        if config.maxPerDay < 0 { config.maxPerDay = original.maxPerDay }
        return policy.at(now).forecast(facts, config: config, column: columnID)
    }
}

func unitLabel(_ u: IntervalUnit, _ lang: Lang) -> String {
    let pt = lang == .pt
    switch u {
    case .minutes: return pt ? "Minutos" : "Minutes"
    case .hours: return pt ? "Horas" : "Hours"
    case .days: return pt ? "Dias" : "Days"
    case .months: return pt ? "Meses" : "Months"
    }
}

/// The seed's own examples, offered as pick lists.
public enum SeedExamples {
    public static let instructions = [
        "Cliente recebeu orçamento e não respondeu. Peça um retorno educado para saber se ele conseguiu analisar.",
        "Cliente demonstrou interesse, mas não finalizou. Reforce benefícios e convide para continuar a conversa.",
        "Aguardando documentos. Lembre gentilmente do envio e se coloque à disposição.",
        "Cliente combinou retorno no próximo mês. Retome o contato e mostre que você acompanhou o combinado.",
        "Cliente recusou proposta inicial. Informe sobre novas condições ou ofertas disponíveis.",
    ]
    public static let extra = [
        "Se o cliente estiver há mais de 10 dias sem responder, ofereça 10% de desconto.",
        "Se o cliente mostrou interesse, mas não finalizou a compra, avise que o produto está quase esgotado.",
        "Se o cliente pediu tempo para decidir, retome a conversa confirmando se ele conseguiu avaliar.",
    ]

    /// The seed's three recommendations before enabling a column.
    public static func recommendations(_ lang: Lang) -> [String] {
        lang == .pt ? [
            "Ative o Follow-up apenas em colunas vazias ou com poucas negociações ativas.",
            "Sempre teste com um pequeno volume antes de expandir para toda a operação.",
            "Evite reativar colunas antigas com grande histórico sem revisar o volume de atendimentos.",
        ] : [
            "Enable follow-up only on empty columns or columns with few active deals.",
            "Always test with a small volume before extending it to the whole operation.",
            "Avoid re-enabling old columns with a long history without reviewing the volume.",
        ]
    }
}
