import Foundation
import RetomaCore
import RetomaStore
import Synchronization

/// The engine's clock: the database server's time, read through this host's clock plus the offset last measured
/// against the server (`Store.serverTime`). Engines on hosts whose clocks differ then agree on when a lease runs
/// out and when a deal is due. On a SQLite file there is no server: the host's clock is everyone's.
public final class DatabaseClock: RetomaCore.Clock {
    private let base: any RetomaCore.Clock
    private let store: Store
    private let offset = Mutex<TimeInterval>(0)

    /// Measures the offset at once; `calibrate()` measures it again (the lease keeper does, at each renewal).
    public init(base: any RetomaCore.Clock = SystemClock(), store: Store) {
        self.base = base; self.store = store
        calibrate()
    }

    public func now() -> Date { base.now().addingTimeInterval(offset.withLock { $0 }) }

    /// The server's time minus the midpoint of the round trip that read it. A failed read keeps the last offset:
    /// the lease keeper says so when the database is gone.
    public func calibrate() {
        let before = base.now()
        guard let server = try? store.serverTime() else { return }
        let after = base.now()
        let midpoint = before.addingTimeInterval(after.timeIntervalSince(before) / 2)
        offset.withLock { $0 = server.timeIntervalSince(midpoint) }
    }

    /// The offset in force, seconds (server minus host).
    public var measuredOffset: TimeInterval { offset.withLock { $0 } }
}
