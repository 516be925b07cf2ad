import Synchronization

/// Store writes that fail on purpose: the next `times` writes whose operation name starts with a prefix throw
/// an I/O error before touching the database. Empty in production; tests reach it through `@testable import`.
final class FaultPlan: Sendable {
    private let plan = Mutex<[String: Int]>([:])

    /// Makes the next `times` writes of operations named `prefix…` (a `Store` method, e.g. "recordSent") fail.
    func failNext(_ prefix: String, times: Int = 1) { plan.withLock { $0[prefix] = times } }

    func shouldFail(_ operation: String) -> Bool {
        plan.withLock { plan in
            guard !plan.isEmpty, let prefix = plan.keys.first(where: { operation.hasPrefix($0) }),
                  let left = plan[prefix], left > 0 else { return false }
            plan[prefix] = left == 1 ? nil : left - 1
            return true
        }
    }
}

extension Store {
    /// Test seam: the next `times` writes made by `Store.<operation>…` fail as if the disk refused them.
    func failNextWrites(_ operation: String, times: Int = 1) { faults.failNext(operation, times: times) }
}
