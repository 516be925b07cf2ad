import Foundation

/// A value in Retoma's configuration file.
public enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)

    /// "string", "integer", … for error messages.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        }
    }
}

/// A parsed file: keys by section; keys before any `[section]` live in the section "".
public struct TOMLDocument: Sendable, Equatable {
    public var sections: [String: [String: TOMLValue]]
    /// The line each key was set on, for messages that point at the file ("config.toml:7").
    public var lines: [String: [String: Int]]

    public init(sections: [String: [String: TOMLValue]] = [:], lines: [String: [String: Int]] = [:]) {
        self.sections = sections; self.lines = lines
    }

    public subscript(section: String, key: String) -> TOMLValue? { sections[section]?[key] }

    public func line(_ section: String, _ key: String) -> Int? { lines[section]?[key] }
}

public struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public init(line: Int, message: String) { self.line = line; self.message = message }
    public var description: String { "line \(line): \(message)" }
}

/// Reads the part of TOML that Retoma's config file uses: `[section]` headers (dotted names are kept as
/// one name), `key = value` with bare or quoted keys, basic ("…", with escapes) and literal ('…') strings,
/// integers, floats, booleans, and `#` comments. Arrays, inline tables, dates and multi-line strings are
/// refused with the line number rather than misread. Written here to avoid a dependency for a few keys.
public enum TOMLSubset {
    public static func parse(_ text: String) throws(TOMLError) -> TOMLDocument {
        var document = TOMLDocument()
        var section = ""
        document.sections[section] = [:]
        var seenSections: Set<String> = [""]
        // "\r\n" is one Character in Swift, so both line endings are separators here.
        let rawLines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, rawLine) in rawLines.enumerated() {
            let lineNumber = index + 1
            var scanner = LineScanner(Array(rawLine), line: lineNumber)
            scanner.skipSpaces()
            if scanner.atEndOrComment { continue }
            if scanner.peek == "[" {
                section = try scanner.sectionHeader()
                guard seenSections.insert(section).inserted else {
                    throw TOMLError(line: lineNumber, message: "section [\(section)] appears twice")
                }
                document.sections[section] = [:]
                continue
            }
            let key = try scanner.key()
            scanner.skipSpaces()
            guard scanner.take("=") else {
                // The "key" may be a token pasted on a line of its own, so it is not repeated.
                throw TOMLError(line: lineNumber, message: "expected \"=\" after the key")
            }
            scanner.skipSpaces()
            scanner.secretKey = ConfigSecrets.isSecretName(key) ? key : nil
            let value = try scanner.value()
            scanner.secretKey = nil
            scanner.skipSpaces()
            guard scanner.atEndOrComment else {
                throw TOMLError(line: lineNumber, message: "unexpected text after the value of \"\(key)\"")
            }
            guard document.sections[section]?[key] == nil else {
                throw TOMLError(line: lineNumber, message: "key \"\(key)\" is set twice" + (section.isEmpty ? "" : " in [\(section)]"))
            }
            document.sections[section, default: [:]][key] = value
            document.lines[section, default: [:]][key] = lineNumber
        }
        return document
    }
}

/// Walks one line character by character.
private struct LineScanner {
    let chars: [Character]
    let line: Int
    var i = 0

    init(_ chars: [Character], line: Int) { self.chars = chars; self.line = line }

    var peek: Character? { i < chars.count ? chars[i] : nil }
    var atEndOrComment: Bool { peek == nil || peek == "#" }

    mutating func skipSpaces() { while let c = peek, c == " " || c == "\t" { i += 1 } }

    mutating func take(_ c: Character) -> Bool {
        guard peek == c else { return false }
        i += 1
        return true
    }

    /// Set while the value of a secret-named key is read: its errors then leave the value out.
    var secretKey: String?

    func fail(_ message: String) -> TOMLError { TOMLError(line: line, message: message) }

    /// `message` quotes part of a value; for a secret-named key, `secretProblem` is said instead.
    func fail(_ message: String, secretProblem: String) -> TOMLError {
        guard let key = secretKey else { return fail(message) }
        return fail("the value of \"\(key)\" \(secretProblem) (not shown: it is a secret)")
    }

    mutating func sectionHeader() throws(TOMLError) -> String {
        i += 1
        if peek == "[" { throw fail("arrays of tables ([[…]]) are not supported") }
        var parts: [String] = []
        repeat {
            skipSpaces()
            parts.append(try key())
            skipSpaces()
        } while take(".")
        guard take("]") else { throw fail("expected \"]\" to close the section name") }
        skipSpaces()
        guard atEndOrComment else { throw fail("unexpected text after the section name") }
        return parts.joined(separator: ".")
    }

    mutating func key() throws(TOMLError) -> String {
        if peek == "\"" { return try basicString() }
        if peek == "'" { return try literalString() }
        var key = ""
        while let c = peek, c.isASCII, c.isLetter || c.isNumber || c == "_" || c == "-" {
            key.append(c)
            i += 1
        }
        if key.isEmpty {
            throw fail(peek.map { "unexpected \"\($0)\" where a key should be" } ?? "expected a key")
        }
        return key
    }

    mutating func value() throws(TOMLError) -> TOMLValue {
        guard let c = peek else { throw fail("missing value after \"=\"") }
        switch c {
        case "\"":
            if chars[i...].starts(with: ["\"", "\"", "\""]) { throw fail("multi-line strings are not supported") }
            return .string(try basicString())
        case "'":
            if chars[i...].starts(with: ["'", "'", "'"]) { throw fail("multi-line strings are not supported") }
            return .string(try literalString())
        case "[": throw fail("arrays are not supported")
        case "{": throw fail("inline tables are not supported")
        default: break
        }
        var word = ""
        while let c = peek, c != " ", c != "\t", c != "#" {
            word.append(c)
            i += 1
        }
        if word == "true" { return .boolean(true) }
        if word == "false" { return .boolean(false) }
        return try number(word)
    }

    private func number(_ word: String) throws(TOMLError) -> TOMLValue {
        // Underscores may only sit between digits ("1_000").
        let invalidUnderscore = word.hasPrefix("_") || word.hasSuffix("_") || word.contains("__")
            || word.contains("_.") || word.contains("._")
        let plain = word.replacingOccurrences(of: "_", with: "")
        let body = plain.hasPrefix("+") || plain.hasPrefix("-") ? String(plain.dropFirst()) : plain
        if !invalidUnderscore, !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) {
            if body.count > 1 && body.hasPrefix("0") { throw fail("leading zeros are not allowed in \"\(word)\"", secretProblem: "has a leading zero") }
            guard let n = Int(plain) else { throw fail("integer \"\(word)\" is out of range", secretProblem: "is an integer out of range") }
            return .integer(n)
        }
        let floatChars = body.allSatisfy { $0.isASCII && ($0.isNumber || "eE.+-".contains($0)) }
        if !invalidUnderscore, floatChars, body.first?.isNumber == true, body.last?.isNumber == true,
           let d = Double(plain), d.isFinite {
            return .float(d)
        }
        throw fail("\"\(word)\" is not a value (strings need quotes)", secretProblem: "needs quotes")
    }

    private mutating func basicString() throws(TOMLError) -> String {
        i += 1
        var out = ""
        while let c = peek {
            i += 1
            switch c {
            case "\"": return out
            case "\\":
                guard let e = peek else { throw fail("unterminated string") }
                i += 1
                switch e {
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "b": out.append("\u{8}")
                case "f": out.append("\u{c}")
                case "u": out.append(try unicodeEscape(digits: 4))
                case "U": out.append(try unicodeEscape(digits: 8))
                default: throw fail("unknown escape \"\\\(e)\" in string", secretProblem: "has an unknown escape")
                }
            default:
                out.append(c)
            }
        }
        throw fail("unterminated string")
    }

    private mutating func unicodeEscape(digits: Int) throws(TOMLError) -> Character {
        guard i + digits <= chars.count else { throw fail("incomplete \\u escape") }
        let hex = String(chars[i..<(i + digits)])
        i += digits
        guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
            throw fail("invalid unicode escape \"\(hex)\"", secretProblem: "has an invalid unicode escape")
        }
        return Character(scalar)
    }

    private mutating func literalString() throws(TOMLError) -> String {
        i += 1
        var out = ""
        while let c = peek {
            i += 1
            if c == "'" { return out }
            out.append(c)
        }
        throw fail("unterminated string")
    }
}
