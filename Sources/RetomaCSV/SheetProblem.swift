import Foundation
import RetomaCore
import RetomaStore

/// Why a spreadsheet, or one of its lines, cannot be imported. Every case has a one-line reason in pt-BR and English.
public enum SheetProblem: Error, Equatable, Sendable {
    // The file as a whole.
    case missingFile(String)
    case isDirectory(String)
    case unreadable(String, reason: String)
    case empty
    /// The first line is blank: nothing names the columns.
    case noHeader
    /// Required keys no header names.
    case missingColumns([DealKey], recognisedAny: Bool)
    /// The same header text twice (columns are 1-based).
    case duplicateHeader(String, columns: [Int])
    /// Two headers both read as one key.
    case ambiguousHeader(DealKey, [String])
    case malformedMap(String)
    case unknownMapKey(String)
    case mapHeaderNotFound(DealKey, String)
    /// A quote opened on this line is never closed: the rest of the file would be one field.
    case unclosedQuote

    // One line.
    case fieldCount(got: Int, expected: Int)
    case invalid(InvalidInput)
    case value(String)
    case ticket(String)
    case date(String)
    /// Later than now (plus the store's 5 minutes of allowed clock skew).
    case futureDate(String)
    case author(String)
    case dateWithoutAuthor
    case authorWithoutDate
    case textWithoutDate
    /// Same phone and title as an earlier line, with other values in these keys.
    case conflicts(line: Int, keys: [DealKey])

    public func message(_ lang: Lang) -> String {
        let pt = lang == .pt
        switch self {
        case .missingFile(let path): return pt ? "o arquivo \"\(path)\" não existe" : "the file \"\(path)\" does not exist"
        case .isDirectory(let path): return pt ? "\"\(path)\" é uma pasta, não um arquivo CSV" : "\"\(path)\" is a folder, not a CSV file"
        case .unreadable(let path, let reason):
            return pt ? "não foi possível ler \"\(path)\": \(reason)" : "cannot read \"\(path)\": \(reason)"
        case .empty: return pt ? "o arquivo está vazio: a linha 1 deve nomear as colunas" : "the file is empty: line 1 must name the columns"
        case .noHeader: return pt ? "a linha 1 está em branco: ela deve nomear as colunas (Título, Contato, Telefone…)"
                                  : "line 1 is blank: it must name the columns (Title, Contact, Phone…)"
        case .missingColumns(let keys, let any):
            let names = keys.map { $0.headerNames }.joined(separator: ", ")
            let map = keys.map { "\($0.rawValue)=CABEÇALHO" }.joined(separator: ",")
            let mapEN = keys.map { "\($0.rawValue)=HEADER" }.joined(separator: ",")
            if !any {
                return pt ? "a linha 1 não nomeia nenhuma das colunas obrigatórias (\(names)); ela é um cabeçalho? Use --map \(map)"
                          : "line 1 names none of the required columns (\(names)); is it a header? Use --map \(mapEN)"
            }
            return pt ? "a linha 1 não tem coluna para \(names); use --map \(map)"
                      : "line 1 has no column for \(names); use --map \(mapEN)"
        case .duplicateHeader(let name, let columns):
            let list = columns.map(String.init).joined(separator: pt ? " e " : " and ")
            return pt ? "a linha 1 repete o cabeçalho \"\(name)\" (colunas \(list)); renomeie um deles"
                      : "line 1 repeats the header \"\(name)\" (columns \(list)); rename one of them"
        case .ambiguousHeader(let key, let headers):
            let list = headers.map { "\"\($0)\"" }.joined(separator: pt ? " e " : " and ")
            return pt ? "na linha 1, \(list) são ambos \(key.rawValue); escolha um com --map \(key.rawValue)=CABEÇALHO"
                      : "on line 1, \(list) both read as \(key.rawValue); choose one with --map \(key.rawValue)=HEADER"
        case .malformedMap(let raw):
            return pt ? "--map \"\(raw)\" não é CHAVE=CABEÇALHO (por exemplo title=Nome,phone=Celular)"
                      : "--map \"\(raw)\" is not KEY=HEADER (for example title=Nome,phone=Celular)"
        case .unknownMapKey(let key):
            let keys = DealKey.allCases.map(\.rawValue).joined(separator: ", ")
            return pt ? "--map: chave desconhecida \"\(key)\"; as chaves são \(keys)"
                      : "--map: unknown key \"\(key)\"; the keys are \(keys)"
        case .mapHeaderNotFound(let key, let header):
            return pt ? "--map \(key.rawValue)=\(header): a linha 1 não tem o cabeçalho \"\(header)\""
                      : "--map \(key.rawValue)=\(header): line 1 has no header \"\(header)\""
        case .unclosedQuote:
            return pt ? "uma aspa aberta aqui nunca é fechada: o resto do arquivo viraria um campo só"
                      : "a quote opened here is never closed: the rest of the file would be one field"
        case .fieldCount(let got, let expected):
            return pt ? "\(got) campos, mas o cabeçalho tem \(expected)" : "\(got) fields, but the header has \(expected)"
        case .invalid(let input): return input.message(lang)
        case .value(let raw):
            return pt ? "valor inválido \"\(raw)\"; escreva como 1.234,56, R$ 1.234,56 ou 1234.56"
                      : "malformed value \"\(raw)\"; write it like 1.234,56, R$ 1.234,56 or 1234.56"
        case .ticket(let raw):
            return pt ? "chamado \"\(raw)\" desconhecido; use aberto ou finalizado" : "unknown ticket \"\(raw)\"; use open or closed"
        case .date(let raw):
            return pt ? "data inválida \"\(raw)\"; use 31/12/2025 14:30 ou 2025-12-31T14:30:00-03:00"
                      : "malformed date \"\(raw)\"; use 31/12/2025 14:30 or 2025-12-31T14:30:00-03:00"
        case .futureDate(let raw):
            return pt ? "a data \"\(raw)\" está no futuro" : "the date \"\(raw)\" is in the future"
        case .author(let raw):
            return pt ? "autor \"\(raw)\" desconhecido; use cliente ou empresa" : "unknown author \"\(raw)\"; use customer or company"
        case .dateWithoutAuthor:
            return pt ? "a data da mensagem precisa de um autor (cliente ou empresa)"
                      : "the message date needs an author (customer or company)"
        case .authorWithoutDate:
            return pt ? "o autor da mensagem precisa de uma data" : "the message author needs a date"
        case .textWithoutDate:
            return pt ? "a mensagem precisa de uma data e de um autor" : "the message needs a date and an author"
        case .conflicts(let line, let keys):
            let list = keys.map(\.rawValue).joined(separator: ", ")
            return pt ? "mesmo telefone e título da linha \(line), com outro \(list)"
                      : "same phone and title as line \(line), with a different \(list)"
        }
    }
}

extension SheetProblem {
    /// Its words already say "line 1" (the header), so the line is not put before them again.
    var namesTheHeaderLine: Bool {
        switch self {
        case .noHeader, .missingColumns, .duplicateHeader, .ambiguousHeader: true
        default: false
        }
    }
}

/// A problem with the line it is on (nil: the file as a whole), as the command prints it.
public struct SheetError: Error, Equatable, Sendable {
    public var line: Int?
    public var problem: SheetProblem

    public init(line: Int? = nil, _ problem: SheetProblem) { self.line = line; self.problem = problem }

    /// "linha 7: telefone inválido …".
    public func message(_ lang: Lang) -> String {
        // The header's problems name line 1 in their own words.
        guard let line, !problem.namesTheHeaderLine else { return problem.message(lang) }
        return (lang == .pt ? "linha \(line): " : "line \(line): ") + problem.message(lang)
    }
}
