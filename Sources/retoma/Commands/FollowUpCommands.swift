import ArgumentParser
import Foundation
import RetomaApp
import RetomaCore
import RetomaStore
import TUIKit

struct FollowUpCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "followup", abstract: "A column's automatic follow-up (Follow-up automático).",
        subcommands: [FollowUpSetCommand.self, FollowUpShowCommand.self])
}

struct FollowUpSetCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Change a column's follow-up settings.",
        discussion: """
            Starts from the column's current settings and changes only the options given. The values are checked \
            like in the board's dialog; nothing is saved when one is refused (exit status 1).
            When follow-up ends up on and \(BulkSendWarning.confirmThreshold) or more deals would get a message \
            in the first 24 hours of sending (those due now and those falling due in the next 24 hours, within the \
            column's daily limit), nothing is saved and the exit status is 3, unless --yes is given: mass sending \
            can get the WhatsApp number banned. The counts use the configured channel's governor and today's sends.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Column id.") var column: Int64
    @Option(name: .long, help: ArgumentHelp("Use follow-up for this column.", valueName: "true|false"))
    var enabled: Bool?
    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("Interval between follow-ups: 1 to 999 minutes, hours or days, or 1 to 24 months.",
                               valueName: "30m|2h|3d|1mo"))
    var every: String?
    @Option(name: .customLong("business-hours"),
            help: ArgumentHelp("Send only in business hours (Mon–Fri, 8:00–18:00, Brasília time).", valueName: "true|false"))
    var businessHours: Bool?
    @Option(name: .customLong("after-close"),
            help: ArgumentHelp("Send even when the deal's ticket is closed.", valueName: "true|false"))
    var afterClose: Bool?
    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("Instructions for the AI, up to \(FollowUpValidation.instructionsMaxLength) characters; empty for the generic one.",
                               valueName: "text"))
    var instructions: String?
    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("Extra information, up to \(FollowUpValidation.extraInfoMaxLength) characters.", valueName: "text"))
    var extra: String?
    @Option(name: .customLong("max-attempts"), parsing: .unconditional,
            help: ArgumentHelp("Maximum follow-ups per deal without a reply; 0 means no limit.", valueName: "n"))
    var maxAttempts: Int?
    @Option(name: .customLong("on-max"),
            help: ArgumentHelp("When the maximum is reached: do nothing, or move the deal to another column of the same board.",
                               valueName: "none|move:COLUMN_ID"))
    var onMax: OnMaxArgument?
    @Option(name: .customLong("max-per-day"), parsing: .unconditional,
            help: ArgumentHelp("At most this many follow-ups a day in this column (Brasília days); empty or 0 means no limit.",
                               valueName: "n"))
    var maxPerDay: String?
    @Option(name: .long,
            help: ArgumentHelp("Review before sending: written follow-ups wait in the review queue (retoma draft) for a person.",
                               valueName: "true|false"))
    var review: Bool?
    @Flag(name: .long, help: "Confirm saving even when many deals would get a message at once.") var yes = false
    @Flag(name: .long, help: "Print the saved settings as one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        let lang = output.lang
        let place = try FollowUpPlace(store: store, columnID: column)
        var config = place.column.followUp
        var errors: [FieldError] = []
        if let every {
            switch IntervalParse.parse(every) {
            case .success(let interval): config.interval = interval
            case .failure(let problem): errors.append(FieldError(field: .interval, problem: .interval(problem)))
            }
        }
        if let enabled { config.enabled = enabled }
        if let businessHours { config.businessHoursOnly = businessHours }
        if let afterClose { config.sendAfterClose = afterClose }
        // The dialog saves its text fields trimmed; so does this.
        if let instructions { config.instructions = instructions.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let extra { config.extraInfo = extra.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let maxAttempts { config.maxAttempts = maxAttempts }
        if let onMax { config.onMax = onMax.action }
        if let review { config.review = review }
        if let maxPerDay {
            switch FollowUpValidation.count(maxPerDay, field: .maxPerDay, limit: FollowUpValidation.maxPerDayLimit,
                                            emptyMeansZero: true) {
            case .success(let n): config.maxPerDay = n
            case .failure(let error): errors.append(error)
            }
        }

        let refusedFields = Set(errors.map(\.field))
        errors += FollowUpValidation.validate(config, ownColumnID: column).filter { !refusedFields.contains($0.field) }
        if !errors.isEmpty {
            throw FollowUpRefusal(errors.map { $0.message(lang) }.joined(separator: " "))
        }
        // What only the database knows (the "move to" column is on this board), before the volume question.
        try store.checkFollowUp(columnID: column, config: config)

        // The dialog's rule before anything reaches the database: on, with many deals sent in the first 24 hours,
        // asks first. The same inputs as the engine: the configured number's governor and today's sends.
        let now = Date()
        let policy = try NumberSetup.policy(store: store, environment: ProcessInfo.processInfo.environment, at: now)
        let facts = try store.followUpFacts(columnID: column)
        let forecast = policy.forecast(facts, config: config, column: column)
        let warned = config.enabled && forecast.level != .none
        if warned && !yes { throw BulkSendRefusal(forecast, .save) }

        let saved = try store.setFollowUp(columnID: column, config: config)
        let document = FollowUpDocument(column: saved, forecast: forecast, reviewForced: ReviewSetup.forced(environment: ProcessInfo.processInfo.environment))
        if json { return try output.json(document) }
        let state = config.enabled ? (lang == .pt ? "ligado" : "on") : (lang == .pt ? "desligado" : "off")
        output.say(pt: "Follow-up da coluna \(saved.id) \"\(saved.name)\" salvo: \(state), a cada \(config.interval.short).",
                   en: "Saved the follow-up of column \(saved.id) \"\(saved.name)\": \(state), every \(config.interval.short).")
        if warned { forecast.lines(lang).forEach(output.line) }
    }
}

struct FollowUpShowCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a column's follow-up settings and how many deals are eligible now.")

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Column id.") var column: Int64
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        let place = try FollowUpPlace(store: store, columnID: column)
        let policy = try NumberSetup.policy(store: store, environment: ProcessInfo.processInfo.environment, at: Date())
        let forecast = policy.forecast(try store.followUpFacts(columnID: column), config: place.column.followUp,
                                       column: column)
        let forced = ReviewSetup.forced(environment: ProcessInfo.processInfo.environment)
        let document = FollowUpDocument(column: place.column, forecast: forecast, reviewForced: forced)
        if json { return try output.json(document) }
        let pt = output.lang == .pt
        let lang = output.lang
        let c = place.column.followUp
        func label(_ field: FieldError.Field) -> String { FieldError(field: field, problem: .mustNotBeNegative).label(lang) }
        func yesNo(_ value: Bool) -> String { value ? (pt ? "sim" : "yes") : (pt ? "não" : "no") }
        func block(_ text: String, empty: String) {
            if text.isEmpty { return output.line("  " + empty) }
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) { output.line("  " + line) }
        }
        output.line((pt ? "Follow-up automático — " : "Automatic follow-up — ") + "\(place.column.name) "
                    + (pt ? "(coluna \(column))" : "(column \(column))"))
        output.line((pt ? "Usar Follow-up para essa coluna: " : "Use follow-up for this column: ") + yesNo(c.enabled))
        output.line("\(label(.interval)): "
                    + "\(c.interval.short) (\(Self.words(c.interval, lang)))")
        output.line((pt ? "Enviar apenas no horário comercial: " : "Send only in business hours: ") + yesNo(c.businessHoursOnly))
        output.line((pt ? "Enviar mesmo que o chamado tenha sido finalizado: " : "Send even if the ticket is closed: ")
                    + yesNo(c.sendAfterClose))
        output.line(label(.instructions) + ":")
        block(c.instructions, empty: pt ? "(em branco: a IA usa a instrução genérica)" : "(blank: the AI uses the generic instruction)")
        output.line(label(.extraInfo) + ":")
        block(c.extraInfo, empty: pt ? "(em branco)" : "(blank)")
        let maximum = c.maxAttempts == 0 ? (pt ? "sem limite" : "no limit") : String(c.maxAttempts)
        output.line(label(.maxAttempts) + ": " + maximum)
        let action: String
        switch c.onMax {
        case .none: action = pt ? "não fazer nada" : "do nothing"
        case .moveTo(let id):
            let name = place.siblings.first { $0.id == id }?.name ?? "?"
            action = pt ? "mover para \"\(name)\" (coluna \(id))" : "move to \"\(name)\" (column \(id))"
        }
        output.line(label(.onMax) + ": " + action)
        output.line(label(.maxPerDay) + ": " + (c.maxPerDay == 0 ? (pt ? "sem limite" : "no limit") : String(c.maxPerDay)))
        output.line((pt ? "Revisar antes de enviar: " : "Review before sending: ")
                    + yesNo(ReviewRule.required(c, forced: forced))
                    + (forced ? " (" + (pt ? "modelo local de demonstração: revisão obrigatória para envios reais"
                                           : "local demo model: review is required for real sends") + ")" : ""))
        output.line(pt ? "\(document.eligibleNow) negociações elegíveis agora · \(document.totalDeals) no total"
                       : "\(document.eligibleNow) deals eligible right now · \(document.totalDeals) in total")
        output.line((pt ? "Com o follow-up ligado: " : "With follow-up on: ") + forecast.counts(lang))
        output.line(forecast.summary(lang))
    }

    /// "2 dias", "1 month".
    static func words(_ interval: Interval, _ lang: Lang) -> String {
        let one = interval.amount == 1
        let unit: String
        switch (interval.unit, lang) {
        case (.minutes, .pt): unit = one ? "minuto" : "minutos"
        case (.hours, .pt): unit = one ? "hora" : "horas"
        case (.days, .pt): unit = one ? "dia" : "dias"
        case (.months, .pt): unit = one ? "mês" : "meses"
        case (.minutes, .en): unit = one ? "minute" : "minutes"
        case (.hours, .en): unit = one ? "hour" : "hours"
        case (.days, .en): unit = one ? "day" : "days"
        case (.months, .en): unit = one ? "month" : "months"
        }
        return "\(interval.amount) \(unit)"
    }
}

/// `--on-max none` or `--on-max move:COLUMN_ID`.
struct OnMaxArgument: ExpressibleByArgument {
    var action: OnMaxAction

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        if text == "none" {
            action = .none
            return
        }
        guard text.hasPrefix("move:"), let id = Int64(text.dropFirst("move:".count).trimmingCharacters(in: .whitespaces)),
              id > 0 else { return nil }
        action = .moveTo(columnID: id)
    }
}

/// A column with its follow-up settings, and the other columns of its board (the "move to" choices).
struct FollowUpPlace {
    var column: Column
    var siblings: [Column]

    init(store: Store, columnID: Int64) throws {
        guard let board = try store.boardListings().first(where: { $0.columns.contains { $0.id == columnID } }) else {
            throw StoreError.notFound(entity: "column", id: columnID)
        }
        let columns = try store.loadBoard(id: board.id).columns.map(\.column)
        guard let column = columns.first(where: { $0.id == columnID }) else {
            throw StoreError.notFound(entity: "column", id: columnID)
        }
        self.column = column
        siblings = columns.filter { $0.id != columnID }
    }
}

/// A value the dialog would refuse, already in the interface language.
struct FollowUpRefusal: Error, CustomStringConvertible {
    var description: String
    init(_ reason: String) { description = reason }
}

/// Saving (or a move) would release many messages in the first 24 hours and `--yes` was not given: nothing
/// was saved or moved.
struct BulkSendRefusal: CommandRefusal {
    enum Cause {
        case save
        /// Moving deals into this column.
        case move(columnName: String)
        /// Importing deals from a spreadsheet into this column.
        case importing(columnName: String)
    }

    let exitStatus: Int32 = 3

    var forecast: SendForecast
    var cause: Cause

    init(_ forecast: SendForecast, _ cause: Cause) { self.forecast = forecast; self.cause = cause }

    /// The dialog's warning screen as lines on stderr.
    func lines(_ lang: Lang) -> [String] {
        let pt = lang == .pt
        let advice = SeedExamples.recommendations(lang).joined(separator: " ")
        let n = forecast.volume
        let head: String
        switch cause {
        case .save:
            head = pt ? "retoma: salvar agora manda follow-up para \(n) negociações nas primeiras 24 h de envio; nada foi salvo."
                      : "retoma: saving now sends follow-ups to \(n) deals in the first 24 h of sending; nothing was saved."
        case .move(let column):
            let name = TerminalText.line(column)
            head = pt ? "retoma: mover para \"\(name)\" faz \(n) negociações receberem follow-up nas primeiras 24 h de envio; nada foi movido."
                      : "retoma: moving to \"\(name)\" makes \(n) deals get a follow-up in the first 24 h of sending; nothing was moved."
        case .importing(let column):
            let name = TerminalText.line(column)
            head = pt ? "retoma: importar para \"\(name)\" faz \(n) negociações receberem follow-up nas primeiras 24 h de envio; nada foi importado."
                      : "retoma: importing into \"\(name)\" makes \(n) deals get a follow-up in the first 24 h of sending; nothing was imported."
        }
        return [head] + forecast.lines(lang) + [
            (pt ? "O envio em massa pode causar o banimento imediato do número de WhatsApp. Recomendações: "
                : "Mass sending can get the WhatsApp number banned at once. Recommendations: ") + advice,
            pt ? "Use --yes para confirmar." : "Use --yes to confirm.",
        ]
    }

    func write(_ lang: Lang) {
        FileHandle.standardError.write(Data(lines(lang).map { $0 + "\n" }.joined().utf8))
    }
}

/// `followup show --json` and `followup set --json`.
struct FollowUpDocument: Encodable {
    struct IntervalJSON: Encodable {
        var amount: Int
        /// "minutes", "hours", "days" or "months".
        var unit: String
    }

    var boardId: Int64
    var columnId: Int64
    var columnName: String
    var enabled: Bool
    /// The short form, as `--every` takes it: "2d".
    var every: String
    var interval: IntervalJSON
    var businessHours: Bool
    var afterClose: Bool
    var instructions: String
    var extra: String
    /// 0 means no limit.
    var maxAttempts: Int
    /// "none" or "move:COLUMN_ID", as `--on-max` takes it.
    var onMax: String
    /// At most this many follow-ups a day in this column; 0 means no limit.
    var maxPerDay: Int
    /// Written follow-ups wait in the review queue: the column's setting, or forced (`reviewForced`).
    var review: Bool
    /// The column's own "Revisar antes de enviar" box.
    var reviewSetting: Bool
    /// Review is required for every column: the local demo model writes for a real channel.
    var reviewForced: Bool
    /// Deals that would get a message right away with these settings switched on.
    var eligibleNow: Int
    /// Deals falling due within the first 24 hours of sending (from now, or from the next business-hours
    /// opening when the window is closed now).
    var dueNext24h: Int
    /// Deals falling due within 7 days of the same start (the 24-hour ones included).
    var dueNext7d: Int
    var totalDeals: Int

    init(column: Column, forecast: SendForecast, reviewForced: Bool) {
        let c = column.followUp
        boardId = column.boardID; columnId = column.id; columnName = column.name
        enabled = c.enabled; every = c.interval.short
        interval = IntervalJSON(amount: c.interval.amount, unit: c.interval.unit.rawValue)
        businessHours = c.businessHoursOnly; afterClose = c.sendAfterClose
        instructions = c.instructions; extra = c.extraInfo; maxAttempts = c.maxAttempts
        switch c.onMax {
        case .none: onMax = "none"
        case .moveTo(let id): onMax = "move:\(id)"
        }
        maxPerDay = c.maxPerDay
        review = ReviewRule.required(c, forced: reviewForced); reviewSetting = c.review; self.reviewForced = reviewForced
        eligibleNow = forecast.eligibleNow; dueNext24h = forecast.dueNext24h; dueNext7d = forecast.dueNext7d
        totalDeals = forecast.totalDeals
    }
}
