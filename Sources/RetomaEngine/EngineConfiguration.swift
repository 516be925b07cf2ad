import Foundation
import RetomaCore

/// How the engine paces itself. Defaults follow issue 4; the sandbox channel has its own governor.
public struct EngineConfiguration: Sendable {
    /// All sends through the channel's number pass this governor, whatever the column.
    public var governor: SendGovernor
    /// A holder that stops renewing loses the lease after this many seconds.
    public var leaseTTL: TimeInterval
    /// How often the holder renews its lease.
    public var leaseRenewal: TimeInterval
    /// The longest a send may wait between its `sending` mark and the channel call; longer means the process
    /// was stopped, and the attempt goes back for a full re-check instead of leaving late.
    public var sendStartLimit: TimeInterval
    /// How often, while running, the engine looks for other processes' writes (see `Engine`).
    public var watchInterval: TimeInterval
    public var backoff: Backoff
    /// Messages of the conversation handed to the writer (the seed's 50).
    public var messageWindow: Int
    /// Seeds the governor's jitter (tests replay it); nil draws from the system.
    public var jitterSeed: UInt64?
    /// This engine's identity in the lease.
    public var holderID: String
    public var pid: Int32
    public var host: String
    /// Every column reviews before sending, whatever its setting (`ReviewRule.forced`: the local demo model
    /// writing for a channel that reaches real customers).
    public var forcedReview: Bool

    public init(governor: SendGovernor = .standard, leaseTTL: TimeInterval = 6, leaseRenewal: TimeInterval = 2,
                watchInterval: TimeInterval = 1, sendStartLimit: TimeInterval = 3, backoff: Backoff = Backoff(),
                messageWindow: Int = 50,
                jitterSeed: UInt64? = nil, holderID: String = UUID().uuidString.lowercased(),
                pid: Int32 = ProcessInfo.processInfo.processIdentifier,
                host: String = ProcessInfo.processInfo.hostName, forcedReview: Bool = false) {
        self.governor = governor; self.leaseTTL = leaseTTL; self.leaseRenewal = leaseRenewal
        self.watchInterval = watchInterval; self.sendStartLimit = sendStartLimit; self.backoff = backoff; self.messageWindow = messageWindow
        self.jitterSeed = jitterSeed; self.holderID = holderID; self.pid = pid; self.host = host
        self.forcedReview = forcedReview
    }

    /// The sandbox's own governor: nothing leaves the machine, so it paces sends for a watchable demo
    /// (5 s + 0–5 s, 120 an hour, 1,000 a day) rather than for ban avoidance.
    public static let sandboxGovernor = SendGovernor(minGap: 5, jitter: 0...5, hourlyCap: 120, dailyCap: 1000)
}

/// Waiting times after transient errors, doubling per try.
public struct Backoff: Sendable, Equatable {
    public var base: TimeInterval
    public var cap: TimeInterval
    /// A send refused this many times for transient reasons fails for good (with the last reason).
    public var maxSendTries: Int

    public init(base: TimeInterval = 30, cap: TimeInterval = 900, maxSendTries: Int = 8) {
        self.base = base; self.cap = cap; self.maxSendTries = maxSendTries
    }

    /// The wait after the `tries`-th transient error (1-based), at least what the provider asked for.
    public func delay(afterTry tries: Int, providerAsked: TimeInterval? = nil) -> TimeInterval {
        // `tries` and the provider's wait come from stored rows and HTTP answers: no `tries - 1` below Int.min,
        // and a NaN or infinite wait counts as none.
        let doubled = base * pow(2, tries > 1 ? Double(tries - 1) : 0)
        let asked = providerAsked.flatMap { $0.isFinite ? $0 : nil } ?? 0
        return max(min(cap, doubled), min(asked, 86_400))
    }
}
