import Foundation

/// Finds the `retoma` executable that `swift build` / `swift test` put next to the test bundle.
enum Binary {
    struct NotFound: Error, CustomStringConvertible {
        var searched: [String]
        var description: String {
            "the retoma executable was not found (looked in: \(searched.joined(separator: ", "))); "
                + "build it with `swift build`, or set RETOMA_BINARY to its path"
        }
    }

    /// `RETOMA_BINARY` if set, else the products folder holding this test bundle
    /// (.build/debug or .build/<triple>/debug), else the package's .build/debug.
    static func retoma() throws -> URL {
        let fileManager = FileManager.default
        if let override = ProcessInfo.processInfo.environment["RETOMA_BINARY"], !override.isEmpty {
            guard fileManager.isExecutableFile(atPath: override) else { throw NotFound(searched: [override]) }
            return URL(fileURLWithPath: override)
        }
        let candidates = productsFolders().map { $0.appendingPathComponent("retoma") }
        if let found = candidates.first(where: { fileManager.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        throw NotFound(searched: candidates.map(\.path))
    }

    /// Folders that may hold the build products, nearest first.
    private static func productsFolders() -> [URL] {
        var folders: [URL] = []
        // Linux: the test runner is .build/<triple>/debug/RetomaPackageTests.xctest itself.
        // macOS: it is inside .build/debug/RetomaPackageTests.xctest/Contents/MacOS/.
        for start in [Bundle(for: Marker.self).bundleURL, Bundle.main.bundleURL,
                      URL(fileURLWithPath: CommandLine.arguments.first ?? "")] {
            var folder = start
            for _ in 0..<4 {
                if folder.pathExtension == "xctest" {
                    folders.append(folder.deletingLastPathComponent())
                    break
                }
                folder = folder.deletingLastPathComponent()
            }
        }
        // Tests/EndToEndTests/Support/Binary.swift → package root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        folders.append(root.appendingPathComponent(".build/debug"))
        var unique: [URL] = []
        for folder in folders.map(\.standardizedFileURL) where !unique.contains(folder) { unique.append(folder) }
        return unique
    }

    private final class Marker {}
}
