import Foundation
import RetomaCore

/// `retoma-bench drafts-rescore FILE`: the drafts a `retoma-bench drafts` run wrote (FILE, JSON lines), judged
/// again by today's `DraftGate` and `DraftFit.requiredForSending` without the model, against the same
/// evaluation set. Prints how many passed then and now, the refusals by reason, each draft that passed then
/// and is refused now with why, and every draft that still passes, for judging by hand.
func rescoreDrafts(file: String, setFile: String) throws {
    struct Record: Decodable {
        var id: String
        var draft: Int
        var text: String?
        var passed: Bool
    }
    let cases = Dictionary(uniqueKeysWithValues: try DraftEvalCase.decodeSet(try Data(contentsOf: URL(fileURLWithPath: setFile)))
        .map { ($0.id, $0) })
    let lines = try String(contentsOfFile: file, encoding: .utf8).split(whereSeparator: \.isNewline)
    var total = 0, before = 0, after = 0
    var reasons: [String: Int] = [:]
    var kept: [String] = []
    var refused: [String] = []
    for (n, line) in lines.enumerated() {
        let record: Record
        do { record = try JSONDecoder().decode(Record.self, from: Data(line.utf8)) } catch {
            throw BenchError("\(file):\(n + 1): not a draft record (\(error))")
        }
        guard let c = cases[record.id] else { throw BenchError("\(file):\(n + 1): no conversation \"\(record.id)\" in \(setFile)") }
        total += 1
        if record.passed { before += 1 }
        guard let text = record.text else { reasons["unusable", default: 0] += 1; continue }
        let context = c.context
        let earlier = context.recentMessages.filter { $0.author == .followup }.map(\.text)
        var problems = DraftGate.check(text, context: context, earlier: earlier)
        if problems.isEmpty {
            let missing = DraftFit.missing(text, context: context)
            if !missing.isEmpty { problems = [.poorFit(missing: missing)] }
        }
        for p in problems { reasons[p.code, default: 0] += 1 }
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " / ")
        if problems.isEmpty {
            after += 1
            kept.append("\(record.id) #\(record.draft): \(oneLine)")
        } else if record.passed {
            refused.append("\(record.id) #\(record.draft) [\(problems.map { $0.message(.en) }.joined(separator: "; "))]: \(oneLine)")
        }
    }
    print(String(format: "drafts %d; passed when written %d (%.0f %%); pass the gate and the fit minimum now %d (%.0f %%)",
                 total, before, 100 * Double(before) / Double(max(total, 1)), after, 100 * Double(after) / Double(max(total, 1))))
    print("refusals by reason: " + reasons.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    print("passed when written, refused now:")
    for r in refused { print("  " + r) }
    print("still passing:")
    for k in kept { print("  " + k) }
}
