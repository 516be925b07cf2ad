import Foundation
import Testing

/// A private tmux server running one program in a fixed-size UTF-8 terminal, for driving the real
/// ncurses UI: type with `send`, read the screen with `screen()`, wait for text instead of sleeping.
final class TmuxSession {
    let socket: String
    let width: Int
    let height: Int

    /// Starts `command` (already shell-quoted) in a new session. Installs tmux if the machine lacks it.
    init(command: String, width: Int = 120, height: Int = 40, environment: [String: String] = [:]) throws {
        try TmuxSession.ensureTmux()
        socket = "retoma-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        self.width = width; self.height = height
        var env = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color"]
        env.merge(environment) { _, new in new }
        let envPart = env.sorted { $0.key < $1.key }.map { "\($0.key)=\(shellQuote($0.value))" }.joined(separator: " ")
        // `remain-on-exit` keeps the pane readable after the program ends, so its last words can be checked.
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "env \(envPart) \(command)"])
        try tmux(["set-option", "-g", "remain-on-exit", "on"])
    }

    deinit { kill() }

    func kill() { _ = try? tmux(["kill-server"]) }

    /// Sends tmux key names ("Enter", "Escape", "Tab", "Left") or literal text with `literal: true`.
    func send(_ keys: String..., literal: Bool = false) throws {
        try tmux(["send-keys", "-t", "0"] + (literal ? ["-l"] : []) + keys)
    }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "0"]) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "0", "-x", "\(width)", "-y", "\(height)"])
    }

    /// True once the program in the pane has exited.
    func paneDead() -> Bool { ((try? tmux(["display-message", "-p", "-t", "0", "#{pane_dead}"])) ?? "").hasPrefix("1") }

    /// Polls the screen until `predicate` holds or the deadline passes; then fails with the last screen.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 10, sourceLocation: SourceLocation = #_sourceLocation,
                 _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            usleep(20_000)
        }
        Issue.record("timed out waiting for \(what); screen was:\n\(last)", sourceLocation: sourceLocation)
        throw TmuxError.timeout(what)
    }

    @discardableResult
    func waitFor(text: String, timeout: TimeInterval = 10, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitFor("“\(text)”", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    func screenCommand(_ args: [String]) throws -> String { try tmux(args) }

    /// tmux is spawned and reaped directly: the server that new-session daemonizes inherits whatever
    /// Foundation's Process uses to notice the child's exit, and then that exit is never noticed.
    @discardableResult
    private func tmux(_ args: [String]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.path
        let outPath = "\(folder)/tmux-\(UUID().uuidString).out", errPath = outPath + ".err"
        defer { unlink(outPath); unlink(errPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = [TmuxSession.tmuxPath ?? "/usr/bin/tmux", "-L", socket] + args
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        // Test threads may block signals; tmux and the program under test must start with none blocked
        // and default handlers, or they would never see SIGWINCH or SIGTERM.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none); sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let rc = posix_spawn(&pid, argv[0], &actions, &attributes, &cArgs, environ)
        guard rc == 0 else { throw TmuxError.failed(args.joined(separator: " "), String(cString: strerror(rc))) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        // WIFEXITED && WEXITSTATUS == 0
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else { throw TmuxError.failed(args.joined(separator: " "), err) }
        return out
    }

    nonisolated(unsafe) private static var tmuxPath: String?

    /// End-to-end tests need tmux: install it when missing rather than skipping.
    private static func ensureTmux() throws {
        if let p = tmuxPath, FileManager.default.isExecutableFile(atPath: p) { return }
        for p in ["/usr/bin/tmux", "/usr/local/bin/tmux"] where FileManager.default.isExecutableFile(atPath: p) {
            tmuxPath = p; return
        }
        let install = Process()
        install.executableURL = URL(fileURLWithPath: "/bin/sh")
        install.arguments = ["-c", "apt-get install -y -qq tmux >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq tmux)"]
        try install.run(); install.waitUntilExit()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else { throw TmuxError.missing }
        tmuxPath = "/usr/bin/tmux"
    }
}

enum TmuxError: Error, CustomStringConvertible {
    case missing, timeout(String), failed(String, String)
    var description: String {
        switch self {
        case .missing: "tmux is not installed and could not be installed (apt-get install tmux)"
        case let .timeout(w): "timed out waiting for \(w)"
        case let .failed(cmd, err): "tmux \(cmd) failed: \(err)"
        }
    }
}

func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

extension TmuxSession {
    /// The pid of the program running in the pane.
    func panePID() throws -> pid_t {
        let out = try screenCommand(["display-message", "-p", "-t", "0", "#{pane_pid}"])
        guard let pid = pid_t(out.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw TmuxError.failed("pane_pid", out) }
        return pid
    }
}

