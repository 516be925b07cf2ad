import Foundation

/// One fuzz target: a name (its corpus folder is Tests/FuzzCorpus/<name>) and the function that takes one
/// input. The same function runs under libFuzzer (`retoma-fuzz`, built by bench/fuzz.sh) and in the corpus
/// replay test of `swift test`, so an input that crashed once keeps being tried. A target traps (crashes) on
/// a broken invariant; any other outcome, errors included, is a pass.
public struct FuzzTarget: Sendable {
    public let name: String
    /// What it covers, for `retoma-fuzz --list`.
    public let summary: String
    public let run: @Sendable ([UInt8]) -> Void

    public static let all: [FuzzTarget] = [.webhook, .config, .values, .prompt]

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}

/// Which of `count` parts a target's first byte picks: '0' the first, '1' the second… (any other byte by
/// its distance from '0', modulo `count`), so seeds can name their part in plain text.
func part(_ byte: UInt8, of count: Int) -> Int { ((Int(byte) - 48) % count + count) % count }

/// Stops the run with a message libFuzzer records next to the input: an invariant the code promises was broken.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
             file: StaticString = #file, line: UInt = #line) {
    if !condition() { fatalError("fuzz invariant: \(message())", file: file, line: line) }
}

/// Reads fields off a fuzz input. Fields are separated by NUL bytes so that seeds stay readable text and
/// libFuzzer's insertions and deletions move one field at a time; past the end every read is empty, so every
/// input is usable.
struct FuzzReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset >= bytes.count }

    /// The next byte, or 0 past the end.
    mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// The bytes up to the next NUL (which is consumed) or the end.
    mutating func field() -> ArraySlice<UInt8> {
        let start = min(offset, bytes.count)
        let end = bytes[start...].firstIndex(of: 0) ?? bytes.count
        offset = end + 1
        return bytes[start..<end]
    }

    /// A field as text; invalid UTF-8 becomes U+FFFD, as every reader of outside text in Retoma decodes it.
    mutating func text() -> String { String(decoding: field(), as: UTF8.self) }

    /// A field as a whole number written in decimal ("-42"); 0 when it is not one.
    mutating func integer() -> Int64 { Int64(text()) ?? 0 }

    /// Everything not read yet.
    mutating func rest() -> ArraySlice<UInt8> {
        let start = min(offset, bytes.count)
        offset = bytes.count
        return bytes[start...]
    }
}
