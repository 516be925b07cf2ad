import Foundation
@testable import RetomaCore

/// Brasília wall-clock instant, for readable fixtures.
func br(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> Date {
    BrazilTime.date(y, mo, d, h, mi, s)
}

/// An instant from an ISO 8601 string with an explicit offset, independent of BrazilTime.
func iso(_ text: String) -> Date {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    guard let d = f.date(from: text) else { fatalError("bad ISO 8601 fixture: \(text)") }
    return d
}

func day(_ y: Int, _ m: Int, _ d: Int) -> LocalDate { LocalDate(year: y, month: m, day: d) }
