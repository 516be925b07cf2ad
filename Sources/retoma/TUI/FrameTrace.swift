import Foundation
import RetomaApp

/// Timing of real frames for the benchmark (`RETOMA_TRACE=path`): when the first frame with the board
/// reached the terminal, and how long each key took to become a frame. Off unless asked for.
@MainActor
final class FrameTrace {
    private let path: String
    private var firstBoardFrameNs: UInt64?
    private var keyFrameNs: [UInt64] = []
    /// When each frame showing a board read again after another process's write reached the terminal (bench/live.sh).
    private var externalFrameNs: [UInt64] = []
    private var awaitingReload = false, reloadArrived = false

    init(path: String) { self.path = path }

    static func fromEnvironment() -> FrameTrace? {
        guard let p = ProcessInfo.processInfo.environment["RETOMA_TRACE"], !p.isEmpty else { return nil }
        return FrameTrace(path: p)
    }

    /// Another process's write noticed, then the board read again because of it: the next frame shows it.
    func noting(_ msg: Msg) {
        switch msg {
        case .externalChange: awaitingReload = true
        case .boardLoaded where awaitingReload: (awaitingReload, reloadArrived) = (false, true)
        default: break
        }
    }

    func framePresented(keyStart: UInt64?, boardReady: Bool) {
        if let keyStart { keyFrameNs.append(DispatchTime.now().uptimeNanoseconds - keyStart) }
        if boardReady && firstBoardFrameNs == nil {
            firstBoardFrameNs = Self.epochNs()
            write()
        }
        if reloadArrived {
            reloadArrived = false
            externalFrameNs.append(Self.epochNs())
            write()
        }
    }

    private static func epochNs() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    func finish() { write() }

    /// Rewritten whole each time so a reader never sees half a file.
    private func write() {
        var text = "pid=\(getpid())\n"
        if let f = firstBoardFrameNs { text += "first_board_frame_epoch_ns=\(f)\n" }
        text += "key_frame_ns=" + keyFrameNs.map(String.init).joined(separator: ",") + "\n"
        text += "external_change_frames_epoch_ns=" + externalFrameNs.map(String.init).joined(separator: ",") + "\n"
        let tmp = path + ".tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8)) else { return }
        _ = rename(tmp, path)
    }
}

/// For the monitor benchmark only (`RETOMA_BENCH_EVENTS_PER_S=1000` with `RETOMA_TRACE`): a thread that posts
/// synthetic engine events at that rate, as a busy engine would, while keys are timed.
enum SyntheticEvents {
    static func startIfAsked(_ mailbox: Mailbox<Msg>) {
        let env = ProcessInfo.processInfo.environment
        guard env["RETOMA_TRACE"] != nil, let rate = env["RETOMA_BENCH_EVENTS_PER_S"].flatMap(Int.init), rate > 0 else { return }
        let thread = Thread {
            var n: Int64 = 0
            let kinds: [EventKind] = [.planned, .generating, .sent, .throttled, .skipped]
            let start = DispatchTime.now().uptimeNanoseconds
            while true {
                n += 1
                let kind = kinds[Int(n % 5)]
                mailbox.post(.engine(MonitorEntry(at: Date(), kind: kind, dealID: n, columnID: 1, columnName: "Prospecção",
                                                  contactName: "Cliente \(n)", detail: "negociação \(n) \(kind.rawValue)",
                                                  text: "Oi! Mensagem sintética número \(n).")))
                // Paced against the clock, so the rate holds whatever the sleeps really take.
                let due = start + UInt64(n) * 1_000_000_000 / UInt64(rate)
                let now = DispatchTime.now().uptimeNanoseconds
                if due > now { usleep(UInt32((due - now) / 1_000)) }
            }
        }
        thread.start()
    }
}
