import Foundation
import Testing
@testable import RetomaCore

/// The stricter gate and the minimum fit for sending, on drafts Gemma 3 270M really wrote for the evaluation
/// set (bench/out/drafts-gemma.jsonl; all of them passed the gate of that run) and on texts a salesperson
/// would send in the same conversations, which must keep passing.
@Suite struct DraftGateRealDraftsTests {
    static let cases: [String: DraftEvalCase] = {
        let set = try! DraftEvalCase.decodeSet(try! Data(contentsOf: DraftEvalSetTests.file))
        return Dictionary(uniqueKeysWithValues: set.map { ($0.id, $0) })
    }()

    static func context(_ id: String) -> FollowUpContext { cases[id]!.context }

    static func problems(_ id: String, _ text: String) -> [DraftProblem] {
        let context = context(id)
        return DraftGate.check(text, context: context, earlier: context.recentMessages.filter { $0.author == .followup }.map(\.text))
    }

    @Test(arguments: [
        // Numbers nobody on our side gave.
        ("interesse-carro-longo", "Oi, Eduardo! Consegui ver o Corolla 2024 com preço e condições de financiamento. Se você quer um teste, agende uma visita.", "invented_number"),
        ("interesse-carro-longo", "Oi, Eduardo! Como você conseguiu que o Corolla 2023 de Eduardo siga em dia?", "invented_number"),
        ("interesse-pede-preco-falso", "Oi, Renata! O sofá está muito bonito, mas você ainda tem mais de 12 dias para receber.", "invented_number"),
        ("retorno-energia", "Oi, Cláudio! Estou em contato com você pelo prazo de 5 dias.", "invented_number"),
        ("docs-matricula", "Oi, Patrícia! A partir daqui você pode ver os valores com a matrícula e o valor do seguro de 12 anos.", "invented_number"),
        ("interesse-pede-preco-falso", "Oi, Renata! Para confirmar, ligar para 111 ou falar com o gerente.", "invented_number"),
        ("orcamento-buffet-fechado", "Oi, Camila! Como você quer um orçamento para 150 pessoas, posso te ajudar?", "invented_number"),
        ("docs-seguro-email", "Oi, Roberto! Atendemos 24h, é só me chamar.", "invented_number"),
        // Things said to have happened that our side's messages never show.
        ("orcamento-contabilidade-longo", "Oi, Paulo! Consegui conversar com sua sócia sobre a transição de MEI para ME. Estou esperando o seu retorno.", "unsupported_claim"),
        ("orcamento-pintura-curto", "Oi, Fernanda! Já falei com você e a pintura é para 2 quartos. Se você tiver alguma dúvida, estou à disposição.", "unsupported_claim"),
        ("orcamento-site-padaria", "Oi, Ricardo! Cheguei a ver o seu orçamento e posso te ajudar com uma novidade. Tenho certeza que você vai gostar do resultado!", "unsupported_claim"),
        ("docs-fechado", "Oi, Marcelo! Como eu falei, você tem que assinar o contrato e a cópia do RG.", "unsupported_claim"),
        ("docs-pediu-tempo", "Oi, Helena! Te mandei a proposta do plano de saúde. Conseguiu ver?", "unsupported_claim"),
        // A request the customer never made (the local writer's "Tudo bem? Você…" lead, copying the return sample).
        ("orcamento-site-padaria", "Oi, Ricardo! Tudo bem? Você pediu para me enviar o orçamento da padaria? Se precisar de ajuda, é só me chamar.", "unsupported_claim"),
        ("orcamento-buffet-fechado", "Oi, Camila! Tudo bem? Você pediu para eu voltar a falar o orçamento do buffet: podemos retomar? Estou à disposição.", "unsupported_claim"),
        ("docs-seguro-email", "Oi, Roberto! O seguro da casa está disponível para você. Vamos começar a pagar o valor?", "unsupported_claim"),
        ("docs-seguro-email", "Oi, Roberto! Recebi os documentos, obrigado. Posso seguir com a apólice?", "unsupported_claim"),
        // The customer spoken of as someone else.
        ("interesse-curso-ingles", "Oi, Bruno! Se o cliente não tem interesse, devolva a conversa e me dê um dia para que você faça o teste.", "third_person"),
        ("recusou-reforma", "Oi, Fábio! Sim, é só a conversa com o comprador.", "third_person"),
        ("recusou-fechado-longo", "Oi, Priscila! Estou com o pacote do vídeo só. Como pode se vender para um novo cliente?", "third_person"),
        // Questions only we could answer.
        ("orcamento-manda-link", "Oi, Thiago! Obrigado pela oportunidade de trocar o piso e box. Como pago?", "question_to_self"),
        ("orcamento-site-padaria", "Oi, Ricardo! Como conseguimos dar uma olhada?", "question_to_self"),
        ("recusou-internet", "Oi, Jéssica! Como posso pagar com 500 mega?", "question_to_self"),
        ("orcamento-ingles", "Oi, Daniel! Como posso traduzir o contrato de 12 páginas do inglês para um pedido?", "question_to_self"),
        ("interesse-viagem", "Oi, Aline! Onde estou?", "question_to_self"),
        // Words that do not agree with the contact, and constructions no one writes.
        ("docs-pediu-tempo", "Oi, Helena! Você ficou satisfeito com a proposta da saúde familiar?", "wrong_agreement"),
        ("recusou-pediu-tempo", "Oi, Natália! Estou aqui para ajudá-lo a economizar. Vamos conversar mais?", "wrong_agreement"),
        ("docs-matricula", "Oi, Patrícia! Passando para lembrando do comprovante de residência. Se precisar de ajuda, me chama.", "ungrammatical"),
        ("interesse-notebook", "Oi, Gustavo! Os notebooks com RTX seguem aqui. Se você for interessado, me conta!", "ungrammatical"),
        ("interesse-viagem", "Oi, Aline! Como você acha que o pacote de Noronha pode ser para um casal?", "ungrammatical"),
        // Opening as if the customer had just said something.
        ("orcamento-pintura-curto", "Oi, Fernanda! Agora o que você quer pra pintar este apê de 2 quartos?", "non_sequitur"),
        ("docs-seguro-email", "Oi, Roberto! Agora você pode ver os meus endereços, e agora temos um bom seguro. Como posso ajudar você?", "non_sequitur"),
        // Data no one asks for by message (a draft at temperature 0.3).
        ("orcamento-buffet-fechado", "Oi, Camila! O cardápio para 120 convidados é em R$ 18.000,00. Se você não conseguiu nos atender, me chama no WhatsApp e informe o número do seu cartão de crédito.", "sensitive_request"),
        ("docs-seguro-email", "Oi, Roberto! Para ativar o seguro residencial, me passe a senha do aplicativo do banco. Pode ser?", "sensitive_request"),
        // Offering the quote our side already sent.
        ("orcamento-ar-condicionado", "Oi, Luciana! Que tal fazer um orçamento para a instalação?", "non_sequitur"),
        ("orcamento-buffet-fechado", "Oi, Camila! Como estamos falando, é hora de voltar pra conversa e fazer o orçamento.", "non_sequitur"),
        // A sample's request leaking into a deal that never spoke of documents.
        ("orcamento-manda-link", "Oi, Thiago! Passamos para lembrar do pagamento e da reforma. Se precisar de ajuda com algum documento, é só me chamar.", "prompt_echo"),
    ])
    func realDraftsAreRefused(id: String, text: String, code: String) {
        let codes = Self.problems(id, text).map(\.code)
        #expect(codes.contains(code), "\(codes)")
    }

    /// What a salesperson would send in the same conversations passes the gate and the minimum fit: numbers,
    /// claims, first-person questions and agreement that the conversation backs.
    @Test(arguments: [
        // Numbers from our messages, the deal or the column; an ordinal; a list's own figure.
        ("orcamento-pintura-curto", "Oi, Fernanda! Conseguiu analisar o orçamento da pintura dos 2 quartos? Qualquer dúvida, estou à disposição."),
        ("interesse-academia", "Oi, Mariana! Ainda temos vaga nas turmas das 7h no plano trimestral. Quer que eu reserve a sua?"),
        ("interesse-notebook", "Oi, Gustavo! O notebook com 32 GB de RAM segue disponível por R$ 7.499,00. Quer que eu separe para você?"),
        ("orcamento-site-padaria", "Oi, Ricardo! Como já faz mais de 10 dias, consigo 10% de desconto no site da padaria. Vamos fechar? Posso te ajudar?"),
        ("recusou-internet", "Oi, Jéssica! Revisamos o plano de 500 mega: no 1º mês você não paga a instalação. Posso te explicar?"),
        // Claims the conversation backs: we agreed to come back, we sent the quote.
        ("retorno-energia", "Oi, Cláudio! Como combinamos, estou voltando a falar sobre a energia solar do sítio. Podemos conversar esta semana?"),
        ("retorno-eventos-longo", "Oi, Leonardo! Como combinado, volto a falar da festa de fim de ano. Você já teve a reunião de orçamento?"),
        // A request the column says was agreed (the local writer's draft on the evaluation set).
        ("retorno-software", "Oi, Isabela! Tudo bem? Você pediu para eu voltar a falar este mês sobre o sistema de gestão? Se precisar de ajuda, é só me chamar."),
        ("orcamento-pintura-curto", "Oi, Fernanda! Conseguiu ver o orçamento da pintura que te enviei? Fico à disposição."),
        ("interesse-notebook", "Oi, Gustavo! O notebook com RTX está disponível. Posso separar para você?"),
        // First-person questions that ask the customer's leave or offer help.
        ("orcamento-ar-condicionado", "Oi, Luciana! Posso agendar a instalação dos 3 aparelhos para a semana que vem?"),
        ("interesse-quase-sem-mensagens", "Oi, Sofia! O kit de maquiagem está quase esgotado. Como posso ajudar?"),
        // No quote went out yet: offering one is the next step.
        ("interesse-quase-sem-mensagens", "Oi, Sofia! Que tal fazer um orçamento do kit de maquiagem para você?"),
        // Agreement: a woman's participle to a woman, a man's to a man.
        ("docs-pediu-tempo", "Oi, Helena! Você ficou satisfeita com a proposta do plano de saúde? Quando voltar de viagem, me mande as carteirinhas, pode ser?"),
        ("interesse-carro-longo", "Oi, Eduardo! Você ficou interessado no Corolla 2022? Quer agendar um test drive?"),
        // Paying by card is no request for the card's data.
        ("interesse-notebook", "Oi, Gustavo! O notebook com RTX sai em até 10x no cartão de crédito. Quer que eu separe para você?"),
        // "vê-lo" is the product, not the contact; "vi que" is about the customer's silence.
        ("interesse-notebook", "Oi, Gustavo! Vi que você ainda pensa no notebook com RTX. Quer vê-lo na loja esta semana?"),
        ("interesse-academia", "Oi, Mariana! O plano trimestral de pilates segue com vaga. Quer vê-lo com calma? Posso te explicar tudo."),
        ("docs-matricula", "Oi, Patrícia! Passando para lembrar da certidão de nascimento para a matrícula da Laura. Se precisar de ajuda, me chama."),
    ])
    func sendableDraftsPass(id: String, text: String) {
        #expect(Self.problems(id, text) == [])
        #expect(DraftFit.missing(text, context: Self.context(id)) == [])
    }

    @Test func aNumberIsTheSameInAnyWriting() {
        #expect(DraftGate.numberForms("4.800,00") == ["4800"])
        #expect(DraftGate.numberForms("4800") == ["4800"])
        #expect(DraftGate.numberForms("04") == ["4"])
        #expect(DraftGate.numberForms("1.200,50") == ["1200,50"])
        #expect(DraftGate.numberForms("2,5") == ["2,5"])
        #expect(DraftGate.numberForms("0") == ["0"])
        // A huge figure is compared as text, never converted (no overflow).
        #expect(DraftGate.numberForms(String(repeating: "9", count: 40)) == [String(repeating: "9", count: 40)])
        // "R$ 4.800" is the deal's R$ 4.800,00 and "14/04" a date our side wrote.
        let context = Self.context("orcamento-pintura-curto")
        #expect(!DraftGate.check("Oi, Fernanda! Os R$ 4.800 incluem o material. Posso ajudar?", context: context, earlier: [])
            .map(\.code).contains("invented_number"))
        #expect(DraftGate.check("Oi, Fernanda! Os 3 quartos incluem o material. Posso ajudar?", context: context, earlier: [])
            .contains(.inventedNumber("3")))
    }

    /// The customer's own numbers vouch for nothing, as with prices: "mais de 10 dias" is ours only when we said it.
    @Test func theCustomersNumbersDoNotVouch() {
        let context = Self.context("recusou-pediu-tempo")
        var withNumber = context
        withNumber.recentMessages.append(Message(id: 99, dealID: 1, author: .customer, text: "Me liga daqui a 15 dias",
                                                 at: context.now.addingTimeInterval(-60)))
        let draft = "Oi, Natália! Volto a falar em 15 dias sobre o tratamento ortodôntico. Pode ser?"
        #expect(DraftGate.check(draft, context: withNumber, earlier: []).contains(.inventedNumber("15")))
        withNumber.recentMessages.append(Message(id: 100, dealID: 1, author: .agent, text: "Combinado, falo com você em 15 dias.",
                                                 at: context.now.addingTimeInterval(-30)))
        #expect(!DraftGate.check(draft, context: withNumber, earlier: []).map(\.code).contains("invented_number"))
    }

    /// A claim is backed by our side's messages or the column, never by the customer's.
    @Test func aClaimNeedsOurSide() {
        let context = Self.context("orcamento-contabilidade-longo")
        let draft = "Oi, Paulo! Como combinamos, volto a falar da contabilidade. Conseguiu conversar com sua sócia?"
        #expect(DraftGate.check(draft, context: context, earlier: []).contains(.unsupportedClaim("combinamos")))
        var agreed = context
        agreed.config.instructions = "Cliente combinou retorno no próximo mês. Retome o contato e mostre que você acompanhou o combinado."
        #expect(!DraftGate.check(draft, context: agreed, earlier: []).map(\.code).contains("unsupported_claim"))
    }

    @Test(arguments: [
        ("Oi, Fernanda! A minha dica para você ser muito feliz com esse apartamento.", [DraftFit.Signal.questionOrOffer]),
        ("Olá! Quando puder, me dê um retorno sobre a pintura. Posso ajudar?", [DraftFit.Signal.firstName]),
        ("Oi, Fernanda! Como você está? Posso ajudar?", [DraftFit.Signal.subject]),
        // "Vamos continuar?" asks nothing of the customer.
        ("Oi, Fernanda! A pintura do apartamento é o melhor investimento. Vamos continuar?", [DraftFit.Signal.questionOrOffer]),
        ("Oi, Fernanda! A pintura do apartamento está agendada. A equipe chega cedo. O material é nosso. A obra leva dois dias. Posso ajudar?",
         [DraftFit.Signal.brief]),
        ("Oi, Fernanda! " + String(repeating: "A pintura do apartamento e da sala, com a cozinha e o material incluso, ", count: 3) + "posso ajudar?",
         [DraftFit.Signal.brief]),
    ])
    func theMinimumFitNamesWhatIsMissing(text: String, missing: [DraftFit.Signal]) {
        #expect(DraftFit.missing(text, context: Self.context("orcamento-pintura-curto")) == missing)
    }

    @Test func aTitleOfCommonWordsIsItsOwnSubject() {
        var context = Self.context("orcamento-pintura-curto")
        context.deal.title = "Orçamento Fernanda"
        context.recentMessages = []
        #expect(DraftFit.missing("Oi, Fernanda! Conseguiu olhar o orçamento? Posso ajudar?", context: context) == [])
        #expect(DraftFit.missing("Oi, Fernanda! Você conseguiu olhar? Posso ajudar?", context: context) == [.subject])
    }
}
