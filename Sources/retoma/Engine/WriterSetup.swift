import Foundation
import RetomaAI
import RetomaCore

/// The real follow-up writer, configured from config.toml and `RETOMA_AI_*` (see RetomaAI's `AIConfig`):
/// a configured provider, or the local model started on demand.
enum WriterSetup {
    static func start(environment: [String: String], lang: Lang) throws(SetupError) -> AIBackend {
        let config: AIConfig
        do {
            config = try AIConfig.load(environment: environment)
        } catch {
            throw SetupError(pt: "configuração da IA: \(error.message)", en: "AI configuration: \(error.message)")
        }
        if config.usesLocalModel {
            FileHandle.standardError.write(Data((lang == .pt ? "Iniciando o modelo local…\n" : "Starting the local model…\n").utf8))
        }
        do {
            return try AIBackend.start(config: config)
        } catch let error as AIError {
            throw SetupError(pt: error.message(.pt), en: error.message(.en))
        } catch {
            let why = String(describing: error)
            throw SetupError(pt: "a IA não pôde iniciar: \(why)", en: "the AI could not start: \(why)")
        }
    }
}
