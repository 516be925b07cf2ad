import GRDB
import RetomaCore

/// The SQLite file behind a board. (Filled in by the store work.)
public final class Store: Sendable {
    public init() {}
}
