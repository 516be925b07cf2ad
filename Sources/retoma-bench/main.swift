// Benchmarks for pure code, run by bench/*.sh in a release build. Not a test: it prints figures.
//   retoma-bench prompt [messages] [iterations]
//   retoma-bench board DB        the board's reads on a demo database (bench/board.sh)
//   retoma-bench agent-send [trials] [queued]   an agent's send start with follow-ups queued (bench/agent-send.sh)
//   retoma-bench drafts [N] [model] [temperature]  the local writer over the drafts evaluation set (bench/drafts.sh)
import Foundation
import RetomaCore
import RetomaStore

func nanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]
}

/// A long conversation with realistic variety: short chats, medium paragraphs and a few pasted walls of
/// text, from both sides, with follow-ups; deterministic so runs compare.
func conversation(_ count: Int) -> [Message] {
    var rng = SplitMix64(seed: 42)
    let words = ["orçamento", "site", "padaria", "entrega", "prazo", "valor", "proposta", "amanhã", "reunião",
                 "contrato", "dúvida", "obrigado", "combinado", "pagamento", "boleto", "pix", "semana", "logo"]
    let start = BrazilTime.date(2025, 1, 6, 9, 0)
    return (0..<count).map { i in
        let roll = rng.next() % 100
        let length = roll < 70 ? 3 + Int(rng.next() % 12) : roll < 97 ? 20 + Int(rng.next() % 60) : 400 + Int(rng.next() % 400)
        let text = (0..<length).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(separator: " ")
        let author: MessageAuthor = i % 7 == 6 ? .followup : (i % 2 == 0 ? .customer : .agent)
        return Message(id: Int64(i + 1), dealID: 1, author: author, text: text, at: start.addingTimeInterval(Double(i) * 1_800))
    }
}

func benchPrompt(messages count: Int, iterations: Int) {
    let messages = conversation(count)
    var config = FollowUpConfig.off
    config.enabled = true
    config.instructions = "Cliente recebeu orçamento e não respondeu. Peça um retorno educado para saber se ele conseguiu analisar."
    config.extraInfo = "Se o cliente estiver há mais de 10 dias sem responder, ofereça 10% de desconto."
    func context(_ ms: [Message]) -> FollowUpContext {
        FollowUpContext(contact: Contact(id: 1, name: "Maria Souza", phone: "+5511987654321", email: "maria@exemplo.com.br"),
                        deal: Deal(id: 1, columnID: 1, position: 0, title: "Site institucional", valueCents: 120_050,
                                   contactID: 1, ticketClosed: false, createdAt: BrazilTime.date(2025, 1, 6)),
                        columnName: "Aguardando resposta", config: config, recentMessages: ms,
                        followUpsSinceReply: 2, now: messages.last!.at.addingTimeInterval(3 * 86_400))
    }
    let cases: [(String, FollowUpContext)] = [
        ("builder given all \(count) messages", context(messages)),
        ("builder given the last \(FollowUpPrompt.windowSize) (as the engine reads them)", context(Array(messages.suffix(FollowUpPrompt.windowSize)))),
    ]
    let fromDatabase = try! databaseCase(messages: messages, config: config, now: messages.last!.at.addingTimeInterval(3 * 86_400))
    print("prompt assembly, \(count) messages in the conversation, \(iterations) iterations each, release build, \(ProcessInfo.processInfo.activeProcessorCount) cores")
    for (label, ctx) in cases {
        var sink = 0
        for _ in 0..<max(10, iterations / 10) { sink &+= FollowUpPrompt.build(ctx)[1].content.utf8.count }
        var times: [Double] = []
        times.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let t0 = nanoseconds()
            let prompt = FollowUpPrompt.build(ctx)
            let t1 = nanoseconds()
            sink &+= prompt[1].content.utf8.count
            times.append(Double(t1 - t0) / 1_000)
        }
        times.sort()
        let size = FollowUpPrompt.build(ctx).reduce(0) { $0 + $1.content.count }
        print(String(format: "  %@: median %.1f µs, p95 %.1f µs, max %.1f µs (prompt %d characters)",
                     label, percentile(times, 0.5), percentile(times, 0.95), times.last!, size))
        if sink == 42 { print("") } // keeps the work observable to the optimizer
    }
    var times: [Double] = []
    for _ in 0..<iterations {
        let t0 = nanoseconds()
        let prompt = try! fromDatabase()
        let t1 = nanoseconds()
        if prompt.isEmpty { print("") }
        times.append(Double(t1 - t0) / 1_000)
    }
    times.sort()
    print(String(format: "  read the last %d from a SQLite file of %d messages, then build: median %.1f µs, p95 %.1f µs, max %.1f µs",
                 FollowUpPrompt.windowSize, count, percentile(times, 0.5), percentile(times, 0.95), times.last!))
}

/// The whole path the engine takes: one deal with every message in a real SQLite file; only the window is read.
func databaseCase(messages: [Message], config: FollowUpConfig, now: Date) throws -> () throws -> [ChatMessage] {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("retoma-bench-\(getpid())")
    try? FileManager.default.removeItem(at: folder)
    let store = try Store(path: folder.appendingPathComponent("bench.db").path)
    let board = try store.addBoard(name: "Bench")
    let column = try store.addColumn(boardID: board.id, name: "Aguardando resposta")
    let deal = try store.addDeal(NewDeal(columnID: column.id, title: "Site institucional", contactName: "Maria Souza",
                                         phone: "+5511987654321", valueCents: 120_050))
    for m in messages { _ = try store.addMessage(dealID: deal.id, author: m.author, text: m.text, at: m.at) }
    return {
        let m = try store.followUpMaterial(dealID: deal.id)
        return FollowUpPrompt.build(FollowUpContext(contact: m.contact, deal: m.deal, columnName: m.column.name, config: config,
                                                    recentMessages: m.recentMessages, followUpsSinceReply: m.followUpsSinceReply, now: now))
    }
}

/// The reads the board makes, on a real database: the board with its counts and first pages, pages deep in a
/// column (keyset, from the end, a seek by position) and the filter, answered by the database.
func benchBoard(path: String) throws {
    let store = try Store(path: path)
    defer { try? store.close() }
    guard let boardID = try store.firstBoardID() else { throw StoreError.notFound(entity: "board", id: 0) }
    func timed(_ label: String, _ iterations: Int, _ body: (Int) throws -> Void) rethrows {
        var times: [Double] = []
        for i in 0..<iterations {
            let t0 = nanoseconds()
            try body(i)
            times.append(Double(nanoseconds() - t0) / 1e6)
        }
        times.sort()
        print(String(format: "  %@: median %.2f ms, p95 %.2f ms, max %.2f ms (%d reads)", label, percentile(times, 0.5),
                     percentile(times, 0.95), times.last!, iterations))
    }
    let board = try store.boardPage(id: boardID, pageSize: 64)
    let counts = board.columns.map(\.count)
    print("board reads, \(counts.reduce(0, +)) deals in columns of \(counts.map(String.init).joined(separator: ", ")), release build")
    try timed("the board: counts and the first 64 cards of each column", 200) { _ in
        _ = try store.boardPage(id: boardID, pageSize: 64)
    }
    guard let big = board.columns.max(by: { $0.count < $1.count }), big.count > 64 else { return }
    var random = SplitMix64(seed: 15)
    try timed("64 cards after a key deep in the largest column", 200) { _ in
        let at = Int(random.next() % UInt64(big.count - 1))
        _ = try store.cardPage(columnID: big.column.id, request: .fromIndex(at), limit: 1).cards.first.map {
            try store.cardPage(columnID: big.column.id, request: .after(CardKey($0)), limit: 64)
        }
    }
    try timed("the last 64 cards of the largest column", 200) { _ in
        _ = try store.cardPage(columnID: big.column.id, request: .last, limit: 64)
    }
    // The keywords alone, with text, and together (`:optout` matches nobody on a demo board: the worst walk).
    for filter in ["silva", "clinica sorriso", "zzzz", "98765", ":aguardando", "silva :aguardando", ":optout",
                   ":optout :aguardando"] {
        try timed("the board filtered by \"\(filter)\" (counts and first pages)", 5) { _ in
            _ = try store.boardPage(id: boardID, filter: filter, pageSize: 64)
        }
    }
}

let args = CommandLine.arguments.dropFirst()
switch args.first {
case "board":
    guard let path = args.dropFirst().first else {
        FileHandle.standardError.write(Data("usage: retoma-bench board DB\n".utf8))
        exit(2)
    }
    do { try benchBoard(path: path) } catch {
        FileHandle.standardError.write(Data("retoma-bench board: \(error)\n".utf8))
        exit(1)
    }
case "agent-send":
    let trials = args.dropFirst().first.flatMap(Int.init) ?? 100
    let queued = args.dropFirst(2).first.flatMap(Int.init) ?? 1_000
    guard (1...100_000).contains(trials), (0...1_000_000).contains(queued) else {
        FileHandle.standardError.write(Data("usage: retoma-bench agent-send [trials 1…100000] [queued follow-ups 0…1000000]\n".utf8))
        exit(2)
    }
    do { try benchAgentSend(trials: trials, queued: queued) } catch {
        FileHandle.standardError.write(Data("retoma-bench agent-send: \(error)\n".utf8))
        exit(1)
    }
case "prompt":
    let count = args.dropFirst().first.flatMap(Int.init) ?? 5_000
    let iterations = args.dropFirst(2).first.flatMap(Int.init) ?? 2_000
    guard count >= 1, iterations >= 1 else {
        FileHandle.standardError.write(Data("usage: retoma-bench prompt [messages ≥ 1] [iterations ≥ 1]\n".utf8))
        exit(2)
    }
    benchPrompt(messages: count, iterations: iterations)
case "drafts":
    let n = args.dropFirst().first.flatMap(Int.init) ?? 3
    let model = args.dropFirst(2).first ?? "gemma"
    let temperature = args.dropFirst(3).first.flatMap(Double.init)
    let set = "Tests/Fixtures/draft-eval/conversations.json"
    let safeName = String(model.split(separator: "/").last ?? "model").replacingOccurrences(of: ".gguf", with: "")
    let out = "bench/out/drafts-\(safeName)\(temperature.map { "-t\($0)" } ?? "").jsonl"
    guard (1...20).contains(n), temperature.map({ $0.isFinite && (0...2).contains($0) }) ?? true,
          args.count <= 4, args.count < 4 || temperature != nil else {
        FileHandle.standardError.write(Data("usage: retoma-bench drafts [N 1…20] [gemma|smollm2|FILE.gguf] [first temperature 0…2]\n".utf8))
        exit(2)
    }
    do { try benchDrafts(drafts: n, model: model, temperature: temperature, setFile: set, out: out) } catch {
        FileHandle.standardError.write(Data("retoma-bench drafts: \(error)\n".utf8))
        exit(1)
    }
case "drafts-rescore":
    guard args.count == 2, let file = args.dropFirst().first else {
        FileHandle.standardError.write(Data("usage: retoma-bench drafts-rescore FILE.jsonl\n".utf8))
        exit(2)
    }
    do { try rescoreDrafts(file: file, setFile: "Tests/Fixtures/draft-eval/conversations.json") } catch {
        FileHandle.standardError.write(Data("retoma-bench drafts-rescore: \(error)\n".utf8))
        exit(1)
    }
default:
    FileHandle.standardError.write(Data("usage: retoma-bench prompt [messages] [iterations] | board DB | agent-send [trials] [queued] | drafts [N] [model] | drafts-rescore FILE\n".utf8))
    exit(2)
}
