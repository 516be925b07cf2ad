/// WhatsApp lines for the demo conversations, in pt-BR. Placeholders: {nome} (customer's first
/// name), {agente} (our seller), {produto}, {valor}, {dia}.
enum DemoConversations {
    /// An exchange: the first line by one side, the answer by the other. Each pair stands on its own,
    /// so pairs of the same stage can come in any order.
    struct Exchange {
        /// 0 first contact, 1 proposal and negotiation, 2 closing the sale.
        var stage: Int
        var line: String
        var answer: String
        var mentionsValue: Bool { line.contains("{valor}") || answer.contains("{valor}") }
    }

    /// The furthest stage a conversation reaches in each column.
    static let stageReached = [0, 1, 1, 2]

    /// When we start the conversation.
    static let agentOpenings = [
        "Olá, {nome}! Aqui é {agente}, do comercial. Tudo bem?",
        "Bom dia, {nome}! Sou {agente} e vou cuidar do seu atendimento. Recebemos seu contato pelo site 🙂",
        "Boa tarde, {nome}! {agente} falando. Você pediu informações sobre {produto}, certo?",
        "Oi, {nome}, tudo bem? Aqui é {agente}. Vi que você se cadastrou na nossa página.",
    ]

    /// When the customer writes first.
    static let customerOpenings = [
        "Olá! Vi o anúncio de vocês no Instagram e queria saber mais sobre {produto}.",
        "Boa tarde, gostaria de um orçamento de {produto}.",
        "Oi, tudo bem? Uma amiga me indicou vocês. Vocês trabalham com {produto}?",
        "Bom dia! Peguei esse número no Google. Queria informações sobre {produto}, por favor.",
    ]

    /// Short replies that let the other side take the lead.
    static let agentAcknowledgements = [
        "Perfeito, {nome}!", "Combinado!", "Anotado aqui 👍", "Ótimo, obrigado pelo retorno!", "Entendido.",
    ]
    static let customerAcknowledgements = [
        "Perfeito, obrigado!", "Entendi.", "Ok, combinado 👍", "Legal!", "Certo, obrigado pela atenção.",
    ]

    /// We say something, the customer answers.
    static let agentLed: [Exchange] = [
        Exchange(stage: 0, line: "Para eu montar a proposta certinha: quantas pessoas vão usar?",
                 answer: "Umas 12 pessoas, mais ou menos."),
        Exchange(stage: 0, line: "Posso te enviar o orçamento por aqui mesmo?", answer: "Pode sim, fica mais fácil."),
        Exchange(stage: 0, line: "Qual seria o melhor dia para uma visita técnica?", answer: "Pode ser {dia} de manhã?"),
        Exchange(stage: 0, line: "Quer marcar uma chamada rápida para tirar as dúvidas?",
                 answer: "Pode ser, tenho horário {dia} à tarde."),
        Exchange(stage: 0, line: "Te mandei algumas fotos de trabalhos que fizemos recentemente.",
                 answer: "Ficaram lindos! 😍"),
        Exchange(stage: 0, line: "Você tem alguma preferência de cor ou modelo?", answer: "Azul-marinho, se tiver."),
        Exchange(stage: 1, line: "Segue o orçamento de {produto}: {valor}, com validade de 15 dias.",
                 answer: "Recebi, vou dar uma olhada com calma."),
        Exchange(stage: 1, line: "Conseguiu ver a proposta?", answer: "Ainda não, essa semana está corrida 😅"),
        Exchange(stage: 1, line: "O pagamento pode ser no boleto, no Pix ou em até 10x no cartão.",
                 answer: "Prefiro no Pix."),
        Exchange(stage: 1, line: "No Pix conseguimos 5% de desconto, tá?", answer: "Ah, aí fica bem melhor."),
        Exchange(stage: 1, line: "Ficou alguma dúvida sobre o que está incluso?",
                 answer: "Não, ficou tudo bem explicado."),
        Exchange(stage: 1, line: "Preparei uma condição especial: mantemos {valor} e o suporte do primeiro ano sai sem custo.",
                 answer: "Gostei. Vou apresentar para quem decide aqui."),
        Exchange(stage: 1, line: "Passando para lembrar que a proposta vence na sexta.", answer: "Obrigado por avisar!"),
        Exchange(stage: 1, line: "O prazo de entrega é de 20 dias úteis após a confirmação.",
                 answer: "Se puder ser um pouco antes, ajuda bastante."),
        Exchange(stage: 1, line: "Consegui adiantar a entrega para 12 dias úteis.",
                 answer: "Maravilha, assim dá certo para nós."),
        Exchange(stage: 2, line: "Posso seguir com o pedido então?", answer: "Pode sim, vamos fechar 👍"),
        Exchange(stage: 2, line: "Me confirma o e-mail para eu mandar o contrato?",
                 answer: "Pode mandar no mesmo e-mail do cadastro."),
        Exchange(stage: 2, line: "Enviei o contrato para assinatura digital.", answer: "Recebi, vou assinar hoje ainda."),
        Exchange(stage: 2, line: "Vou precisar dos dados para emitir a nota fiscal.", answer: "Te mando agora mesmo."),
        Exchange(stage: 2, line: "Temos disponibilidade para começar na próxima semana.",
                 answer: "Ótimo, quanto antes melhor."),
        Exchange(stage: 2, line: "Acabei de enviar o boleto para o seu e-mail.", answer: "Recebi. Pago amanhã cedo."),
    ]

    /// The customer says something, we answer.
    static let customerLed: [Exchange] = [
        Exchange(stage: 0, line: "Qual é o valor?", answer: "Fica em {valor}, já com instalação e treinamento."),
        Exchange(stage: 0, line: "Vocês atendem aqui na minha região?",
                 answer: "Atendemos sim! Fazemos a região toda sem custo de deslocamento."),
        Exchange(stage: 0, line: "Vocês emitem nota fiscal?", answer: "Emitimos, sim, para pessoa física ou jurídica."),
        Exchange(stage: 0, line: "Tem garantia?", answer: "Garantia de 12 meses contra qualquer defeito."),
        Exchange(stage: 0, line: "O suporte é por WhatsApp também?", answer: "É sim, por aqui mesmo, das 8h às 18h."),
        Exchange(stage: 0, line: "Vocês fazem visita antes de fechar?", answer: "Fazemos! Posso agendar para {dia}?"),
        Exchange(stage: 0, line: "Tem referências de outros clientes?",
                 answer: "Tenho, sim. Te mando o contato de dois clientes aqui da região."),
        Exchange(stage: 0, line: "Quais são as formas de pagamento?", answer: "Pix, boleto ou cartão em até 10x."),
        Exchange(stage: 0, line: "Tem alguma promoção este mês?",
                 answer: "Este mês estamos com 10% de desconto para pagamento à vista."),
        Exchange(stage: 1, line: "Achei um pouco caro 😕",
                 answer: "Entendo. Consigo rever algumas condições, posso te ligar rapidinho?"),
        Exchange(stage: 1, line: "Quanto tempo demora para ficar pronto?", answer: "Em média 15 dias úteis depois da aprovação."),
        Exchange(stage: 1, line: "Consegue me mandar uma proposta formal em PDF?", answer: "Claro! Te envio ainda hoje."),
        Exchange(stage: 1, line: "Tem como parcelar?", answer: "Tem sim, em até 10x sem juros no cartão."),
        Exchange(stage: 1, line: "Vou precisar de mais duas unidades, dá para incluir?",
                 answer: "Dá sim, já atualizo o orçamento."),
        Exchange(stage: 1, line: "Vi que um concorrente faz por menos.",
                 answer: "Posso ver o que consigo fazer. O nosso já inclui a manutenção, vale comparar."),
        Exchange(stage: 1, line: "Consegue manter o preço até o mês que vem?", answer: "Consigo segurar até o dia 10, tudo bem?"),
        Exchange(stage: 1, line: "Desculpa a demora, estava viajando.", answer: "Imagina, {nome}! Sem problema nenhum."),
        Exchange(stage: 1, line: "Vou conversar com quem decide aqui e te aviso.",
                 answer: "Combinado, {nome}! Qualquer dúvida é só chamar."),
        Exchange(stage: 2, line: "Posso pagar metade agora e metade na entrega?", answer: "Pode sim, sem problema nenhum."),
        Exchange(stage: 2, line: "Preciso que comece antes do feriado, é possível?",
                 answer: "É possível sim, se fecharmos até {dia}."),
    ]

    /// The conversation's last line, by column position and by who spoke last.
    static func closing(column: Int, byAgent: Bool) -> [String] {
        switch (column, byAgent) {
        case (0, true):
            return ["Posso te enviar uma apresentação rápida do nosso trabalho?",
                    "Quando for um bom momento para conversarmos, me avisa 🙂",
                    "Vou te mandar um material por aqui, dá uma olhada quando puder."]
        case (0, false):
            return ["Pode me mandar mais informações?", "Me passa o catálogo, por favor.",
                    "Qual o horário de atendimento de vocês?"]
        case (1, true):
            return ["Ajustei a proposta conforme conversamos. Consegue dar uma olhada?",
                    "Te mandei a versão final do orçamento. Qualquer ajuste, me fala.",
                    "Falei com a gerência e conseguimos melhorar a condição. Posso te explicar?"]
        case (1, false):
            return ["Vou pensar com calma e te aviso.", "Só preciso confirmar algumas coisas aqui e te retorno.",
                    "Gostei da proposta, mas preciso de mais uns dias."]
        case (2, true):
            return ["Oi, {nome}! Conseguiu analisar o orçamento que enviei?",
                    "Bom dia, {nome}! Passando para saber se ficou alguma dúvida sobre a proposta.",
                    "{nome}, tudo bem? Ainda tem interesse em seguir com a proposta de {produto}?",
                    "Oi, {nome}! A condição especial vale até sexta. Posso reservar para você?"]
        case (2, false):
            return ["Ainda estou avaliando, te respondo semana que vem.", "Recebi, obrigado. Vou analisar."]
        case (_, true):
            return ["Pagamento confirmado! Obrigado pela confiança, {nome} 🙏",
                    "Tudo entregue! Qualquer coisa, estamos à disposição.",
                    "Contrato assinado. Seja bem-vindo(a)! 🎉"]
        default:
            return ["Recebido, obrigado! Ficou tudo certo.", "Chegou tudo certinho, muito obrigado!",
                    "Amei o resultado, vou indicar vocês 👏"]
        }
    }

    static let weekdays = ["segunda", "terça", "quarta", "quinta", "sexta"]
}
