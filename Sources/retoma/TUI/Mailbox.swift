import Synchronization

/// The one way other threads talk to the UI thread: they post, the main loop drains each pass.
final class Mailbox<Item: Sendable>: Sendable {
    private let items = Mutex<[Item]>([])

    func post(_ item: Item) { items.withLock { $0.append(item) } }

    func drain() -> [Item] { items.withLock { q in defer { q.removeAll(keepingCapacity: true) }; return q } }
}
