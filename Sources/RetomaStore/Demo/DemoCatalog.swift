/// The raw material of the demo board: Brazilian people and businesses (what they buy: `DemoTopics`).
enum DemoCatalog {
    static let boardName = "Vendas"
    static let columnNames = ["Prospecção", "Em andamento", "Aguardando resposta", "Concluído"]

    /// The first `femaleFirstNames` are women's names, the rest men's ("obrigada" or "obrigado").
    static let femaleFirstNames = 26
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

    /// The column whose follow-up sends even after the ticket is closed (an after-sale message).
    static let sendsAfterCloseColumn = 3

    /// Our own people, who sign the company's messages.
    static let agents = ["Paula", "Rafael", "Bianca", "Marcos", "Jéssica"]
}
