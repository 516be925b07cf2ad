import Foundation

/// Where "now" comes from. Policies never read the system time themselves, so tests pin it.
public protocol Clock: Sendable {
    func now() -> Date
}

/// The machine's wall clock.
public struct SystemClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock stopped at one instant, for tests and for `--at` evaluations.
public struct FixedClock: Clock {
    public var date: Date
    public init(_ date: Date) { self.date = date }
    public func now() -> Date { date }
}
