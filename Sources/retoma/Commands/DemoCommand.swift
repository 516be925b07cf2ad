import ArgumentParser
import Foundation
import RetomaStore

struct DemoCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create the demo board \"Vendas\" (does nothing if it already exists).")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "How many deals to create.")
    var deals: Int = 24

    func validate() throws {
        guard (0...1_000_000).contains(deals) else { throw ValidationError("--deals must be between 0 and 1000000") }
    }

    func run(store: Store, output: Output) throws {
        let bar = ProgressBar(output.lang == .pt ? "criando" : "creating", total: deals, lang: output.lang)
        let created = try store.seedDemo(deals: deals, now: Date()) { bar.update($0) }
        bar.finish()
        if created {
            output.say(pt: "Quadro de demonstração \"Vendas\" criado com \(deals) negociações em \(store.path).",
                       en: "Created the demo board \"Vendas\" with \(deals) deals in \(store.path).")
        } else {
            output.say(pt: "O quadro \"Vendas\" já existe em \(store.path); nada foi alterado.",
                       en: "The board \"Vendas\" already exists in \(store.path); nothing was changed.")
        }
    }
}
