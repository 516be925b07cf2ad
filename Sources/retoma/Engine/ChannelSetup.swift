import Foundation
import RetomaChannels

/// The WhatsApp channel named by `RETOMA_CHANNEL` (default: the sandbox).
enum ChannelSetup {
    /// `RETOMA_SANDBOX_OUTBOX` (a file that receives each sandbox message as a JSON line) and
    /// `RETOMA_SANDBOX_DELAY_MS` (a slow provider's answer time, for tests that interrupt a send).
    static func make(environment: [String: String]) throws(SetupError) -> any WhatsAppChannel {
        let name = (environment["RETOMA_CHANNEL"] ?? "sandbox").trimmingCharacters(in: .whitespaces).lowercased()
        switch name {
        case "", "sandbox":
            var delay: TimeInterval = 0
            if let raw = environment["RETOMA_SANDBOX_DELAY_MS"], !raw.isEmpty {
                guard let ms = Int(raw), ms >= 0, ms <= 600_000 else {
                    throw SetupError(pt: "RETOMA_SANDBOX_DELAY_MS deve ser um número de milissegundos de 0 a 600000 (recebido \"\(raw)\")",
                                     en: "RETOMA_SANDBOX_DELAY_MS must be a number of milliseconds from 0 to 600000 (got \"\(raw)\")")
                }
                delay = Double(ms) / 1000
            }
            let outbox = environment["RETOMA_SANDBOX_OUTBOX"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            return SandboxChannel(outbox: outbox, answerDelay: delay)
        case "cloud", "evolution":
            throw SetupError(pt: "o canal \"\(name)\" ainda não está disponível nesta versão; use RETOMA_CHANNEL=sandbox",
                             en: "the \"\(name)\" channel is not available in this version yet; use RETOMA_CHANNEL=sandbox")
        default:
            throw SetupError(pt: "RETOMA_CHANNEL desconhecido \"\(name)\"; use sandbox, cloud ou evolution",
                             en: "unknown RETOMA_CHANNEL \"\(name)\"; use sandbox, cloud or evolution")
        }
    }
}
