import Foundation

/// Days a report covers, in Brasília, both ends included.
public struct ResultsPeriod: Sendable, Equatable {
    public var from: LocalDate
    public var to: LocalDate
    public init(from: LocalDate, to: LocalDate) { self.from = from; self.to = to }

    /// The `days` days that end with the Brasília day of `now` (the results screen's 7, 30 and 90 days).
    public static func last(_ days: Int, endingAt now: Date) -> ResultsPeriod {
        let today = BrazilTime.localDate(now)
        return ResultsPeriod(from: today.adding(days: -(max(days, 1) - 1)), to: today)
    }

    public var dayCount: Int { from.days(until: to) + 1 }
    /// Every day of the period, oldest first.
    public var days: [LocalDate] { (0..<max(dayCount, 0)).map { from.adding(days: $0) } }
}

/// One column's results over a period (issue 14): what `retoma report` prints and the results screen draws.
/// Follow-ups count on the Brasília day they were sent; a reply counts for its follow-up (`ReplyAttribution`),
/// in `repliesPerDay` on the day it came.
public struct ColumnResults: Sendable, Equatable {
    public struct ByAttempt: Sendable, Equatable {
        public var attempt: Int
        public var sent: Int
        public var replied24h: Int
        public var replied72h: Int
        public init(attempt: Int, sent: Int, replied24h: Int, replied72h: Int) {
            self.attempt = attempt; self.sent = sent; self.replied24h = replied24h; self.replied72h = replied72h
        }
        public var replyRate: Double { ColumnResults.rate(replied72h, of: sent) }
    }

    public struct ByVersion: Sendable, Equatable {
        /// 0: follow-ups sent before the column had a saved version.
        public var version: Int
        public var since: Date?
        public var author: String?
        public var sent: Int
        public var replied72h: Int
        public init(version: Int, since: Date?, author: String?, sent: Int, replied72h: Int) {
            self.version = version; self.since = since; self.author = author; self.sent = sent; self.replied72h = replied72h
        }
        public var replyRate: Double { ColumnResults.rate(replied72h, of: sent) }
    }

    public var id: Int64
    public var boardID: Int64
    public var name: String
    public var sent: Int
    public var replied24h: Int
    public var replied72h: Int
    public var medianReplyMinutes: Double?
    public var optOuts: Int
    public var movedOnMax: Int
    public var closedAfterFollowUp: Int
    public var byAttempt: [ByAttempt]
    public var byInstructionVersion: [ByVersion]
    /// Replies attributed to the column's follow-ups, one entry per day of the period, oldest first.
    public var repliesPerDay: [Int]

    public init(id: Int64, boardID: Int64, name: String, sent: Int, replied24h: Int, replied72h: Int,
                medianReplyMinutes: Double?, optOuts: Int, movedOnMax: Int, closedAfterFollowUp: Int,
                byAttempt: [ByAttempt], byInstructionVersion: [ByVersion], repliesPerDay: [Int]) {
        self.id = id; self.boardID = boardID; self.name = name; self.sent = sent; self.replied24h = replied24h
        self.replied72h = replied72h; self.medianReplyMinutes = medianReplyMinutes; self.optOuts = optOuts
        self.movedOnMax = movedOnMax; self.closedAfterFollowUp = closedAfterFollowUp; self.byAttempt = byAttempt
        self.byInstructionVersion = byInstructionVersion; self.repliesPerDay = repliesPerDay
    }

    /// Replied within 72 h over sent, 0…1 (0 when nothing was sent).
    public var replyRate: Double { Self.rate(replied72h, of: sent) }

    static func rate(_ part: Int, of whole: Int) -> Double { whole > 0 ? Double(part) / Double(whole) : 0 }

    /// "37.5%", as the report and the results screen show a rate.
    public static func percent(_ rate: Double) -> String { String(format: "%.1f%%", rate * 100) }

    /// The median of a multiset given as (value, how many) in ascending order of value: the middle value, or the
    /// mean of the two middle ones; nil when empty.
    public static func median(_ counts: [(value: Int, count: Int)]) -> Double? {
        let total = counts.reduce(0) { $0 + max($1.count, 0) }
        guard total > 0 else { return nil }
        func value(at index: Int) -> Int {
            var seen = 0
            for entry in counts where entry.count > 0 {
                seen += entry.count
                if index < seen { return entry.value }
            }
            return counts.last!.value
        }
        let lower = value(at: (total - 1) / 2), upper = value(at: total / 2)
        return (Double(lower) + Double(upper)) / 2
    }
}

public struct ResultsReport: Sendable, Equatable {
    public var period: ResultsPeriod
    public var columns: [ColumnResults]
    public init(period: ResultsPeriod, columns: [ColumnResults]) { self.period = period; self.columns = columns }
}

extension LocalDate {
    /// "2026-03-02" (a real day in `supportedYears`), else nil.
    public init?(iso text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.init(checkedYear: year, month: month, day: day)
    }
}
