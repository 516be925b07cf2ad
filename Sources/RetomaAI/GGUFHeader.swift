import Foundation

/// What Retoma needs from a GGUF model file's metadata (the format: ggml's docs/gguf.md): whether it
/// carries a chat template. A model without one is a base model and is asked through the completions
/// endpoint; one with a template is instruction-tuned and gets the chat path.
enum GGUFHeader {
    struct Problem: Error, Equatable, CustomStringConvertible {
        var description: String
    }

    /// The metadata keys and, for string values, the values (array and number values are skipped).
    static func read(path: String) throws -> [String: String?] {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
            throw Problem(description: "cannot read the model file \(path)")
        }
        var reader = Reader(data: data)
        guard reader.bytes(4) == Data("GGUF".utf8), let version = reader.u32(), (2...3).contains(version),
              reader.u64() != nil, let count = reader.u64() else {
            throw Problem(description: "\(path) is not a GGUF model file")
        }
        var keys: [String: String?] = [:]
        var left = count
        while left > 0 {
            guard let key = reader.string(), let type = reader.u32() else { break }
            if type == 8 {
                guard let value = reader.string() else { break }
                keys[key] = value
            } else {
                guard reader.skip(type: type) else { break }
                keys[key] = .some(nil)
            }
            left -= 1
        }
        guard left == 0 else { throw Problem(description: "\(path) has a damaged GGUF header") }
        return keys
    }

    static func hasChatTemplate(path: String) throws -> Bool {
        try read(path: path)["tokenizer.chat_template"] != nil
    }

    /// Reads little-endian values; every read checks the bounds, so a damaged file ends the parse.
    struct Reader {
        let data: Data
        var offset = 0

        init(data: Data) { self.data = data; offset = data.startIndex }

        mutating func bytes(_ n: Int) -> Data? {
            guard n >= 0, n <= data.endIndex - offset else { return nil }
            defer { offset += n }
            return data[offset..<offset + n]
        }

        mutating func u32() -> UInt32? {
            bytes(4).map { $0.reversed().reduce(0) { $0 << 8 | UInt32($1) } }
        }

        mutating func u64() -> UInt64? {
            bytes(8).map { $0.reversed().reduce(0) { $0 << 8 | UInt64($1) } }
        }

        mutating func string() -> String? {
            guard let length = u64(), length <= UInt64(data.endIndex - offset), let raw = bytes(Int(length)) else { return nil }
            return String(decoding: raw, as: UTF8.self)
        }

        /// Skips one value of the given type: fixed sizes, strings, and arrays of either.
        mutating func skip(type: UInt32) -> Bool {
            if let size = Self.fixedSize[type] { return bytes(size) != nil }
            switch type {
            case 8:
                return string() != nil
            case 9:
                guard let inner = u32(), let count = u64(), count <= UInt64(data.endIndex - offset) else { return false }
                if let size = Self.fixedSize[inner] {
                    let (total, overflow) = Int(count).multipliedReportingOverflow(by: size)
                    return !overflow && bytes(total) != nil
                }
                for _ in 0..<count where !skip(type: inner) { return false }
                return true
            default:
                return false
            }
        }

        static let fixedSize: [UInt32: Int] = [0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8]
    }
}
