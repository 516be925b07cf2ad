import Foundation

/// Timing of real frames for the benchmark (`RETOMA_TRACE=path`): when the first frame with the board
/// reached the terminal, and how long each key took to become a frame. Off unless asked for.
@MainActor
final class FrameTrace {
    private let path: String
    private var firstBoardFrameNs: UInt64?
    private var keyFrameNs: [UInt64] = []

    init(path: String) { self.path = path }

    static func fromEnvironment() -> FrameTrace? {
        guard let p = ProcessInfo.processInfo.environment["RETOMA_TRACE"], !p.isEmpty else { return nil }
        return FrameTrace(path: p)
    }

    func framePresented(keyStart: UInt64?, boardReady: Bool) {
        if let keyStart { keyFrameNs.append(DispatchTime.now().uptimeNanoseconds - keyStart) }
        if boardReady && firstBoardFrameNs == nil {
            var ts = timespec()
            clock_gettime(CLOCK_REALTIME, &ts)
            firstBoardFrameNs = UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
            write()
        }
    }

    func finish() { write() }

    /// Rewritten whole each time so a reader never sees half a file.
    private func write() {
        var text = "pid=\(getpid())\n"
        if let f = firstBoardFrameNs { text += "first_board_frame_epoch_ns=\(f)\n" }
        text += "key_frame_ns=" + keyFrameNs.map(String.init).joined(separator: ",") + "\n"
        let tmp = path + ".tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8)) else { return }
        _ = rename(tmp, path)
    }
}
