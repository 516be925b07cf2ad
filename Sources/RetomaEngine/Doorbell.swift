import Foundation
import RetomaCore
import RetomaStore
import Synchronization

/// Where an engine thread sleeps: until a deadline, its bell (`ring()`), or another process's write.
///
/// SQLite tells no process about another's commits, and a second `retoma` (a board, a script, a webhook
/// receiver) may add a customer reply, queue an agent's message or switch a column off. So the sleeper compares
/// `PRAGMA data_version` every `poll` seconds: one read of the open connection's shared memory, no disk I/O,
/// and no pass of work unless the database really changed.
final class Doorbell: Sendable {
    private let store: Store
    private let clock: any RetomaCore.Clock
    private let bell = DispatchSemaphore(value: 0)
    private let seen = Mutex<Int64?>(nil)

    init(store: Store, clock: any RetomaCore.Clock) { self.store = store; self.clock = clock }

    func ring() { bell.signal() }

    /// Notes the database's version now, so a write made after it (even before the first sleep) wakes.
    func takeBaseline() { _ = otherProcessWrote() }

    /// Returns at `deadline` (nil: none), on `ring()`, when `stopping()` turns true, or after another write.
    func sleep(until deadline: Date?, poll: TimeInterval, stopping: () -> Bool) {
        while true {
            var wait = poll
            if let deadline {
                let left = deadline.timeIntervalSince(clock.now())
                if left <= 0 { return }
                wait = min(wait, left)
            }
            if bell.wait(timeout: .now() + wait) == .success { return }
            if stopping() { return }
            if otherProcessWrote() { return }
        }
    }

    private func otherProcessWrote() -> Bool {
        guard let version = try? store.dataVersion() else { return false }
        return seen.withLock { last in
            defer { last = version }
            return last != nil && last != version
        }
    }
}
