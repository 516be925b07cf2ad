import Foundation
@testable import TUIKit

/// Draws into a fresh buffer and returns its rows, for comparing with expected text.
func render(width: Int, height: Int, _ draw: (inout Buffer) -> Void) -> [String] {
    var buffer = Buffer(width: width, height: height)
    draw(&buffer)
    return buffer.lines()
}

/// The repository root, found from this file's location (Tests/TUIKitTests/Support.swift).
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func shippedThemeText(_ name: String) throws -> String {
    try String(contentsOf: repositoryRoot.appendingPathComponent("themes/\(name).theme"), encoding: .utf8)
}

let shippedThemeNames = ["default", "light", "high-contrast", "mono"]

/// A fresh empty directory under the system temp folder.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tuikit-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
