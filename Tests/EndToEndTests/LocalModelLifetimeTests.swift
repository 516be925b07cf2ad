import Foundation
import Testing

/// The local model server lives exactly as long as the `retoma` that started it: `retoma engine` starts it
/// at once when no AI is configured; a SIGTERM stops it, and so does a SIGKILL, which Retoma cannot act on.
@Suite("local model lifetime", .serialized)
struct LocalModelLifetimeTests {
    struct Running {
        var engine: BackgroundProcess
        var server: pid_t
        var socket: String
    }

    /// `retoma engine` on an empty database with the local model, once the model answers.
    func startEngine(_ folder: TemporaryFolder) throws -> Running {
        try LocalModelFollowUpTests().ensureLocalModel()
        let engine = try BackgroundProcess(["engine", "--lang", "en", "--db", folder.path("lifetime.db")],
                                           env: ["XDG_STATE_HOME": folder.path("state"), "XDG_CONFIG_HOME": folder.path("config"),
                                                 "RETOMA_SANDBOX_OUTBOX": folder.path("outbox.jsonl")])
        // The banner comes after the AI has started.
        try #require(engine.waitFor(timeout: 180) { $0.contains("Follow-up engine") },
                     "stdout: \(engine.stdout)\nstderr: \(engine.stderr)")
        let servers = children(of: engine.pid).filter { arguments(of: $0).contains("llama_cpp.server") }
        let server = try #require(servers.first, "no local model server among the children of \(engine.pid)")
        #expect(servers.count == 1)
        // python -c <launcher> <retoma pid> <socket> <model> <alias> <n_ctx>
        let argv = arguments(of: server).split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        try #require(argv.count > 4 && argv[3] == String(engine.pid), "\(argv.count) arguments")
        #expect(getpgid(server) == server, "the server has a process group of its own")
        return Running(engine: engine, server: server, socket: argv[4])
    }

    @Test func aSIGKILLedRetomaLeavesNoServerBehind() throws {
        let folder = try TemporaryFolder()
        let run = try startEngine(folder)
        #expect(alive(run.server))
        run.engine.signal(SIGKILL)
        _ = run.engine.waitForExit(timeout: 10)
        let killed = Date()
        while alive(run.server) && Date().timeIntervalSince(killed) < 5 { usleep(20_000) }
        #expect(!alive(run.server), "the server outlived a SIGKILLed retoma by 5 s")
        print("local model server gone \(String(format: "%.2f", Date().timeIntervalSince(killed))) s after retoma was SIGKILLed")
        // Nothing listens where it was: a connection is refused.
        #expect(!canConnect(run.socket))
        // A killed Retoma cannot remove its socket folder (it is left for /tmp's or the session's cleanup).
        try? FileManager.default.removeItem(atPath: (run.socket as NSString).deletingLastPathComponent)
    }

    @Test func aStoppedRetomaStopsTheServerAndRemovesItsSocket() throws {
        let folder = try TemporaryFolder()
        let run = try startEngine(folder)
        #expect(FileManager.default.fileExists(atPath: run.socket))
        run.engine.signal(SIGTERM)
        #expect(run.engine.waitForExit(timeout: 30) == 0, "stderr: \(run.engine.stderr)")
        #expect(!alive(run.server))
        #expect(!FileManager.default.fileExists(atPath: (run.socket as NSString).deletingLastPathComponent))
    }

    /// Every thread's children: a child is listed under the thread that started it.
    func children(of pid: pid_t) -> [pid_t] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.flatMap { task -> [pid_t] in
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? ""
            return text.split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
    }

    /// The command line, NUL-separated.
    func arguments(of pid: pid_t) -> String {
        String(decoding: FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data(), as: UTF8.self)
    }

    /// Exists and is not a zombie waiting for init to reap it.
    func alive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0,
              let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(close, offsetBy: 2)] != "Z"
    }

    func canConnect(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes)
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        } == 0
    }
}
