import Foundation

/// One follow-up rule as it was checked for a deal, able to say itself in words (`retoma deal why`).
public enum Check: Sendable, Equatable {
    case followUpEnabled(Bool)
    case engine(paused: Bool)
    /// The column's own brake is on (only listed when it is).
    case columnPaused
    /// The anchor: our latest message, if we ever wrote.
    case ourMessage(lastAt: Date?)
    case lastMessage(author: MessageAuthor?)
    case ticket(closed: Bool, sendAfterClose: Bool)
    /// `max` 0 means no limit.
    case attempts(sent: Int, max: Int)
    case dueTime(anchor: Date, interval: Interval, dueAt: Date, at: Date)
    /// Business hours are off for the column: it sends at any hour, weekends included.
    case sendsAnyTime
    /// Business hours are on: `closure` nil means the window is open; otherwise it opens at `opensAt`.
    case businessHours(closure: BusinessCalendar.Closure?, opensAt: Date)
    case governor(nextSlot: Date)
    /// An earlier attempt for the same anchor failed or may have been sent; the operator must decide.
    case heldByAttempt(AttemptHold)
    /// The channel's 24-hour customer-service window (Cloud API), as `CustomerServiceWindow.route` decided.
    case customerServiceWindow(lastCustomerMessageAt: Date?, route: CustomerServiceWindow.Route)
    /// The column's daily limit: `sent` follow-ups of `max` on this Brasília day; `resumesAt` nil while some are left.
    case columnDailyLimit(sent: Int, max: Int, resumesAt: Date?)
    /// The contact opted out (only listed when it did).
    case optedOut(ContactOptOut)
    /// The customer answered in another deal of the same contact (only listed when it did).
    case repliedElsewhere(OtherDealReply)
    /// The operator skipped the column for the rest of the Brasília day (only listed when so).
    case columnSkippedToday(resumesAt: Date)

    public var passed: Bool {
        switch self {
        case .followUpEnabled(let on): on
        case .engine(let paused): !paused
        case .columnPaused: false
        case .ourMessage(let lastAt): lastAt != nil
        case .lastMessage(let author): author != .customer
        case .ticket(let closed, let after): !closed || after
        case .attempts(let sent, let max): max == 0 || sent < max
        case .dueTime(_, _, let dueAt, let at): dueAt <= at
        case .sendsAnyTime: true
        case .businessHours(let closure, _): closure == nil
        case .governor: false
        case .heldByAttempt: false
        case .customerServiceWindow(_, let route): route != .skip
        case .columnDailyLimit(_, _, let resumesAt): resumesAt == nil
        case .optedOut, .repliedElsewhere, .columnSkippedToday: false
        }
    }

    public func sentence(_ lang: Lang) -> String {
        let pt = lang == .pt
        switch self {
        case .followUpEnabled(let on):
            if pt { return on ? "Follow-up ativado nesta coluna" : "Follow-up desativado nesta coluna" }
            return on ? "Follow-up is on for this column" : "Follow-up is off for this column"
        case .columnPaused:
            return pt ? "Envios desta coluna pausados pelo operador" : "Sending is paused for this column by the operator"
        case .engine(let paused):
            if pt { return paused ? "Envios automáticos pausados" : "Envios automáticos em execução" }
            return paused ? "Automatic sending is paused" : "Automatic sending is running"
        case .ourMessage(let lastAt):
            guard let lastAt else {
                return pt ? "Nenhuma mensagem nossa na conversa: não há o que retomar"
                          : "No message from us in the conversation: nothing to follow up"
            }
            let when = BrazilTime.display(lastAt, lang)
            return pt ? "Última mensagem nossa em \(when)" : "Our latest message was at \(when)"
        case .lastMessage(let author):
            switch author {
            case .customer:
                return pt ? "A última mensagem é do cliente: o follow-up para até respondermos"
                          : "The customer wrote last: follow-up stops until we reply"
            case .agent:
                return pt ? "A última mensagem é nossa (atendente)" : "We wrote last (an agent)"
            case .followup:
                return pt ? "A última mensagem é nossa (follow-up)" : "We wrote last (a follow-up)"
            case nil:
                return pt ? "Conversa sem mensagens" : "The conversation has no messages"
            }
        case .ticket(let closed, let after):
            if !closed { return pt ? "Chamado aberto" : "The ticket is open" }
            if after {
                return pt ? "Chamado finalizado, mas a coluna envia mesmo assim"
                          : "The ticket is closed, but this column sends anyway"
            }
            return pt ? "Chamado finalizado e a coluna não envia após a finalização"
                      : "The ticket is closed and this column does not send after closing"
        case .attempts(let sent, let max):
            if max == 0 {
                return pt ? "\(sent) follow-up(s) sem resposta; sem limite"
                          : "\(sent) follow-up(s) without a reply; no limit"
            }
            if sent < max {
                return pt ? "\(sent) de \(max) follow-ups sem resposta enviados"
                          : "\(sent) of \(max) follow-ups without a reply sent"
            }
            return pt ? "Limite de \(max) follow-ups sem resposta atingido (\(sent) enviados)"
                      : "Limit of \(max) follow-ups without a reply reached (\(sent) sent)"
        case .dueTime(let anchor, let interval, let dueAt, let at):
            let due = BrazilTime.display(dueAt, lang)
            let base = BrazilTime.display(anchor, lang)
            if dueAt <= at {
                return pt ? "Venceu em \(due) (\(base) + \(interval.short))"
                          : "Became due at \(due) (\(base) + \(interval.short))"
            }
            return pt ? "Vence em \(due) (\(base) + \(interval.short))"
                      : "Due at \(due) (\(base) + \(interval.short))"
        case .sendsAnyTime:
            return pt ? "Envia em qualquer horário, inclusive fins de semana"
                      : "Sends at any hour, weekends included"
        case .businessHours(let closure, let opensAt):
            let next = BrazilTime.display(opensAt, lang)
            switch closure {
            case nil:
                return pt ? "Dentro do horário comercial (seg. a sex., 8h às 18h, horário de Brasília)"
                          : "Within business hours (Mon–Fri, 8:00–18:00, Brasília time)"
            case .weekend?:
                return pt ? "Fim de semana; próximo horário comercial: \(next)"
                          : "Weekend; business hours resume at \(next)"
            case .beforeOpening?:
                return pt ? "Antes do horário comercial; abre às \(next)"
                          : "Before business hours; opens at \(next)"
            case .afterClosing?:
                return pt ? "Após as 18h; próximo horário comercial: \(next)"
                          : "After 18:00; business hours resume at \(next)"
            case .holiday(let h)?:
                let kind: String
                switch h.kind {
                case .national: kind = pt ? "Feriado nacional" : "National holiday"
                case .pontoFacultativo: kind = pt ? "Ponto facultativo" : "Optional federal holiday"
                }
                return pt ? "\(kind) (\(h.name(lang))); próximo horário comercial: \(next)"
                          : "\(kind) (\(h.name(lang))); business hours resume at \(next)"
            }
        case .governor(let slot):
            let when = BrazilTime.display(slot, lang)
            return pt ? "Limite de envios do número (proteção contra bloqueio); próximo envio possível: \(when)"
                      : "The number's sending limits (ban protection); next possible send: \(when)"
        case .customerServiceWindow(let last, let route):
            let since: String
            if let last {
                let when = BrazilTime.display(last, lang)
                since = pt ? "última mensagem do cliente em \(when)" : "the customer's latest message was at \(when)"
            } else {
                since = pt ? "o cliente nunca escreveu" : "the customer never wrote"
            }
            switch route {
            case .freeText:
                return pt ? "Janela de 24 h do WhatsApp aberta (\(since))" : "WhatsApp's 24-hour window is open (\(since))"
            case .template:
                return pt ? "Janela de 24 h do WhatsApp fechada (\(since)): vai como o modelo aprovado configurado"
                          : "WhatsApp's 24-hour window is closed (\(since)): sent as the configured approved template"
            case .skip:
                return pt ? "Janela de 24 h do WhatsApp fechada (\(since)) e nenhum modelo aprovado configurado "
                            + "(RETOMA_CLOUD_TEMPLATE): a Cloud API não aceita texto livre"
                          : "WhatsApp's 24-hour window is closed (\(since)) and no approved template is configured "
                            + "(RETOMA_CLOUD_TEMPLATE): the Cloud API refuses free text"
            }
        case .columnDailyLimit(let sent, let max, let resumesAt):
            guard let resumesAt else {
                return pt ? "\(sent) de no máximo \(max) follow-ups hoje nesta coluna"
                          : "\(sent) of at most \(max) follow-ups today in this column"
            }
            let when = BrazilTime.display(resumesAt, lang)
            return pt ? "Limite diário da coluna atingido (\(sent) de \(max) hoje); próximo envio possível: \(when)"
                      : "The column's daily limit is reached (\(sent) of \(max) today); next possible send: \(when)"
        case .columnSkippedToday(let resumesAt):
            let when = BrazilTime.display(resumesAt, lang)
            return pt ? "Coluna pulada hoje na fila de revisão; próximo envio possível: \(when)"
                      : "Column skipped for today in the review queue; next possible send: \(when)"
        case .optedOut(let optOut):
            let when = BrazilTime.display(optOut.at, lang)
            switch (optOut.source, optOut.text) {
            case (.customer, let text?):
                return pt ? "O contato pediu para não receber mensagens em \(when) (\"\(text)\"): nenhum follow-up em nenhuma negociação"
                          : "The contact asked not to receive messages at \(when) (\"\(text)\"): no follow-up on any deal"
            default:
                return pt ? "Marcado pelo operador em \(when) como não quer receber mensagens: nenhum follow-up em nenhuma negociação"
                          : "Marked by the operator at \(when) as not wanting messages: no follow-up on any deal"
            }
        case .repliedElsewhere(let reply):
            let when = BrazilTime.display(reply.at, lang)
            return pt ? "O cliente respondeu em \"\(reply.dealName)\" em \(when): o follow-up para até escrevermos nesta negociação"
                      : "The customer replied in \"\(reply.dealName)\" at \(when): follow-up stops until we write in this deal"
        case .heldByAttempt(let hold):
            let why = hold.reason.map { ": \($0)" } ?? ""
            switch hold.state {
            case .uncertain:
                return pt ? "A tentativa \(hold.attemptID) pode ter sido enviada (envio interrompido)\(why); "
                            + "nada é reenviado sem a decisão do operador (reenviar ou marcar como feita)"
                          : "Attempt \(hold.attemptID) may have been sent (the send was interrupted)\(why); "
                            + "nothing is resent until the operator decides (resend or mark as done)"
            case .failed:
                return pt ? "A tentativa \(hold.attemptID) falhou\(why); aguardando o operador tentar de novo"
                          : "Attempt \(hold.attemptID) failed\(why); waiting for the operator to retry it"
            }
        }
    }
}
