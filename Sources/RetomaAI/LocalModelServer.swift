import Foundation
import Glibc
import RetomaHTTP

/// Runs the local model (SmolLM2-135M-Instruct under llama-cpp-python's OpenAI-compatible server, both
/// installed by `scripts/setup-model.sh`) as a child process on a free loopback port, and stops it.
/// The child's output goes to a log file, never to the terminal.
public final class LocalModelServer: @unchecked Sendable {
    /// Where `scripts/setup-model.sh` put things, and where the log goes.
    public struct Paths: Sendable, Equatable {
        public var python: String
        /// A text file holding the path of the .gguf model file.
        public var modelPathFile: String
        public var logFile: String

        public init(python: String, modelPathFile: String, logFile: String) {
            self.python = python; self.modelPathFile = modelPathFile; self.logFile = logFile
        }

        /// `${XDG_CACHE_HOME:-~/.cache}/retoma/{venv,model-path}` and `${XDG_STATE_HOME:-~/.local/state}/retoma/`.
        public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> Paths {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            let cache = environment["XDG_CACHE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.cache"
            let state = environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.local/state"
            return Paths(python: cache + "/retoma/venv/bin/python", modelPathFile: cache + "/retoma/model-path",
                         logFile: state + "/retoma/local-model.log")
        }
    }

    public struct StartError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// The name the server answers to, and what the status line shows.
    public static let modelName = "SmolLM2-135M-Instruct"

    /// e.g. "http://127.0.0.1:40123/v1".
    public let baseURL: String
    public let modelName: String
    public let logFile: String
    public let processID: Int32

    private let process: Process
    private let lock = NSLock()
    private var stopped = false

    private init(process: Process, baseURL: String, logFile: String) {
        self.process = process; self.baseURL = baseURL; self.logFile = logFile
        self.modelName = Self.modelName; self.processID = process.processIdentifier
    }

    deinit { stop() }

    /// Starts the server and returns once it answers `GET /v1/models`; throws a message that says what
    /// to do when the model is not installed, the process dies, or it is not ready within `readyTimeout`.
    public static func start(paths: Paths = .standard(), readyTimeout: TimeInterval = 120,
                             contextSize: Int = 4096) throws -> LocalModelServer {
        let fm = FileManager.default
        let setupHint = "run scripts/setup-model.sh (once, about 5 minutes), or set RETOMA_AI_BASE_URL and RETOMA_AI_MODEL to use another server"
        guard fm.isExecutableFile(atPath: paths.python) else {
            throw StartError("local model not installed (\(paths.python) is missing): \(setupHint)")
        }
        guard let data = fm.contents(atPath: paths.modelPathFile),
              case let model = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
              !model.isEmpty, fm.fileExists(atPath: model) else {
            throw StartError("local model file not found (see \(paths.modelPathFile)): \(setupHint)")
        }
        let port = try freeLoopbackPort()
        let logURL = URL(fileURLWithPath: paths.logFile)
        try? fm.createDirectory(at: logURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard fm.createFile(atPath: paths.logFile, contents: nil), let log = FileHandle(forWritingAtPath: paths.logFile) else {
            throw StartError("cannot write the local model's log file \(paths.logFile)")
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: paths.python)
        process.arguments = ["-m", "llama_cpp.server", "--model", model, "--model_alias", Self.modelName,
                             "--host", "127.0.0.1", "--port", String(port), "--n_ctx", String(contextSize)]
        // The child needs none of Retoma's settings, least of all its secrets.
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("RETOMA_") }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        do {
            try process.run()
        } catch {
            throw StartError("cannot start \(paths.python): \(error)")
        }
        try? log.close()

        let server = LocalModelServer(process: process, baseURL: "http://127.0.0.1:\(port)/v1", logFile: paths.logFile)
        let client = CurlHTTPClient(maxResponseBytes: 64 * 1024)
        let deadline = Date().addingTimeInterval(readyTimeout)
        while Date() < deadline {
            if !process.isRunning {
                throw StartError("the local model server exited with status \(process.terminationStatus) "
                                 + "before it was ready; log \(paths.logFile):\n" + tail(paths.logFile))
            }
            let probe = HTTPRequest(method: .get, url: server.baseURL + "/models", timeout: 2, connectTimeout: 1)
            if let response = try? client.send(probe), response.status == 200 { return server }
            Thread.sleep(forTimeInterval: 0.25)
        }
        server.stop()
        throw StartError("the local model server did not answer within \(Int(readyTimeout)) s; log \(paths.logFile):\n"
                         + tail(paths.logFile))
    }

    public var isRunning: Bool { process.isRunning }

    /// SIGTERM, then SIGKILL if it has not exited within `grace` seconds. Safe to call more than once.
    public func stop(grace: TimeInterval = 5) {
        let first: Bool = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first, process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(grace)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(processID, SIGKILL) }
        process.waitUntilExit()
    }

    /// A port the kernel just handed out on 127.0.0.1 and that is free again now; the child binds it next.
    static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StartError("no socket for a free port (errno \(errno))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw StartError("no free port on 127.0.0.1 (errno \(errno))") }
        var actual = sockaddr_in()
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &size) }
        }
        return Int(UInt16(bigEndian: actual.sin_port))
    }

    /// The last lines of the log, for error messages.
    static func tail(_ path: String, lines: Int = 15) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "(no log)" }
        return String(decoding: data.suffix(8_192), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: true).suffix(lines).joined(separator: "\n")
    }
}
