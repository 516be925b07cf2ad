import Foundation
import RetomaCore

/// Why the store refused an operation. Every case has a one-line reason in English and pt-BR.
public enum StoreError: Error, Equatable, Sendable {
    /// The file exists but is not an SQLite database; it was not opened.
    case notADatabase(path: String)
    /// An SQLite database that Retoma did not create (other tables, no migration history); it was not changed.
    case foreignDatabase(path: String)
    /// The database was written by a newer Retoma; it was not changed.
    case newerSchema(path: String)
    /// `entity` is one of "board", "column", "deal", "contact", "message", "attempt".
    case notFound(entity: String, id: Int64)
    case invalid(InvalidInput)
    /// A form opened on an older revision of a deal or a column's follow-up was saved: nothing was written.
    case conflict(EditConflict)
    /// The file system or SQLite failed (permissions, disk full, locked for too long…).
    case io(String)

    public var message: String { message(.en) }

    public func message(_ lang: Lang) -> String {
        switch (self, lang) {
        case (.notADatabase(let path), .en):
            return "\(path) is not a Retoma database (not an SQLite file); it was left untouched"
        case (.notADatabase(let path), .pt):
            return "\(path) não é um banco de dados do Retoma (não é um arquivo SQLite); o arquivo não foi alterado"
        case (.foreignDatabase(let path), .en):
            return "\(path) is an SQLite database of another program; it was left untouched"
        case (.foreignDatabase(let path), .pt):
            return "\(path) é um banco SQLite de outro programa; o arquivo não foi alterado"
        case (.newerSchema(let path), .en):
            return "\(path) was written by a newer version of Retoma; update Retoma to open it (the file was left untouched)"
        case (.newerSchema(let path), .pt):
            return "\(path) foi gravado por uma versão mais nova do Retoma; atualize o Retoma para abri-lo (o arquivo não foi alterado)"
        case (.notFound(let entity, let id), .en):
            return "there is no \(entity) with id \(id)"
        case (.notFound(let entity, let id), .pt):
            return "não existe \(Self.portugueseEntity(entity)) com id \(id)"
        case (.invalid(let input), _):
            return input.message(lang)
        case (.conflict(let conflict), _):
            return conflict.message(lang)
        case (.io(let reason), .en):
            return "database error: \(reason)"
        case (.io(let reason), .pt):
            return "erro no banco de dados: \(reason)"
        }
    }

    private static func portugueseEntity(_ entity: String) -> String {
        switch entity {
        case "board": return "quadro"
        case "column": return "coluna"
        case "deal": return "negociação"
        case "contact": return "contato"
        case "message": return "mensagem"
        case "attempt": return "tentativa de follow-up"
        case "agent send": return "envio do agente"
        default: return entity
        }
    }
}

/// Input the store refuses, with the reason kept structured so each language can phrase it.
public enum InvalidInput: Equatable, Sendable {
    case emptyBoardName
    case duplicateBoardName(String)
    /// Deleting a board that still holds deals, with nowhere given to move them.
    case boardHasDeals(String, deals: Int)
    /// A board's deals cannot be moved to the board being deleted.
    case boardMovesToItself
    /// The board chosen to receive the deals has no column to put them in.
    case boardHasNoColumns(String)
    /// `retoma --board NAME` and `--move-to NAME` name no board.
    case noBoardNamed(String)
    /// `retoma contact … --phone P`: no contact has that number (in either form of a Brazilian mobile).
    case noContactWithPhone(String)
    case emptyColumnName
    /// A column position outside 0..<columns.
    case columnPosition(Int, columns: Int)
    case emptyTitle
    case emptyContactName
    case phone(raw: String, problem: Phone.Problem)
    case negativeValue(Int64)
    /// An e-mail address that fails the basic check (one "@", a dotted domain, no spaces).
    case email(raw: String)
    case emptyMessage
    /// A follow-up setting the dialog would refuse too (`FollowUpValidation`), in its words.
    case followUp(FieldError)
    /// The "move on max" target belongs to another board.
    case followUpTargetOnOtherBoard(columnID: Int64)
    case demoDealCount(Int)
    /// A report's period ends before it starts, or spans more than `Store.maxReportDays`.
    case reportPeriod(from: String, to: String)
    /// The operator's choice does not fit the attempt's state (e.g. resending one that is not uncertain).
    case attemptState(id: Int64, state: String)
    /// The deal already has a follow-up attempt in flight.
    case followUpInFlight(dealID: Int64)
    /// A failed attempt that reached the provider: it may have been delivered, so a retry needs a confirmation.
    case retryMayDuplicate(id: Int64)
    /// An owner's name that is not 1–40 printable characters.
    case ownerName(String)

    public func message(_ lang: Lang) -> String {
        switch lang {
        case .en: return english
        case .pt: return portuguese
        }
    }

    private var english: String {
        switch self {
        case .emptyBoardName: return "the board name cannot be empty"
        case .duplicateBoardName(let name): return "a board named \"\(name)\" already exists"
        case .boardHasDeals(let name, let deals):
            return "board \"\(name)\" still holds \(deals) \(deals == 1 ? "deal" : "deals"); move them to another board first (nothing was deleted)"
        case .boardMovesToItself: return "a board cannot move its deals to itself"
        case .boardHasNoColumns(let name): return "board \"\(name)\" has no column to receive the deals"
        case .noBoardNamed(let text): return "there is no board with id or name \"\(text)\""
        case .noContactWithPhone(let phone): return "there is no contact with the number \(phone)"
        case .emptyColumnName: return "the column name cannot be empty"
        case .columnPosition(let position, let columns):
            return "position \(position) does not exist: the board has \(columns) \(columns == 1 ? "column" : "columns"), at positions 0 to \(max(columns - 1, 0))"
        case .emptyTitle: return "the deal title cannot be empty"
        case .emptyContactName: return "the contact name cannot be empty"
        case .phone(let raw, let problem):
            switch problem {
            case .empty: return "the phone number cannot be empty"
            case .invalidCharacters(let ch): return "malformed phone \"\(raw)\": unexpected character \"\(ch)\""
            case .wrongLength(let digits): return "malformed phone \"\(raw)\": \(digits) digits is not a valid length"
            case .badBrazilianAreaCode(let ddd): return "malformed phone \"\(raw)\": \(ddd) is not a Brazilian area code (DDD)"
            case .badBrazilianLocalNumber(let n):
                return "malformed phone \"\(raw)\": \(n) is not a Brazilian number (mobiles have 9 digits starting with 9, landlines 8)"
            }
        case .negativeValue(let cents): return "the deal value cannot be negative (\(Money.format(cents: cents)))"
        case .email(let raw): return "malformed e-mail \"\(raw)\"; write it like maria@empresa.com.br"
        case .emptyMessage: return "the message text cannot be empty"
        case .followUp(let error): return error.message(.en)
        case .followUpTargetOnOtherBoard(let id): return "column \(id) belongs to another board"
        case .demoDealCount(let n): return "the demo needs a deal count of 0 or more (got \(n))"
        case .reportPeriod(let from, let to):
            return "the report's period must start on or before its end and span at most 3660 days (got \(from) to \(to))"
        case .attemptState(let id, let state):
            return "attempt \(id) is \(state): only an unsettled uncertain attempt can be resent or marked as done, "
                + "and only an unsettled failed one retried"
        case .followUpInFlight(let dealID): return "deal \(dealID) already has a follow-up in progress"
        case .retryMayDuplicate(let id):
            return "attempt \(id) reached WhatsApp before it failed, so the customer may already have it; "
                + "retrying may send a second message (confirm to retry anyway)"
        case .ownerName(let name):
            return "the owner must be 1 to \(OperatorName.maxLength) printable characters (got \"\(name)\")"
        }
    }

    private var portuguese: String {
        switch self {
        case .emptyBoardName: return "o nome do quadro não pode ficar vazio"
        case .duplicateBoardName(let name): return "já existe um quadro chamado \"\(name)\""
        case .boardHasDeals(let name, let deals):
            return "o quadro \"\(name)\" ainda tem \(deals) \(deals == 1 ? "negociação" : "negociações"); mova-as para outro quadro antes (nada foi apagado)"
        case .boardMovesToItself: return "um quadro não pode mover as negociações para ele mesmo"
        case .boardHasNoColumns(let name): return "o quadro \"\(name)\" não tem coluna para receber as negociações"
        case .noBoardNamed(let text): return "não existe quadro com id ou nome \"\(text)\""
        case .noContactWithPhone(let phone): return "não existe contato com o número \(phone)"
        case .emptyColumnName: return "o nome da coluna não pode ficar vazio"
        case .columnPosition(let position, let columns):
            return "a posição \(position) não existe: o quadro tem \(columns) \(columns == 1 ? "coluna" : "colunas"), nas posições 0 a \(max(columns - 1, 0))"
        case .emptyTitle: return "o título da negociação não pode ficar vazio"
        case .emptyContactName: return "o nome do contato não pode ficar vazio"
        case .phone(let raw, let problem):
            switch problem {
            case .empty: return "o telefone não pode ficar vazio"
            case .invalidCharacters(let ch): return "telefone inválido \"\(raw)\": caractere inesperado \"\(ch)\""
            case .wrongLength(let digits): return "telefone inválido \"\(raw)\": \(digits) dígitos não é um tamanho válido"
            case .badBrazilianAreaCode(let ddd): return "telefone inválido \"\(raw)\": \(ddd) não é um DDD brasileiro"
            case .badBrazilianLocalNumber(let n):
                return "telefone inválido \"\(raw)\": \(n) não é um número brasileiro (celular tem 9 dígitos começando por 9; fixo, 8)"
            }
        case .negativeValue(let cents): return "o valor da negociação não pode ser negativo (\(Money.format(cents: cents)))"
        case .email(let raw): return "e-mail inválido \"\(raw)\"; escreva como maria@empresa.com.br"
        case .emptyMessage: return "o texto da mensagem não pode ficar vazio"
        case .followUp(let error): return error.message(.pt)
        case .followUpTargetOnOtherBoard(let id): return "a coluna \(id) pertence a outro quadro"
        case .demoDealCount(let n): return "a demonstração precisa de 0 ou mais negociações (recebido \(n))"
        case .reportPeriod(let from, let to):
            return "o período do relatório deve começar até o seu fim e ter no máximo 3660 dias (recebido \(from) a \(to))"
        case .attemptState(let id, let state):
            return "a tentativa \(id) está \(state): só uma tentativa incerta não resolvida pode ser reenviada ou "
                + "marcada como feita, e só uma que falhou pode ser tentada de novo"
        case .followUpInFlight(let dealID): return "a negociação \(dealID) já tem um follow-up em andamento"
        case .retryMayDuplicate(let id):
            return "a tentativa \(id) chegou ao WhatsApp antes de falhar, então o cliente pode já tê-la recebido; "
                + "tentar de novo pode mandar uma segunda mensagem (confirme para tentar mesmo assim)"
        case .ownerName(let name):
            return "o responsável deve ter de 1 a \(OperatorName.maxLength) caracteres imprimíveis (recebido \"\(name)\")"
        }
    }
}

/// Someone saved a newer revision of what a form was editing.
public struct EditConflict: Equatable, Sendable {
    public enum Subject: Equatable, Sendable {
        case deal(Int64)
        case followUp(columnID: Int64)
    }
    public var subject: Subject
    /// The revision stored now.
    public var revision: Int
    /// Who saved it, and when.
    public var operatorName: String
    public var at: Date

    public init(subject: Subject, revision: Int, operatorName: String, at: Date) {
        self.subject = subject; self.revision = revision; self.operatorName = operatorName; self.at = at
    }

    /// "14:03", Brasília time.
    public var clock: String {
        let wall = BrazilTime.wallClock(at)
        return String(format: "%02d:%02d", wall.hour, wall.minute)
    }

    public func message(_ lang: Lang) -> String {
        switch (subject, lang) {
        case (.deal(let id), .en):
            return "deal \(id) was changed by \(operatorName) at \(clock) after it was opened; nothing was saved"
        case (.deal(let id), .pt):
            return "a negociação \(id) foi alterada por \(operatorName) às \(clock) depois de aberta; nada foi salvo"
        case (.followUp(let id), .en):
            return "the follow-up of column \(id) was changed by \(operatorName) at \(clock) after it was opened; nothing was saved"
        case (.followUp(let id), .pt):
            return "o follow-up da coluna \(id) foi alterado por \(operatorName) às \(clock) depois de aberto; nada foi salvo"
        }
    }
}
