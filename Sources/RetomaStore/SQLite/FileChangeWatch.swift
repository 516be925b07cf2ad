import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Counts the changes the kernel reports (inotify) to a database file and its write-ahead log, so looking whether
/// another process committed costs nothing until something was written. Nil where the kernel will not watch (no
/// inotify, or the per-user limit reached): the caller then reads the database as before.
final class FileChangeWatch: Sendable {
    private let descriptor: Int32
    private let count = Atomic<Int64>(0)
    private let stopped = Atomic<Bool>(false)

    init?(path: String) {
        let file = URL(fileURLWithPath: path)
        let names: Set<String> = [file.lastPathComponent, file.lastPathComponent + "-wal"]
        let descriptor = inotify_init1(Int32(IN_CLOEXEC) | Int32(IN_NONBLOCK))
        guard descriptor >= 0 else { return nil }
        // The folder, not the files: the log is removed and made again as connections close and open.
        let mask = UInt32(IN_MODIFY) | UInt32(IN_CLOSE_WRITE) | UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)
        guard inotify_add_watch(descriptor, file.deletingLastPathComponent().path, mask) >= 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        let thread = Thread { [self] in watch(names) }
        thread.name = "retoma-file-watch"
        thread.start()
    }

    /// How many writes to the file or its log were reported so far.
    var changes: Int64 { count.load(ordering: .relaxed) }

    /// Ends the watch within a second.
    func stop() { stopped.store(true, ordering: .relaxed) }

    private func watch(_ names: Set<String>) {
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 8192)
        let header = MemoryLayout<inotify_event>.size
        while !stopped.load(ordering: .relaxed) {
            var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 1000) > 0 else { continue }
            let length = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard length > 0 else { continue }
            var offset = 0
            buffer.withUnsafeBytes { bytes in
                // Each record: the fixed header, then `len` bytes of NUL-padded name.
                while offset + header <= length {
                    let nameLength = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                    let start = offset + header, end = min(length, start + nameLength)
                    let name = String(decoding: bytes[start..<end].prefix { $0 != 0 }, as: UTF8.self)
                    if names.contains(name) { count.add(1, ordering: .relaxed) }
                    offset = start + nameLength
                }
            }
        }
    }
}
