/// The lines every demo topic shares, in pt-BR: greetings, short answers and questions that fit any sale,
/// and the situations the demo shows. None names what is sold except through {produto}, so none mixes two
/// topics. Placeholders as in `DemoTopic`.
enum DemoConversations {
    /// Our greeting after the customer wrote first.
    static let greetingReplies = [
        "Olá, {nome}! Aqui é {agente}, tudo bem? Vou te ajudar com isso 🙂",
        "Oi, {nome}! {agente} falando. Que bom que você nos procurou!",
        "{saudacao}, {nome}! Sou {agente} e vou cuidar do seu atendimento.",
    ]
    /// The customer's answer when we wrote first.
    static let greetingAnswers = ["Oi, {agente}! Tudo bem, e você?", "Olá! Isso mesmo.", "Oi! Tudo ótimo, pode falar."]

    /// Short replies that let the other side take the lead.
    static let agentAcknowledgements = ["Perfeito, {nome}!", "Combinado!", "Anotado aqui 👍", "Ótimo!", "Entendido."]
    static let customerAcknowledgements = ["Perfeito, {obrigado}!", "Entendi.", "Ok, combinado 👍", "Legal!", "Certo."]

    /// Before a quote, in any sale.
    static let beforeQuote: [DemoExchange] = [
        .they("Quais são as formas de pagamento?", "Pix, boleto ou cartão em até 10x."),
        .they("Vocês emitem nota fiscal?", "Emitimos, sim, para pessoa física ou jurídica."),
        .we("Posso te ligar rapidinho para entender melhor?", "Agora não consigo, pode ser por aqui mesmo."),
        .they("Qual o horário de atendimento de vocês?", "De segunda a sexta, das 8h às 18h, e sábado até o meio-dia."),
    ]
    /// After the quote, in any sale.
    static let afterQuote: [DemoExchange] = [
        .we("Conseguiu ver a proposta?", "Ainda não, essa semana está corrida 😅"),
        .they("Desculpa a demora, a semana foi corrida.", "Imagina, {nome}! Sem problema nenhum."),
        .they("Vou conversar com quem decide aqui e te aviso.", "Combinado, {nome}! Qualquer dúvida é só chamar."),
        .we("Passando para lembrar que a proposta vale até sexta.", "{Obrigado} por avisar!"),
        .they("Consegue manter o valor até o mês que vem?", "Consigo segurar até o dia 10, tudo bem?"),
    ]
    /// A quote for a deal without a value.
    static let quoteWithoutValue = DemoExchange.we(
        "Te mandei a proposta de {produto} por e-mail, com todos os itens e condições.", "Recebi, vou dar uma olhada.")
    /// Paperwork between the decision and the work, in any sale.
    static let paperwork: [DemoExchange] = [
        .we("Me confirma o e-mail para eu mandar o contrato?", "Pode mandar no mesmo e-mail do cadastro."),
        .we("Acabei de enviar o boleto para o seu e-mail.", "Recebi. Pago amanhã cedo."),
    ]

    /// The conversation's last line in the first three columns, by who speaks last: before a quote
    /// (prospecting), negotiating, waiting for the customer's answer. A finished sale ends with its topic's
    /// `delivered` lines.
    static func ending(column: Int, byAgent: Bool) -> [String] {
        switch (column, byAgent) {
        case (0, true):
            return ["Posso te mandar mais detalhes por aqui?", "Quando for um bom momento para conversarmos, me avisa 🙂",
                    "Fico à disposição, {nome}. Qualquer dúvida é só chamar!"]
        case (0, false):
            return ["Pode me mandar mais informações?", "Vou ver aqui e te chamo.", "Me manda os detalhes por aqui, por favor."]
        case (1, true):
            return ["Ajustei a proposta conforme conversamos. Consegue dar uma olhada?",
                    "Falei com a gerência e conseguimos melhorar a condição. Posso te explicar?"]
        case (1, false):
            return ["Vou pensar com calma e te aviso.", "Só preciso confirmar algumas coisas aqui e te retorno."]
        case (_, true):
            return ["Oi, {nome}! Conseguiu analisar o orçamento que enviei?",
                    "{saudacao}, {nome}! Passando para saber se ficou alguma dúvida sobre a proposta.",
                    "Oi, {nome}! A condição especial vale até sexta. Posso reservar para você?"]
        default:
            return ["Ainda estou avaliando, te respondo semana que vem.", "Recebi, {obrigado}. Vou analisar."]
        }
    }

    /// "Asked for time": after our quote the customer asks for a few days, and we say we will wait.
    static let askForTime = ["Gostei, mas me dá uns dias que eu te falo.", "Me dá uns dias que eu te falo, {agente}."]
    static let waitForThem = ["Claro, {nome}! Fico no aguardo 🙂", "Sem pressa, {nome}. Qualquer dúvida, estou por aqui."]
    /// "Opt-out": the customer asks us to stop (the store's opt-out rules read it), and we confirm.
    static let optOut = ["Pensamos melhor e vamos deixar para outra hora. Não quero mais receber mensagens, {obrigado}."]
    static let optOutConfirmed = ["Tudo bem, {nome}. Não vamos mais te enviar mensagens. Agradeço a atenção!"]
    /// "Answered on the phone": our seller writes from the business's phone, and the customer answers it.
    static let fromThePhone = ["Oi, {nome}! Aqui é {agente}, estou na rua e respondo pelo celular: consigo manter {valor} até sexta."]
    static let answerToThePhone = ["Fechado então! Me manda os dados para o pagamento.", "Ótimo, assim dá certo. Pode mandar o contrato."]

    /// Every shared line, placeholders unfilled.
    static var templates: [String] {
        let exchanges = beforeQuote + afterQuote + [quoteWithoutValue] + paperwork
        return greetingReplies + greetingAnswers + agentAcknowledgements + customerAcknowledgements
            + exchanges.flatMap { [$0.line, $0.answer] } + (0...3).flatMap { column in
                [true, false].flatMap { ending(column: column, byAgent: $0) }
            } + askForTime + waitForThem + optOut + optOutConfirmed + fromThePhone + answerToThePhone
    }

    static let weekdays = ["segunda", "terça", "quarta", "quinta", "sexta"]
}
