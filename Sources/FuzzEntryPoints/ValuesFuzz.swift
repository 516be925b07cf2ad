import Foundation
import RetomaCore

/// What people type into fields. The first byte picks the parser ('0'–'2'; see `part(_:of:)`), the rest is
/// the text:
/// - '0': an interval ("30m", "2 h", "1mo"), as `--every` and the dialog's number field read it;
/// - '1': a phone number, typed (E.164 normalisation) or as a provider's WhatsApp id;
/// - '2': an amount of money ("R$ 1.200,50").
extension FuzzTarget {
    public static let values = FuzzTarget(
        name: "values",
        summary: "the interval, phone number and money parsers",
        run: ValuesFuzz.run)
}

enum ValuesFuzz {
    static func run(_ bytes: [UInt8]) {
        guard let mode = bytes.first else { return }
        let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
        switch part(mode, of: 3) {
        case 0: interval(text)
        case 1: phone(text)
        default: money(text)
        }
    }

    static func interval(_ text: String) {
        if case .success(let interval) = IntervalParse.parse(text) {
            require(IntervalParse.validate(interval) == nil, "\"\(text)\" gave \(interval.short), outside the limits")
            require(IntervalParse.parse(interval.short) == .success(interval), "\(interval.short) does not read back")
        }
        for unit in IntervalUnit.allCases {
            if case .success(let n) = IntervalParse.amount(text, unit: unit) {
                require(IntervalParse.allowedAmounts(for: unit).contains(n), "amount \(n) for \(unit) accepted")
            }
        }
        if case .failure(let problem) = IntervalParse.parse(text) {
            for lang in [Lang.pt, .en] { _ = problem.message(lang) }
        }
    }

    static func phone(_ text: String) {
        switch Phone.normalize(text) {
        case .success(let e164):
            require(e164.hasPrefix("+") && e164.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber })
                    && (8...15).contains(e164.count - 1), "\"\(text)\" became \(e164), not E.164")
            require(Phone.normalize(e164) == .success(e164), "\(e164) does not normalise to itself")
            require(Phone.matchingForms(e164).first == e164, "the forms of \(e164) do not start with it")
            require(Phone.sameWhatsApp(e164, e164), "\(e164) is not the same WhatsApp as itself")
            _ = Phone.display(e164)
        case .failure:
            break
        }
        if let id = Phone.fromWhatsAppID(text) {
            require(id.hasPrefix("+") && id.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }),
                    "WhatsApp id \"\(text)\" became \(id)")
        }
        // Stored numbers reach these unchecked (older rows, other channels).
        _ = Phone.display(text)
        for form in Phone.matchingForms(text) { _ = Phone.sameWhatsApp(text, form) }
    }

    static func money(_ text: String) {
        // Stored values are any Int64.
        if let stored = Int64(text.trimmingCharacters(in: .whitespaces)) { _ = Money.format(cents: stored) }
        guard let cents = Money.parse(text) else { return }
        require(cents >= 0, "\"\(text)\" parsed to \(cents) centavos")
        let shown = Money.format(cents: cents)
        require(Money.parse(shown) == cents, "\(cents) centavos shown as \(shown) do not read back")
        _ = Money.format(cents: -cents)
    }
}
