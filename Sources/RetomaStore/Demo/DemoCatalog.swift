/// The raw material of the demo board: Brazilian people, businesses and what they buy.
enum DemoCatalog {
    static let boardName = "Vendas"
    static let columnNames = ["Prospecção", "Em andamento", "Aguardando resposta", "Concluído"]

    static let firstNames = [
        "Ana", "Beatriz", "Camila", "Daniela", "Fernanda", "Gabriela", "Juliana", "Larissa", "Mariana",
        "Patrícia", "Renata", "Sabrina", "Tatiane", "Vanessa", "Aline", "Letícia", "Luana", "Débora",
        "Cláudia", "Simone", "Márcia", "Priscila", "Jéssica", "Luciana", "Carolina", "Rosângela",
        "Carlos", "Rafael", "Thiago", "Lucas", "Gustavo", "Felipe", "Rodrigo", "Marcelo", "Bruno",
        "André", "Eduardo", "João Pedro", "Leandro", "Paulo", "Ricardo", "Sérgio", "Vinícius", "Fábio",
        "Diego", "Márcio", "Antônio", "José Carlos", "Henrique", "Caio",
    ]

    static let surnames = [
        "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima",
        "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes",
        "Vieira", "Barbosa", "Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques",
        "Machado", "Mendes", "Freitas", "Cardoso", "Teixeira", "Cavalcanti", "Monteiro", "Batista",
        "Araújo", "Conceição", "Magalhães", "Brandão", "Guimarães",
    ]

    /// Real area codes (DDD), weighted towards the big cities.
    static let areaCodes = [
        11, 11, 11, 11, 21, 21, 21, 31, 31, 41, 47, 48, 51, 51, 61, 62, 71, 81, 85, 91, 92, 27, 19, 13,
        15, 16, 12, 24, 34, 43, 44, 54, 65, 67, 79, 82, 83, 84, 86, 98,
    ]

    static let businesses = [
        "Clínica Sorriso", "Escola Aurora", "Padaria Pão Dourado", "Academia Movimento",
        "Construtora Horizonte", "Pet Shop Amigo Fiel", "Restaurante Sabor da Terra",
        "Lima & Costa Advogados", "Farmácia Vida Plena", "Hotel Mar Azul", "Auto Peças Rodão",
        "Colégio Santa Clara", "Studio Bella Forma", "Transportadora Rota Sul", "Mercado Bom Preço",
        "Clínica Veterinária Bicho Feliz", "Imobiliária Casa Nova", "Ótica Visão Clara",
        "Laboratório Diagnose", "Contabilidade Exata", "Pousada Recanto Verde", "Buffet Festa Boa",
        "Distribuidora Norte Forte", "Oficina do Zé", "Faculdade Horizonte Digital",
        "Cooperativa Agro Vale", "Salão Beleza Pura", "Cervejaria Serra Alta", "Lavanderia Bolha",
        "Hamburgueria Brasa & Cia", "Papelaria Arco-Íris", "Odonto Center Recife", "Café Grão Mineiro",
    ]

    /// Our own people, who sign the company's messages.
    static let agents = ["Paula", "Rafael", "Bianca", "Marcos", "Jéssica"]

    struct Product {
        /// "{n}" is the quantity; "{cliente}" the business, or the person for a consumer sale.
        var title: String
        /// How the conversation names it: "o orçamento de {subject}".
        var subject: String
        var quantity: ClosedRange<Int>?
        /// Per unit when there is a quantity, else the whole deal.
        var reais: ClosedRange<Int>
        /// Sold to a person (title names the person or family) rather than to a business.
        var consumer: Bool = false
    }

    static let products: [Product] = [
        Product(title: "Plano anual – {cliente}", subject: "plano anual", reais: 1_800...14_000),
        Product(title: "Plano mensal – {cliente}", subject: "plano mensal", reais: 149...890),
        Product(title: "Orçamento {n} cadeiras – {cliente}", subject: "cadeiras", quantity: 20...80, reais: 180...420),
        Product(title: "Renovação de contrato – {cliente}", subject: "renovação do contrato", reais: 2_400...36_000),
        Product(title: "Implantação do sistema – {cliente}", subject: "implantação do sistema", reais: 3_500...25_000),
        Product(title: "Uniformes ({n} peças) – {cliente}", subject: "uniformes", quantity: 30...200, reais: 45...90),
        Product(title: "Consultoria tributária – {cliente}", subject: "consultoria tributária", reais: 2_000...12_000),
        Product(title: "Manutenção de {n} aparelhos de ar-condicionado – {cliente}",
                subject: "manutenção dos aparelhos", quantity: 3...25, reais: 180...350),
        Product(title: "Site institucional – {cliente}", subject: "site institucional", reais: 2_500...9_000),
        Product(title: "Licenças ({n} usuários) – {cliente}", subject: "licenças do sistema", quantity: 5...60, reais: 468...1_548),
        Product(title: "Seguro frota ({n} veículos) – {cliente}", subject: "seguro da frota", quantity: 3...30, reais: 1_800...3_500),
        Product(title: "Treinamento NR-35 ({n} colaboradores) – {cliente}", subject: "treinamento NR-35", quantity: 8...40, reais: 120...260),
        Product(title: "Buffet para {n} pessoas – {cliente}", subject: "buffet", quantity: 40...300, reais: 65...140),
        Product(title: "Câmeras de segurança ({n} pontos) – {cliente}", subject: "câmeras de segurança", quantity: 4...32, reais: 350...700),
        Product(title: "Cardápio digital e delivery – {cliente}", subject: "cardápio digital", reais: 990...4_800),
        Product(title: "Reforma da cozinha – {cliente}", subject: "reforma da cozinha", reais: 8_000...45_000, consumer: true),
        Product(title: "Fotos do casamento – {cliente}", subject: "pacote de fotos", reais: 3_500...12_000, consumer: true),
        Product(title: "Energia solar – {cliente}", subject: "sistema de energia solar", reais: 14_000...38_000, consumer: true),
        Product(title: "Curso de inglês – {cliente}", subject: "curso de inglês", reais: 1_200...4_800, consumer: true),
        Product(title: "Móveis planejados – {cliente}", subject: "móveis planejados", reais: 6_000...32_000, consumer: true),
        Product(title: "Festa de 15 anos – {cliente}", subject: "festa", reais: 9_000...40_000, consumer: true),
        Product(title: "Viagem para Porto Seguro – {cliente}", subject: "pacote de viagem", reais: 4_000...15_000, consumer: true),
    ]
}
