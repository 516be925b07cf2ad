import ArgumentParser
import Foundation
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaStore

struct DealWhyCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "why", abstract: "Why a deal gets, waits for or never gets a follow-up: every rule checked, in words.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Deal id.") var id: Int64
    @Option(name: .long, help: ArgumentHelp("The instant, ISO 8601 with offset (default: now).", valueName: "time"))
    var at: String?
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        var instant = Date()
        if let at {
            guard let parsed = Timestamp.parse(at) else { throw InputError.malformedTime(at) }
            instant = parsed
        }
        let number = try NumberSetup.make(environment: ProcessInfo.processInfo.environment).number
        let decision = try FollowUpEvaluator(store: store, number: number).decision(dealID: id, at: instant)
        let lang = output.lang
        let notes = try Self.notes(store: store, dealID: id, decision: decision, lang: lang)
        if json {
            return try output.json(WhyDocument(
                at: instant, deal: decision.dealID, column: decision.columnID, action: decision.action.rawValue,
                reason: decision.reason.rawValue, dueAt: decision.dueAt, summary: decision.summary(lang),
                checks: decision.checks.map { WhyDocument.CheckJSON(passed: $0.passed, text: $0.sentence(lang)) },
                notes: notes))
        }
        let followUp = try store.dealFollowUp(id: id)
        let pt = lang == .pt
        output.line((pt ? "Negociação \(id)" : "Deal \(id)") + " (\(followUp.contactName) · \(followUp.columnName)) "
                    + (pt ? "em " : "at ") + BrazilTime.display(instant, lang) + ":")
        decision.explain(lang).forEach { output.line("  " + $0) }
        notes.forEach { output.line("  • " + $0) }
        output.line("→ " + decision.summary(lang))
    }

    /// What happens when the maximum is reached, which the rules alone do not say.
    static func notes(store: Store, dealID: Int64, decision: Decision, lang: Lang) throws -> [String] {
        guard decision.reason == .maxAttempts else { return [] }
        let followUp = try store.dealFollowUp(id: dealID)
        let pt = lang == .pt
        guard !followUp.maxHandled, let when = followUp.dueAt else {
            return [pt ? "Nenhum follow-up novo até o cliente responder ou alguém escrever" :
                         "No new follow-up until the customer answers or someone writes"]
        }
        if case .moveTo(let target) = followUp.config.onMax, let column = try? store.column(id: target) {
            return [pt ? "Será movida para \"\(column.name)\" em \(BrazilTime.display(when, lang))"
                       : "It moves to \"\(column.name)\" at \(BrazilTime.display(when, lang))"]
        }
        return [pt ? "Nenhum follow-up novo até o cliente responder ou alguém escrever" :
                     "No new follow-up until the customer answers or someone writes"]
    }
}
