import Foundation
import LoopbackHTTPServer
import RetomaCore
import RetomaStore
import StoreTestBackend

/// A database with one column following up every day at any hour, and a loopback OpenAI-compatible
/// server writing the messages, for the engine commands.
final class EngineWorld {
    let folder: TemporaryFolder
    /// The SQLite file, or the URL of the PostgreSQL database when `database` is given.
    let db: String
    /// A database on the PostgreSQL test server (engines of a team); nil for a file of the test's own.
    let database: TestDatabase?
    let outbox: String
    let ai: LoopbackHTTPServer
    private(set) var columnID: Int64 = 0
    private(set) var offColumnID: Int64 = 0

    init(database: TestDatabase? = nil) throws {
        folder = try TemporaryFolder()
        self.database = database
        db = database?.location ?? folder.path("engine.db")
        outbox = folder.path("outbox.jsonl")
        let counter = Counter()
        ai = try LoopbackHTTPServer { request in
            let n = counter.next()
            // What the writer sends: the contact's first name (the prompt's "Contato: Ana"), the deal's subject,
            // a closing offer, and a tag in letters that keeps each reply distinct (a number would be invented).
            let name = firstWord(promptField("Contato", in: request.bodyText))
            let tag = letterTag(n)
            return .json("""
                {"id":"chatcmpl-\(n)","object":"chat.completion","created":1,"model":"loopback-model",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Oi, \(name)! Conseguiu olhar o orçamento? Posso ajudar com alguma dúvida (\(tag))."},"finish_reason":"stop"}]}
                """)
        }
        let store = try openStore()
        defer { try? store.close() }
        let board = try store.addBoard(name: "Vendas")
        let column = try store.addColumn(boardID: board.id, name: "Aguardando resposta")
        let off = try store.addColumn(boardID: board.id, name: "Fechado")
        try store.setFollowUp(columnID: column.id, config: FollowUpConfig(
            enabled: true, interval: Interval(amount: 1, unit: .days), businessHoursOnly: false, sendAfterClose: false,
            instructions: "Pergunte se viu o orçamento.", extraInfo: "", maxAttempts: 3, onMax: .none))
        columnID = column.id
        offColumnID = off.id
    }

    deinit { ai.stop() }

    func openStore() throws -> Store { try database?.open() ?? Store(path: db) }

    /// Adds a deal whose conversation ends with our message at `lastAgentAt` (nil: no messages).
    @discardableResult
    func deal(_ name: String, phone: String, column: Int64? = nil, lastAgentAt: Date?, customerLast: Bool = false) throws -> Int64 {
        let store = try openStore()
        defer { try? store.close() }
        let deal = try store.addDeal(NewDeal(columnID: column ?? columnID, title: "Orçamento \(name)", contactName: name, phone: phone))
        if let lastAgentAt {
            try store.addMessage(dealID: deal.id, author: .agent, text: "Segue o orçamento!", at: lastAgentAt)
            if customerLast {
                try store.addMessage(dealID: deal.id, author: .customer, text: "Vou ver.", at: lastAgentAt.addingTimeInterval(60))
            }
        }
        return deal.id
    }

    /// The engine's environment: sandbox with an outbox, an open governor unless told otherwise, the loopback AI.
    func env(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ["RETOMA_DB": db, "RETOMA_SANDBOX_OUTBOX": outbox, "RETOMA_AI_BASE_URL": ai.baseURL + "/v1",
                   "RETOMA_AI_MODEL": "loopback-model", "XDG_CONFIG_HOME": folder.path("config"),
                   "RETOMA_GOVERNOR_MIN_GAP_S": "0", "RETOMA_GOVERNOR_JITTER_S": "0"]
        env.merge(extra) { _, new in new }
        return env
    }

    /// The customer's phone: what the sandbox delivered, one JSON object per line.
    func delivered() -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: outbox, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    func ledger() throws -> [Attempt] {
        let store = try openStore()
        defer { try? store.close() }
        return try store.ledger()
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.withLock { value += 1; return value } }
}

/// A value of the chat prompt's data lines ("- Negociação: Site da padaria") as the request body carries it.
func promptField(_ label: String, in body: String) -> String {
    body.components(separatedBy: "- \(label): ").dropFirst().first?.components(separatedBy: "\\n").first ?? ""
}

/// "Patrícia" from "Patrícia Cardoso".
func firstWord(_ name: String) -> String { String(name.prefix { $0.isLetter }) }

/// 1 → "b", 27 → "bb": keeps loopback replies distinct without a number the quality gate would call invented.
func letterTag(_ n: Int) -> String {
    String(String(n, radix: 26).map { ch -> Character in
        Character(UnicodeScalar(UInt8(97 + (Int(String(ch), radix: 26) ?? 0))))
    })
}

func json(_ text: String) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
}

func isoNow(offset: TimeInterval = 0) -> String {
    Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: TimeZone(identifier: "America/Sao_Paulo")!)
        .format(Date().addingTimeInterval(offset))
}
