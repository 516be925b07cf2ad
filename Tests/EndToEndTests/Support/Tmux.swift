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

    @discardableResult
    private func tmux(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: TmuxSession.tmuxPath ?? "/usr/bin/tmux")
        p.arguments = ["-L", socket] + args
        // The server that new-session starts lives on and would hold our pipes open: give it files.
        let out = try TemporaryCapture(), err = try TemporaryCapture()
        p.standardOutput = out.handle; p.standardError = err.handle
        try p.run()
        p.waitUntilExit()
        let data = out.read(), errData = err.read()
        guard p.terminationStatus == 0 else {
            throw TmuxError.failed(args.joined(separator: " "), String(decoding: errData, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
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

/// A temporary file standing in for a pipe: reading it never waits for other holders to close it.
private final class TemporaryCapture {
    let url: URL
    let handle: FileHandle

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw TmuxError.failed("capture", url.path) }
        handle = try FileHandle(forWritingTo: url)
    }

    func read() -> Data { (try? Data(contentsOf: url)) ?? Data() }

    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(at: url)
    }
}
