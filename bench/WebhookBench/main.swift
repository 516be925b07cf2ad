import Foundation
import Glibc
import RetomaAI
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaStore
import Synchronization

// The webhook listener under a slow-connection flood while the engine sends (issue 10, item 8). Subcommands:
//   run [CONNS] [SENDS] [SECS]   twice, in this process: SENDS deals fall due over SECS seconds and the engine sends
//                                them through the sandbox, with the listener up (Cloud settings); the first time
//                                alone, the second time while a child process (`flood`) holds CONNS slow
//                                connections against the listener; a third time with that flood and the process
//                                left 24 descriptors, so the listener meets EMFILE. Prints the due → send delays of
//                                each, what the flood got, and how signed webhooks sent meanwhile were answered.
//   flood PORT CONNS SECS        the attacker: CONNS connections to 127.0.0.1:PORT, each sending part of a request
//                                and then a header line a second (slowloris), reconnecting a second after the
//                                listener closes it; stops by itself after SECS seconds.
// Loopback only, bounded in time and count.

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("retoma-webhook-bench: \(message)\n".utf8))
    exit(1)
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

/// A line on standard output at once (the parent reads it through a pipe).
func say(_ line: String) { FileHandle.standardOutput.write(Data("\(line)\n".utf8)) }

func monotonic() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func loopbackSocket(port: UInt16, nonBlocking: Bool) -> Int32? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    if nonBlocking { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    if result == 0 || (nonBlocking && errno == EINPROGRESS) { return fd }
    close(fd)
    return nil
}

func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    var sent = 0
    while sent < bytes.count {
        let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if n <= 0 { return false }
        sent += n
    }
    return true
}

/// The status of the answer to one request sent on a fresh connection, or why there was none.
func exchange(port: UInt16, _ request: [UInt8], timeout: Double) -> String {
    guard let fd = loopbackSocket(port: port, nonBlocking: false) else { return "no connection" }
    defer { close(fd) }
    guard sendAll(fd, request) else { return "reset" }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    let deadline = monotonic() + timeout
    while bytes.count < 12 {
        let left = deadline - monotonic()
        if left <= 0 { return "no answer in \(Int(timeout)) s" }
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        if poll(&p, 1, Int32(left * 1000) + 1) <= 0 { continue }
        let n = recv(fd, &buffer, buffer.count, 0)
        if n <= 0 { return bytes.isEmpty ? "closed unanswered" : "cut" }
        bytes.append(contentsOf: buffer[0..<n])
    }
    return String(decoding: bytes[9..<12], as: UTF8.self)
}

// MARK: - flood

func flood(port: UInt16, connections wanted: Int, seconds: Double) {
    // Each connection is a descriptor: raise the soft limit as far as the hard one allows.
    var limit = rlimit()
    getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    let needed = rlim_t(wanted + 64)
    if limit.rlim_cur < needed {
        limit.rlim_cur = min(limit.rlim_max, needed)
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
    let count = min(wanted, Int(limit.rlim_cur) - 64)
    if count < wanted { FileHandle.standardError.write(Data("note: the descriptor limit (\(limit.rlim_cur)) allows \(count) connections, not \(wanted)\n".utf8)) }

    struct Slot { var fd: Int32 = -1; var nextAt = 0.0; var connecting = false; var received: [UInt8] = [] }
    var slots = [Slot](repeating: Slot(), count: count)
    var opened = 0, refused503 = 0, cut408 = 0, otherCloses = 0, connectFailures = 0, dribbled = 0
    let head = Array("POST /webhooks/whatsapp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n".utf8)
    let started = monotonic()
    let end = started + seconds
    var announced = false
    var buffer = [UInt8](repeating: 0, count: 4096)
    var fds: [pollfd] = []
    var index: [Int] = []
    while monotonic() < end {
        let now = monotonic()
        // (Re)connect what is due, and dribble a header line a second on each open connection.
        for i in slots.indices {
            if slots[i].fd < 0 {
                guard slots[i].nextAt <= now else { continue }
                guard let fd = loopbackSocket(port: port, nonBlocking: true) else {
                    connectFailures += 1; slots[i].nextAt = now + 1; continue
                }
                slots[i].fd = fd; slots[i].connecting = true; slots[i].nextAt = now; slots[i].received = []
                opened += 1
            } else if !slots[i].connecting, slots[i].nextAt <= now {
                let line = Array("X-Slow-\(dribbled % 1000): x\r\n".utf8)
                _ = line.withUnsafeBytes { send(slots[i].fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
                dribbled += 1
                slots[i].nextAt = now + 1
            }
        }
        if !announced {
            announced = true
            say("ready \(count)")
        }
        fds.removeAll(keepingCapacity: true); index.removeAll(keepingCapacity: true)
        // The parent closes our standard input to end the flood early.
        fds.append(pollfd(fd: 0, events: Int16(POLLIN), revents: 0)); index.append(-1)
        for i in slots.indices where slots[i].fd >= 0 {
            fds.append(pollfd(fd: slots[i].fd, events: Int16(slots[i].connecting ? POLLOUT : POLLIN), revents: 0))
            index.append(i)
        }
        _ = poll(&fds, nfds_t(fds.count), 50)
        let after = monotonic()
        var stdinClosed = false
        for (k, entry) in fds.enumerated() where entry.revents != 0 {
            let i = index[k]
            if i < 0 {
                var byte: UInt8 = 0
                if read(0, &byte, 1) <= 0 { stdinClosed = true }
                continue
            }
            if slots[i].connecting, entry.revents & Int16(POLLOUT) != 0, entry.revents & Int16(POLLERR | POLLHUP) == 0 {
                slots[i].connecting = false
                _ = head.withUnsafeBytes { send(slots[i].fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
                slots[i].nextAt = after + 1
                continue
            }
            let n = recv(slots[i].fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if n > 0 { slots[i].received.append(contentsOf: buffer[0..<n]); continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { continue }
            let answer = String(decoding: slots[i].received.prefix(12), as: UTF8.self)
            if answer.hasSuffix("503") { refused503 += 1 } else if answer.hasSuffix("408") { cut408 += 1 } else { otherCloses += 1 }
            close(slots[i].fd)
            slots[i].fd = -1; slots[i].connecting = false
            slots[i].nextAt = after + 1
        }
        if stdinClosed { break }
    }
    let held = slots.filter { $0.fd >= 0 && !$0.connecting }.count
    for slot in slots where slot.fd >= 0 { close(slot.fd) }
    say("flood \(count) slots over \(Int(seconds)) s: \(opened) connections opened, \(refused503) refused with 503, "
          + "\(cut408) cut with 408 after the timeout, \(otherCloses) closed otherwise, \(connectFailures) connects failed, "
          + "\(dribbled) header lines dribbled, \(held) open at the end")
}

// MARK: - run

struct InstantWriter: FollowUpWriting {
    func write(_ context: FollowUpContext, earlierFollowUps: [String]) throws -> WrittenFollowUp {
        WrittenFollowUp(text: "Oi \(context.contact.name), conseguiu ver o orçamento de \(context.deal.title)?",
                        model: "bench-instant")
    }
}

struct Phase {
    var delays: [Double]
    var sent: Int
    var cpu: Double
    var probes: [String: Int]
    var floodSummary: String?
}

let settings = WebhookSettings(cloud: .init(phoneNumberID: "106540352242922", appSecret: "bench-app-secret",
                                            verifyToken: "bench-verify"))

/// `sends` deals due over `window` seconds from `lead` seconds on; the engine sends them while the listener
/// serves (and, with `floodConnections`, while a child process floods it). Signed webhooks are sent every 0.5 s.
/// With `descriptorHeadroom`, the process's soft descriptor limit is lowered, once the flood runs, to that many
/// above what it had open before, so the listener meets EMFILE (and must neither spin nor stop).
func phase(folder: URL, name: String, sends: Int, window: Double, lead: Double, floodConnections: Int?,
           descriptorHeadroom: Int? = nil) -> Phase {
    let path = folder.appendingPathComponent("\(name).db").path
    let store: Store
    var expected: [Int64: Date] = [:]
    do {
        store = try Store(path: path)
        let board = try store.addBoard(name: "Vendas")
        let column = try store.addColumn(boardID: board.id, name: "Aguardando resposta")
        try store.setFollowUp(columnID: column.id, config: FollowUpConfig(
            enabled: true, interval: Interval(amount: 1, unit: .days), businessHoursOnly: false, sendAfterClose: false,
            instructions: "", extraInfo: "", maxAttempts: 0, onMax: .none))
        let start = Date().timeIntervalSince1970.rounded(.up) + lead
        var random = SplitMix64(seed: UInt64(start))
        for n in 1...sends {
            let deal = try store.addDeal(NewDeal(columnID: column.id, title: "Negociação \(n)", contactName: "Cliente \(n)",
                                                 phone: "+55119\(String(format: "%08d", n))"))
            // Our last message a day before the due time: the column's one-day interval makes it due then.
            let due = start + Double(Int.random(in: 0...Int(window), using: &random))
            try store.addMessage(dealID: deal.id, author: .agent, text: "Segue o orçamento.", at: Date(timeIntervalSince1970: due - 86_400))
        }
        for due in try store.dueDeals(atOrBefore: Date(timeIntervalSince1970: start + window + 1), limit: sends + 10) {
            expected[due.dealID] = due.dueAt
        }
    } catch { fail("\(name): \(error)") }
    guard expected.count == sends else { fail("\(name): \(expected.count) deals due, not \(sends)") }
    let dueTimes = expected

    let handler = WebhookHandler(settings: settings, sink: WebhookSink(recordMessage: { try store.recordInbound($0) },
                                                                       recordEcho: { try store.recordEcho($0) },
                                                                       recordDelivery: { try store.applyDelivery($0) }),
                                 log: { _ in })
    let listener = WebhookListener(address: ListenAddress(host: "127.0.0.1", port: 0), handler: handler, log: { _ in })
    do { try listener.start() } catch { fail("\(name): \(error)") }
    guard let port = listener.port else { fail("\(name): the listener has no port") }

    // What the process holds before any flood connection (the listener's descriptors come on top).
    let openBefore = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 64
    var child: Process?
    var childOutput: Pipe?
    var childInput: Pipe?
    if let connections = floodConnections {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["flood", "\(port)", "\(connections)", "\(Int(lead + window + 15))"]
        let pipe = Pipe()
        process.standardOutput = pipe
        let input = Pipe()
        process.standardInput = input
        childInput = input
        do { try process.run() } catch { fail("cannot start the flood: \(error)") }
        child = process; childOutput = pipe
        // Wait for its first round of connections.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { fail("the flood ended early") }
            line.append(chunk)
        }
        print("flood: \(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) connections started")
    }
    var savedLimit = rlimit()
    getrlimit(Int32(RLIMIT_NOFILE.rawValue), &savedLimit)
    if let headroom = descriptorHeadroom {
        var lowered = savedLimit
        lowered.rlim_cur = rlim_t(openBefore + headroom)
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &lowered)
        print("descriptors: \(openBefore) open before the flood; soft limit lowered to \(openBefore + headroom), "
              + "fewer than the listener's 64 connections")
    }

    let delays = Mutex<[Double]>([])
    let sent = Mutex(0)
    let engine = Engine(store: store, writer: InstantWriter(), channel: SandboxChannel(),
                        configuration: EngineConfiguration(governor: SendGovernor(minGap: 0, jitter: 0...0,
                                                                                  hourlyCap: 100_000, dailyCap: 100_000)),
                        events: { event in
                            switch event {
                            case .sending(let ref, _, let at):
                                if let due = dueTimes[ref.key.dealID] { delays.withLock { $0.append(at.timeIntervalSince(due)) } }
                            case .sent: sent.withLock { $0 += 1 }
                            case .storeError(let message, _): FileHandle.standardError.write(Data("store error: \(message)\n".utf8))
                            default: break
                            }
                        })
    let cpuBefore = cpuSeconds()
    engine.start()
    // Signed webhooks (a reply from a number with no deal) twice a second, as Meta would deliver them.
    var probes: [String: Int] = [:]
    var probe = 0
    let deadline = Date().addingTimeInterval(lead + window + 30)
    while sent.withLock({ $0 }) < sends && Date() < deadline {
        probe += 1
        let body = Data(#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"106540352242922"},"messages":[{"from":"5511977770000","id":"wamid.PROBE\#(name)\#(probe)","timestamp":"\#(Int(Date().timeIntervalSince1970))","type":"text","text":{"body":"Oi"}}]}}]}]}"#.utf8)
        let request = Array("POST /webhooks/whatsapp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\nX-Hub-Signature-256: \(WebhookSignature.header(for: body, secret: "bench-app-secret"))\r\n\r\n".utf8) + Array(body)
        probes[exchange(port: port, request, timeout: 2), default: 0] += 1
        Thread.sleep(forTimeInterval: 0.5)
    }
    engine.stop()
    let cpu = cpuSeconds() - cpuBefore
    setrlimit(Int32(RLIMIT_NOFILE.rawValue), &savedLimit)
    var summary: String?
    if let child, let childOutput {
        // Closing its input ends the flood with its summary; a flood that does not stop is terminated.
        try? childInput?.fileHandleForWriting.close()
        let stopBy = Date().addingTimeInterval(5)
        while child.isRunning && Date() < stopBy { Thread.sleep(forTimeInterval: 0.05) }
        if child.isRunning { child.terminate() }
        child.waitUntilExit()
        let rest = String(decoding: childOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        summary = rest.split(separator: "\n").last { $0.hasPrefix("flood ") }.map(String.init) ?? "the flood printed no summary (stopped early)"
    }
    listener.stop()
    try? store.close()
    return Phase(delays: delays.withLock { $0 }.sorted(), sent: sent.withLock { $0 }, cpu: cpu, probes: probes,
                 floodSummary: summary)
}

func report(_ title: String, _ p: Phase, sends: Int) {
    let early = p.delays.filter { $0 < 0 }.count
    print("\(title): \(p.sent) of \(sends) sent; due time → send start: median \(ms(percentile(p.delays, 0.5))), "
          + "p99 \(ms(percentile(p.delays, 0.99))), max \(ms(p.delays.last ?? .nan)); started before due: \(early)")
    print(String(format: "  CPU of the engine's process (engine, listener, webhooks): %.2f s", p.cpu))
    print("  signed webhooks sent meanwhile, by answer: "
          + p.probes.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))
    if let s = p.floodSummary { print("  \(s)") }
}

let arguments = CommandLine.arguments
switch arguments.count > 1 ? arguments[1] : "" {
case "flood":
    guard arguments.count == 5, let port = UInt16(arguments[2]), let conns = Int(arguments[3]), conns > 0, conns <= 20_000,
          let secs = Double(arguments[4]), secs > 0, secs <= 3600 else { fail("usage: retoma-webhook-bench flood PORT CONNS SECS") }
    flood(port: port, connections: conns, seconds: secs)

case "run":
    let conns = arguments.count > 2 ? Int(arguments[2]) ?? 2000 : 2000
    let sends = arguments.count > 3 ? Int(arguments[3]) ?? 200 : 200
    let window = arguments.count > 4 ? Double(arguments[4]) ?? 30 : 30
    guard (1...20_000).contains(conns), (1...10_000).contains(sends), window >= 1, window <= 600 else {
        fail("usage: retoma-webhook-bench run [CONNS 1-20000] [SENDS 1-10000] [SECS 1-600]")
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("retoma-webhook-bench-\(getpid())")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    print("cpu: \(ProcessInfo.processInfo.activeProcessorCount) cores; \(sends) sends due over \(Int(window)) s per phase")
    let quiet = phase(folder: folder, name: "quiet", sends: sends, window: window, lead: 3, floodConnections: nil)
    report("without a flood", quiet, sends: sends)
    let flooded = phase(folder: folder, name: "flood", sends: sends, window: window, lead: 5, floodConnections: conns)
    report("with \(conns) slow connections", flooded, sends: sends)
    let starved = phase(folder: folder, name: "starved", sends: sends, window: window, lead: 5, floodConnections: conns,
                        descriptorHeadroom: 24)
    report("with \(conns) slow connections and the process out of descriptors (EMFILE)", starved, sends: sends)

default:
    fail("usage: retoma-webhook-bench run [CONNS] [SENDS] [SECS] | flood PORT CONNS SECS")
}
