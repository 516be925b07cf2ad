/// WhatsApp lines for the demo conversations, in pt-BR. Placeholders: {nome} (customer's first
/// name), {agente} (our seller), {produto}, {valor}, {dia}.
enum DemoConversations {
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

    /// We say something, the customer answers.
    static let agentLed: [(String, String)] = [
        ("Para eu montar a proposta certinha: quantas pessoas vão usar?", "Umas 12 pessoas, mais ou menos."),
        ("Posso te enviar o orçamento por aqui mesmo?", "Pode sim, fica mais fácil."),
        ("Segue o orçamento de {produto}: {valor}, com validade de 15 dias.", "Recebi, vou dar uma olhada com calma."),
        ("Conseguiu ver a proposta?", "Ainda não, essa semana está corrida 😅"),
        ("Qual seria o melhor dia para uma visita técnica?", "Pode ser {dia} de manhã?"),
        ("Combinado! Fica agendado para {dia}, às 9h.", "Perfeito, te espero."),
        ("O pagamento pode ser no boleto, no Pix ou em até 10x no cartão.", "Pix com desconto tem?"),
        ("No Pix conseguimos 5% de desconto.", "Ah, aí fica bem melhor."),
        ("Você prefere receber a nota fiscal em nome da empresa ou no seu CPF?", "Em nome da empresa, vou te passar o CNPJ."),
        ("Me confirma o e-mail para eu mandar o contrato?", "Pode mandar no meu e-mail do trabalho, te passo já."),
        ("Enviei o contrato para assinatura digital.", "Recebi, vou assinar hoje ainda."),
        ("Ficou alguma dúvida sobre o que está incluso?", "A instalação já está inclusa no valor?"),
        ("Temos disponibilidade para começar na próxima semana.", "Ótimo, quanto antes melhor."),
        ("Preparei uma condição especial para fechar ainda este mês.", "Qual seria?"),
        ("Mantemos {valor} e incluímos o suporte do primeiro ano sem custo.", "Gostei. Vou apresentar para a diretoria."),
        ("Quem mais participa da decisão aí com você?", "Minha sócia, ela que aprova as compras."),
        ("Quer que eu faça uma chamada rápida com vocês dois?", "Pode ser, ela tem horário {dia} à tarde."),
        ("Passando para lembrar que a proposta vence na sexta.", "Obrigado por avisar!"),
        ("Te mandei algumas fotos de trabalhos que fizemos recentemente.", "Ficaram lindos! 😍"),
        ("O prazo de entrega é de 20 dias úteis após a confirmação.", "Não tem como ser um pouco antes?"),
        ("Vou ver com a produção se conseguimos adiantar.", "Fico no aguardo."),
        ("Consegui adiantar: entregamos em 12 dias úteis.", "Maravilha, assim dá certo para nós."),
        ("Posso seguir com o pedido então?", "Pode sim, vamos fechar 👍"),
        ("Acabei de enviar o boleto para o seu e-mail.", "Recebi. Pago amanhã cedo."),
        ("Você tem alguma preferência de cor ou modelo?", "Azul marinho, se tiver."),
    ]

    /// The customer says something, we answer.
    static let customerLed: [(String, String)] = [
        ("Qual é o valor?", "Fica em {valor}, já com instalação e treinamento."),
        ("Vocês atendem aqui na minha região?", "Atendemos sim! Fazemos a região toda sem custo de deslocamento."),
        ("Tem como parcelar?", "Tem sim, em até 10x sem juros no cartão."),
        ("Achei um pouco caro 😕", "Entendo. Consigo rever algumas condições, posso te ligar rapidinho?"),
        ("Quanto tempo demora para ficar pronto?", "Em média 15 dias úteis depois da aprovação."),
        ("Vocês emitem nota fiscal?", "Emitimos, sim, para pessoa física ou jurídica."),
        ("Tem garantia?", "Garantia de 12 meses contra qualquer defeito."),
        ("Consegue me mandar uma proposta formal em PDF?", "Claro! Te envio ainda hoje."),
        ("Posso pagar metade agora e metade na entrega?", "Pode sim, sem problema nenhum."),
        ("Vou precisar de mais duas unidades, dá para incluir?", "Dá sim, já atualizo o orçamento."),
        ("Meu sócio pediu para ver referências de outros clientes.", "Te mando agora o contato de dois clientes aqui da região."),
        ("Vocês fazem visita antes de fechar?", "Fazemos! Posso agendar para {dia}?"),
        ("Desculpa a demora, estava viajando.", "Imagina, {nome}! Sem problema nenhum."),
        ("Consegue manter o preço até o mês que vem?", "Consigo segurar até o dia 10, tudo bem?"),
        ("O suporte é por WhatsApp também?", "É sim, por aqui mesmo, das 8h às 18h."),
        ("Vi que um concorrente faz por menos.", "Posso ver o que consigo fazer. O nosso já inclui a manutenção, vale comparar."),
        ("Quais são as formas de pagamento?", "Pix, boleto ou cartão em até 10x."),
        ("Tem alguma promoção este mês?", "Este mês estamos com 10% de desconto para pagamento à vista."),
        ("Vou falar com meu marido e te aviso.", "Combinado, {nome}! Qualquer dúvida é só chamar."),
        ("Preciso que comece antes do feriado, é possível?", "É possível sim, se fecharmos até {dia}."),
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
            return ["Vou ver com meu sócio e te aviso.", "Só preciso confirmar algumas coisas aqui e te retorno.",
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
