import Foundation
#if FUZZING
import CLibFuzzer
#endif

/// The `retoma-fuzz` executable: `retoma-fuzz TARGET [libFuzzer arguments…]`.
///
/// Built with `-sanitize=fuzzer -D FUZZING` (bench/fuzz.sh) it hands the arguments after TARGET to
/// libFuzzer. A normal build replays files instead: `retoma-fuzz TARGET FILE|FOLDER…` runs each input once,
/// which reproduces a crash with a plain debug build and a readable backtrace.
public enum FuzzDriver {
    /// The variable that names the target for the processes libFuzzer starts itself (-fork, -merge), which get
    /// the arguments without it.
    static let targetVariable = "RETOMA_FUZZ_TARGET"

    public static func main() -> Never {
        var arguments = CommandLine.arguments
        let program = URL(fileURLWithPath: arguments.first ?? "retoma-fuzz").lastPathComponent
        if arguments.count > 1, arguments[1] == "--list" || arguments[1] == "-h" || arguments[1] == "--help" {
            print("usage: \(program) TARGET [libFuzzer arguments | files to replay]")
            for t in FuzzTarget.all { print("  \(t.name.padding(toLength: 8, withPad: " ", startingAt: 0)) \(t.summary)") }
            exit(0)
        }
        let target: FuzzTarget
        if arguments.count > 1, let named = FuzzTarget.named(arguments[1]) {
            target = named
            arguments.remove(at: 1)
        } else if let name = ProcessInfo.processInfo.environment[targetVariable], let named = FuzzTarget.named(name) {
            target = named
        } else {
            let known = FuzzTarget.all.map(\.name).joined(separator: ", ")
            FileHandle.standardError.write(Data("\(program): name a target first (\(known))\n".utf8))
            exit(2)
        }
        #if FUZZING
        setenv(targetVariable, target.name, 1)
        exit(runLibFuzzer(target, arguments))
        #else
        exit(replay(target, paths: Array(arguments.dropFirst())))
        #endif
    }

    /// Runs every file (folders: every file in them, sorted) through the target once.
    static func replay(_ target: FuzzTarget, paths: [String]) -> Int32 {
        var count = 0
        for path in paths {
            for file in FuzzCorpus.files(at: URL(fileURLWithPath: path)) {
                guard let data = FileManager.default.contents(atPath: file.path) else {
                    FileHandle.standardError.write(Data("cannot read \(file.path)\n".utf8))
                    return 1
                }
                target.run(Array(data))
                count += 1
            }
        }
        print("\(target.name): \(count) input(s) replayed, no crash")
        return 0
    }

    #if FUZZING
    /// libFuzzer calls a C function, which cannot capture the target: it reads it from here. libFuzzer runs
    /// inputs one at a time on the thread that started it.
    nonisolated(unsafe) static var current: FuzzTarget?

    static func runLibFuzzer(_ target: FuzzTarget, _ arguments: [String]) -> Int32 {
        current = target
        var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var argc = Int32(arguments.count)
        return cArguments.withUnsafeMutableBufferPointer { buffer in
            var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = buffer.baseAddress
            return LLVMFuzzerRunDriver(&argc, &argv, llvmFuzzerTestOneInput)
        }
    }

    static func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        current?.run(bytes)
        return 0
    }
    #endif
}

#if FUZZING
/// libFuzzer's own main (linked in whole, though SwiftPM's main replaces it) refers to this symbol.
@_cdecl("LLVMFuzzerTestOneInput")
public func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzDriver.testOneInput(data, size)
}
#endif

/// The corpus folders: seeds, and every input that once crashed a target.
public enum FuzzCorpus {
    /// The regular files at `url` (itself, or those directly in it), sorted by name; README files excluded.
    public static func files(at url: URL) -> [URL] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return [] }
        guard isFolder.boolValue else { return [url] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasPrefix("README") }.sorted()
            .map { url.appendingPathComponent($0) }
    }
}
