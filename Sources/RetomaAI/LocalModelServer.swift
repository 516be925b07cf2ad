import Foundation
import Glibc
import RetomaHTTP

/// Runs the local model (the GGUF file `scripts/setup-model.sh` installed, by default Gemma 3 270M, under
/// llama-cpp-python's OpenAI-compatible server) as a child process, and stops it. The model's name comes
/// from its file; whether it is a base model (no chat template in its metadata) decides how it is asked:
/// a base model continues `BaseModelPrompt` on `/v1/completions`, an instruction-tuned one gets the chat.
///
/// The prompts carry customer conversations, so the server is Retoma's alone:
/// - It listens on no TCP port. A port picked and then released can be taken by any local user in between,
///   and a loopback port can be reached by all of them. It serves on a Unix domain socket inside a folder
///   created 0700 for this run (the socket itself is owner-only), so no other user can reach it or put a socket of
///   their own in its place, and requests go only to that path (`CURLOPT_UNIX_SOCKET_PATH`).
/// - Every request must carry a random key made for this run; it is given to the child in its environment
///   (readable only by this user, unlike the command line) and is never logged or shown.
/// - It dies with Retoma: it runs in its own process group (a Ctrl-C in the terminal does not reach it;
///   `stop()` signals the whole group) and arms a parent-death SIGKILL, so a Retoma killed with SIGKILL
///   leaves no server behind.
/// - Its output goes to a log file created 0600, in a folder kept 0700, never to the terminal.
public final class LocalModelServer: @unchecked Sendable {
    /// Where `scripts/setup-model.sh` put things, and where the log and the socket go.
    public struct Paths: Sendable, Equatable {
        public var python: String
        /// A text file holding the path of the .gguf model file.
        public var modelPathFile: String
        public var logFile: String
        /// Where the per-run socket folder is created.
        public var socketParent: String

        public init(python: String, modelPathFile: String, logFile: String, socketParent: String = "/tmp") {
            self.python = python; self.modelPathFile = modelPathFile; self.logFile = logFile
            self.socketParent = socketParent
        }

        /// `${XDG_CACHE_HOME:-~/.cache}/retoma/{venv,model-path}`, `${XDG_STATE_HOME:-~/.local/state}/retoma/`,
        /// and the socket under `$XDG_RUNTIME_DIR` (else `$TMPDIR`, else /tmp).
        public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> Paths {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            let cache = environment["XDG_CACHE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.cache"
            let state = environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.local/state"
            let runtime = (environment["XDG_RUNTIME_DIR"].flatMap { $0.hasPrefix("/") ? $0 : nil }
                           ?? environment["TMPDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp")
            return Paths(python: cache + "/retoma/venv/bin/python", modelPathFile: cache + "/retoma/model-path",
                         logFile: state + "/retoma/local-model.log", socketParent: runtime)
        }
    }

    public struct StartError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// "http://localhost/v1": the host only fills the Host header; `transport` connects to `socketPath`.
    public let baseURL: String
    /// The name the server answers to, and what the status line shows: the file's name without its
    /// quantisation ("gemma-3-270m", "SmolLM2-135M-Instruct").
    public let modelName: String
    /// True when the model file has no chat template: ask it with a completion prompt, not a chat.
    public let isBaseModel: Bool
    public let logFile: String
    public let processID: Int32
    /// The server's socket, inside a folder only this user can enter.
    public let socketPath: String
    /// The only way to talk to the server: its socket, with its key added to every request.
    public let transport: any HTTPTransport

    private let socketFolder: String
    private let lock = NSLock()
    private var stopped = false
    private var waitStatus: Int32?

    private init(processID: Int32, socketFolder: String, socketPath: String, transport: LocalModelTransport, logFile: String,
                 modelName: String, isBaseModel: Bool) {
        self.processID = processID; self.socketFolder = socketFolder; self.socketPath = socketPath
        self.transport = transport; self.logFile = logFile
        self.baseURL = "http://localhost/v1"; self.modelName = modelName; self.isBaseModel = isBaseModel
    }

    /// "gemma-3-270m-q4_k_m.gguf" → "gemma-3-270m", "SmolLM2-135M-Instruct.Q4_1.gguf" → "SmolLM2-135M-Instruct".
    static func modelName(forFile path: String) -> String {
        var name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        if let quant = name.range(of: #"[.-][QqFf](\d|16|32)[A-Za-z0-9_]*$"#, options: .regularExpression) {
            name.removeSubrange(quant)
        }
        return name.isEmpty ? "local-model" : name
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
        let isBaseModel: Bool
        do {
            isBaseModel = try !GGUFHeader.hasChatTemplate(path: model)
        } catch {
            throw StartError("\(error) (see \(paths.modelPathFile)): \(setupHint)")
        }
        let modelName = Self.modelName(forFile: model)
        let log = try openLog(paths.logFile)
        defer { close(log) }
        let folder = try makeSocketFolder(in: paths.socketParent)
        let socketPath = folder + "/model.sock"
        let key = randomKey()

        var environment = ProcessInfo.processInfo.environment.filter { name, _ in
            // The child needs none of Retoma's settings, least of all its secrets.
            ["PATH", "HOME", "LANG", "TZ", "TMPDIR"].contains(name) || name.hasPrefix("LC_")
        }
        environment[keyVariable] = key
        let arguments = ["-c", launcher, String(getpid()), socketPath, model, modelName, String(contextSize)]
        let childEnvironment = environment
        let spawned = SpawnThread.shared.run {
            spawnInOwnGroup(paths.python, arguments: arguments, environment: childEnvironment, output: log)
        }
        guard spawned.error == 0 else {
            removeSocketFolder(folder, socket: socketPath)
            throw StartError("cannot start \(paths.python): \(String(cString: strerror(spawned.error)))")
        }
        let pid = spawned.pid

        let transport = LocalModelTransport(client: CurlHTTPClient(maxResponseBytes: CurlHTTPClient.defaultMaxResponseBytes,
                                                                    unixSocketPath: socketPath),
                                            key: key, socketPath: socketPath)
        let server = LocalModelServer(processID: pid, socketFolder: folder, socketPath: socketPath,
                                      transport: transport, logFile: paths.logFile, modelName: modelName,
                                      isBaseModel: isBaseModel)
        let deadline = Date().addingTimeInterval(readyTimeout)
        while Date() < deadline {
            if let status = server.exitStatus() {
                server.stop()
                throw StartError("the local model server \(describe(status)) before it was ready; log \(paths.logFile):\n"
                                 + tail(paths.logFile))
            }
            let probe = HTTPRequest(method: .get, url: server.baseURL + "/models", timeout: 2, connectTimeout: 1)
            if let response = try? transport.send(probe) {
                if response.status == 200 { return server }
                if response.status == 401 {
                    server.stop()
                    throw StartError("the local model server refused its own key; log \(paths.logFile)")
                }
            }
            Thread.sleep(forTimeInterval: 0.25)
        }
        server.stop()
        throw StartError("the local model server did not answer within \(Int(readyTimeout)) s; log \(paths.logFile):\n"
                         + tail(paths.logFile))
    }

    public var isRunning: Bool { exitStatus() == nil }

    /// SIGTERM to the server's process group, then SIGKILL if it has not exited within `grace` seconds;
    /// removes the socket folder. Safe to call more than once.
    public func stop(grace: TimeInterval = 5) {
        let first: Bool = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        defer { Self.removeSocketFolder(socketFolder, socket: socketPath) }
        // Only while the leader is unreaped does the group id surely still name this group.
        guard isRunning else { return }
        killpg(processID, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if isRunning {
            killpg(processID, SIGKILL)
            let last = Date().addingTimeInterval(5)
            while isRunning && Date() < last { Thread.sleep(forTimeInterval: 0.01) }
        }
    }

    /// The wait status once the child has exited (reaping it), nil while it runs.
    private func exitStatus() -> Int32? {
        lock.withLock {
            if let waitStatus { return waitStatus }
            var status: Int32 = 0
            let r = waitpid(processID, &status, WNOHANG)
            if r == processID { waitStatus = status } else if r < 0 && errno == ECHILD { waitStatus = -1 }
            return waitStatus
        }
    }

    /// "exited with status 3", "was killed by signal 9".
    static func describe(_ status: Int32) -> String {
        if status < 0 { return "exited" }
        let signal = status & 0x7f
        return signal == 0 ? "exited with status \((status >> 8) & 0xff)" : "was killed by signal \(signal)"
    }

    /// The variable that carries the key to the child; the launcher removes it from its environment.
    static let keyVariable = "RETOMA_LOCAL_MODEL_KEY"

    /// Run by the venv's python as `-c launcher <retoma pid> <socket> <model> <alias> <n_ctx>`.
    /// llama_cpp.server's own command line has no Unix sockets, and uvicorn's would make the socket 0666.
    static let launcher = """
        import ctypes, os, signal, socket, sys
        # SIGKILL when the thread that started us ends; Retoma starts it from a thread that lasts as long as
        # Retoma. A Retoma that died before this line ran left us with another parent: give up then.
        if ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0) != 0:
            sys.exit("prctl(PR_SET_PDEATHSIG) failed: errno %d" % ctypes.get_errno())
        if os.getppid() != int(sys.argv[1]):
            sys.exit("retoma ended before the local model started")
        os.closerange(3, os.sysconf("SC_OPEN_MAX"))
        key = os.environ.pop("\(keyVariable)")
        path, model, alias, n_ctx = sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
        from llama_cpp.server.app import create_app
        from llama_cpp.server.settings import ModelSettings, ServerSettings
        import uvicorn
        app = create_app(server_settings=ServerSettings(api_key=key),
                         model_settings=[ModelSettings(model=model, model_alias=alias, n_ctx=n_ctx,
                                                       # Its default writes on half the cores; a follow-up is
                                                       # written while the rest of Retoma mostly waits.
                                                       n_threads=os.cpu_count() or 1)])
        os.umask(0o077)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(path)
        print("local model listening on", path, flush=True)
        uvicorn.Server(uvicorn.Config(app, log_level="info")).run(sockets=[listener])
        """

    /// posix_spawn in a new process group, stdin from /dev/null, stdout and stderr to `output`, with the
    /// usual signals back at their defaults and none blocked.
    private static func spawnInOwnGroup(_ path: String, arguments: [String], environment: [String: String],
                                        output: Int32) -> (pid: pid_t, error: Int32) {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            // The key was in one of these: wipe it before freeing.
            envp.forEach { if let p = $0 { memset(p, 0, strlen(p)); free(p) } }
        }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        return (pid, code)
    }

    /// The log, created (or truncated) owner-only in a folder that only its owner can enter.
    private static func openLog(_ path: String) throws -> Int32 {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StartError("cannot create the folder of the local model's log, \(folder): \(error.localizedDescription)")
        }
        // A folder from an earlier version may be wider; it is Retoma's own, so it is narrowed.
        var info = stat()
        if stat(folder, &info) == 0, info.st_uid == geteuid(), info.st_mode & 0o077 != 0 { chmod(folder, 0o700) }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        // open's mode does not change an existing file, and the umask may have cut it: fchmod sets it.
        guard fd >= 0, fchmod(fd, 0o600) == 0 else {
            if fd >= 0 { close(fd) }
            throw StartError("cannot write the local model's log file \(path): \(String(cString: strerror(errno)))")
        }
        return fd
    }

    /// A new folder, 0700 and owned by this user (mkdtemp), with room for the socket's name: sun_path holds
    /// 107 bytes, so a long parent falls back to /tmp.
    private static func makeSocketFolder(in parent: String) throws -> String {
        let suffix = "/retoma-model-XXXXXX"
        let base = (parent + suffix + "/model.sock").utf8.count <= 107 ? parent : "/tmp"
        var template = Array((base + suffix).utf8CString)
        guard let made = mkdtemp(&template) else {
            throw StartError("cannot create a private folder for the local model's socket in \(base): \(String(cString: strerror(errno)))")
        }
        let folder = String(cString: made)
        var info = stat()
        guard lstat(folder, &info) == 0, info.st_mode & mode_t(S_IFMT) == mode_t(S_IFDIR), info.st_uid == geteuid(),
              info.st_mode & 0o777 == 0o700 else {
            rmdir(folder)
            throw StartError("the local model's socket folder \(folder) is not private to this user")
        }
        return folder
    }

    private static func removeSocketFolder(_ folder: String, socket: String) {
        unlink(socket)
        rmdir(folder)
    }

    /// 32 bytes from the system's cryptographic generator (getrandom on Linux), as hex.
    private static func randomKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    /// The last lines of the log, for error messages.
    static func tail(_ path: String, lines: Int = 15) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "(no log)" }
        return String(decoding: data.suffix(8_192), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: true).suffix(lines).joined(separator: "\n")
    }
}

/// Requests to the local model: over its socket, each with its key. Printing or dumping it never shows the key.
struct LocalModelTransport: HTTPTransport, CustomStringConvertible, CustomReflectable {
    let client: CurlHTTPClient
    /// "Bearer <key>".
    let authorization: String
    let socketPath: String

    init(client: CurlHTTPClient, key: String, socketPath: String) {
        self.client = client; self.authorization = "Bearer " + key; self.socketPath = socketPath
    }

    func send(_ request: HTTPRequest) throws -> HTTPResponse {
        var request = request
        request.headers.set("Authorization", authorization)
        return try client.send(request)
    }

    var description: String { "local model at \(socketPath)" }
    var customMirror: Mirror { Mirror(self, children: ["socketPath": socketPath]) }
}

/// One thread that lives as long as the process and runs what it is given. Linux sends the parent-death
/// signal when the *thread* that spawned a child ends, not the process; started from a short-lived worker,
/// the local model would be killed as soon as that worker ended.
private final class SpawnThread: @unchecked Sendable {
    static let shared = SpawnThread()

    private let condition = NSCondition()
    private var jobs: [() -> Void] = []

    private init() {
        let thread = Thread { [self] in self.loop() }
        thread.name = "retoma-local-model"
        thread.start()
    }

    private func loop() -> Never {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }

    /// Runs `body` on the thread and waits for its result.
    func run<T>(_ body: @escaping () -> T) -> T {
        let box = SpawnResult<T>()
        condition.lock()
        jobs.append { box.value = body(); box.done.signal() }
        condition.signal()
        condition.unlock()
        box.done.wait()
        return box.value!
    }
}

private final class SpawnResult<T>: @unchecked Sendable {
    var value: T?
    let done = DispatchSemaphore(value: 0)
}
