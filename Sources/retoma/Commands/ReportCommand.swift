import ArgumentParser
import Foundation
import RetomaCore
import RetomaStore

/// `retoma report`: does follow-up work? Per column over a period of Brasília days (the last 30 by default).
struct ReportCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Follow-up results per column: sent, replies within 24 h and 72 h, median time to reply, opt-outs, by attempt and instruction version.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var board: BoardOption
    @Option(name: .long, help: "Only this column.") var column: Int64?
    @Option(name: .long, help: ArgumentHelp("First day (YYYY-MM-DD, Brasília); 30 days before --until by default.",
                                            valueName: "day"))
    var since: String?
    @Option(name: .long, help: ArgumentHelp("Last day, included (YYYY-MM-DD, Brasília); today by default.",
                                            valueName: "day"))
    var until: String?
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func run(store: Store, output: Output) throws {
        func day(_ raw: String?) throws -> LocalDate? {
            guard let raw else { return nil }
            guard let day = LocalDate(iso: raw) else { throw InputError.malformedDay(raw) }
            return day
        }
        let to = try day(until) ?? BrazilTime.localDate(Date())
        let from = try day(since) ?? to.adding(days: -29)
        let board = try self.board.resolve(in: store)
        let report = try store.results(period: ResultsPeriod(from: from, to: to), boardID: board?.id, columnID: column)
        if json { return try output.json(ReportDocument(report)) }
        let pt = output.lang == .pt
        output.say(pt: "Resultados de \(from) a \(to)", en: "Results from \(from) to \(to)")
        if report.columns.isEmpty { return output.say(pt: "Nenhuma coluna.", en: "No columns.") }
        let boards = try store.boardsByColumn()
        for c in report.columns {
            let median = c.medianReplyMinutes.map { DurationText.approximate($0 * 60, output.lang) } ?? "—"
            output.line("")
            output.line("\(boards[c.id]?.name ?? "—") · \(c.name) (\(pt ? "coluna" : "column") \(c.id))")
            output.line(pt ? "  enviados \(c.sent) · responderam em 24 h \(c.replied24h) · em 72 h \(c.replied72h) (\(Self.percent(c.replyRate))) · mediana \(median)"
                           : "  sent \(c.sent) · replied within 24 h \(c.replied24h) · within 72 h \(c.replied72h) (\(Self.percent(c.replyRate))) · median \(median)")
            output.line(pt ? "  pediram para sair \(c.optOuts) · movidos ao atingir o máximo \(c.movedOnMax) · chamado finalizado após follow-up \(c.closedAfterFollowUp)"
                           : "  opt-outs \(c.optOuts) · moved on max \(c.movedOnMax) · ticket closed after a follow-up \(c.closedAfterFollowUp)")
            for a in c.byAttempt {
                output.row(["  " + (pt ? "\(a.attempt)º follow-up" : "follow-up #\(a.attempt)"),
                            (pt ? "enviados " : "sent ") + "\(a.sent)",
                            (pt ? "responderam " : "replied ") + "\(a.replied72h)", Self.percent(a.replyRate)])
            }
            for v in c.byInstructionVersion {
                let since = v.since.map { Timestamp.short($0, pt: pt) } ?? (pt ? "antes das versões" : "before versions")
                output.row(["  " + (pt ? "instruções v\(v.version)" : "instructions v\(v.version)"),
                            since + (v.author.map { " · \($0)" } ?? ""),
                            (pt ? "enviados " : "sent ") + "\(v.sent)",
                            (pt ? "responderam " : "replied ") + "\(v.replied72h)", Self.percent(v.replyRate)])
            }
        }
    }

    static func percent(_ rate: Double) -> String { ColumnResults.percent(rate) }
}

/// `report --json`. Keys are the issue's, plus movedOnMax, closedAfterFollowUp and repliesPerDay per column and the
/// author of each instruction version; absent values are null.
struct ReportDocument: Encodable {
    var report: ResultsReport
    init(_ report: ResultsReport) { self.report = report }

    enum Keys: String, CodingKey {
        case from, to, columns, id, board, name, sent, replied24h, replied72h, replyRate, medianReplyMinutes, optOuts,
             movedOnMax, closedAfterFollowUp, repliesPerDay, byAttempt, byInstructionVersion, attempt, version, since,
             author
    }

    struct Column: Encodable {
        var c: ColumnResults
        func encode(to encoder: any Encoder) throws {
            var o = encoder.container(keyedBy: Keys.self)
            try o.encode(c.id, forKey: .id); try o.encode(c.boardID, forKey: .board); try o.encode(c.name, forKey: .name)
            try o.encode(c.sent, forKey: .sent); try o.encode(c.replied24h, forKey: .replied24h)
            try o.encode(c.replied72h, forKey: .replied72h); try o.encode(c.replyRate, forKey: .replyRate)
            try o.encode(c.medianReplyMinutes, forKey: .medianReplyMinutes); try o.encode(c.optOuts, forKey: .optOuts)
            try o.encode(c.movedOnMax, forKey: .movedOnMax); try o.encode(c.closedAfterFollowUp, forKey: .closedAfterFollowUp)
            try o.encode(c.repliesPerDay, forKey: .repliesPerDay)
            try o.encode(c.byAttempt.map(Attempt.init), forKey: .byAttempt)
            try o.encode(c.byInstructionVersion.map(Version.init), forKey: .byInstructionVersion)
        }
    }

    struct Attempt: Encodable {
        var a: ColumnResults.ByAttempt
        func encode(to encoder: any Encoder) throws {
            var o = encoder.container(keyedBy: Keys.self)
            try o.encode(a.attempt, forKey: .attempt); try o.encode(a.sent, forKey: .sent)
            try o.encode(a.replied72h, forKey: .replied72h)
        }
    }

    struct Version: Encodable {
        var v: ColumnResults.ByVersion
        func encode(to encoder: any Encoder) throws {
            var o = encoder.container(keyedBy: Keys.self)
            try o.encode(v.version, forKey: .version); try o.encode(v.since, forKey: .since)
            try o.encode(v.sent, forKey: .sent); try o.encode(v.replied72h, forKey: .replied72h)
            try o.encode(v.author, forKey: .author)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var o = encoder.container(keyedBy: Keys.self)
        try o.encode(report.period.from.description, forKey: .from); try o.encode(report.period.to.description, forKey: .to)
        try o.encode(report.columns.map(Column.init), forKey: .columns)
    }
}
