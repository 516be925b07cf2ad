import Foundation

/// What a finished process left behind.
struct ProcessResult: Sendable, CustomStringConvertible {
    /// Exit status, or the signal number when `signaled`.
    var status: Int32
    var signaled: Bool
    var stdout: String
    var stderr: String

    var description: String { "status \(status)\(signaled ? " (signal)" : "")\nstdout: \(stdout)\nstderr: \(stderr)" }
}

struct ProcessTimedOut: Error, CustomStringConvertible {
    var command: [String]
    var timeout: Duration
    var description: String { "\(command.joined(separator: " ")) did not finish within \(timeout); it was killed" }
}

enum Subprocess {
    /// Runs `executable` (a path, or a name looked up in PATH) to completion and captures its output.
    /// The child gets `environment` exactly, and /dev/null as stdin unless `input` is given. Output
    /// goes through temporary files, so large outputs cannot deadlock on a full pipe.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String],
                    input: String? = nil, timeout: Duration = .seconds(60)) throws -> ProcessResult {
        let process = Process()
        process.executableURL = try locate(executable, path: environment["PATH"])
        process.arguments = arguments
        process.environment = environment

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("retoma-run-\(UUID().uuidString)")
        let outURL = scratch.appendingPathExtension("out"), errURL = scratch.appendingPathExtension("err")
        for url in [outURL, errURL] where !FileManager.default.createFile(atPath: url.path, contents: nil) {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)
        defer { try? outHandle.close(); try? errHandle.close() }
        process.standardOutput = outHandle
        process.standardError = errHandle

        let stdinPipe = input.map { _ in Pipe() }
        process.standardInput = stdinPipe ?? FileHandle.nullDevice

        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if let stdinPipe, let input {
            stdinPipe.fileHandleForWriting.write(Data(input.utf8))
            try? stdinPipe.fileHandleForWriting.close()
        }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        if finished.wait(timeout: .now() + seconds) == .timedOut {
            process.terminate()
            _ = finished.wait(timeout: .now() + 5)
            throw ProcessTimedOut(command: [executable] + arguments, timeout: timeout)
        }
        return ProcessResult(
            status: process.terminationStatus,
            signaled: process.terminationReason == .uncaughtSignal,
            stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
            stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self))
    }

    private static func locate(_ executable: String, path: String?) throws -> URL {
        if executable.contains("/") { return URL(fileURLWithPath: executable) }
        let folders = (path ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for folder in folders {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(executable)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: executable])
    }
}

/// The environment a test's `retoma` runs in: nothing inherited but PATH and HOME, a UTF-8 locale
/// and a fixed time zone, so the user's own RETOMA_DB or LANG cannot leak in. `extra` wins.
func testEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    let inherited = ProcessInfo.processInfo.environment
    var environment = ["LANG": "C.UTF-8", "TZ": "America/Sao_Paulo"]
    environment["PATH"] = inherited["PATH"] ?? "/usr/bin:/bin"
    environment["HOME"] = inherited["HOME"] ?? NSTemporaryDirectory()
    environment.merge(extra) { _, new in new }
    return environment
}

/// Runs the built `retoma` with `arguments` in `testEnvironment(env)`.
func run(_ arguments: [String], env: [String: String] = [:], input: String? = nil,
         timeout: Duration = .seconds(60)) throws -> ProcessResult {
    try Subprocess.run(try Binary.retoma().path, arguments, environment: testEnvironment(env), input: input,
                       timeout: timeout)
}
