import Foundation
import RetomaCore
import RetomaStore
import Synchronization

/// What a column of the sheet holds. The raw values are the `--map` keys.
public enum DealKey: String, CaseIterable, Sendable {
    case title, contact, phone, email, company, value, ticket
    /// The (last) message's date, its author and its text: optional, together.
    case date, author, text

    public static let required: [DealKey] = [.title, .contact, .phone]

    /// Headers recognised without `--map`, folded (see `DealSheet.fold`).
    var aliases: Set<String> {
        switch self {
        case .title: return ["titulo", "title", "negociacao", "deal", "titulo da negociacao", "deal title"]
        case .contact: return ["contato", "contact", "nome do contato", "contact name", "cliente", "customer"]
        case .phone: return ["telefone", "phone", "celular", "whatsapp", "fone", "mobile", "phone number"]
        case .email: return ["e mail", "email"]
        case .company: return ["empresa", "company"]
        case .value: return ["valor", "value", "valor r", "value r", "valor em r"]
        case .ticket: return ["chamado", "ticket", "status do chamado", "ticket status"]
        case .date: return ["ultima mensagem", "last message", "data da ultima mensagem", "last message at",
                            "data", "date", "data da mensagem", "message date"]
        case .author: return ["autor", "author", "autor da ultima mensagem", "last message author"]
        case .text: return ["mensagem", "message", "texto", "text", "texto da mensagem", "message text"]
        }
    }

    /// "Título/Title" for messages.
    var headerNames: String {
        switch self {
        case .title: return "Título/Title"
        case .contact: return "Contato/Contact"
        case .phone: return "Telefone/Phone"
        case .email: return "E-mail"
        case .company: return "Empresa/Company"
        case .value: return "Valor/Value"
        case .ticket: return "Chamado/Ticket"
        case .date: return "Data/Date"
        case .author: return "Autor/Author"
        case .text: return "Mensagem/Message"
        }
    }
}

/// A spreadsheet of deals read and checked, line by line, before anything is written.
public struct DealSheet: Sendable {
    /// What one record of the file became.
    public enum Outcome: Sendable, Equatable {
        /// The first line of a deal (`deals[index]`).
        case deal(index: Int)
        /// Another message of the deal first seen on `line`.
        case message(ofLine: Int)
        /// The same deal as `line` again, with nothing new.
        case repeated(line: Int)
        case invalid([SheetProblem])
    }

    public struct Line: Sendable, Equatable {
        public var line: Int
        public var outcome: Outcome
    }

    /// The valid deals, in file order, each with every message its lines gave.
    public var deals: [ImportDeal]
    /// Every non-blank record after the header.
    public var lines: [Line]
    /// Headers no key reads (left out of the import).
    public var ignoredHeaders: [String]
    public var encoding: SheetReader.Encoding
    public var separator: Unicode.Scalar

    public var errors: [SheetError] {
        lines.flatMap { line -> [SheetError] in
            guard case .invalid(let problems) = line.outcome else { return [] }
            return problems.map { SheetError(line: line.line, $0) }
        }
    }

    /// `--map title=Nome,phone=Celular` (the option may also be repeated): key → header.
    public static func parseMap(_ raw: [String]) throws(SheetError) -> [DealKey: String] {
        var map: [DealKey: String] = [:]
        for part in raw.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: true) }) {
            guard let eq = part.firstIndex(of: "=") else { throw SheetError(.malformedMap(String(part))) }
            let name = part[..<eq].trimmingCharacters(in: .whitespaces)
            let header = part[part.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard let key = DealKey(rawValue: name.lowercased()) else { throw SheetError(.unknownMapKey(name)) }
            guard !header.isEmpty else { throw SheetError(.malformedMap(String(part))) }
            map[key] = header
        }
        return map
    }

    /// Headers compare folded: case and accents ignored, punctuation and runs of spaces as one space.
    static func fold(_ text: String) -> String {
        // ASCII has no accents to fold: skipping Foundation's bridge matters once a line of an import.
        let folded = text.utf8.allSatisfy({ $0 < 0x80 }) ? text.lowercased()
            : text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        var out = "", space = false
        for ch in folded {
            if ch.isLetter || ch.isNumber {
                if space && !out.isEmpty { out.append(" ") }
                out.append(ch); space = false
            } else {
                space = true
            }
        }
        return out
    }

    /// Reads `data` (UTF-8 or Latin-1, "," or ";") with `map` naming headers for keys. `now` bounds message dates;
    /// `lang` words the text of a message the sheet dates without saying what it was. `progress` gets records done
    /// and their total. A problem with the file as a whole throws; problems of lines are in `lines`.
    public static func read(_ data: Data, map: [DealKey: String] = [:], now: Date, lang: Lang,
                            progress: ((Int, Int) -> Void)? = nil) throws(SheetError) -> DealSheet {
        let (text, encoding) = SheetReader.decode(data)
        guard text.contains(where: { !$0.isWhitespace }) else { throw SheetError(.empty) }
        let separator = SheetReader.separator(of: text)
        let parsed: (records: [SheetReader.Record], unclosedQuote: Int?)
        do {
            parsed = try SheetReader.records(text, separator: separator)
        } catch {
            throw SheetError(.unreadable("CSV", reason: String(describing: error)))
        }
        if let line = parsed.unclosedQuote { throw SheetError(line: line, .unclosedQuote) }
        guard let header = parsed.records.first, !header.isBlank else { throw SheetError(line: 1, .noHeader) }
        let columns = try columnsOf(header.fields, map: map)
        let mapper = RowMapper(columns: columns, width: header.fields.count, now: now, lang: lang)

        var sheet = DealSheet(deals: [], lines: [], ignoredHeaders: [], encoding: encoding, separator: separator)
        let used = Set(columns.values)
        sheet.ignoredHeaders = header.fields.enumerated().filter { !used.contains($0.offset) && !$0.element.isEmpty }
            .map(\.element)
        var firstLine: [ImportKey: (line: Int, index: Int)] = [:]
        let records = Array(parsed.records.dropFirst())
        let mapped = mapper.mapAll(records)
        for (n, record) in records.enumerated() {
            if n % 1000 == 0 { progress?(n, records.count) }
            guard let result = mapped[n] else { continue }
            switch result {
            case .failure(let failed):
                sheet.lines.append(Line(line: record.line, outcome: .invalid(failed.problems)))
            case .success(let deal):
                if let first = firstLine[deal.key] {
                    var earlier = sheet.deals[first.index]
                    let differing = differences(earlier, deal)
                    if !differing.isEmpty {
                        sheet.lines.append(Line(line: record.line,
                                                outcome: .invalid([.conflicts(line: first.line, keys: differing)])))
                    } else if deal.messages.isEmpty {
                        sheet.lines.append(Line(line: record.line, outcome: .repeated(line: first.line)))
                    } else {
                        earlier.messages += deal.messages
                        sheet.deals[first.index] = earlier
                        sheet.lines.append(Line(line: record.line, outcome: .message(ofLine: first.line)))
                    }
                } else {
                    firstLine[deal.key] = (record.line, sheet.deals.count)
                    sheet.lines.append(Line(line: record.line, outcome: .deal(index: sheet.deals.count)))
                    sheet.deals.append(deal)
                }
            }
        }
        progress?(records.count, records.count)
        return sheet
    }

    /// Which column each key reads: `map` first, then the recognised headers.
    static func columnsOf(_ header: [String], map: [DealKey: String]) throws(SheetError) -> [DealKey: Int] {
        let folded = header.map(fold)
        var seen: [String: Int] = [:]
        for (i, name) in folded.enumerated() where !name.isEmpty {
            if let earlier = seen[name] {
                throw SheetError(line: 1, .duplicateHeader(header[i].trimmingCharacters(in: .whitespaces), columns: [earlier + 1, i + 1]))
            }
            seen[name] = i
        }
        var columns: [DealKey: Int] = [:]
        for (key, wanted) in map {
            guard let i = seen[fold(wanted)] else { throw SheetError(line: 1, .mapHeaderNotFound(key, wanted)) }
            columns[key] = i
        }
        let mapped = Set(columns.values)
        for key in DealKey.allCases where columns[key] == nil {
            let matches = folded.indices.filter { !mapped.contains($0) && key.aliases.contains(folded[$0]) }
            if matches.count > 1 { throw SheetError(line: 1, .ambiguousHeader(key, matches.map { header[$0] })) }
            if let i = matches.first { columns[key] = i }
        }
        let missing = DealKey.required.filter { columns[$0] == nil }
        if !missing.isEmpty {
            throw SheetError(line: 1, .missingColumns(missing, recognisedAny: missing.count < DealKey.required.count))
        }
        return columns
    }

    private static func differences(_ a: ImportDeal, _ b: ImportDeal) -> [DealKey] {
        var keys: [DealKey] = []
        if a.contactName != b.contactName { keys.append(.contact) }
        if a.email != b.email { keys.append(.email) }
        if a.company != b.company { keys.append(.company) }
        if a.valueCents != b.valueCents { keys.append(.value) }
        if a.ticketClosed != b.ticketClosed { keys.append(.ticket) }
        return keys
    }
}

/// Every problem of one line.
struct LineProblems: Error, Sendable { var problems: [SheetProblem] }

/// One record to a checked deal, or every problem it has.
struct RowMapper: Sendable {
    var columns: [DealKey: Int]
    var width: Int
    var now: Date
    var lang: Lang

    /// Every record checked (nil for a blank line), in order. Each line is checked on its own, so a large sheet's
    /// lines are split between the machine's cores; the merge of repeated deals stays in file order after.
    func mapAll(_ records: [SheetReader.Record]) -> [Result<ImportDeal, LineProblems>?] {
        let parts = records.count < 4_000 ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let size = (records.count + parts - 1) / max(parts, 1)
        let done = Mutex<[Int: [Result<ImportDeal, LineProblems>?]]>([:])
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let range = min(part * size, records.count)..<min((part + 1) * size, records.count)
            let results = records[range].map { $0.isBlank ? nil : map($0) }
            done.withLock { $0[part] = results }
        }
        return done.withLock { all in (0..<parts).flatMap { all[$0] ?? [] } }
    }

    /// Foundation's trimming bridges every field through NSString: a third of the time of a 100,000-row sheet.
    static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last,
              first.properties.isWhitespace || last.properties.isWhitespace else { return text }
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }

    func map(_ record: SheetReader.Record) -> Result<ImportDeal, LineProblems> {
        guard record.fields.count == width else {
            return .failure(LineProblems(problems: [.fieldCount(got: record.fields.count, expected: width)]))
        }
        func field(_ key: DealKey) -> String {
            columns[key].map { RowMapper.trim(record.fields[$0]) } ?? ""
        }
        var problems: [SheetProblem] = []
        func check<T>(_ body: () throws(StoreError) -> T) -> T? {
            do { return try body() } catch {
                if case .invalid(let input) = error { problems.append(.invalid(input)) }
                return nil
            }
        }
        let title = check { () throws(StoreError) in try Validate.name(field(.title), or: .emptyTitle) }
        let contact = check { () throws(StoreError) in try Validate.name(field(.contact), or: .emptyContactName) }
        let phone = check { () throws(StoreError) in try Validate.phone(field(.phone)) }
        let email = check { () throws(StoreError) in try Validate.email(field(.email)) }
        let company = Validate.optionalText(field(.company))
        var cents: Int64?
        let value = field(.value)
        if !value.isEmpty {
            if let parsed = Money.parse(value) { cents = parsed } else { problems.append(.value(value)) }
        }
        var closed = false
        let ticket = DealSheet.fold(field(.ticket))
        switch ticket {
        case "", "aberto", "aberta", "open": closed = false
        case "finalizado", "finalizada", "fechado", "fechada", "encerrado", "closed": closed = true
        default: problems.append(.ticket(field(.ticket)))
        }
        var messages: [ImportMessage] = []
        let rawDate = field(.date), rawAuthor = field(.author), text = field(.text)
        var at: Date?, author: MessageAuthor?
        if !rawDate.isEmpty {
            if let date = SheetDate.parse(rawDate) {
                if date.timeIntervalSince(now) > 300 { problems.append(.futureDate(rawDate)) } else { at = date }
            } else {
                problems.append(.date(rawDate))
            }
        }
        if !rawAuthor.isEmpty {
            switch DealSheet.fold(rawAuthor) {
            case "cliente", "customer": author = .customer
            case "empresa", "company", "agente", "agent", "vendedor", "nos", "we": author = .agent
            case "follow up", "followup": author = .followup
            default: problems.append(.author(rawAuthor))
            }
        }
        if rawDate.isEmpty && !rawAuthor.isEmpty { problems.append(.authorWithoutDate) }
        if !rawDate.isEmpty && rawAuthor.isEmpty { problems.append(.dateWithoutAuthor) }
        if !text.isEmpty && rawDate.isEmpty && rawAuthor.isEmpty { problems.append(.textWithoutDate) }
        if let at, let author {
            let words = text.isEmpty
                ? (lang == .pt ? "(mensagem anterior à importação)" : "(message from before the import)") : text
            messages.append(ImportMessage(author: author, text: words, at: at))
        }
        guard problems.isEmpty, let title, let contact, let phone else { return .failure(LineProblems(problems: problems)) }
        return .success(ImportDeal(line: record.line, title: title, contactName: contact, phone: phone,
                                   email: (email?.isEmpty ?? true) ? nil : email, company: company.isEmpty ? nil : company,
                                   valueCents: cents, ticketClosed: closed, messages: messages))
    }
}
