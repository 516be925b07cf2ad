import RetomaCore
import Testing

@Suite struct OptOutTests {
    @Test(arguments: [
        "Não quero mais receber essas mensagens", "nao quero mais receber", "NÃO QUERO MAIS RECEBER!!",
        "Por favor me tire da lista", "me tira da lista de vocês", "Pare de me mandar mensagem",
        "para de me mandar isso", "Não tenho interesse, obrigado", "nao tenho interesse", "quero me descadastrar",
        "Descadastrar", "pare", "Pare!", "PARAR", "sair", "Sair.", "stop", "STOP 🛑", "pare por favor", "Stop please",
        "Please stop sending me messages", "unsubscribe", "I'm not interested", "remove me from your list",
        "I don't want to receive these",
    ])
    func optOuts(_ text: String) {
        #expect(OptOut.isOptOut(text), "\(text)")
    }

    @Test(arguments: [
        "vou sair mais cedo hoje", "não pare de me avisar", "parabéns", "Parabéns pela proposta!", "pare aí que eu ligo",
        "pode parar na portaria", "stop de caminhão na BR", "Obrigado, vou analisar", "tenho interesse sim",
        "Não pare de me mandar novidades!", "quando posso sair com o carro?", "", "👍", "saída às 18h",
        "estou parado no trânsito", "ok",
    ])
    func notOptOuts(_ text: String) {
        #expect(!OptOut.isOptOut(text), "\(text) → \(OptOut.match(text) ?? "")")
    }
}
