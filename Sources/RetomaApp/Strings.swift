import Foundation
import RetomaCore

/// Every piece of interface text, in pt-BR (the seed's own words) and English.
public enum S: Sendable {
    case appName, quit, help, back, save, cancel, yes, no
    case columns, cards, open, ticketOpen, ticketClosed, fromCustomer, fromUs, fromFollowUp, noMessages
    case terminalTooSmall(Size2, Size2)
    case filterPrompt, filterActive(String), noMatches
    case emptyColumn, emptyBoard
    case newDeal, editDeal, newColumn, renameColumn
    case fieldTitle, fieldContact, fieldPhone, fieldValue, fieldClosed, fieldColumnName
    case confirmDeleteDeal(String), confirmDeleteColumn(String, Int), confirmDiscard
    case demoOffer, demoCreated, emptyBoardCreated
    case saved, deleted, moved, ticketNowClosed, ticketNowOpen, messageRecorded
    case writeAsCompany, writeAsCustomer, messageEmpty
    case errTitleEmpty, errNameEmpty, errValue, errPhone(String)
    case followUpSaved(String, Bool, String)
    case attemptResent, attemptMarkedDone, attemptRetried
    case dealHeader, contactLabel, phoneLabel, valueLabel, columnLabel, ticketLabel, conversation
    case ago(String)
    case helpTitle, helpGlobal, helpBoard, helpDeal, helpForm, helpMonitor
    case keyDesc(KeyAction)

    public struct Size2: Sendable, Equatable { public var w: Int; public var h: Int; public init(_ w: Int, _ h: Int) { self.w = w; self.h = h } }

    public func text(_ lang: Lang) -> String {
        let pt = lang == .pt
        switch self {
        case .appName: return "Retoma"
        case .quit: return pt ? "sair" : "quit"
        case .help: return pt ? "ajuda" : "help"
        case .back: return pt ? "voltar" : "back"
        case .save: return pt ? "Salvar" : "Save"
        case .cancel: return pt ? "Cancelar" : "Cancel"
        case .yes: return pt ? "sim" : "yes"
        case .no: return pt ? "não" : "no"
        case .columns: return pt ? "colunas" : "columns"
        case .cards: return pt ? "negociações" : "deals"
        case .open: return pt ? "abrir" : "open"
        case .ticketOpen: return pt ? "aberto" : "open"
        case .ticketClosed: return pt ? "finalizado" : "closed"
        case .fromCustomer: return pt ? "cliente" : "customer"
        case .fromUs: return pt ? "empresa" : "company"
        case .fromFollowUp: return pt ? "follow-up" : "follow-up"
        case .noMessages: return pt ? "sem mensagens" : "no messages"
        case let .terminalTooSmall(have, need):
            return pt ? "Terminal pequeno demais: \(have.w)×\(have.h). Aumente para pelo menos \(need.w)×\(need.h)."
                      : "Terminal too small: \(have.w)×\(have.h). Make it at least \(need.w)×\(need.h)."
        case .filterPrompt: return pt ? "Filtrar: " : "Filter: "
        case let .filterActive(f): return pt ? "filtro: \(f)" : "filter: \(f)"
        case .noMatches: return pt ? "nada encontrado" : "no matches"
        case .emptyColumn: return pt ? "(vazia)" : "(empty)"
        case .emptyBoard: return pt ? "Quadro sem colunas. Pressione C para criar uma." : "No columns yet. Press C to create one."
        case .newDeal: return pt ? "Nova negociação" : "New deal"
        case .editDeal: return pt ? "Editar negociação" : "Edit deal"
        case .newColumn: return pt ? "Nova coluna" : "New column"
        case .renameColumn: return pt ? "Renomear coluna" : "Rename column"
        case .fieldTitle: return pt ? "Título" : "Title"
        case .fieldContact: return pt ? "Contato" : "Contact"
        case .fieldPhone: return pt ? "WhatsApp" : "WhatsApp"
        case .fieldValue: return pt ? "Valor (R$)" : "Value (R$)"
        case .fieldClosed: return pt ? "Chamado finalizado" : "Ticket closed"
        case .fieldColumnName: return pt ? "Nome" : "Name"
        case let .confirmDeleteDeal(t): return pt ? "Excluir a negociação “\(t)”?" : "Delete the deal “\(t)”?"
        case let .confirmDeleteColumn(n, c):
            if c == 0 { return pt ? "Excluir a coluna “\(n)”?" : "Delete the column “\(n)”?" }
            return pt ? "Excluir a coluna “\(n)” e suas \(c) negociações?" : "Delete the column “\(n)” and its \(c) deals?"
        case .confirmDiscard: return pt ? "Descartar alterações?" : "Discard changes?"
        case .demoOffer: return pt ? "Banco de dados novo. Criar o quadro de demonstração “Vendas”?" : "New database. Create the demo board “Vendas”?"
        case .demoCreated: return pt ? "Quadro de demonstração criado." : "Demo board created."
        case .emptyBoardCreated: return pt ? "Quadro vazio criado." : "Empty board created."
        case .saved: return pt ? "Salvo." : "Saved."
        case .deleted: return pt ? "Excluído." : "Deleted."
        case .moved: return pt ? "Movido." : "Moved."
        case .ticketNowClosed: return pt ? "Chamado finalizado." : "Ticket closed."
        case .ticketNowOpen: return pt ? "Chamado reaberto." : "Ticket reopened."
        case .messageRecorded: return pt ? "Mensagem registrada." : "Message recorded."
        case .writeAsCompany: return pt ? "Mensagem da empresa" : "Message from the company"
        case .writeAsCustomer: return pt ? "Resposta do cliente (sandbox)" : "Customer reply (sandbox)"
        case .messageEmpty: return pt ? "A mensagem está vazia." : "The message is empty."
        case .errTitleEmpty: return pt ? "informe um título" : "enter a title"
        case .errNameEmpty: return pt ? "informe um nome" : "enter a name"
        case .errValue: return pt ? "valor inválido (ex.: 1.200,50)" : "invalid value (e.g. 1200.50)"
        case let .errPhone(r): return r
        case .attemptResent: return pt ? "O envio incerto será feito de novo." : "The uncertain send will be made again."
        case .attemptMarkedDone: return pt ? "Envio incerto marcado como concluído." : "Uncertain send marked as done."
        case .attemptRetried: return pt ? "O envio que falhou será tentado de novo." : "The failed send will be tried again."
        case let .followUpSaved(column, on, every):
            if on { return pt ? "Follow-up salvo para “\(column)”: ligado, a cada \(every)." : "Follow-up saved for “\(column)”: on, every \(every)." }
            return pt ? "Follow-up salvo para “\(column)”: desligado." : "Follow-up saved for “\(column)”: off."
        case .dealHeader: return pt ? "Negociação" : "Deal"
        case .contactLabel: return pt ? "Contato" : "Contact"
        case .phoneLabel: return "WhatsApp"
        case .valueLabel: return pt ? "Valor" : "Value"
        case .columnLabel: return pt ? "Coluna" : "Column"
        case .ticketLabel: return pt ? "Chamado" : "Ticket"
        case .conversation: return pt ? "Conversa" : "Conversation"
        case let .ago(s): return pt ? "há \(s)" : "\(s) ago"
        case .helpTitle: return pt ? "Teclas" : "Keys"
        case .helpGlobal: return pt ? "Em qualquer lugar" : "Anywhere"
        case .helpBoard: return pt ? "Quadro" : "Board"
        case .helpDeal: return pt ? "Negociação" : "Deal"
        case .helpForm: return pt ? "Formulários" : "Forms"
        case .helpMonitor: return pt ? "Monitor de envios" : "Send monitor"
        case let .keyDesc(a): return a.describe(lang)
        }
    }
}

extension Lang {
    func t(_ s: S) -> String { s.text(self) }
}

/// Phone problems in words.
func describe(_ p: Phone.Problem, _ lang: Lang) -> String {
    let pt = lang == .pt
    switch p {
    case .empty: return pt ? "informe o WhatsApp" : "enter the WhatsApp number"
    case let .invalidCharacters(c): return pt ? "caractere inválido “\(c)” no telefone" : "invalid character “\(c)” in the phone"
    case let .wrongLength(d): return pt ? "telefone com \(d) dígitos não é válido" : "a phone with \(d) digits is not valid"
    case let .badBrazilianAreaCode(ddd): return pt ? "DDD \(ddd) não existe" : "area code \(ddd) does not exist"
    case let .badBrazilianLocalNumber(n):
        return pt ? "número \(n) inválido: celular tem 9 dígitos começando por 9; fixo tem 8 dígitos"
                  : "number \(n) is not valid: mobiles have 9 digits starting with 9; landlines have 8 digits"
    }
}

/// "5 min", "3 h", "2 d" — the age of the last message on a card.
func shortAge(from then: Date, to now: Date, _ lang: Lang) -> String {
    let s = max(0, Int(now.timeIntervalSince(then)))
    if s < 60 { return lang == .pt ? "agora" : "now" }
    if s < 3600 { return "\(s / 60) min" }
    if s < 86_400 { return "\(s / 3600) h" }
    if s < 86_400 * 60 { return "\(s / 86_400) d" }
    return lang == .pt ? "\(s / (86_400 * 30)) meses" : "\(s / (86_400 * 30)) mo"
}
