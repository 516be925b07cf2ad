import Foundation
import RetomaCore

/// The prompt builder fed arbitrary conversations, and the cleaning of the model's reply. The input is NUL-
/// separated fields, in this order (numbers in decimal; a missing field is empty or 0):
///
///     flags, value in centavos, follow-ups since the reply, now (Unix seconds),
///     contact name, phone, e-mail, company, deal title, column name, instructions, extra information,
///     earlier follow-up (for the "too similar" hint), model reply,
///     then per message: author (0 customer, 1 agent, 2 follow-up), time (Unix seconds), text
///
/// Flags: 1 the deal has a value, 2 the ticket is closed, 4 an e-mail, 8 a company, 16 the "too similar" hint,
/// 32 the "unusable reply" hint.
extension FuzzTarget {
    public static let prompt = FuzzTarget(
        name: "prompt",
        summary: "the follow-up prompt built from arbitrary conversations, and the model reply's cleaning",
        run: PromptFuzz.run)
}

enum PromptFuzz {
    /// Times as a database row can hold them: any whole number of Unix seconds (new rows are pinned to years
    /// 1–9999, older or edited ones may hold anything); `now` is the clock or `--at`.
    static func instant(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    static func run(_ bytes: [UInt8]) {
        var input = FuzzReader(bytes)
        let flags = input.integer()
        let value = input.integer()
        let followUps = input.integer()
        let now = instant(input.integer())
        let name = input.text(), phone = input.text(), email = input.text(), company = input.text()
        let title = input.text(), columnName = input.text(), instructions = input.text(), extra = input.text()
        let earlier = input.text(), reply = input.text()
        var messages: [Message] = []
        while !input.isAtEnd {
            let author = MessageAuthor.allCases[Int(input.integer().magnitude % 3)]
            let at = instant(input.integer())
            messages.append(Message(id: Int64(messages.count + 1), dealID: 1, author: author, text: input.text(), at: at))
        }

        var config = FollowUpConfig.off
        config.enabled = true
        config.instructions = instructions
        config.extraInfo = extra
        let context = FollowUpContext(
            contact: Contact(id: 1, name: name, phone: phone, email: flags & 4 != 0 ? email : nil,
                             company: flags & 8 != 0 ? company : nil),
            deal: Deal(id: 1, columnID: 1, position: 0, title: title, valueCents: flags & 1 != 0 ? value : nil,
                       contactID: 1, ticketClosed: flags & 2 != 0, createdAt: now),
            columnName: columnName, config: config, recentMessages: messages,
            followUpsSinceReply: Int(truncatingIfNeeded: followUps), now: now)

        let cleaned = FollowUpText.clean(reply)
        var hints: [FollowUpPrompt.Hint] = []
        if flags & 16 != 0 { hints.append(.tooSimilar(to: earlier)) }
        if flags & 32 != 0, case .failure(let problem) = cleaned { hints.append(.unusable(problem)) }

        let prompt = FollowUpPrompt.build(context, hints: hints)
        require(prompt.count == 2 && prompt[0].role == .system && prompt[1].role == .user, "not a system and a user part")
        checkConversation(prompt[1].content, window: FollowUpPrompt.window(messages))

        switch cleaned {
        case .success(let text):
            require(!text.isEmpty && text.count <= FollowUpText.maxCharacters, "a reply of \(text.count) characters passed")
            require(FollowUpText.clean(text) == .success(text), "a cleaned reply changes when cleaned again")
        case .failure(let problem):
            for lang in [Lang.pt, .en] { _ = problem.message(lang) }
        }
        if let kept = FollowUpText.completeSentences(reply) {
            require(!kept.isEmpty && reply.contains(kept), "complete sentences that were not in the reply")
        }
        let score = Similarity.score(reply, earlier)
        require(score.isFinite && (0...1).contains(score), "similarity \(score)")

        // The quality gate and the fit score take any reply: one problem per kind, words in both languages, a
        // fit within 0…1; and a copy of the earlier follow-up never passes.
        let problems = DraftGate.check(reply, context: context, earlier: [earlier])
        require(Set(problems.map(\.code)).count == problems.count, "a problem kind reported twice: \(problems)")
        for problem in problems { require(!problem.message(.pt).isEmpty && !problem.message(.en).isEmpty, "a problem without words") }
        let fit = DraftFit.score(reply, context: context, earlier: [earlier])
        require(fit.isFinite && (0...1).contains(fit), "fit \(fit)")
        if !earlier.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            require(!DraftGate.check(earlier, context: context, earlier: [earlier]).isEmpty, "a copy of the earlier follow-up passed")
        }
    }

    /// How the prompt names each author.
    static let labels: [MessageAuthor: String] = [.customer: "cliente", .agent: "empresa",
                                                  .followup: "empresa (follow-up automático)"]

    /// The conversation block holds one line per message of the window, each `[time] author: "text"` with the
    /// text's own quotes escaped: customer text can never close its quote, start a line or pose as an author.
    static func checkConversation(_ user: String, window: [Message]) {
        let lines = user.split(separator: "\n", omittingEmptySubsequences: false)
        guard let open = lines.firstIndex(of: "<<<CONVERSA"),
              let close = lines[open...].firstIndex(of: "CONVERSA>>>") else {
            require(false, "no conversation block")
            return
        }
        let block = lines[(open + 1)..<close]
        if window.isEmpty {
            require(Array(block) == ["(sem mensagens)"], "an empty conversation shows \(block.count) lines")
            return
        }
        require(block.count == window.count, "\(window.count) messages took \(block.count) lines")
        for (line, message) in zip(block, window) {
            let label = labels[message.author]!
            // Literal: a text that opens with a combining mark fuses with the quote into one character.
            guard let start = line.range(of: "] \(label): \"", options: .literal) else {
                require(false, "a message line without its author: \(line)")
                return
            }
            require(line.hasPrefix("["), "a message line that does not start with its time: \(line)")
            var quoted = line[start.upperBound...]
            require(quoted.last == "\"", "a quote that does not end the line: \(line)")
            quoted = quoted.dropLast()
            var escaped = false
            for scalar in quoted.unicodeScalars {
                if escaped { escaped = false; continue }
                if scalar == "\\" { escaped = true; continue }
                require(scalar != "\"", "customer text closed its quote: \(line)")
                require(!(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)), "a control character is quoted")
            }
            require(!escaped, "a quote ends on a lone backslash: \(line)")
        }
    }
}
