import Foundation

public enum IntervalUnit: String, Sendable, Equatable, CaseIterable, Codable {
    case minutes, hours, days, months
    /// Short suffix used on column headers and in `--every` ("30m", "2h", "3d", "1mo").
    public var shortSuffix: String {
        switch self { case .minutes: "m"; case .hours: "h"; case .days: "d"; case .months: "mo" }
    }
}

/// The time between two follow-ups of one deal.
public struct Interval: Sendable, Equatable, Codable {
    public var amount: Int
    public var unit: IntervalUnit
    public init(amount: Int, unit: IntervalUnit) { self.amount = amount; self.unit = unit }
    /// "2d", "30m", "1mo".
    public var short: String { "\(amount)\(unit.shortSuffix)" }
}

/// What to do with a deal once it reached the maximum follow-ups without a reply.
public enum OnMaxAction: Sendable, Equatable, Codable {
    case none
    case moveTo(columnID: Int64)
}

/// One column's "Follow-up automático" settings, field by field as the seed's form.
public struct FollowUpConfig: Sendable, Equatable, Codable {
    public var enabled: Bool
    public var interval: Interval
    public var businessHoursOnly: Bool
    public var sendAfterClose: Bool
    public var instructions: String
    public var extraInfo: String
    /// 0 means no limit.
    public var maxAttempts: Int
    public var onMax: OnMaxAction
    /// The operator's brake for this column alone: settings kept, nothing sent until resumed.
    public var paused: Bool
    /// "No máximo N follow-ups por dia nesta coluna", counted per Brasília day; 0 means no limit.
    public var maxPerDay: Int
    /// "Revisar antes de enviar": written follow-ups wait in the review queue until a person approves them
    /// (`ReviewRule` can force it on whatever this says).
    public var review: Bool

    public init(enabled: Bool, interval: Interval, businessHoursOnly: Bool, sendAfterClose: Bool,
                instructions: String, extraInfo: String, maxAttempts: Int, onMax: OnMaxAction, paused: Bool = false,
                maxPerDay: Int = 0, review: Bool = false) {
        self.enabled = enabled; self.interval = interval; self.businessHoursOnly = businessHoursOnly
        self.sendAfterClose = sendAfterClose; self.instructions = instructions; self.extraInfo = extraInfo
        self.maxAttempts = maxAttempts; self.onMax = onMax; self.paused = paused; self.maxPerDay = maxPerDay
        self.review = review
    }

    /// A column that never had its dialog saved.
    public static let off = FollowUpConfig(enabled: false, interval: Interval(amount: 1, unit: .days),
                                           businessHoursOnly: true, sendAfterClose: false,
                                           instructions: "", extraInfo: "", maxAttempts: 5, onMax: .none)
}
