import Foundation
import RetomaCore
import RetomaStore

extension EngineEvent {
    /// One line for `retoma engine`'s log: local time, what happened, the deal, and why.
    public func logLine(_ lang: Lang) -> String {
        let pt = lang == .pt
        let time = Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: .current).format(at)
        return "\(time) \(kind.padding(toLength: 14, withPad: " ", startingAt: 0)) \(detail(pt))"
    }

    /// What happened and why, without the time and kind: the monitor shows these same words.
    public func detail(_ pt: Bool) -> String {
        func when(_ date: Date) -> String { BrazilTime.display(date, pt ? .pt : .en) }
        func quote(_ text: String) -> String {
            "“" + text.replacingOccurrences(of: "\n", with: " ⏎ ") + "”"
        }
        switch self {
        case .started: return pt ? "motor iniciado" : "engine started"
        case .stopped: return pt ? "motor parado" : "engine stopped"
        case .leaseAcquired(let me, let previous, _):
            let base = pt ? "este processo executa o motor (pid \(me.pid) em \(me.host))"
                          : "this process runs the engine (pid \(me.pid) on \(me.host))"
            guard let previous else { return base }
            return base + (pt ? "; assumiu de pid \(previous.pid) em \(previous.host), que parou de renovar"
                              : "; took over from pid \(previous.pid) on \(previous.host), which stopped renewing")
        case .leaseLost(let holder, _):
            guard let holder else { return pt ? "o motor não está mais com este processo" : "this process no longer runs the engine" }
            return pt ? "o motor de outro número roda neste banco (pid \(holder.pid) em \(holder.host)); aguardando"
                      : "an engine of another number runs on this database (pid \(holder.pid) on \(holder.host)); standing by"
        case .paused(let reason, let detail, _):
            let why = detail.map { ": \($0)" } ?? ""
            switch reason {
            case .operator: return (pt ? "envios pausados pelo operador" : "sending paused by the operator") + why
            case .channel: return (pt ? "envios pausados pelo canal do WhatsApp" : "sending paused by the WhatsApp channel") + why
            case .ai: return (pt ? "envios pausados pela IA" : "sending paused by the AI") + why
            }
        case .resumed: return pt ? "envios retomados" : "sending resumed"
        case .planned(let a, let dueAt, _):
            return "\(ref(a, pt)) " + (pt ? "planejado (venceu em \(when(dueAt)))" : "planned (due at \(when(dueAt)))")
        case .generating(let a, _): return "\(ref(a, pt)) " + (pt ? "gerando a mensagem" : "writing the message")
        case .awaitingReview(let a, let text, _):
            return "\(ref(a, pt)) " + (pt ? "aguardando revisão " : "waiting for review ") + quote(text)
        case .sending(let a, let text, _): return "\(ref(a, pt)) " + (pt ? "enviando " : "sending ") + quote(text)
        case .sent(let a, let text, let model, let id, _):
            let by = model.map { pt ? " (escrito por \($0))" : " (written by \($0))" } ?? ""
            return "\(ref(a, pt)) " + (pt ? "enviado" : "sent") + "\(by) [\(id)] " + quote(text)
        case .skipped(let d, let reason, let until, _):
            let after = until.map { pt ? " até \(when($0))" : " until \(when($0))" } ?? ""
            return "\(ref(d, pt)) \(reason.rawValue)\(after)"
        case .maxReached(let d, let moved, _):
            guard let moved else {
                return "\(ref(d, pt)) " + (pt ? "limite de follow-ups sem resposta atingido; nada mais será enviado"
                                             : "maximum follow-ups without a reply reached; nothing more is sent")
            }
            let target = moved.columnName ?? "\(moved.columnID)"
            return "\(ref(d, pt)) " + (pt ? "limite atingido; movida para \"\(target)\"" : "maximum reached; moved to \"\(target)\"")
        case .throttled(let d, let until, let waiting, _):
            return "\(ref(d, pt)) " + (pt ? "aguardando o limite de envios até \(when(until)) (\(waiting) na fila)"
                                         : "held by the sending limits until \(when(until)) (\(waiting) waiting)")
        case .retrying(let a, let error, let retryAt, _):
            return "\(ref(a, pt)) " + (pt ? "nova tentativa às \(when(retryAt)): \(error)" : "retrying at \(when(retryAt)): \(error)")
        case .failed(let a, let reason, let error, _):
            return "\(ref(a, pt)) \(reason)" + (error.map { ": \($0)" } ?? "")
        case .uncertain(let a, let error, _):
            return "\(ref(a, pt)) " + (pt ? "envio incerto (pode ter chegado); nada é reenviado sem o operador"
                                         : "send uncertain (it may have arrived); nothing is resent without the operator")
                + (error.map { ": \($0)" } ?? "")
        case .cancelled(let a, let reason, _): return "\(ref(a, pt)) \(reason)"
        case .storeError(let message, _): return (pt ? "erro no banco de dados: " : "database error: ") + message
        case .agent(let a, let step, _):
            let who = "\(ref(a.deal, pt)) [\(a.key)] "
            switch step {
            case .queued: return who + (pt ? "mensagem do agente na fila" : "agent's message queued")
            case .sending(let text): return who + (pt ? "enviando a mensagem do agente " : "sending the agent's message ") + quote(text)
            case .sent(let id): return who + (pt ? "mensagem do agente enviada [\(id)]" : "agent's message sent [\(id)]")
            case .throttled(let until):
                return who + (pt ? "mensagem do agente aguardando o limite de envios até \(when(until))"
                                 : "agent's message held by the sending limits until \(when(until))")
            case .paused: return who + (pt ? "mensagem do agente aguardando: envios pausados" : "agent's message waiting: sending is paused")
            case .retrying(let error, let retryAt):
                return who + (pt ? "mensagem do agente: nova tentativa às \(when(retryAt)): \(error)"
                                 : "agent's message: retrying at \(when(retryAt)): \(error)")
            case .failed(let reason): return who + (pt ? "mensagem do agente não enviada: " : "agent's message not sent: ") + reason
            case .uncertain(let error):
                return who + (pt ? "envio incerto da mensagem do agente (pode ter chegado); nada é reenviado: "
                                 : "agent's message uncertain (it may have arrived); nothing is resent: ") + error
            case .cancelled(let reason): return who + (pt ? "mensagem do agente cancelada: " : "agent's message cancelled: ") + reason
            }
        }
    }

    private func ref(_ a: AttemptRef, _ pt: Bool) -> String {
        "\(ref(a.deal, pt)) #\(a.sequence) [\(a.key.text)]"
    }

    private func ref(_ d: DealRef, _ pt: Bool) -> String {
        let names = [d.contactName, d.columnName].compactMap { $0 }.joined(separator: " · ")
        return (pt ? "negociação \(d.dealID)" : "deal \(d.dealID)") + (names.isEmpty ? "" : " (\(names))")
    }
}
