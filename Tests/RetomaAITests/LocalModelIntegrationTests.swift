import Foundation
import Glibc
import RetomaCore
import Testing
@testable import RetomaAI

@Suite struct LocalModelServerErrorTests {
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
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("retoma-lm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let python = dir.appendingPathComponent("python").path
        try "#!/bin/sh\necho \"boom: cannot load model $4\" >&2\nexit 3\n".write(toFile: python, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python)
        let model = dir.appendingPathComponent("m.gguf").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: model))
        try model.write(toFile: dir.appendingPathComponent("model-path").path, atomically: true, encoding: .utf8)
        let paths = LocalModelServer.Paths(python: python, modelPathFile: dir.appendingPathComponent("model-path").path,
                                           logFile: dir.appendingPathComponent("state/local-model.log").path)
        do {
            _ = try LocalModelServer.start(paths: paths, readyTimeout: 10)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("exited with status 3 before it was ready"))
            #expect("\(error)".contains("boom: cannot load model \(model)"))
        }
    }

    @Test func standardPathsFollowXDG() {
        let p = LocalModelServer.Paths.standard(environment: ["HOME": "/home/u", "XDG_CACHE_HOME": "/c", "XDG_STATE_HOME": "/s"])
        #expect(p == .init(python: "/c/retoma/venv/bin/python", modelPathFile: "/c/retoma/model-path", logFile: "/s/retoma/local-model.log"))
        let q = LocalModelServer.Paths.standard(environment: ["HOME": "/home/u"])
        #expect(q == .init(python: "/home/u/.cache/retoma/venv/bin/python", modelPathFile: "/home/u/.cache/retoma/model-path",
                           logFile: "/home/u/.local/state/retoma/local-model.log"))
    }
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
        #expect(server.baseURL.hasPrefix("http://127.0.0.1:"))
        #expect(backend.modelLabel(.pt) == "SmolLM2-135M-Instruct (modelo local, qualidade de demonstração)")

        let context = Fixtures.context(instructions: "Cliente recebeu orçamento e não respondeu. Peça um retorno educado para saber se ele conseguiu analisar.")
        let started = Date()
        let written = try backend.writer.write(context, earlierFollowUps: [Fixtures.earlierFollowUp])
        print("local model wrote in \(String(format: "%.1f", Date().timeIntervalSince(started))) s "
              + "(\(written.attempts) attempt(s)): \(written.text)")

        #expect(!written.text.isEmpty)
        #expect(written.text.count <= FollowUpText.maxCharacters)
        #expect(FollowUpText.clean(written.text) == .success(written.text))
        #expect(written.text == written.text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(Similarity.score(written.text, Fixtures.earlierFollowUp) < Similarity.nearCopyThreshold)
        #expect(written.model == "SmolLM2-135M-Instruct")
        #expect((1...3).contains(written.attempts))

        let pid = server.processID
        backend.stop()
        #expect(!server.isRunning)
        #expect(kill(pid, 0) != 0)
    }
}
