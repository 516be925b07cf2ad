import Foundation
import RetomaCore
import RetomaStore

/// `retoma db copy`: a team's SQLite board moved to an empty PostgreSQL database, every table and row with its ids,
/// in one PostgreSQL transaction. The tables and columns are read from both databases, so a later migration's new
/// table or column is copied with no change here; one that exists on one side only stops the copy instead of being
/// dropped.
public enum DatabaseCopy {
    /// Schema bookkeeping, each database its own: never copied, never counted as data.
    static let bookkeeping: Set<String> = ["grdb_migrations", PostgresSchema.table]
    /// The engine lease is not data: a copied one would make the PostgreSQL side believe an engine runs there.
    static let notCopied: Set<String> = ["engine_lease"]
    /// PostgreSQL takes at most 65,535 parameters per statement; rows per INSERT stay under both limits.
    static let maxParameters = 65_535
    static let maxRowsPerInsert = 1_000

    public enum Progress: Sendable, Equatable {
        /// `done` of `total` rows of `table` written so far (after each batch).
        case copying(table: String, done: Int, total: Int)
        /// `table` is complete with `rows` rows.
        case copied(table: String, rows: Int)
    }

    public struct TableRows: Sendable, Equatable, Codable {
        public var table: String
        public var rows: Int
        public init(table: String, rows: Int) { self.table = table; self.rows = rows }
    }

    public struct Report: Sendable, Equatable {
        /// Every table copied, in the order written (foreign keys first), with its row count.
        public var tables: [TableRows]
        /// Tables left out on purpose (the engine lease).
        public var skipped: [String]
        public var rows: Int { tables.reduce(0) { $0 + $1.rows } }
    }

    /// Copies the SQLite file at `path` (opened as every command opens it: an older file is migrated first, a
    /// newer, foreign or damaged one refused) into `target` (already migrated by its driver). Refuses, writing
    /// nothing, a missing source, a source whose engine lease is unexpired at `now`, and a target holding any
    /// Retoma data. `progress` may throw to stop the copy; like any failure, that leaves the target as it was.
    public static func copy(from path: String, to target: PostgresDatabase, now: Date = Date(),
                            progress: (Progress) throws -> Void = { _ in }) throws -> Report {
        try checkSource(path)
        let source = try SQLiteDatabase(path: path)
        defer { try? source.close() }
        if let holder = try Store(database: source).leaseHolder(at: now) {
            throw DatabaseCopyError.engineRunning(host: holder.host, pid: holder.pid)
        }
        let sourceTables = try source.read(sqliteCatalog)
        let plan = try target.read { try postgresCatalog($0) }
        let tables = try order(try matched(source: sourceTables, target: plan))
        var copied: [TableRows] = []
        try target.write { db in
            let found = try dataRows(db, plan.tables)
            if !found.isEmpty { throw DatabaseCopyError.targetNotEmpty(found) }
            try source.read { src in
                // Counters kept by triggers (a column's deal count, the daily follow-up totals) arrive already
                // counted: the triggers stay off while the rows go in, so nothing is counted twice.
                let triggered = tables.filter { plan.tables[$0.name]?.hasTriggers == true }
                for table in triggered { try db.execute(sql: "ALTER TABLE \(quoted(table.name)) DISABLE TRIGGER USER") }
                for table in tables {
                    let rows = try copyTable(table, from: src, to: db, target: plan.tables[table.name]!, progress: progress)
                    copied.append(TableRows(table: table.name, rows: rows))
                    try progress(.copied(table: table.name, rows: rows))
                }
                for table in triggered { try db.execute(sql: "ALTER TABLE \(quoted(table.name)) ENABLE TRIGGER USER") }
                try advanceSequences(db, plan, sqliteSequences: try sqliteSequences(src))
            }
        }
        return Report(tables: copied, skipped: notCopied.filter { sourceTables[$0] != nil }.sorted())
    }

    /// Refuses a missing or empty source before anything opens it: opening a missing path would create a database
    /// there. The CLI checks it before connecting to the target too.
    public static func checkSource(_ path: String) throws(DatabaseCopyError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw .sourceMissing(path: path) }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        guard !isFolder.boolValue, size > 0 else { throw .sourceEmpty(path: path) }
    }

    // MARK: What each side holds

    struct TargetTable {
        var name: String
        var columns: [String]
        /// SQL for each column's default (nil: none), to tell a row a migration seeded from one somebody wrote.
        var defaults: [String: String]
        var primaryKey: [String]
        var identity: [String]
        var generated: Set<String>
        var references: Set<String>
        var hasTriggers: Bool
    }

    struct TargetPlan {
        var tables: [String: TargetTable]
    }

    /// A table to copy: the columns both sides hold, in the target's order.
    struct CopyTable {
        var name: String
        var columns: [String]
        var orderBy: [String]
        var references: Set<String>
    }

    /// The source's tables and their columns, in table order.
    static func sqliteCatalog(_ db: any SQLConnection) throws -> [String: [String]] {
        var tables: [String: [String]] = [:]
        for name in try db.fetchAll(String.self, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
            """) where !bookkeeping.contains(name) {
            tables[name] = try db.fetchAll(String.self, sql: "SELECT name FROM pragma_table_info(?) ORDER BY cid", arguments: [name])
        }
        return tables
    }

    /// SQLite's AUTOINCREMENT counters: ids handed out ahead of their rows (a send in flight holds its message's)
    /// must not be handed out again on PostgreSQL.
    static func sqliteSequences(_ db: any SQLConnection) throws -> [String: Int64] {
        let exists = try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_sequence'") ?? 0
        guard exists > 0 else { return [:] }
        var sequences: [String: Int64] = [:]
        for row in try db.fetchAll(sql: "SELECT name, seq FROM sqlite_sequence") {
            if let name = String.decode(row.value(at: 0)), let seq = Int64.decode(row.value(at: 1)) { sequences[name] = seq }
        }
        return sequences
    }

    static func postgresCatalog(_ db: any SQLConnection) throws -> TargetPlan {
        var tables: [String: TargetTable] = [:]
        for name in try db.fetchAll(String.self, sql: """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
            """) where !bookkeeping.contains(name) {
            tables[name] = TargetTable(name: name, columns: [], defaults: [:], primaryKey: [], identity: [], generated: [],
                                       references: [], hasTriggers: false)
        }
        for row in try db.fetchAll(sql: """
            SELECT table_name::text, column_name::text, column_default::text, is_identity::text, is_generated::text
            FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position
            """) {
            let table: String = row[0], column: String = row[1]
            guard tables[table] != nil else { continue }
            tables[table]!.columns.append(column)
            let expression: String? = row[2]
            if let expression { tables[table]!.defaults[column] = expression }
            if (row[3] as String) == "YES" { tables[table]!.identity.append(column) }
            if (row[4] as String) == "ALWAYS" { tables[table]!.generated.insert(column) }
        }
        for row in try db.fetchAll(sql: """
            SELECT c.relname::text, a.attname::text FROM pg_index i
            JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indisprimary AND n.nspname = current_schema()
            ORDER BY c.relname, array_position(i.indkey::int2[], a.attnum)
            """) {
            let table: String = row[0]
            tables[table]?.primaryKey.append(row[1])
        }
        for row in try db.fetchAll(sql: """
            SELECT c.relname::text, r.relname::text FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE k.contype = 'f' AND n.nspname = current_schema()
            """) {
            let table: String = row[0]
            tables[table]?.references.insert(row[1])
        }
        for table in try db.fetchAll(String.self, sql: """
            SELECT DISTINCT c.relname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = current_schema()
            """) {
            tables[table]?.hasTriggers = true
        }
        return TargetPlan(tables: tables)
    }

    /// The tables both sides hold, column for column; anything on one side only is refused, not dropped.
    static func matched(source: [String: [String]], target: TargetPlan) throws -> [CopyTable] {
        for name in source.keys.sorted() where target.tables[name] == nil && !notCopied.contains(name) {
            throw DatabaseCopyError.tableMismatch(table: name, onlyInSource: true)
        }
        for name in target.tables.keys.sorted() where source[name] == nil && !notCopied.contains(name) {
            throw DatabaseCopyError.tableMismatch(table: name, onlyInSource: false)
        }
        var tables: [CopyTable] = []
        for name in source.keys.sorted() where !notCopied.contains(name) {
            let theirs = target.tables[name]!
            let written = theirs.columns.filter { !theirs.generated.contains($0) }
            let ours = source[name]!
            if let column = ours.first(where: { !theirs.columns.contains($0) }) {
                throw DatabaseCopyError.columnMismatch(table: name, column: column, onlyInSource: true)
            }
            if let column = written.first(where: { !ours.contains($0) }) {
                throw DatabaseCopyError.columnMismatch(table: name, column: column, onlyInSource: false)
            }
            tables.append(CopyTable(name: name, columns: written, orderBy: theirs.primaryKey.isEmpty ? written : theirs.primaryKey,
                                    references: theirs.references.subtracting([name])))
        }
        return tables
    }

    /// Referenced tables before the tables that reference them (a table's references to itself are kept by
    /// copying its rows in key order).
    static func order(_ tables: [CopyTable]) throws -> [CopyTable] {
        var done: Set<String> = []
        var left = tables
        var ordered: [CopyTable] = []
        let names = Set(tables.map(\.name))
        while !left.isEmpty {
            guard let next = left.firstIndex(where: { $0.references.intersection(names).isSubset(of: done) }) else {
                throw DatabaseCopyError.referenceCycle(tables: left.map(\.name).sorted())
            }
            let table = left.remove(at: next)
            ordered.append(table)
            done.insert(table.name)
        }
        return ordered
    }

    /// Rows somebody wrote, per table. A row holding nothing but its columns' defaults is what a migration seeds
    /// (the engine settings' one row) and counts as empty; the copy replaces it.
    static func dataRows(_ db: any SQLConnection, _ tables: [String: TargetTable]) throws -> [TableRows] {
        var found: [TableRows] = []
        for table in tables.values.sorted(by: { $0.name < $1.name }) {
            let count = try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM \(quoted(table.name)) WHERE NOT (\(seededRow(table)))") ?? 0
            if count > 0 { found.append(TableRows(table: table.name, rows: count)) }
        }
        return found
    }

    static func seededRow(_ table: TargetTable) -> String {
        let columns = table.columns.filter { !table.primaryKey.contains($0) }
        guard !columns.isEmpty else { return "FALSE" }
        return columns.map { "\(quoted($0)) IS NOT DISTINCT FROM (\(table.defaults[$0] ?? "NULL"))" }.joined(separator: " AND ")
    }

    static func copyTable(_ table: CopyTable, from src: any SQLConnection, to db: any SQLConnection, target: TargetTable,
                          progress: (Progress) throws -> Void) throws -> Int {
        let name = quoted(table.name)
        let total = try src.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM \(name)") ?? 0
        guard total > 0 else { return 0 }
        // The seeded row (nothing but defaults) makes way for the source's.
        try db.execute(sql: "DELETE FROM \(name) WHERE \(seededRow(target))")
        let columnList = table.columns.map(quoted).joined(separator: ", ")
        let perRow = max(table.columns.count, 1)
        let batch = max(1, min(maxRowsPerInsert, maxParameters / perRow))
        let overriding = target.identity.isEmpty ? "" : " OVERRIDING SYSTEM VALUE"
        let tuple = "(" + Array(repeating: "?", count: table.columns.count).joined(separator: ", ") + ")"
        var pending = SQLArguments()
        var pendingRows = 0
        var done = 0
        func flush() throws {
            guard pendingRows > 0 else { return }
            let values = Array(repeating: tuple, count: pendingRows).joined(separator: ", ")
            do {
                try db.execute(sql: "INSERT INTO \(name) (\(columnList))\(overriding) VALUES \(values)", arguments: pending)
            } catch let error as SQLError {
                throw DatabaseCopyError.rowsRefused(table: table.name, reason: error.message)
            }
            done += pendingRows
            pending = SQLArguments()
            pendingRows = 0
            try progress(.copying(table: table.name, done: done, total: total))
        }
        let orderBy = table.orderBy.map(quoted).joined(separator: ", ")
        try src.forEachRow(sql: "SELECT \(columnList) FROM \(name) ORDER BY \(orderBy)") { row in
            pending.values.append(contentsOf: row.values)
            pendingRows += 1
            if pendingRows == batch { try flush() }
        }
        try flush()
        return done
    }

    /// Every identity sequence past the largest id copied (or handed out on SQLite), so the next insert on
    /// PostgreSQL collides with nothing.
    static func advanceSequences(_ db: any SQLConnection, _ plan: TargetPlan, sqliteSequences: [String: Int64]) throws {
        for table in plan.tables.values.sorted(by: { $0.name < $1.name }) where !notCopied.contains(table.name) {
            for column in table.identity {
                let largest = try db.fetchOne(Int64.self, sql: "SELECT MAX(\(quoted(column))) FROM \(quoted(table.name))") ?? 0
                let last = max(largest, column == "id" ? sqliteSequences[table.name] ?? 0 : 0)
                guard last > 0 else { continue }
                try db.execute(sql: "SELECT setval(pg_get_serial_sequence(?, ?), ?)",
                               arguments: [quoted(table.name), column, last])
            }
        }
    }

    /// An identifier from a catalog, quoted for SQL.
    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}

/// Why `retoma db copy` did nothing. Each case says so in both languages; none repeats a password.
public enum DatabaseCopyError: Error, Sendable, Equatable, CustomStringConvertible {
    case sourceMissing(path: String)
    /// `--from` names a URL: the source is always an SQLite file.
    case sourceNotFile
    /// An empty file or a folder: nothing to copy.
    case sourceEmpty(path: String)
    /// An unexpired engine lease in the source: an engine is (or was just) running on the file.
    case engineRunning(host: String, pid: Int32)
    case targetNotEmpty([DatabaseCopy.TableRows])
    /// A table or column on one side only: copying would drop data (or leave a column empty).
    case tableMismatch(table: String, onlyInSource: Bool)
    case columnMismatch(table: String, column: String, onlyInSource: Bool)
    case referenceCycle(tables: [String])
    /// PostgreSQL refused rows of `table` (a value SQLite let in that the target's types or rules do not).
    case rowsRefused(table: String, reason: String)
    /// A copy target that is no PostgreSQL database.
    case targetNotPostgres

    public func message(_ lang: Lang) -> String {
        let pt = lang == .pt
        switch self {
        case .sourceMissing(let path):
            return pt ? "o arquivo de origem \(path) não existe; nada foi copiado nem criado"
                      : "the source file \(path) does not exist; nothing was copied or created"
        case .sourceNotFile:
            return pt ? "--from recebe o caminho de um arquivo SQLite, não uma URL"
                      : "--from takes the path of an SQLite file, not a URL"
        case .sourceEmpty(let path):
            return pt ? "\(path) está vazio ou não é um arquivo: não há quadro para copiar"
                      : "\(path) is empty or not a file: there is no board to copy"
        case .engineRunning(let host, let pid):
            return pt ? "um motor de follow-up está rodando neste arquivo (pid \(pid) em \(host)); pare-o (retoma engine, ou o quadro) e copie depois, para nenhum envio ficar de fora da cópia"
                      : "a follow-up engine is running on this file (pid \(pid) on \(host)); stop it (retoma engine, or the board) and copy afterwards, so no send is left out of the copy"
        case .targetNotEmpty(let found):
            let shown = found.prefix(4).map { Self.count($0, lang) }.joined(separator: ", ")
            let more = found.count > 4 ? (pt ? " e mais" : " and more") : ""
            return pt ? "o destino já tem \(shown)\(more); a cópia só vai para um banco vazio (createdb) e nada foi gravado"
                      : "the target already holds \(shown)\(more); the copy goes only into an empty database (createdb), and nothing was written"
        case .tableMismatch(let table, let onlyInSource):
            return Self.mismatch(onlyInSource ? (pt ? "a tabela \(table) só existe na origem" : "table \(table) exists only in the source")
                                              : (pt ? "a tabela \(table) só existe no destino" : "table \(table) exists only in the target"), pt)
        case .columnMismatch(let table, let column, let onlyInSource):
            return Self.mismatch(onlyInSource ? (pt ? "a coluna \(table).\(column) só existe na origem" : "column \(table).\(column) exists only in the source")
                                              : (pt ? "a coluna \(table).\(column) só existe no destino" : "column \(table).\(column) exists only in the target"), pt)
        case .referenceCycle(let tables):
            return pt ? "as tabelas \(tables.joined(separator: ", ")) referenciam umas às outras em ciclo; nada foi copiado"
                      : "tables \(tables.joined(separator: ", ")) reference each other in a cycle; nothing was copied"
        case .rowsRefused(let table, let reason):
            return pt ? "o PostgreSQL recusou linhas de \(table): \(reason); nada foi gravado no destino"
                      : "PostgreSQL refused rows of \(table): \(reason); nothing was written to the target"
        case .targetNotPostgres:
            return pt ? "a cópia vai para um banco PostgreSQL; informe --to postgres://usuario@host:5432/banco (copiar para um arquivo SQLite não é suportado)"
                      : "the copy goes to a PostgreSQL database; give --to postgres://user@host:5432/dbname (copying to an SQLite file is not supported)"
        }
    }

    public var description: String { message(.en) }

    private static func mismatch(_ what: String, _ pt: Bool) -> String {
        pt ? "\(what): a origem e o destino não têm o mesmo esquema (versões diferentes do Retoma?); nada foi copiado"
           : "\(what): the source and the target do not have the same schema (different Retoma versions?); nothing was copied"
    }

    /// "3 quadros", "1 deal", "5 linhas em followup_event".
    private static func count(_ rows: DatabaseCopy.TableRows, _ lang: Lang) -> String {
        let nouns: [String: (pt: (String, String), en: (String, String))] = [
            "board": (("quadro", "quadros"), ("board", "boards")),
            "board_column": (("coluna", "colunas"), ("column", "columns")),
            "deal": (("negociação", "negociações"), ("deal", "deals")),
            "contact": (("contato", "contatos"), ("contact", "contacts")),
            "message": (("mensagem", "mensagens"), ("message", "messages")),
        ]
        let n = rows.rows
        if let noun = nouns[rows.table] {
            let (one, many) = lang == .pt ? noun.pt : noun.en
            return "\(n) \(n == 1 ? one : many)"
        }
        return lang == .pt ? "\(n) \(n == 1 ? "linha" : "linhas") em \(rows.table)" : "\(n) \(n == 1 ? "row" : "rows") in \(rows.table)"
    }
}
