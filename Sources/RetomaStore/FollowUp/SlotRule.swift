import Foundation

/// The send governor's question, asked again inside the transaction that marks a send `sending`: writes are
/// serialised across every process and host on the database, so two engines of one number never take the same
/// slot, and the gap and caps hold between them.
public struct SlotRule: Sendable {
    /// The earliest send start the caps could still count.
    public let since: Date
    /// When the next send may start, given the starts through this number from `since` until now.
    public let nextSlot: @Sendable ([Date]) -> Date

    public init(since: Date, nextSlot: @escaping @Sendable ([Date]) -> Date) {
        self.since = since; self.nextSlot = nextSlot
    }

    /// A start this little after `now` is another engine's a moment ago, seen through a clock a little behind
    /// (the offsets `DatabaseClock` measures differ by milliseconds): it counts. Later ones are a wrong clock's and
    /// must not hold sends back (see `Store.sendHistory`).
    static let clockTolerance: TimeInterval = 5

    /// The slot `number`'s history gives at `now`; nil when a send may start now.
    func wait(_ db: any SQLConnection, sender: String, at now: Date) throws -> Date? {
        let history = try Store.sendHistory(db, sender: sender, since: since, until: now.addingTimeInterval(Self.clockTolerance))
        let slot = nextSlot(history)
        return slot > now ? slot : nil
    }
}
