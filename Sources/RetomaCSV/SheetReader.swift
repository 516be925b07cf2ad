import CSV
import Foundation

/// A spreadsheet file as text, and its records numbered as a spreadsheet shows them.
public enum SheetReader {
    public enum Encoding: String, Sendable { case utf8, latin1 }

    /// Valid UTF-8 (a byte-order mark is skipped), else Latin-1, where every byte is a character: Excel's
    /// "CSV (separado por vírgulas)" on Windows writes Latin-1.
    public static func decode(_ data: Data) -> (text: String, encoding: Encoding) {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8) }
        // Each byte is the scalar of its value: two UTF-8 bytes above 0x7F. Appending scalars one by one took
        // a seventh of a 100,000-line import.
        var utf8: [UInt8] = []
        utf8.reserveCapacity(data.count + data.count / 8)
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            for b in raw {
                if b < 0x80 { utf8.append(b) } else { utf8.append(0xC0 | b >> 6); utf8.append(0x80 | b & 0x3F) }
            }
        }
        return (String(decoding: utf8, as: UTF8.self), .latin1)
    }

    /// ";" when the header line (up to its first line break) holds more semicolons than commas outside quotes,
    /// else ",": pt-BR Excel writes ";" because "," is its decimal mark.
    public static func separator(of text: String) -> Unicode.Scalar {
        var semicolons = 0, commas = 0, quoted = false
        for s in text.unicodeScalars {
            if s == "\"" { quoted.toggle(); continue }
            if quoted { continue }
            if s == "\n" || s == "\r" { break }
            if s == ";" { semicolons += 1 } else if s == "," { commas += 1 }
        }
        return semicolons > commas ? ";" : ","
    }

    /// One record: its fields and the line it starts on (the first line of the file is 1; a quoted field
    /// with line breaks makes the record span several lines).
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
        /// All fields empty: a blank line of the sheet.
        public var isBlank: Bool { fields.allSatisfy { $0.isEmpty } }
    }

    /// Every record of `text`, separated by `separator`, quotes as RFC 4180 has them ("" inside a quoted field).
    /// `unclosedQuote` is the line of a last record whose quote runs to the end of the file, swallowing lines.
    public static func records(_ text: String, separator: Unicode.Scalar) throws -> (records: [Record], unclosedQuote: Int?) {
        let reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: false, delimiter: separator)
        var records: [Record] = []
        var line = 1
        while let fields = reader.next() {
            records.append(Record(line: line, fields: fields))
            line += 1 + fields.reduce(0) { $0 + lineBreaks(in: $1) }
        }
        var unclosed: Int?
        if let last = records.last, last.fields.contains(where: { lineBreaks(in: $0) > 0 }), !endsClosed(text) {
            unclosed = last.line
        }
        return (records, unclosed)
    }

    /// "\r\n", "\r" and "\n" each end one line.
    static func lineBreaks(in field: String) -> Int {
        var n = 0
        var afterCR = false
        for s in field.unicodeScalars {
            if s == "\r" { n += 1; afterCR = true; continue }
            if s == "\n" && !afterCR { n += 1 }
            afterCR = false
        }
        return n
    }

    /// The text's last non-blank character closes a quoted field (or no field of the last record was quoted).
    private static func endsClosed(_ text: String) -> Bool {
        var quotes = 0
        for s in text.unicodeScalars where s == "\"" { quotes += 1 }
        return quotes % 2 == 0
    }
}
