import RetomaCore

/// Two lines of a chat: `line` by `lead`, then the other side's `answer`. Each stands on its own, so
/// exchanges of the same part of a sale can come in any order.
struct DemoExchange {
    var lead: MessageAuthor
    var line: String
    var answer: String

    /// We ask or say something, the customer answers.
    static func we(_ line: String, _ answer: String) -> DemoExchange { DemoExchange(lead: .agent, line: line, answer: answer) }
    /// The customer asks or says something, we answer.
    static func they(_ line: String, _ answer: String) -> DemoExchange {
        DemoExchange(lead: .customer, line: line, answer: answer)
    }
}

/// What one demo deal sells, and the whole script its conversation is written from: every line of a demo
/// conversation comes from its deal's topic or from the neutral lines in `DemoConversations` (greetings,
/// "Entendi.", payment methods), never from another topic.
///
/// Placeholders: {nome} (the customer's first name), {agente} (our seller), {produto} (`subject`), {valor},
/// {n} (the quantity), {dia} (a weekday), {empresa} (the customer's business), {obrigado}/{Obrigado}
/// (as the customer says it), and the topic's own `choices`.
struct DemoTopic {
    /// The card's title; also {cliente}: the business, or the person or family for a consumer sale.
    var title: String
    /// How the conversation names what is sold.
    var subject: String
    var quantity: ClosedRange<Int>?
    /// Per unit when there is a quantity, else the whole deal.
    var reais: ClosedRange<Int>
    /// Sold to a person rather than to a business.
    var consumer: Bool = false
    /// Topic placeholders, one value of each drawn per deal (a list, so the draws keep their order).
    var choices: [(key: String, values: [String])] = []
    /// The customer writes first.
    var customerOpenings: [String]
    /// We write first, about what the customer asked for.
    var agentOpenings: [String]
    /// What we ask to understand the need.
    var discovery: [DemoExchange]
    /// What the customer asks before a quote.
    var questions: [DemoExchange]
    /// Our quote, with {valor}, and how the customer takes it.
    var quotes: [DemoExchange]
    /// The customer's objections and our answers.
    var objections: [DemoExchange]
    /// Closing the sale, in order: the decision, then doing the work.
    var closings: [DemoExchange]
    /// The last line of a finished sale, by us or by the customer.
    var deliveredOurs: [String]
    var deliveredTheirs: [String]

    /// Every line of this topic's own, placeholders unfilled.
    var templates: [String] {
        let exchanges = discovery + questions + quotes + objections + closings
        return customerOpenings + agentOpenings + exchanges.flatMap { [$0.line, $0.answer] } + deliveredOurs
            + deliveredTheirs
    }
}

enum DemoTopics {
    static let all: [DemoTopic] = [
        DemoTopic(
            title: "Pacote {destino} ({n} pessoas) – {cliente}", subject: "pacote para {destino}", quantity: 2...6,
            reais: 1_400...3_900, consumer: true,
            choices: [("destino", ["Porto Seguro", "Maceió", "Gramado", "Foz do Iguaçu", "Natal", "Jericoacoara"]),
                      ("mes", ["julho", "setembro", "outubro", "dezembro", "janeiro"]),
                      ("cidade", ["São Paulo", "Belo Horizonte", "Curitiba", "Brasília", "Campinas", "Goiânia"])],
            customerOpenings: [
                "{saudacao}! Vi no Instagram o pacote para {destino}. Ainda tem para {mes}?",
                "Oi, tudo bem? Queria um orçamento de viagem para {destino}, somos {n} pessoas.",
                "Olá! Uma amiga viajou com vocês para {destino} e indicou. Como funciona o pacote?",
            ],
            agentOpenings: [
                "Oi, {nome}, tudo bem? Aqui é {agente}, da agência. Vi que você pediu uma cotação para {destino} no nosso site.",
                "{saudacao}, {nome}! {agente} falando. Recebi seu cadastro sobre o pacote para {destino} 🙂",
            ],
            discovery: [
                .we("Vocês pensam em ir em qual mês?", "Em {mes}, se der certo com as férias."),
                .we("Quantos dias vocês querem ficar?", "Uns 7 dias, mais ou menos."),
                .we("Precisa incluir a passagem aérea ou vocês vão de carro?", "Com aéreo, saindo de {cidade}."),
                .we("Preferem um hotel mais tranquilo ou perto do agito?", "Mais tranquilo, a gente quer descansar."),
                .we("Vai ter alguma criança no grupo?", "Não, só adultos."),
            ],
            questions: [
                .they("O café da manhã está incluso?", "Está sim, café da manhã todos os dias no hotel."),
                .they("Tem transfer do aeroporto até o hotel?", "Tem, o transfer de ida e volta já está no pacote."),
                .they("Dá para remarcar a viagem se acontecer alguma coisa?",
                      "Dá sim, com até 30 dias de antecedência e sem multa."),
                .they("E se o voo atrasar, vocês ajudam?", "Ajudamos, nosso suporte fica disponível 24h durante a viagem."),
            ],
            quotes: [
                .we("Segue a cotação para {destino}: aéreo, hotel com café e transfer para {n} pessoas, total de {valor}.",
                    "Recebi! Vou mostrar para o pessoal aqui em casa."),
                .we("Fechei aqui o pacote de 7 noites em {destino} para {n} pessoas: {valor}, em até 10x sem juros.",
                    "Hum, deixa eu ver com calma."),
            ],
            objections: [
                .they("Achei um pouco salgado. Tem alguma opção de hotel mais em conta?",
                      "Tenho sim: com um hotel mais simples o pacote cai uns 15%. Quer que eu monte?"),
                .they("Vi um pacote parecido num site por menos.",
                      "Vale comparar o que está incluso: o nosso tem transfer, seguro viagem e suporte 24h."),
            ],
            closings: [
                .we("Posso emitir as passagens então? O preço do aéreo pode mudar.",
                    "Pode emitir! Vou te mandar os documentos de todo mundo."),
                .we("Passagens emitidas! Os vouchers do hotel vão por e-mail.", "Que maravilha, estamos contando os dias 😄"),
            ],
            deliveredOurs: ["Vouchers enviados! Boa viagem, {nome} ✈️",
                            "Tudo certo com a viagem! Qualquer imprevisto em {destino}, nosso suporte está aqui."],
            deliveredTheirs: ["Voltamos de {destino} ontem, foi tudo perfeito!", "Recebi os vouchers, muito {obrigado}! 🙏"]),

        DemoTopic(
            title: "Manutenção de {n} aparelhos de ar-condicionado – {cliente}", subject: "manutenção dos aparelhos de ar",
            quantity: 3...25, reais: 180...350,
            customerOpenings: [
                "{saudacao}! Vocês fazem manutenção de ar-condicionado? Temos {n} aparelhos aqui na empresa.",
                "Oi, boa tarde. Os aparelhos de ar aqui do escritório estão pingando água, vocês atendem?",
            ],
            agentOpenings: [
                "Olá, {nome}! Aqui é {agente}, da refrigeração. Você pediu um orçamento de manutenção dos aparelhos de ar, certo?",
                "{saudacao}, {nome}! {agente} falando. Vi seu pedido de manutenção preventiva do ar-condicionado no site 🙂",
            ],
            discovery: [
                .we("Quantos aparelhos são e de quantos BTUs, mais ou menos?", "São {n}, a maioria de 12 mil BTUs."),
                .we("Os aparelhos são split ou de janela?", "Todos split, instalados há uns 4 anos."),
                .we("Qual seria o melhor dia para a visita técnica?", "Pode ser {dia} de manhã, antes de abrirmos."),
                .we("Quando foi a última limpeza dos filtros?", "Sinceramente, não lembro. Faz mais de um ano 😅"),
            ],
            questions: [
                .they("A visita técnica tem custo?", "Não, a visita para avaliar os aparelhos é gratuita."),
                .they("Vocês fazem a higienização também ou só a manutenção?",
                      "Fazemos os dois: limpeza dos filtros, higienização e checagem do gás."),
                .they("Precisa desligar a energia do prédio?", "Não precisa, desligamos só os aparelhos, um de cada vez."),
                .they("Vocês deixam algum laudo? O PMOC é exigido aqui.",
                      "Deixamos sim, o PMOC assinado pelo engenheiro vai junto."),
            ],
            quotes: [
                .we("Segue o orçamento da manutenção dos {n} aparelhos: {valor}, com higienização e recarga de gás se precisar.",
                    "Recebi, vou passar para o financeiro."),
                .we("Depois da visita, fechei o valor: {valor} para os {n} aparelhos, com garantia de 90 dias no serviço.",
                    "Ok, vou analisar e te falo."),
            ],
            objections: [
                .they("Está acima do que a gente tinha reservado para o ar-condicionado.",
                      "Entendo. Com um contrato semestral consigo 10% de desconto em cada visita."),
                .they("O técnico que vinha antes cobrava menos.",
                      "O nosso valor já inclui o PMOC e a garantia do serviço, vale comparar."),
            ],
            closings: [
                .they("Pode agendar a manutenção. Qual dia vocês conseguem?", "Consigo {dia} às 8h. Fica bom?"),
                .we("Os técnicos chegam às 8h. Preciso de alguém para liberar a entrada.",
                    "Certo, vou deixar o porteiro avisado."),
            ],
            deliveredOurs: ["Serviço concluído! Os {n} aparelhos estão limpos e funcionando. O laudo vai por e-mail.",
                            "Manutenção feita ✅ A próxima preventiva do ar fica para daqui a 6 meses, te aviso antes."],
            deliveredTheirs: ["O ar está gelando muito melhor, {obrigado}!", "Recebi o laudo dos aparelhos, tudo certo. Valeu!"]),

        DemoTopic(
            title: "Móveis planejados para {comodo} – {cliente}", subject: "móveis planejados", reais: 6_000...32_000,
            consumer: true,
            choices: [("comodo", ["a cozinha", "o quarto do casal", "o home office", "o closet", "a lavanderia"])],
            customerOpenings: [
                "Oi! Estou reformando o apartamento e queria um orçamento de móveis planejados para {comodo}.",
                "{saudacao}, vi os projetos de vocês no Instagram. Vocês fazem móveis planejados para {comodo}?",
            ],
            agentOpenings: [
                "Olá, {nome}! Aqui é {agente}, da marcenaria. Recebi seu pedido de orçamento de móveis para {comodo} 🙂",
                "Oi, {nome}, tudo bem? {agente} falando. Vi que você se interessou pelos nossos móveis planejados.",
            ],
            discovery: [
                .we("Você já tem as medidas ou prefere que a gente vá medir?",
                    "Prefiro que vocês venham medir, não confio nas minhas medidas 😅"),
                .we("Tem alguma referência do que você gosta? Pode mandar foto.", "Te mando umas fotos do Pinterest que eu salvei."),
                .we("Qual cor você imagina para o MDF?", "Branco com detalhes em madeira clara."),
                .we("Qual o melhor dia para o nosso projetista ir medir?", "Pode ser {dia} depois das 14h."),
            ],
            questions: [
                .they("Vocês mandam o projeto em 3D antes de fechar?", "Mandamos sim, você aprova o 3D antes de qualquer pagamento."),
                .they("Qual é o prazo de fabricação dos móveis?", "Em média 35 dias úteis depois da aprovação do projeto."),
                .they("A montagem está inclusa?", "Está sim, montagem e instalação dos móveis inclusas."),
                .they("As ferragens são boas? Já tive gaveta que quebrou.",
                      "Usamos dobradiças e corrediças com amortecimento, com 5 anos de garantia."),
            ],
            quotes: [
                .we("Segue o orçamento dos móveis planejados para {comodo}, conforme o 3D: {valor}, com montagem.",
                    "Recebi! O projeto ficou lindo, vou ver a parte do valor com calma."),
                .we("Fechei o orçamento do projeto dos móveis: {valor}, em até 12x no cartão ou 8% de desconto à vista.",
                    "Gostei do 3D. Deixa eu conversar aqui em casa."),
            ],
            objections: [
                .they("Ficou acima do que a gente planejou. Dá para tirar alguma coisa do projeto?",
                      "Dá sim: trocando as portas de vidro por MDF o valor cai uns 12%."),
                .they("Outra marcenaria me passou um valor menor.",
                      "Vale comparar o material: o nosso é MDF de 18 mm, com ferragens com amortecimento."),
            ],
            closings: [
                .they("Vamos fechar os móveis! Como faço o pagamento da entrada?",
                      "Ótimo! A entrada é 30% no Pix, o restante na montagem."),
                .we("Projeto aprovado e enviado para a fábrica. A montagem fica para daqui a 5 semanas.",
                    "Perfeito, mal posso esperar!"),
            ],
            deliveredOurs: ["Montagem concluída! Qualquer ajuste nas portas, é só chamar.",
                            "Móveis montados ✅ Agradecemos a confiança, {nome}!"],
            deliveredTheirs: ["Os móveis ficaram exatamente como no 3D, amei!",
                              "Os montadores foram super cuidadosos, {obrigado}!"]),

        DemoTopic(
            title: "Energia solar ({n} placas) – {cliente}", subject: "sistema de energia solar", quantity: 6...24,
            reais: 1_400...2_000, consumer: true,
            customerOpenings: [
                "Oi, boa tarde! Minha conta de luz está vindo muito alta. Queria saber sobre energia solar.",
                "Olá! Quanto custa para instalar placas solares numa casa?",
            ],
            agentOpenings: [
                "Olá, {nome}! Aqui é {agente}, da energia solar. Vi que você fez uma simulação no nosso site.",
                "{saudacao}, {nome}! {agente} falando. Recebi seu pedido de orçamento de energia solar 🙂",
            ],
            discovery: [
                .we("Quanto vem sua conta de luz por mês, em média?", "Uns R$ 600, no verão passa de R$ 800."),
                .we("Consegue me mandar uma foto da última conta de luz?", "Mando sim, só um minuto."),
                .we("Seu telhado é de telha cerâmica ou de fibrocimento?", "Cerâmica, e a casa é nova."),
                .we("Podemos ir aí ver o telhado? Pode ser {dia}?", "Pode sim, estou em casa de manhã."),
            ],
            questions: [
                .they("Em quanto tempo o sistema solar se paga?",
                      "Pela sua conta de luz, em torno de 4 anos. As placas duram mais de 25."),
                .they("E em dia nublado, as placas funcionam?",
                      "Funcionam, geram menos, mas o crédito dos dias de sol compensa."),
                .they("Vocês cuidam da parte da distribuidora de energia?",
                      "Cuidamos de tudo: projeto, homologação e troca do medidor."),
                .they("Qual a garantia das placas?", "As placas têm 25 anos de garantia de eficiência, e o inversor, 10."),
            ],
            quotes: [
                .we("Segue a proposta: {n} placas e inversor, instalação e homologação, por {valor}. A economia estimada é de 90% na conta de luz.",
                    "Recebi, vou analisar com a família."),
                .we("Dimensionei o sistema pela sua conta de luz: {n} placas, {valor}, com financiamento em até 60x.",
                    "Interessante. Vou ver a parcela do financiamento."),
            ],
            objections: [
                .they("O valor é alto para pagar agora.",
                      "Entendo. No financiamento a parcela fica perto do que você já paga de luz hoje."),
                .they("Tenho medo de dar goteira no telhado.",
                      "A fixação das placas tem vedação própria e garantia de 5 anos na instalação."),
            ],
            closings: [
                .they("Vamos colocar as placas. Qual o próximo passo?", "Ótimo! Te mando o contrato e agendamos a instalação."),
                .we("Instalação das placas agendada para {dia}. A equipe chega às 8h.", "Combinado, vou estar em casa."),
            ],
            deliveredOurs: ["Sistema instalado e homologado ☀️ A partir da próxima leitura você já vê a economia na conta de luz.",
                            "Tudo pronto! O aplicativo do inversor já mostra a geração das placas em tempo real."],
            deliveredTheirs: ["A conta de luz desse mês veio só a taxa mínima, que alegria!",
                              "Já estou acompanhando a geração das placas pelo aplicativo, {obrigado}!"]),

        DemoTopic(
            title: "Fotografia de casamento – {cliente}", subject: "fotografia do casamento", reais: 3_500...12_000,
            consumer: true,
            choices: [("local", ["na igreja Matriz", "num sítio em Atibaia", "no salão de festas do clube", "numa chácara"]),
                      ("mes", ["março", "maio", "agosto", "novembro"])],
            customerOpenings: [
                "Oi! Vou casar em {mes} e adorei as fotos de casamento de vocês. Ainda têm data livre?",
                "{saudacao}! Queria saber os pacotes de fotografia para casamento.",
            ],
            agentOpenings: [
                "Olá, {nome}! Aqui é {agente}, do estúdio. Parabéns pelo noivado! 💍 Vi seu pedido de orçamento.",
                "Oi, {nome}, tudo bem? {agente} falando. Recebi seu contato sobre a fotografia do casamento.",
            ],
            discovery: [
                .we("Qual é a data e onde vai ser a cerimônia?", "Dia 14 de {mes}, {local}."),
                .we("Quantos convidados vão ao casamento, mais ou menos?", "Uns 150 convidados."),
                .we("Vocês querem também o ensaio pré-wedding?", "Queremos! A ideia é fazer no parque."),
            ],
            questions: [
                .they("Quantas fotos vocês entregam?", "Em média 600 fotos tratadas, numa galeria online."),
                .they("Em quanto tempo recebemos as fotos?", "Em até 45 dias, com uma prévia de 50 fotos na primeira semana."),
                .they("Vocês fazem vídeo do casamento também?", "Fazemos, com um cinegrafista parceiro. Posso incluir no orçamento."),
                .they("O álbum impresso está incluso?", "No pacote completo, sim: álbum 30x30 com 40 páginas."),
            ],
            quotes: [
                .we("Segue o pacote completo: cerimônia, festa, pré-wedding e álbum, por {valor}.",
                    "Que lindo! Vou ver com meu amor e te falo 💕"),
                .we("Fechei o orçamento da fotografia para o dia 14 de {mes}: {valor}, com duas fotógrafas e galeria online.",
                    "Recebi, vamos decidir essa semana."),
            ],
            objections: [
                .they("Ficou um pouco acima do nosso orçamento para o casamento.",
                      "Sem problema: sem o álbum o pacote cai uns 20%, e dá para incluir depois."),
                .they("Dá para parcelar até a data do casamento?",
                      "Dá sim: sinal de 30% para reservar a data e o restante até o dia."),
            ],
            closings: [
                .they("Decidimos fechar a fotografia com vocês! Como reservo a data?",
                      "Que alegria! É só o sinal de 30% no Pix, e te mando o contrato."),
                .we("Data do casamento reservada! 📅 Perto do dia marcamos uma reunião para alinhar o roteiro.",
                    "Perfeito, estamos muito felizes!"),
            ],
            deliveredOurs: ["A galeria do casamento está no ar! Te mandei o link por e-mail 📸",
                            "Álbum do casamento pronto! Pode passar para retirar quando quiser."],
            deliveredTheirs: ["Choramos vendo as fotos do casamento, ficaram perfeitas!",
                              "Recebemos o álbum, ficou lindo demais. {Obrigado}!"]),

        DemoTopic(
            title: "Buffet para {n} pessoas – {cliente}", subject: "buffet", quantity: 40...300, reais: 65...140,
            choices: [("evento", ["a confraternização de fim de ano", "a convenção de vendas", "o aniversário da empresa",
                                  "o treinamento da equipe"])],
            customerOpenings: [
                "{saudacao}! Queria um orçamento de buffet para {evento}, umas {n} pessoas.",
                "Oi! Sou {nome}, do RH ({empresa}). Vocês fazem buffet para {evento}?",
            ],
            agentOpenings: [
                "Olá, {nome}! Aqui é {agente}, do buffet. Recebi seu pedido de orçamento para {evento} 🙂",
                "{saudacao}, {nome}! {agente} falando. Vi que você procura buffet para {n} pessoas.",
            ],
            discovery: [
                .we("Qual a data e o horário do evento?", "Vai ser numa {dia}, às 19h."),
                .we("O evento vai ser no espaço de vocês ou precisa do nosso salão?",
                    "No nosso espaço mesmo, tem um salão aqui na empresa."),
                .we("Vocês preferem coquetel volante ou jantar servido?", "Coquetel volante, fica mais descontraído."),
                .we("Tem alguém vegetariano ou com restrição alimentar?", "Umas 10 pessoas vegetarianas e duas sem glúten."),
            ],
            questions: [
                .they("As bebidas estão inclusas no buffet?", "Refrigerante, suco e água sim. Cerveja e vinho entram à parte."),
                .they("Vocês levam garçons?", "Levamos, um garçom para cada 25 convidados."),
                .they("Dá para fazer uma degustação do cardápio antes?", "Dá sim, marcamos a degustação para até duas pessoas."),
            ],
            quotes: [
                .we("Segue o orçamento do buffet: coquetel volante para {n} pessoas, com garçons e bebidas não alcoólicas, total de {valor}.",
                    "Recebi, vou levar para aprovação."),
                .we("Montei a proposta do buffet com o cardápio que você escolheu: {valor} para {n} convidados.",
                    "Vou apresentar para a diretoria e te falo."),
            ],
            objections: [
                .they("A diretoria achou o buffet caro. Tem como reduzir?",
                      "Tem: trocando dois pratos quentes por finger food, baixa uns 15%."),
                .they("E se vierem menos convidados do que o previsto?",
                      "Você confirma o número final até 7 dias antes e paga pelos confirmados."),
            ],
            closings: [
                .they("Buffet aprovado! O que vocês precisam para confirmar?",
                      "Ótimo! Preciso do CNPJ para a nota e de 50% de sinal."),
                .we("Tudo confirmado para {evento}! Nossa equipe chega 2 horas antes para montar o buffet.",
                    "Perfeito, vou avisar a recepção."),
            ],
            deliveredOurs: ["Foi um prazer servir {evento}! Agradecemos a preferência 🍽️",
                            "Nota fiscal do buffet enviada por e-mail. Até o próximo evento!"],
            deliveredTheirs: ["O pessoal elogiou muito a comida do buffet, parabéns!",
                              "O evento foi um sucesso, {obrigado} pela equipe!"]),

        DemoTopic(
            title: "Uniformes ({n} peças) – {cliente}", subject: "uniformes", quantity: 30...200, reais: 45...90,
            customerOpenings: [
                "{saudacao}! Preciso de uniformes para a nossa equipe, umas {n} peças.",
                "Oi, vocês fazem camiseta polo bordada com logo para uniforme?",
            ],
            agentOpenings: [
                "Olá, {nome}! Aqui é {agente}, da confecção. Recebi seu pedido de orçamento de uniformes 🙂",
                "{saudacao}, {nome}! {agente} falando. Vi que você precisa de uniformes para a equipe.",
            ],
            discovery: [
                .we("Quais peças vocês precisam? Camiseta, polo, jaleco?",
                    "Polo para o atendimento e camiseta para o pessoal da produção."),
                .we("O logo vai bordado ou em silk?", "Bordado no peito, e o nome da empresa nas costas em silk."),
                .we("Consegue me mandar o logo em boa resolução?", "Mando sim, tenho o arquivo em PDF."),
                .we("Qual a grade de tamanhos das peças?", "Te mando a planilha com os tamanhos de cada um."),
            ],
            questions: [
                .they("Vocês mandam uma peça piloto antes?", "Mandamos sim, a piloto sai em 5 dias úteis."),
                .they("Qual o tecido da polo?", "Piquet 50% algodão, não desbota nem amassa."),
                .they("Qual o prazo de entrega dos uniformes?", "20 dias úteis depois da aprovação da piloto."),
            ],
            quotes: [
                .we("Segue o orçamento: {n} peças de uniforme com bordado, total de {valor}, frete incluso.",
                    "Recebi, vou ver com o financeiro."),
                .we("Com a grade que você mandou, ficou {valor} para as {n} peças.", "Ok, vou analisar e te retorno."),
            ],
            objections: [
                .they("Ficou acima do que esperávamos por peça.",
                      "Se o logo for em silk em vez de bordado, o valor por peça cai bastante."),
                .they("Precisamos dos uniformes antes do dia 20, dá?", "Dá, se a piloto for aprovada até {dia}."),
            ],
            closings: [
                .they("Piloto aprovada! Podem produzir os uniformes.", "Ótimo, já mandei para a produção."),
                .we("Os uniformes ficaram prontos e saem para entrega amanhã.", "Que bom, o pessoal está esperando."),
            ],
            deliveredOurs: ["Entrega feita! Qualquer troca de tamanho, temos 30 dias.",
                            "Nota fiscal dos uniformes enviada ✅ Agradecemos a parceria!"],
            deliveredTheirs: ["Chegaram os uniformes, ficaram ótimos!", "A equipe adorou as polos, {obrigado}!"]),

        DemoTopic(
            title: "Câmeras de segurança ({n} pontos) – {cliente}", subject: "câmeras de segurança", quantity: 4...32,
            reais: 350...700,
            customerOpenings: [
                "{saudacao}! Quero colocar câmeras de segurança aqui na empresa, vocês instalam?",
                "Oi! Tivemos uma tentativa de furto aqui e queria um orçamento de câmeras.",
            ],
            agentOpenings: [
                "Olá, {nome}! Aqui é {agente}, da segurança eletrônica. Recebi seu pedido de orçamento de câmeras.",
                "{saudacao}, {nome}! {agente} falando. Vi seu contato sobre o monitoramento com câmeras 🙂",
            ],
            discovery: [
                .we("Quantos pontos de câmera vocês imaginam?", "Uns {n}, contando a entrada e o estacionamento."),
                .we("Vocês querem acessar as câmeras pelo celular?", "Sim, quero ver de casa também."),
                .we("Precisa guardar quantos dias de gravação?", "Pelo menos 30 dias."),
                .we("Podemos passar aí {dia} para ver os pontos das câmeras?", "Pode, depois das 10h."),
            ],
            questions: [
                .they("As câmeras gravam à noite?", "Gravam, todas têm infravermelho de até 30 metros."),
                .they("Se a internet cair, perde a gravação?", "Não, o gravador fica no local e grava mesmo sem internet."),
                .they("Vocês fazem manutenção das câmeras depois?", "Fazemos, com contrato mensal ou por chamado."),
            ],
            quotes: [
                .we("Segue o orçamento: {n} câmeras Full HD, gravador com 30 dias e instalação, por {valor}.",
                    "Recebi, vou ver com meu sócio."),
                .we("Depois da visita, fechei {valor} com os {n} pontos de câmera e acesso pelo celular.", "Beleza, vou analisar."),
            ],
            objections: [
                .they("Achei caro. Tem alguma câmera mais simples?",
                      "Tem: câmeras de 2 megapixels em vez de 4 reduzem bastante o valor."),
                .they("Um conhecido instala câmera por menos.",
                      "Vale ver a garantia: a nossa é de 1 ano no equipamento e na instalação."),
            ],
            closings: [
                .they("Pode instalar as câmeras. Quando vocês conseguem vir?", "Consigo {dia} às 8h. A instalação leva o dia todo."),
                .we("Câmeras instaladas e testadas. Vou te ajudar a configurar o aplicativo.", "Show, já estou vendo pelo celular!"),
            ],
            deliveredOurs: ["Câmeras funcionando ✅ Qualquer dúvida com o aplicativo, é só chamar.",
                            "Instalação das câmeras concluída! A nota fiscal vai por e-mail."],
            deliveredTheirs: ["As imagens das câmeras estão ótimas, até à noite dá para ver bem.",
                              "Já recomendei vocês para o vizinho aqui da rua."]),

        DemoTopic(
            title: "Site institucional – {cliente}", subject: "site novo", reais: 2_500...9_000,
            customerOpenings: [
                "Oi! Sou {nome}, do marketing ({empresa}). Precisamos de um site novo, o nosso está muito antigo.",
                "{saudacao}, quanto custa para fazer um site?",
            ],
            agentOpenings: [
                "Olá, {nome}! Aqui é {agente}, da agência digital. Recebi seu pedido de orçamento de site 🙂",
                "Oi, {nome}, tudo bem? {agente} falando. Vi que vocês querem renovar o site da empresa.",
            ],
            discovery: [
                .we("Quantas páginas você imagina para o site? Início, sobre, serviços, contato…",
                    "Essas quatro e mais uma de blog."),
                .we("Vocês já têm domínio e hospedagem?", "O domínio temos, a hospedagem não sei."),
                .we("Tem algum site que você gosta como referência?", "Te mando o link de dois que eu acho bonitos."),
                .we("Os textos e fotos do site vocês já têm?", "Fotos temos, os textos precisaríamos de ajuda."),
            ],
            questions: [
                .they("O site funciona bem no celular?", "Funciona, todos os nossos sites são responsivos."),
                .they("Dá para o site aparecer no Google?", "Dá, entregamos com o SEO básico e o cadastro no Google."),
                .they("Depois consigo mexer no site sozinho?", "Consegue, o painel é simples e damos um treinamento."),
            ],
            quotes: [
                .we("Segue a proposta do site: 5 páginas, blog e SEO básico, por {valor}.", "Recebi, vou ver com a minha sócia."),
                .we("Fechei o escopo do site que conversamos: {valor}, com entrega em 30 dias.", "Ok, vou analisar."),
            ],
            objections: [
                .they("Vi que tem plataforma de site pronto bem mais barata.",
                      "Tem sim, mas o nosso é feito sob medida e já vai com os textos revisados."),
                .they("Precisava que o site ficasse pronto antes do fim do mês.",
                      "Dá para priorizar, se os materiais chegarem até {dia}."),
            ],
            closings: [
                .they("Vamos fechar o site! O que precisa para começar?", "Oba! Me manda o logo e as fotos, e te envio o contrato."),
                .we("A primeira versão do site está no link de teste. Dá uma olhada e me fala os ajustes.",
                    "Ficou muito bom! Só trocaria a foto da página inicial."),
            ],
            deliveredOurs: ["Site publicado! 🚀 Já está no ar no seu domínio.", "Site no ar ✅ O acesso ao painel foi para o seu e-mail."],
            deliveredTheirs: ["Já recebemos os primeiros contatos pelo site!", "O site ficou lindo, {obrigado}!"]),

        DemoTopic(
            title: "Sistema de gestão ({n} usuários) – {cliente}", subject: "sistema de gestão", quantity: 3...40,
            reais: 468...1_548,
            customerOpenings: [
                "{saudacao}! Estamos procurando um sistema de gestão para a nossa empresa.",
                "Oi, vocês têm sistema com emissão de nota fiscal e controle de estoque?",
            ],
            agentOpenings: [
                "Olá, {nome}! Aqui é {agente}, do sistema de gestão. Vi que você pediu uma demonstração 🙂",
                "{saudacao}, {nome}! {agente} falando. Recebi seu cadastro para testar o sistema.",
            ],
            discovery: [
                .we("Quantas pessoas vão usar o sistema?", "Umas {n} pessoas, entre loja e escritório."),
                .we("Hoje vocês usam alguma planilha ou outro sistema?", "Tudo em planilha, está virando uma bagunça."),
                .we("Quais módulos do sistema são mais importantes: estoque, financeiro, nota fiscal?",
                    "Estoque e nota fiscal, principalmente."),
                .we("Quer marcar uma demonstração online do sistema? Pode ser {dia}?", "Pode, às 15h."),
            ],
            questions: [
                .they("Dá para importar as planilhas que já temos?", "Dá sim, nossa equipe faz a importação na implantação."),
                .they("O suporte do sistema é por WhatsApp?", "É sim, das 8h às 18h, e por telefone também."),
                .they("O sistema funciona no celular?", "Funciona, tem aplicativo para Android e iPhone."),
            ],
            quotes: [
                .we("Segue a proposta: {n} usuários com estoque, financeiro e nota fiscal, {valor} no plano anual.",
                    "Recebi, vou apresentar para o meu sócio."),
                .we("Conforme a demonstração, ficou {valor} por ano para {n} usuários, com implantação do sistema inclusa.",
                    "Ok, vou analisar com calma."),
            ],
            objections: [
                .they("O plano anual pesa. Tem mensal?", "Tem, mas no plano anual você economiza dois meses."),
                .they("E se o sistema não der certo, consigo cancelar?", "Consegue, e os seus dados são exportados sem custo."),
            ],
            closings: [
                .they("Vamos seguir com o plano anual do sistema.", "Ótimo! Te mando o contrato para assinatura digital."),
                .we("Acessos ao sistema criados! A implantação começa {dia} às 9h.", "Perfeito, a equipe já está avisada."),
            ],
            deliveredOurs: ["Implantação do sistema concluída ✅ Qualquer dúvida, o suporte está por aqui.",
                            "Primeira nota emitida pelo sistema! Parabéns, {nome} 🎉"],
            deliveredTheirs: ["A equipe já está usando o sistema no dia a dia, muito bom!",
                              "O estoque finalmente bateu, {obrigado}!"]),

        DemoTopic(
            title: "Curso de inglês – {cliente}", subject: "curso de inglês", reais: 1_200...4_800, consumer: true,
            customerOpenings: [
                "Oi! Queria saber sobre o curso de inglês, vocês têm turma à noite?",
                "{saudacao}! Quanto custa o curso de inglês de vocês?",
            ],
            agentOpenings: [
                "Olá, {nome}! Aqui é {agente}, da escola de idiomas. Vi que você se interessou pelo curso de inglês 🙂",
                "Oi, {nome}, tudo bem? {agente} falando. Recebi seu cadastro para a aula experimental de inglês.",
            ],
            discovery: [
                .we("Você já estudou inglês antes?", "Estudei na escola, mas esqueci quase tudo 😅"),
                .we("Qual o seu objetivo com o inglês? Trabalho, estudo?", "Trabalho, preciso fazer reuniões com clientes de fora."),
                .we("Prefere aula presencial ou online?", "Online, por causa do horário."),
                .we("Que tal uma aula experimental {dia} às 19h?", "Pode ser!"),
            ],
            questions: [
                .they("As turmas de inglês têm quantos alunos?", "No máximo 6 alunos por turma."),
                .they("Tem certificado no final do curso?", "Tem sim, e preparamos para os exames internacionais."),
                .they("E se eu perder uma aula?", "Você pode repor em outra turma na mesma semana."),
            ],
            quotes: [
                .we("Segue o valor do curso de inglês: {valor} o semestre, com material incluso.",
                    "Recebi, vou ver como fica no orçamento."),
                .we("Para o curso online, o semestre fica {valor}, em até 6x.", "Ok, vou pensar."),
            ],
            objections: [
                .they("Achei o curso um pouco caro para mim agora.", "Entendo. No pagamento à vista tem 10% de desconto, ajuda?"),
                .they("Vi um aplicativo de inglês bem mais barato.",
                      "O aplicativo ajuda, mas aqui você conversa com um professor toda semana."),
            ],
            closings: [
                .they("Gostei da aula experimental, quero fazer a matrícula.", "Que ótimo! Te mando o link da matrícula."),
                .we("Matrícula feita! Sua turma de inglês começa {dia} às 19h.", "Perfeito, já anotei aqui!"),
            ],
            deliveredOurs: ["Parabéns pelo primeiro módulo de inglês concluído, {nome}! 🎓",
                            "Seu certificado do semestre já está disponível."],
            deliveredTheirs: ["Já consegui fazer minha primeira reunião em inglês!", "Adorando as aulas, {obrigado}!"]),

        DemoTopic(
            title: "Reforma da cozinha – {cliente}", subject: "reforma da cozinha", reais: 8_000...45_000, consumer: true,
            customerOpenings: [
                "Oi! Queria um orçamento para reformar a cozinha, trocar piso e bancada.",
                "{saudacao}! Vocês fazem reforma de cozinha completa?",
            ],
            agentOpenings: [
                "Olá, {nome}! Aqui é {agente}, da construtora. Recebi seu pedido de orçamento da reforma 🙂",
                "{saudacao}, {nome}! {agente} falando. Vi que você quer reformar a cozinha.",
            ],
            discovery: [
                .we("Qual o tamanho da cozinha, mais ou menos?", "Uns 12 metros quadrados."),
                .we("Vai mexer na parte elétrica e hidráulica também?", "Sim, quero mudar a pia de lugar."),
                .we("Você já escolheu o revestimento?", "Ainda não, queria umas sugestões."),
                .we("Posso passar aí {dia} para medir a cozinha?", "Pode, estou em casa depois das 17h."),
            ],
            questions: [
                .they("Quanto tempo dura a obra?", "Em média 30 dias, dependendo do revestimento."),
                .they("Vocês retiram o entulho?", "Retiramos, a caçamba está inclusa."),
                .they("Precisa de autorização do condomínio para a obra?",
                      "Precisa, e nós preparamos a documentação com o responsável técnico."),
            ],
            quotes: [
                .we("Segue o orçamento da reforma: demolição, elétrica, hidráulica, piso e bancada, por {valor}.",
                    "Recebi, vou olhar com calma."),
                .we("Fechei o orçamento da obra com o porcelanato que você escolheu: {valor}, com mão de obra e material.",
                    "Ok, vou analisar."),
            ],
            objections: [
                .they("Passou do que eu tinha separado para a obra.",
                      "Dá para manter a pia no lugar: sem mexer na hidráulica, baixa uns 10%."),
                .they("Outro pedreiro me passou um valor menor.",
                      "Vale comparar: a nossa obra tem responsável técnico e garantia de 5 anos."),
            ],
            closings: [
                .they("Podemos começar a obra! Quando vocês conseguem?", "Consigo começar {dia} da semana que vem."),
                .we("A obra começou hoje, a demolição termina amanhã.", "Ótimo, o barulho é o de menos 😄"),
            ],
            deliveredOurs: ["Cozinha entregue! 🏠 Qualquer ajuste, estamos à disposição.",
                            "Obra concluída e limpa ✅ O termo de garantia vai por e-mail."],
            deliveredTheirs: ["A cozinha ficou linda, nem parece a mesma!", "Já estou cozinhando na cozinha nova, {obrigado}!"]),
    ]
}
