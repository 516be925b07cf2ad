import Foundation
import RetomaCore
import RetomaPostgres
import RetomaStore
import Synchronization
import TUIKit

/// Where commands write: results to stdout (a sentence, a table or one JSON document),
/// failures to stderr as one line. Human text passes `TerminalText` first: names, titles, messages and
/// provider errors are other people's text and must not drive the operator's terminal. JSON stays exact.
struct Output {
    let lang: Lang

    /// A human sentence in the interface language.
    func say(pt: String, en: String) {
        print(TerminalText.line(lang == .pt ? pt : en))
    }

    func line(_ text: String) { print(TerminalText.line(text)) }

    /// Tab-separated fields, each made one line without tabs of its own, so stored text can neither
    /// reach the terminal nor shift the columns.
    func row(_ fields: [String]) { print(fields.map { TerminalText.line($0, lineBreak: " ⏎ ") }.joined(separator: "\t")) }

    func json<T: Encodable>(_ value: T) throws {
        let data = try JSONOutput.encoder.encode(value)
        print(String(decoding: data, as: UTF8.self))
    }

    func fail(_ error: any Error) {
        let reason: String
        switch error {
        case let error as StoreError: reason = error.message(lang)
        case let error as InputError: reason = error.message(lang)
        case let error as SetupError: reason = error.message(lang)
        case let error as OperatorName.Problem: reason = error.message(lang)
        case let error as PostgresSetupError: reason = error.message(lang)
        case let error as DatabaseLocationError: reason = error.message(lang)
        case let error as DatabaseCopyError: reason = error.message(lang)
        default: reason = String(describing: error)
        }
        FileHandle.standardError.write(Data("retoma: \(TerminalText.line(reason))\n".utf8))
    }

    /// One line on stderr, once per process, when other users can read the database; the command goes on.
    func warnIfExposed(_ store: Store) {
        guard let exposure = store.exposure, !Self.exposureWarned.exchange(true, ordering: .relaxed) else { return }
        FileHandle.standardError.write(Data("retoma: \(TerminalText.line(exposure.message(lang)))\n".utf8))
    }

    private static let exposureWarned = Atomic<Bool>(false)
}

/// Command-line values that parse as text but mean nothing (the store checks the rest).
enum InputError: Error, Equatable {
    case malformedValue(String)
    case malformedTime(String)
    /// A day that is not "YYYY-MM-DD" (`report --since/--until`).
    case malformedDay(String)
    /// A conversation time further ahead of the clock than the store accepts.
    case futureTime(String)
    /// `engine --once --at` far from now would really send with a false clock.
    case sendingAtOtherInstant(String)

    func message(_ lang: Lang) -> String {
        switch (self, lang) {
        case (.futureTime(let raw), .en):
            return "\"\(raw)\" is in the future; a message's time can be at most 5 minutes ahead of now"
        case (.futureTime(let raw), .pt):
            return "\"\(raw)\" está no futuro; o horário de uma mensagem pode estar no máximo 5 minutos à frente de agora"
        case (.sendingAtOtherInstant(let raw), .en):
            return "--at \(raw) is more than a minute from now: real sends would carry a false time; add --dry-run"
        case (.sendingAtOtherInstant(let raw), .pt):
            return "--at \(raw) está a mais de um minuto de agora: envios reais levariam um horário falso; use --dry-run"
        case (.malformedValue(let raw), .en):
            return "malformed value \"\(raw)\"; write it like 1200.50 or 1.200,50"
        case (.malformedValue(let raw), .pt):
            return "valor inválido \"\(raw)\"; escreva como 1200.50 ou 1.200,50"
        case (.malformedTime(let raw), .en):
            return "malformed time \"\(raw)\"; use ISO 8601 with an offset, like 2026-01-05T10:00:00-03:00"
        case (.malformedDay(let raw), .en):
            return "malformed day \"\(raw)\"; write a real date as YYYY-MM-DD, like 2026-03-01"
        case (.malformedDay(let raw), .pt):
            return "dia inválido \"\(raw)\"; escreva uma data real como AAAA-MM-DD, por exemplo 2026-03-01"
        case (.malformedTime(let raw), .pt):
            return "horário inválido \"\(raw)\"; use ISO 8601 com fuso, como 2026-01-05T10:00:00-03:00"
        }
    }
}
