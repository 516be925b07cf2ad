import Foundation

/// The built `retoma` running in the background, its output going to files the test reads while it runs.
final class BackgroundProcess {
    let process = Process()
    let stdoutURL: URL
    let stderrURL: URL

    init(_ arguments: [String], env: [String: String]) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("retoma-bg-\(UUID().uuidString)")
        stdoutURL = scratch.appendingPathExtension("out")
        stderrURL = scratch.appendingPathExtension("err")
        FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL = try Binary.retoma()
        process.arguments = arguments
        process.environment = testEnvironment(env)
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: stdoutURL)
        try? FileManager.default.removeItem(at: stderrURL)
    }

    var pid: Int32 { process.processIdentifier }
    var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// Polls until `predicate` holds on the output so far; false on timeout.
    func waitFor(timeout: TimeInterval, _ predicate: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if predicate(stdout) { return true }
            if !process.isRunning { return predicate(stdout) }
            usleep(20_000)
        }
        return false
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the exit; nil if it did not exit in time.
    func waitForExit(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }
}
