import Foundation
import RetomaCore

/// Every piece of interface text, in pt-BR (the seed's own words) and English.
public enum S: Sendable, Equatable {
    case appName, quit, help, back, save, cancel, yes, no
    case columns, cards, open, ticketOpen, ticketClosed, fromCustomer, fromUs, fromFollowUp, noMessages
    /// Where one of our messages was sent from when not from Retoma: the business's phone (an echo).
    case fromPhone
    case terminalTooSmall(Size2, Size2)
    case filterPrompt, filterActive(String), noMatches
    /// What a `/` keyword keeps, for `?`; how keywords and text combine; a ":word" that is no keyword.
    case filterKeyword(BoardFilter.Keyword), filterKeywordsCombine, unknownFilterKeyword(String)
    case emptyColumn, emptyBoard
    case newDeal, editDeal, newColumn, renameColumn
    case fieldTitle, fieldContact, fieldPhone, fieldValue, fieldClosed, fieldColumnName
    case placeholderTitle
    case confirmDeleteDeal(String), confirmDeleteColumn(String, Int), confirmDiscard
    case confirmTitle, confirmAnswer, confirmResend, confirmRetry
    /// The deal screen's `o`: the question, the warning line of an opted-out contact, the result.
    case confirmOptOut(name: String), confirmOptIn(name: String), optedOutLine(ContactOptOut), optedOutNow, optedInNow
    case demoOffer, demoCreated, emptyBoardCreated, demoAnswer, defaultBoardName
    case saved, deleted, moved, ticketNowClosed, ticketNowOpen, messageRecorded
    case writeAsCompany, writeAsCustomer, messageEmpty
    /// An agent's message: queued and sent through the engine; its mark in the conversation.
    case agentMessageQueued, sendMark(SendMark), agentSendRefused(AgentSendRefusal), agentSendNoEngine
    case templatePickerTitle, templatePickerHint
    case errTitleEmpty, errNameEmpty, errValue, errPhone(String)
    case followUpSaved(String, Bool, String)
    case attemptResent, attemptMarkedDone, attemptRetried
    case dealHeader, contactLabel, phoneLabel, valueLabel, columnLabel, ticketLabel, conversation
    case ago(String), justNow
    case loading
    case keySpace

    // The title bar.
    case titlePaused, titleEngineTrouble

    // Cards and column headers.
    /// "cliente há 2 h", "empresa agora".
    case lastMessage(who: String, age: String?)
    /// "aguardando resposta · 2 h" on a card whose last message is the customer's; `short`: "aguardando · 2h".
    case awaitingReply(age: String?, short: Bool)
    /// "🤖 em 3 h", "🤖 em instantes", "🤖 agora"; the compact form for narrow cards.
    case nextFollowUp(time: String?, soon: Bool, compact: Bool)
    case columnNext(String?)

    // The deal screen.
    case followUpLabel, whyHint, whyTitle(String), engineNotRunning
    case decisionSummary(Decision)
    case reason(ReasonCode)

    // The help screen.
    case helpTitle, helpSection(KeyContext), keyDesc(KeyAction), keyShort(KeyAction), helpUnavailable(String)

    // Why a key cannot act now.
    case noDealSelected, noColumnYet, alreadyFirstColumn, alreadyLastColumn, boardLoading, noFilterActive
    case noMonitorEvents, pickUncertainLine, pickFailedLine, dealLoading, conversationAtTop, conversationAtBottom
    case examplesOnlyInTextFields, previewRunning, optionsOnlyOnChoices, listAtTop, listAtBottom, listEmpty
    case noUnassigned, selectDealForConversation, boardsLoading, onlyBoard, onlyNExamples(Int)
    case noBoardToReceive(String, Int)
    case resultsLoading

    // The results screen (`R`).
    case resultsTitle(board: String, days: Int, from: String, to: String), resultsNoColumns
    case resultsColumn(name: String, index: Int, count: Int)
    case resultsSent(sent: Int, replied24h: Int, replied72h: Int, rate: String, median: String)
    case resultsOutcomes(optOuts: Int, movedOnMax: Int, closed: Int)
    case resultsByAttempt, resultsAttempt(Int), resultsByVersion, resultsBeforeVersions
    case resultsVersion(version: Int, since: String, author: String?, sent: Int, replied72h: Int, rate: String)
    case resultsPerDay(total: Int)

    // The review queue (`A`, "Revisar antes de enviar"); `draftWhy` and `draftStale` are `retoma draft list`'s too.
    case reviewTitle(board: String, waiting: Int?), reviewCount(Int), reviewEmpty, reviewLoading, draftNotWaiting
    case reviewDraftLine(id: Int64, column: String, dealID: Int64, deal: String, contact: String)
    case draftWhy(seq: Int, interval: String, since: String), draftWaiting, draftStale(String)
    case editDraftTitle(String), confirmSkipColumnToday(column: String, drafts: Int)
    case draftApproved(edited: Bool), draftRewriting, draftSkipped, columnSkippedToday(String, Int)
    case draftWentStale(String), draftNotWaitingNow(String), draftTextRefused(String)

    // Conversations from unknown numbers.
    case unassignedTitle, unassignedNone, unassignedLine(phone: String, name: String?, count: Int, at: String)
    case conversationAssigned(phone: String, deal: String)

    // The board switcher.
    case boardsTitle, boardLine(deals: Int, followUps: Int), currentBoard, newBoard, renameBoard, boardCreated, boardDeleted
    case boardOpened(String), confirmDeleteBoard(String), deleteBoardTitle(String)
    case deleteBoardMove(String, Int), deleteBoardTarget, deleteBoardAnswer, duplicateBoardName(String)

    // The send monitor.
    case monitorTitle, monitorFilter(String), monitorToday(sent: Int, delivered: Int, read: Int, replies: Int, failed: Int, waiting: Int)
    case monitorNext(String), monitorLimits(hour: Int, hourCap: Int, day: Int, dayCap: Int), monitorPaused(String?)
    case health(String, MonitorFigures.Health), aiName, monitorUncertain(Int), monitorElsewhere(String), monitorEmpty
    case eventKind(EventKind)
    case engineStopped(String)
    case dealScreenLoading

    // What the engine did, as the monitor and events.jsonl say it.
    case evStarted, evStopped, evLeaseAcquired(me: String, previous: String?), evLeaseLost(String?)
    case evPaused(PausedBy, String?), evResumed
    case evPlanned(seq: Int, dueAt: String), evGenerating(seq: Int), evReview(seq: Int), evSending(seq: Int), evSent(seq: Int, model: String?, id: String)
    case evSkipped(ReasonCode, until: String?), evMaxReached(movedTo: String?), evThrottled(until: String, waiting: Int)
    case evRetrying(seq: Int, at: String, error: String), evFailed(seq: Int, reason: String, error: String?)
    case evUncertain(seq: Int, error: String?), evUncertainEarlier, evCancelled(seq: Int, reason: String), evStoreError(String)
    case evReplied
    // An agent's message, through the engine's agent lane.
    case evAgentQueued, evAgentSending, evAgentSent(id: String), evAgentThrottled(until: String), evAgentPaused
    case evAgentRetrying(at: String, error: String), evAgentFailed(String), evAgentUncertain(String), evAgentCancelled(String)
    /// A stable reason code from the ledger or the channel ("conversation_changed"), in words.
    case attemptReason(String)
    case channelSandbox, modelLocal, modelNamed(String)

    // Operators: the owner prompt, what was saved and by whom, a save over a newer one.
    case ownerPrompt(deal: String), ownerSet(String), ownerCleared, ownerInvalid
    case changedBy(operatorName: String, clock: String), savedBy(operatorName: String, when: String)
    case historyEntry(DealHistoryEntry.Kind, from: String?, to: String?, owner: String?), byOperator(String), byEngine

    public enum PausedBy: Sendable, Equatable { case `operator`, channel, ai }

    public struct Size2: Sendable, Equatable { public var w: Int; public var h: Int; public init(_ w: Int, _ h: Int) { self.w = w; self.h = h } }

    public func text(_ lang: Lang) -> String {
        let pt = lang == .pt
        switch self {
        case .appName: return "Retoma"
        case .quit: return pt ? "sair" : "quit"
        case .help: return pt ? "ajuda" : "help"
        case .back: return pt ? "voltar" : "back"
        case .save: return pt ? "Salvar" : "Save"
        case .cancel: return pt ? "Cancelar" : "Cancel"
        case .yes: return pt ? "sim" : "yes"
        case .no: return pt ? "não" : "no"
        case .columns: return pt ? "colunas" : "columns"
        case .cards: return pt ? "negociações" : "deals"
        case .open: return pt ? "abrir" : "open"
        case .ticketOpen: return pt ? "aberto" : "open"
        case .ticketClosed: return pt ? "finalizado" : "closed"
        case .fromCustomer: return pt ? "cliente" : "customer"
        case .fromUs: return pt ? "empresa" : "company"
        case .fromPhone: return pt ? "celular" : "phone"
        case .fromFollowUp: return pt ? "follow-up" : "follow-up"
        case .noMessages: return pt ? "sem mensagens" : "no messages"
        case let .terminalTooSmall(have, need):
            return pt ? "Terminal pequeno demais: \(have.w)×\(have.h). Aumente para pelo menos \(need.w)×\(need.h)."
                      : "Terminal too small: \(have.w)×\(have.h). Make it at least \(need.w)×\(need.h)."
        case .filterPrompt: return pt ? "Filtrar: " : "Filter: "
        case let .filterActive(f): return pt ? "filtro: \(f)" : "filter: \(f)"
        case .noMatches: return pt ? "nada encontrado" : "no matches"
        case .filterKeyword(.awaiting):
            return pt ? "só quem aguarda resposta (a última mensagem é do cliente)"
                      : "only those awaiting a reply (the customer wrote the last message)"
        case .filterKeyword(.optedOut):
            return pt ? "só contatos que pediram para não receber mais mensagens (🚫)"
                      : "only contacts who asked to get no more messages (🚫)"
        case .filterKeyword(.mine):
            return pt ? "só as negociações de que você é o responsável (também :mine)"
                      : "only the deals you own (also :mine)"
        case .filterKeywordsCombine:
            return pt ? "palavras-chave e texto valem juntos: “maria :aguardando”"
                      : "keywords and text apply together: “maria :aguardando”"
        case let .unknownFilterKeyword(word):
            let known = BoardFilter.Keyword.allCases.map(\.typed).joined(separator: ", ")
            return pt ? "“\(word)” não é palavra-chave do filtro (\(known)): procurado como texto."
                      : "“\(word)” is not a filter keyword (\(known)): searched as text."
        case .emptyColumn: return pt ? "(vazia)" : "(empty)"
        case .emptyBoard: return pt ? "Quadro sem colunas. Pressione C para criar uma." : "No columns yet. Press C to create one."
        case .newDeal: return pt ? "Nova negociação" : "New deal"
        case .editDeal: return pt ? "Editar negociação" : "Edit deal"
        case .newColumn: return pt ? "Nova coluna" : "New column"
        case .renameColumn: return pt ? "Renomear coluna" : "Rename column"
        case .fieldTitle: return pt ? "Título" : "Title"
        case .fieldContact: return pt ? "Contato" : "Contact"
        case .fieldPhone: return pt ? "WhatsApp" : "WhatsApp"
        case .fieldValue: return pt ? "Valor (R$)" : "Value (R$)"
        case .fieldClosed: return pt ? "Chamado finalizado" : "Ticket closed"
        case .fieldColumnName: return pt ? "Nome" : "Name"
        case .placeholderTitle: return pt ? "Plano anual – Clínica Sorriso" : "Annual plan – Acme"
        case let .confirmDeleteDeal(t): return pt ? "Excluir a negociação “\(t)”?" : "Delete the deal “\(t)”?"
        case let .confirmDeleteColumn(n, c):
            if c == 0 { return pt ? "Excluir a coluna “\(n)”?" : "Delete the column “\(n)”?" }
            return pt ? "Excluir a coluna “\(n)” e suas \(c) negociações?" : "Delete the column “\(n)” and its \(c) deals?"
        case .confirmDiscard: return pt ? "Descartar alterações?" : "Discard changes?"
        case .confirmTitle: return pt ? "Confirmar" : "Confirm"
        case .confirmAnswer: return pt ? "[s] sim   [n] não" : "[y] yes   [n] no"
        case .confirmResend: return pt ? "Reenviar? O cliente pode já ter recebido esta mensagem." : "Resend? The customer may already have this message."
        case .confirmRetry:
            return pt ? "Tentar de novo? Este envio chegou ao WhatsApp antes de falhar: o cliente pode já ter a mensagem."
                      : "Retry? This send reached WhatsApp before it failed: the customer may already have it."
        case .demoOffer: return pt ? "Banco de dados novo. Criar o quadro de demonstração “Vendas”?" : "New database. Create the demo board “Vendas”?"
        case .demoCreated: return pt ? "Quadro de demonstração criado." : "Demo board created."
        case .emptyBoardCreated: return pt ? "Quadro vazio criado." : "Empty board created."
        case .demoAnswer: return pt ? "[s] criar demonstração   [n] quadro vazio" : "[y] create the demo   [n] empty board"
        case .defaultBoardName: return pt ? "Quadro" : "Board"
        case .saved: return pt ? "Salvo." : "Saved."
        case .deleted: return pt ? "Excluído." : "Deleted."
        case .moved: return pt ? "Movido." : "Moved."
        case .ticketNowClosed: return pt ? "Chamado finalizado." : "Ticket closed."
        case .ticketNowOpen: return pt ? "Chamado reaberto." : "Ticket reopened."
        case .messageRecorded: return pt ? "Mensagem registrada." : "Message recorded."
        case let .confirmOptOut(name):
            return pt ? "Marcar \(name) como não quer receber mensagens? Nenhum follow-up em nenhuma negociação."
                      : "Mark \(name) as not wanting messages? No follow-up on any deal."
        case let .confirmOptIn(name):
            return pt ? "Liberar \(name) para receber mensagens? Os follow-ups voltam como as colunas mandam."
                      : "Let \(name) receive messages again? Follow-ups resume as the columns say."
        case let .optedOutLine(optOut):
            let when = BrazilTime.display(optOut.at, lang)
            guard optOut.source == .customer, let text = optOut.text else {
                return pt ? "🚫 marcado pelo operador como não quer receber mensagens · \(when)"
                          : "🚫 marked by the operator as not wanting messages · \(when)"
            }
            return (pt ? "🚫 pediu para não receber mensagens · " : "🚫 asked not to receive messages · ") + when + " · “\(text)”"
        case .optedOutNow: return pt ? "Contato marcado: não recebe follow-ups." : "Contact marked: it gets no follow-ups."
        case .optedInNow: return pt ? "Contato liberado: follow-ups retomados." : "Contact cleared: follow-ups resume."
        case .writeAsCompany: return pt ? "Responder ao cliente (enviada pelo WhatsApp)" : "Reply to the customer (sent on WhatsApp)"
        case .agentMessageQueued: return pt ? "Mensagem enviada para a fila." : "Message queued to send."
        case let .sendMark(mark):
            switch mark {
            case .pending: return "⏱"
            case .sent: return "✓"
            case .delivered, .read: return "✓✓"
            case let .failed(reason):
                return "✗ " + (pt ? "não enviada" : "not sent") + (reason.isEmpty ? "" : ": " + attemptReasonWords(reason, pt))
            case .uncertain: return pt ? "⚠ envio incerto (pode ter chegado; não é reenviado)" : "⚠ send uncertain (it may have arrived; not resent)"
            }
        case let .agentSendRefused(refusal): return refusal.message(pt ? .pt : .en)
        case .agentSendNoEngine:
            return pt ? "O motor não roda neste processo nem em outro: a mensagem não foi enviada."
                      : "No engine runs here or elsewhere: the message was not sent."
        case .templatePickerTitle: return pt ? "Fora da janela de 24 horas: escolha um modelo aprovado" : "Outside the 24-hour window: pick an approved template"
        case .templatePickerHint: return pt ? "O texto vai como parâmetro do modelo." : "The text goes as the template's parameter."
        case .writeAsCustomer: return pt ? "Resposta do cliente (sandbox)" : "Customer reply (sandbox)"
        case .messageEmpty: return pt ? "A mensagem está vazia." : "The message is empty."
        case .errTitleEmpty: return pt ? "informe um título" : "enter a title"
        case .errNameEmpty: return pt ? "informe um nome" : "enter a name"
        case .errValue: return pt ? "valor inválido (ex.: 1.200,50)" : "invalid value (e.g. 1200.50)"
        case let .errPhone(r): return r
        case .attemptResent: return pt ? "O envio incerto será feito de novo." : "The uncertain send will be made again."
        case .attemptMarkedDone: return pt ? "Envio incerto marcado como concluído." : "Uncertain send marked as done."
        case .attemptRetried: return pt ? "O envio que falhou será tentado de novo." : "The failed send will be tried again."
        case let .followUpSaved(column, on, every):
            if on { return pt ? "Follow-up salvo para “\(column)”: ligado, a cada \(every)." : "Follow-up saved for “\(column)”: on, every \(every)." }
            return pt ? "Follow-up salvo para “\(column)”: desligado." : "Follow-up saved for “\(column)”: off."
        case .dealHeader: return pt ? "Negociação" : "Deal"
        case .contactLabel: return pt ? "Contato" : "Contact"
        case .phoneLabel: return "WhatsApp"
        case .valueLabel: return pt ? "Valor" : "Value"
        case .columnLabel: return pt ? "Coluna" : "Column"
        case .ticketLabel: return pt ? "Chamado" : "Ticket"
        case .conversation: return pt ? "Conversa" : "Conversation"
        case let .ago(s): return pt ? "há \(s)" : "\(s) ago"
        case .justNow: return pt ? "agora" : "just now"
        case .loading: return pt ? "carregando…" : "loading…"
        case .keySpace: return pt ? "Espaço" : "Space"

        case .titlePaused: return pt ? "⏸ PAUSADO" : "⏸ PAUSED"
        case .titleEngineTrouble: return pt ? "motor: ver status" : "engine: see status"

        case let .lastMessage(who, age):
            guard let age else { return pt ? "\(who) agora" : "\(who) just now" }
            return pt ? "\(who) há \(age)" : "\(who) \(age) ago"
        case let .awaitingReply(age, short):
            let what = short ? (pt ? "aguardando" : "awaiting") : (pt ? "aguardando resposta" : "awaiting reply")
            return what + " · " + (age ?? S.justNow.text(lang))
        case let .nextFollowUp(time, soon, compact):
            guard let time else {
                if soon && !compact { return pt ? "🤖 em instantes" : "🤖 in a moment" }
                return pt ? "🤖 agora" : "🤖 now"
            }
            if compact { return "🤖 " + time }
            return pt ? "🤖 em \(time)" : "🤖 in \(time)"
        case let .columnNext(time): return (pt ? "próx. " : "next ") + (time ?? (pt ? "agora" : "now"))

        case .followUpLabel: return "🤖 Follow-up: "
        case .whyHint: return pt ? "   (w: por quê)" : "   (w: why)"
        case let .whyTitle(summary): return (pt ? "Por quê — " : "Why — ") + summary
        case .engineNotRunning: return pt ? "O motor de follow-up não está rodando aqui." : "The follow-up engine is not running here."
        case let .decisionSummary(d):
            let why = S.reason(d.reason).text(lang)
            switch d.action {
            case .send: return (pt ? "Enviar agora — " : "Send now — ") + why
            case .skip: return (pt ? "Não enviar — " : "Do not send — ") + why
            case .wait:
                guard let dueAt = d.dueAt else { return (pt ? "Aguardar — " : "Wait — ") + why }
                let when = BrazilTime.display(dueAt, lang)
                return (pt ? "Aguardar até \(when) — " : "Wait until \(when) — ") + why
            }
        case let .reason(code): return reasonWords(code, pt)

        case let .ownerPrompt(deal):
            return pt ? "Responsável por “\(deal)” (vazio: nenhum)" : "Owner of “\(deal)” (empty: none)"
        case let .ownerSet(name): return pt ? "Responsável: \(name)." : "Owner: \(name)."
        case .ownerCleared: return pt ? "Sem responsável." : "No owner."
        case .ownerInvalid:
            return pt ? "O nome deve ter de 1 a \(OperatorName.maxLength) caracteres imprimíveis."
                      : "The name must be 1 to \(OperatorName.maxLength) printable characters."
        case let .changedBy(name, clock):
            return pt ? "alterado por \(name) às \(clock) — recarregar?" : "changed by \(name) at \(clock) — reload?"
        case let .savedBy(name, when): return pt ? "salvo por \(name) em \(when)" : "saved by \(name) on \(when)"
        case let .historyEntry(kind, from, to, owner):
            switch kind {
            case .moved, .movedOnMax:
                return pt ? "movida de “\(from ?? "?")” para “\(to ?? "?")”" : "moved from “\(from ?? "?")” to “\(to ?? "?")”"
            case .closed: return pt ? "chamado finalizado" : "ticket closed"
            case .reopened: return pt ? "chamado reaberto" : "ticket reopened"
            case .owner:
                guard let owner else { return pt ? "responsável removido" : "owner removed" }
                return pt ? "responsável: \(owner)" : "owner: \(owner)"
            }
        case let .byOperator(name): return pt ? "por \(name)" : "by \(name)"
        case .byEngine: return pt ? "pelo follow-up automático" : "by the automatic follow-up"

        case .helpTitle: return pt ? "Teclas" : "Keys"
        case let .helpSection(c): return helpSectionWords(c, pt)
        case let .keyDesc(a): return keyWords(a, pt)
        case let .keyShort(a): return keyShortWords(a, pt) ?? keyWords(a, pt)
        case let .helpUnavailable(why): return (pt ? "agora não: " : "not now: ") + why

        case .noDealSelected: return pt ? "Nenhuma negociação selecionada." : "No deal selected."
        case .noColumnYet: return pt ? "O quadro ainda não tem colunas: C cria uma." : "The board has no columns yet: C creates one."
        case .alreadyFirstColumn: return pt ? "Já está na primeira coluna." : "Already in the first column."
        case .alreadyLastColumn: return pt ? "Já está na última coluna." : "Already in the last column."
        case .boardLoading: return pt ? "O quadro ainda está carregando." : "The board is still loading."
        case .noFilterActive: return pt ? "Nenhum filtro ativo." : "No filter is active."
        case .noMonitorEvents: return pt ? "Nenhum evento no monitor ainda." : "No events in the monitor yet."
        case .pickUncertainLine: return pt ? "Escolha uma linha de envio incerto (R reenvia, D conclui)." : "Pick an uncertain send (R resends, D marks it done)."
        case .pickFailedLine: return pt ? "Escolha uma linha de envio que falhou (T tenta de novo)." : "Pick a failed send (T retries it)."
        case .dealLoading: return pt ? "A negociação ainda está carregando." : "The deal is still loading."
        case .conversationAtTop: return pt ? "Início da conversa." : "Start of the conversation."
        case .conversationAtBottom: return pt ? "Fim da conversa." : "End of the conversation."
        case .examplesOnlyInTextFields: return pt ? "Os exemplos são para os campos de instruções e informações extras."
                                                  : "Examples are for the instructions and extra information fields."
        case .previewRunning: return pt ? "A prévia já está sendo gerada." : "The preview is already being written."
        case .optionsOnlyOnChoices: return pt ? "← e → trocam a opção de uma lista (intervalo, ao atingir o máximo)."
                                              : "← and → change a list's option (interval, when the maximum is reached)."
        case .listAtTop: return pt ? "Início da lista." : "Top of the list."
        case .listAtBottom: return pt ? "Fim da lista." : "End of the list."
        case .listEmpty: return pt ? "A lista está vazia." : "The list is empty."
        case .noUnassigned: return pt ? "Não há conversa sem negociação." : "There is no conversation without a deal."
        case .selectDealForConversation: return pt ? "Selecione no quadro a negociação que deve receber a conversa."
                                                   : "Select on the board the deal that should get the conversation."
        case .boardsLoading: return pt ? "A lista de quadros ainda está carregando." : "The list of boards is still loading."
        case .resultsLoading: return pt ? "Os resultados ainda estão carregando." : "The results are still loading."
        case let .resultsTitle(board, days, from, to):
            return pt ? "Resultados · \(board) · últimos \(days) dias (\(from) a \(to))" : "Results · \(board) · last \(days) days (\(from) to \(to))"
        case .resultsNoColumns: return pt ? "Nenhuma coluna neste quadro." : "No columns on this board."
        case let .resultsColumn(name, index, count): return (pt ? "Coluna " : "Column ") + "\(index)/\(count): \(name)"
        case let .resultsSent(sent, r24, r72, rate, median):
            return pt ? "enviados \(sent) · responderam em 24 h \(r24) · em 72 h \(r72) (\(rate)) · mediana \(median)"
                      : "sent \(sent) · replied within 24 h \(r24) · within 72 h \(r72) (\(rate)) · median \(median)"
        case let .resultsOutcomes(optOuts, moved, closed):
            return pt ? "pediram para sair \(optOuts) · movidos ao atingir o máximo \(moved) · chamado finalizado após follow-up \(closed)"
                      : "opt-outs \(optOuts) · moved on max \(moved) · ticket closed after a follow-up \(closed)"
        case .resultsByAttempt: return pt ? "Por tentativa (responderam em 72 h / enviados)" : "By attempt (replied within 72 h / sent)"
        case let .resultsAttempt(n): return pt ? "\(n)º" : "#\(n)"
        case .resultsByVersion: return pt ? "Por versão das instruções" : "By instruction version"
        case .resultsBeforeVersions: return pt ? "antes das versões" : "before versions"
        case let .resultsVersion(version, since, author, sent, r72, rate):
            let who = author.map { " · \($0)" } ?? ""
            return pt ? "v\(version) desde \(since)\(who) · enviados \(sent) · responderam \(r72) (\(rate))"
                      : "v\(version) since \(since)\(who) · sent \(sent) · replied \(r72) (\(rate))"
        case let .resultsPerDay(total): return pt ? "Respostas por dia (\(total))" : "Replies per day (\(total))"
        case let .reviewTitle(board, waiting):
            let n = waiting.map { pt ? " · \($0) aguardando" : " · \($0) waiting" } ?? ""
            return (pt ? "Revisar · " : "Review · ") + board + n
        case let .reviewCount(n): return pt ? "✎ \(n) para revisar" : "✎ \(n) to review"
        case .reviewEmpty:
            return pt ? "Nenhum rascunho para revisar neste quadro." : "No drafts to review on this board."
        case .reviewLoading: return pt ? "A fila de revisão ainda está carregando." : "The review queue is still loading."
        case .draftNotWaiting:
            return pt ? "Este rascunho não vale mais: nada a aprovar." : "This draft went stale: nothing to approve."
        case let .reviewDraftLine(id, column, dealID, deal, contact):
            return "#\(id) · \(column) · " + (pt ? "negociação " : "deal ") + "\(dealID) \(deal) · \(contact)"
        case let .draftWhy(seq, interval, since):
            return pt ? "\(seq)º follow-up · \(interval) sem resposta desde \(since)"
                      : "follow-up #\(seq) · \(interval) without a reply since \(since)"
        case .draftWaiting: return pt ? "aguardando" : "waiting"
        case let .draftStale(why): return (pt ? "não vale mais: " : "stale: ") + why
        case let .editDraftTitle(contact): return pt ? "Editar e enviar a \(contact)" : "Edit and send to \(contact)"
        case let .confirmSkipColumnToday(column, n):
            return pt ? "Pular a coluna \(column) hoje? \(n) rascunho(s) não serão enviados e ela não envia mais nada até amanhã."
                      : "Skip the column \(column) for today? \(n) draft(s) will not be sent and it sends nothing more until tomorrow."
        case let .draftApproved(edited):
            return pt ? (edited ? "Rascunho editado e aprovado: o motor vai enviá-lo." : "Rascunho aprovado: o motor vai enviá-lo.")
                      : (edited ? "Draft edited and approved: the engine will send it." : "Draft approved: the engine will send it.")
        case .draftRewriting: return pt ? "O rascunho vai ser escrito de novo." : "The draft will be written again."
        case .draftSkipped: return pt ? "Rascunho pulado: nada foi enviado." : "Draft skipped: nothing was sent."
        case let .columnSkippedToday(column, n):
            return pt ? "Coluna \(column) pulada hoje: \(n) rascunho(s) não serão enviados."
                      : "Column \(column) skipped for today: \(n) draft(s) will not be sent."
        case let .draftWentStale(why): return pt ? "O rascunho não vale mais: \(why)" : "The draft went stale: \(why)"
        case let .draftNotWaitingNow(state):
            return pt ? "O rascunho não está mais aguardando revisão (está \(state))." : "The draft is no longer waiting for review (it is \(state))."
        case let .draftTextRefused(problem): return pt ? "Texto recusado: \(problem)" : "Text refused: \(problem)"
        case .onlyBoard: return pt ? "Este é o único quadro: crie outro (n) antes de excluí-lo." : "This is the only board: create another (n) before deleting it."
        case let .onlyNExamples(n): return pt ? "Há \(n) exemplos." : "There are \(n) examples."
        case let .noBoardToReceive(name, n):
            return pt ? "O quadro “\(name)” tem \(n) negociações e nenhum outro quadro tem colunas para recebê-las: crie colunas em outro quadro ou exclua as negociações antes."
                      : "The board “\(name)” holds \(n) deals and no other board has columns to receive them: add columns to another board or delete the deals first."

        case .unassignedTitle: return pt ? "Conversas sem negociação" : "Conversations with no deal"
        case .unassignedNone: return pt ? "Nenhuma: toda mensagem recebida tem uma negociação." : "None: every message received has a deal."
        case let .unassignedLine(phone, name, count, at):
            return phone + (name.map { " · " + $0 } ?? "") + " · \(count) " + (pt ? "mensagens" : "messages") + " · " + at
        case let .conversationAssigned(phone, deal):
            return pt ? "Conversa de \(phone) adicionada a “\(deal)”." : "Conversation from \(phone) added to “\(deal)”."

        case .boardsTitle: return pt ? "Quadros" : "Boards"
        case let .boardLine(deals, followUps):
            let d = pt ? (deals == 1 ? "1 negociação" : "\(deals) negociações") : (deals == 1 ? "1 deal" : "\(deals) deals")
            let f = pt ? (followUps == 1 ? "1 follow-up ativo" : "\(followUps) follow-ups ativos")
                       : (followUps == 1 ? "1 active follow-up" : "\(followUps) active follow-ups")
            return d + " · " + f
        case .currentBoard: return pt ? "(aberto)" : "(open)"
        case .newBoard: return pt ? "Novo quadro" : "New board"
        case .renameBoard: return pt ? "Renomear quadro" : "Rename board"
        case .boardCreated: return pt ? "Quadro criado." : "Board created."
        case .boardDeleted: return pt ? "Quadro excluído." : "Board deleted."
        case let .boardOpened(name): return pt ? "Quadro “\(name)” aberto." : "Board “\(name)” opened."
        case let .confirmDeleteBoard(name): return pt ? "Excluir o quadro “\(name)”?" : "Delete the board “\(name)”?"
        case let .deleteBoardTitle(name): return pt ? "Excluir o quadro “\(name)”" : "Delete the board “\(name)”"
        case let .deleteBoardMove(name, n):
            return pt ? "“\(name)” tem \(n) negociações. Elas vão para a coluna de mesmo nome (ou a primeira) do quadro escolhido abaixo, e o quadro é excluído."
                      : "“\(name)” holds \(n) deals. They go to the column with the same name (or the first one) of the board chosen below, and the board is deleted."
        case .deleteBoardTarget: return pt ? "Mover para: " : "Move to: "
        case .deleteBoardAnswer: return pt ? "[Enter] mover e excluir   [Esc] cancelar" : "[Enter] move and delete   [Esc] cancel"
        case let .duplicateBoardName(name): return pt ? "já existe um quadro chamado “\(name)”" : "a board named “\(name)” already exists"

        case .monitorTitle: return pt ? "Monitor de envios" : "Send monitor"
        case let .monitorFilter(f): return (pt ? "filtro: " : "filter: ") + f
        case let .monitorToday(sent, delivered, read, replies, failed, waiting):
            return pt ? "Hoje: \(sent) enviadas · \(delivered) entregues · \(read) lidas · \(replies) respostas · \(failed) falhas · \(waiting) aguardando"
                      : "Today: \(sent) sent · \(delivered) delivered · \(read) read · \(replies) replies · \(failed) failed · \(waiting) waiting"
        case let .monitorNext(at): return (pt ? " · próximo " : " · next ") + at
        case let .monitorLimits(hour, hourCap, day, dayCap):
            return pt ? "limites: \(hour)/\(hourCap) por hora, \(day)/\(dayCap) hoje" : "limits: \(hour)/\(hourCap) per hour, \(day)/\(dayCap) today"
        case let .monitorPaused(detail):
            return (pt ? "⏸ ENVIOS PAUSADOS" : "⏸ SENDING PAUSED") + (detail.map { ": " + $0 } ?? "") + (pt ? " — P retoma" : " — P resumes")
        case let .health(name, h):
            switch h {
            case .ok: return "\(name): ok"
            case let .retrying(why): return "\(name): " + (pt ? "tentando de novo" : "retrying") + " (\(why))"
            case let .paused(why): return "\(name): " + (pt ? "pausado" : "paused") + " (\(why))"
            }
        case .aiName: return pt ? "IA" : "AI"
        case let .monitorUncertain(n): return pt ? "\(n) incertos: R reenvia, D conclui" : "\(n) uncertain: R resends, D marks done"
        case let .monitorElsewhere(who): return (pt ? "motor em outro processo: " : "engine in another process: ") + who
        case .monitorEmpty: return pt ? "Nenhum evento ainda." : "No events yet."
        case let .eventKind(k): return kindLabel(k, pt)
        case let .engineStopped(why): return (pt ? "Motor de follow-up parado: " : "Follow-up engine stopped: ") + why
        case .dealScreenLoading: return pt ? " carregando…" : " loading…"

        case .evStarted: return pt ? "motor iniciado" : "engine started"
        case .evStopped: return pt ? "motor parado" : "engine stopped"
        case let .evLeaseAcquired(me, previous):
            let base = pt ? "este processo executa o motor (\(me))" : "this process runs the engine (\(me))"
            guard let previous else { return base }
            return base + (pt ? "; assumiu de \(previous), que parou de renovar" : "; took over from \(previous), which stopped renewing")
        case let .evLeaseLost(holder):
            guard let holder else { return pt ? "o motor não está mais com este processo" : "this process no longer runs the engine" }
            return pt ? "o motor de outro número roda neste banco (\(holder)); aguardando"
                      : "an engine of another number runs on this database (\(holder)); standing by"
        case let .evPaused(by, detail):
            let why = detail.map { ": \($0)" } ?? ""
            switch by {
            case .operator: return (pt ? "envios pausados pelo operador" : "sending paused by the operator") + why
            case .channel: return (pt ? "envios pausados pelo canal do WhatsApp" : "sending paused by the WhatsApp channel") + why
            case .ai: return (pt ? "envios pausados pela IA" : "sending paused by the AI") + why
            }
        case .evResumed: return pt ? "envios retomados" : "sending resumed"
        case let .evPlanned(seq, dueAt): return pt ? "follow-up nº \(seq) planejado (venceu em \(dueAt))" : "follow-up #\(seq) planned (due at \(dueAt))"
        case let .evGenerating(seq): return pt ? "follow-up nº \(seq): escrevendo a mensagem" : "follow-up #\(seq): writing the message"
        case let .evReview(seq): return pt ? "follow-up nº \(seq): aguardando revisão (A)" : "follow-up #\(seq): waiting for review (A)"
        case let .evSending(seq): return pt ? "follow-up nº \(seq): enviando" : "follow-up #\(seq): sending"
        case let .evSent(seq, model, id):
            let by = model.map { pt ? " (escrito por \($0))" : " (written by \($0))" } ?? ""
            return (pt ? "follow-up nº \(seq) enviado" : "follow-up #\(seq) sent") + by + " [\(id)]"
        case let .evSkipped(code, until):
            return reasonWords(code, pt) + (until.map { pt ? " até \($0)" : " until \($0)" } ?? "")
        case let .evMaxReached(target):
            guard let target else {
                return pt ? "limite de follow-ups sem resposta atingido; nada mais será enviado"
                          : "maximum follow-ups without a reply reached; nothing more is sent"
            }
            return pt ? "limite atingido; movida para “\(target)”" : "maximum reached; moved to “\(target)”"
        case let .evThrottled(until, waiting):
            return pt ? "aguardando o limite de envios até \(until) (\(waiting) na fila)" : "held by the sending limits until \(until) (\(waiting) waiting)"
        case let .evRetrying(seq, at, error):
            return pt ? "follow-up nº \(seq): nova tentativa às \(at): \(error)" : "follow-up #\(seq): retrying at \(at): \(error)"
        case let .evFailed(seq, reason, error):
            return (pt ? "follow-up nº \(seq) falhou: " : "follow-up #\(seq) failed: ") + attemptReasonWords(reason, pt) + (error.map { ": \($0)" } ?? "")
        case let .evUncertain(seq, error):
            return (pt ? "follow-up nº \(seq): envio incerto (pode ter chegado); nada é reenviado sem o operador"
                       : "follow-up #\(seq): send uncertain (it may have arrived); nothing is resent without the operator")
                + (error.map { ": \($0)" } ?? "")
        case .evUncertainEarlier:
            return pt ? "envio incerto de uma sessão anterior; R reenvia, D marca como concluído"
                      : "uncertain send from an earlier session; R resends, D marks it done"
        case let .evCancelled(seq, reason):
            return (pt ? "follow-up nº \(seq) cancelado: " : "follow-up #\(seq) cancelled: ") + attemptReasonWords(reason, pt)
        case let .evStoreError(message): return (pt ? "erro no banco de dados: " : "database error: ") + message
        case .evReplied: return pt ? "o cliente respondeu; a sequência de follow-ups parou" : "the customer replied; the follow-up sequence stopped"
        case .evAgentQueued: return pt ? "mensagem do agente na fila de envio" : "agent's message queued to send"
        case .evAgentSending: return pt ? "enviando a mensagem do agente" : "sending the agent's message"
        case let .evAgentSent(id): return pt ? "mensagem do agente enviada [\(id)]" : "agent's message sent [\(id)]"
        case let .evAgentThrottled(until):
            return pt ? "mensagem do agente aguardando o limite de envios até \(until)" : "agent's message held by the sending limits until \(until)"
        case .evAgentPaused: return pt ? "mensagem do agente aguardando: envios pausados" : "agent's message waiting: sending is paused"
        case let .evAgentRetrying(at, error):
            return pt ? "mensagem do agente: nova tentativa às \(at): \(error)" : "agent's message: retrying at \(at): \(error)"
        case let .evAgentFailed(reason): return (pt ? "mensagem do agente não enviada: " : "agent's message not sent: ") + reason
        case let .evAgentUncertain(error):
            return (pt ? "envio incerto da mensagem do agente (pode ter chegado); nada é reenviado: "
                       : "agent's message uncertain (it may have arrived); nothing is resent: ") + error
        case let .evAgentCancelled(reason): return (pt ? "mensagem do agente cancelada: " : "agent's message cancelled: ") + reason
        case let .attemptReason(code): return attemptReasonWords(code, pt)
        case .channelSandbox: return pt ? "sandbox (nada sai daqui)" : "sandbox (nothing leaves here)"
        case .modelLocal: return pt ? "IA: modelo local (demonstração)" : "AI: local model (demo)"
        case let .modelNamed(name): return (pt ? "IA: " : "AI: ") + name
        }
    }
}

/// A follow-up rule's verdict in words (the codes stay in `--json` output).
private func reasonWords(_ code: ReasonCode, _ pt: Bool) -> String {
    switch code {
    case .due: return pt ? "venceu" : "due"
    case .notDue: return pt ? "ainda não venceu" : "not due yet"
    case .customerRepliedLast: return pt ? "o cliente respondeu por último" : "the customer replied last"
    case .noConversation: return pt ? "nenhuma mensagem nossa para retomar" : "no message of ours to follow up"
    case .ticketClosed: return pt ? "chamado finalizado" : "the ticket is closed"
    case .outsideBusinessHours: return pt ? "fora do horário comercial" : "outside business hours"
    case .holiday: return pt ? "feriado" : "a holiday"
    case .followupDisabled: return pt ? "follow-up desligado nesta coluna" : "follow-up is off for this column"
    case .maxAttempts: return pt ? "limite de follow-ups sem resposta atingido" : "maximum follow-ups without a reply reached"
    case .throttled: return pt ? "aguardando o limite de envios" : "held by the sending limits"
    case .paused: return pt ? "envios pausados" : "sending paused"
    case .outside24hWindow: return pt ? "fora da janela de 24 h do WhatsApp (sem modelo aprovado)"
                                      : "outside WhatsApp's 24-hour window (no approved template)"
    case .columnDailyLimit: return pt ? "limite diário da coluna atingido" : "the column's daily limit is reached"
    case .optedOut: return pt ? "o contato pediu para não receber mensagens" : "the contact asked not to receive messages"
    case .repliedInOtherDeal: return pt ? "respondeu em outra negociação" : "replied in another deal"
    case .skippedToday: return pt ? "coluna pulada hoje na revisão" : "column skipped for today in review"
    }
}

/// The ledger's and the channel's stable codes in words; a code this version does not know is shown as given.
private func attemptReasonWords(_ code: String, _ pt: Bool) -> String {
    switch code {
    case "ai_paused": return pt ? "a IA foi pausada" : "the AI was paused"
    case "ai_unavailable": return pt ? "a IA está indisponível" : "the AI is unavailable"
    case "duplicate_generation": return pt ? "os textos saíram quase iguais a follow-ups anteriores" : "the texts came out near-copies of earlier follow-ups"
    case "unusable_reply": return pt ? "a resposta da IA não servia como mensagem" : "the AI's reply could not be used as a message"
    case "low_quality": return pt ? "nenhum rascunho passou no controle de qualidade" : "no draft passed the quality check"
    case "text_rejected": return pt ? "o texto foi recusado pelas verificações" : "the text was refused by the checks"
    case "retries_exhausted": return pt ? "as tentativas se esgotaram" : "the retries ran out"
    case "conversation_changed": return pt ? "a conversa mudou depois do planejamento" : "the conversation changed after it was planned"
    case "moved": return pt ? "a negociação mudou de coluna" : "the deal moved to another column"
    case "deal_deleted": return pt ? "a negociação foi excluída" : "the deal was deleted"
    case "not_sent": return pt ? "o processo parou antes de enviar" : "the process stopped before sending"
    case "original_sent": return pt ? "o envio original chegou; o reenvio seria uma cópia" : "the original send arrived; the resend would be a copy"
    case "skipped_by_operator": return pt ? "pulado na revisão" : "skipped in review"
    case "skipped_for_today": return pt ? "coluna pulada hoje na revisão" : "column skipped for today in review"
    case "customer_replied", "replied": return pt ? "o cliente respondeu" : "the customer replied"
    case "": return pt ? "sem motivo registrado" : "no reason recorded"
    default:
        if let r = ReasonCode(rawValue: code) { return reasonWords(r, pt) }
        return code
    }
}

private func kindLabel(_ kind: EventKind, _ pt: Bool) -> String {
    switch kind {
    case .started: return pt ? "iniciado" : "started"
    case .stopped: return pt ? "parado" : "stopped"
    case .leaseAcquired: return pt ? "motor aqui" : "engine here"
    case .leaseLost: return pt ? "motor fora" : "engine away"
    case .planned: return pt ? "planejado" : "planned"
    case .generating: return pt ? "gerando" : "writing"
    case .sending: return pt ? "enviando" : "sending"
    case .review: return pt ? "revisão" : "review"
    case .sent: return pt ? "enviado" : "sent"
    case .replied: return pt ? "respondeu" : "replied"
    case .skipped: return pt ? "ignorado" : "skipped"
    case .throttled: return pt ? "na fila" : "throttled"
    case .retrying: return pt ? "nova tentativa" : "retrying"
    case .failed: return pt ? "falhou" : "failed"
    case .uncertain: return pt ? "incerto" : "uncertain"
    case .cancelled: return pt ? "cancelado" : "cancelled"
    case .maxAttempts: return pt ? "limite" : "max reached"
    case .paused: return pt ? "pausado" : "paused"
    case .resumed: return pt ? "retomado" : "resumed"
    case .storeError: return pt ? "erro no banco" : "database error"
    }
}

private func helpSectionWords(_ c: KeyContext, _ pt: Bool) -> String {
    switch c {
    case .global: return pt ? "Em qualquer lugar (Ctrl-C sempre; ? e q não valem enquanto se digita num campo: F1 é a ajuda ali)"
                            : "Anywhere (Ctrl-C always; ? and q are text while typing in a field: F1 is help there)"
    case .board: return pt ? "Quadro" : "Board"
    case .filter: return pt ? "Filtro" : "Filter"
    case .monitor: return pt ? "Monitor de envios" : "Send monitor"
    case .monitorSearch: return pt ? "Busca no monitor" : "Monitor search"
    case .deal: return pt ? "Negociação" : "Deal"
    case .why: return pt ? "Por quê (regras do follow-up)" : "Why (the follow-up rules)"
    case .dealForm: return pt ? "Formulário da negociação" : "Deal form"
    case .followUp: return pt ? "Follow-up automático" : "Automatic follow-up"
    case .examples: return pt ? "Exemplos" : "Examples"
    case .bulkConfirm, .bulkTypeCount: return pt ? "Envio em massa" : "Bulk sending"
    case .prompt: return pt ? "Pergunta" : "Question"
    case .confirm: return pt ? "Confirmação" : "Confirmation"
    case .help: return pt ? "Ajuda" : "Help"
    case .demoOffer: return pt ? "Banco novo" : "New database"
    case .unassigned: return pt ? "Conversas sem negociação" : "Conversations with no deal"
    case .boards: return pt ? "Quadros" : "Boards"
    case .boardDelete: return pt ? "Excluir quadro" : "Delete board"
    case .templates: return pt ? "Modelos aprovados" : "Approved templates"
    case .results: return pt ? "Resultados" : "Results"
    case .review: return pt ? "Revisar antes de enviar" : "Review before sending"
    }
}

/// The few words shown in the footer, where room is short; nil uses the full description.
private func keyShortWords(_ a: KeyAction, _ pt: Bool) -> String? {
    switch a {
    case .openDeal: return pt ? "abrir" : "open"
    case .moveCardLeft, .moveCardRight: return pt ? "mover" : "move"
    case .newDeal: return pt ? "nova" : "new"
    case .filter: return pt ? "filtrar" : "filter"
    case .followUp: return "follow-up"
    case .boards: return pt ? "quadros" : "boards"
    case .back: return pt ? "voltar" : "back"
    case .writeAgent: return pt ? "responder" : "reply"
    case .writeCustomer: return pt ? "resposta do cliente" : "customer reply"
    case .toggleTicket: return pt ? "finalizar/reabrir" : "close/reopen"
    case .why: return pt ? "por quê" : "why"
    case .closeHelp, .closeWhy, .closeExamples: return pt ? "fechar" : "close"
    case .monitor: return pt ? "monitor" : "monitor"
    case .brake: return pt ? "pausar/retomar" : "pause/resume"
    case .monitorText: return pt ? "texto" : "text"
    case .filterColumn: return pt ? "coluna" : "column"
    case .filterOutcome: return pt ? "resultado" : "outcome"
    case .search: return pt ? "buscar" : "search"
    case .leaveMonitor: return pt ? "voltar ao quadro" : "back to the board"
    case .applyFilter, .applySearch: return pt ? "aplicar" : "apply"
    case .clearFilter, .clearSearch: return pt ? "limpar" : "clear"
    case .nextField: return pt ? "campos" : "fields"
    case .toggle, .activate: return pt ? "marcar" : "toggle"
    case .optionNext: return pt ? "opção" : "option"
    case .examples: return pt ? "exemplos" : "examples"
    case .preview: return pt ? "prévia" : "preview"
    case .save: return pt ? "salvar" : "save"
    case .cancel: return pt ? "cancelar" : "cancel"
    case .pickExample: return pt ? "inserir nº" : "insert no."
    case .down: return pt ? "escolher" : "choose"
    case .insertExample: return pt ? "inserir" : "insert"
    case .confirm: return pt ? "confirmar" : "confirm"
    case .yes: return pt ? "sim" : "yes"
    case .no: return pt ? "não" : "no"
    case .seedDemo: return pt ? "criar demonstração" : "create the demo"
    case .emptyBoard: return pt ? "quadro vazio" : "empty board"
    case .assign: return pt ? "dar à negociação em foco" : "give to the focused deal"
    case .assignOwner: return pt ? "responsável" : "owner"
    case .openBoard: return pt ? "abrir" : "open"
    case .newBoard: return pt ? "novo" : "new"
    case .renameBoard: return pt ? "renomear" : "rename"
    case .deleteBoard: return pt ? "excluir" : "delete"
    case .results: return pt ? "resultados" : "results"
    case .cyclePeriod: return pt ? "período" : "period"
    case .review: return pt ? "revisar" : "review"
    case .approveDraft: return pt ? "aprovar" : "approve"
    case .editDraft: return pt ? "editar" : "edit"
    case .rewriteDraft: return pt ? "escrever de novo" : "write again"
    case .skipDraft: return pt ? "pular" : "skip"
    case .skipColumnToday: return pt ? "pular coluna hoje" : "skip column today"
    default: return nil
    }
}

private func keyWords(_ a: KeyAction, _ pt: Bool) -> String {
    switch a {
    case .quit: return pt ? "sair" : "quit"
    case .help: return pt ? "ajuda" : "help"
    case .closeHelp: return pt ? "fechar ajuda" : "close help"
    case .left: return pt ? "coluna à esquerda" : "column to the left"
    case .right: return pt ? "coluna à direita" : "column to the right"
    case .up: return pt ? "item acima" : "item above"
    case .down: return pt ? "item abaixo" : "item below"
    case .top: return pt ? "primeiro item" : "first item"
    case .bottom: return pt ? "último item" : "last item"
    case .pageUp: return pt ? "página acima" : "page up"
    case .pageDown: return pt ? "página abaixo" : "page down"
    case .moveCardLeft: return pt ? "mover para a coluna anterior" : "move to the previous column"
    case .moveCardRight: return pt ? "mover para a próxima coluna" : "move to the next column"
    case .moveCardUp: return pt ? "subir na coluna" : "move up in the column"
    case .moveCardDown: return pt ? "descer na coluna" : "move down in the column"
    case .openDeal: return pt ? "abrir negociação" : "open deal"
    case .newDeal: return pt ? "nova negociação" : "new deal"
    case .editDeal: return pt ? "editar negociação" : "edit deal"
    case .deleteDeal: return pt ? "excluir negociação" : "delete deal"
    case .newColumn: return pt ? "nova coluna" : "new column"
    case .renameColumn: return pt ? "renomear coluna" : "rename column"
    case .deleteColumn: return pt ? "excluir coluna" : "delete column"
    case .moveColumnLeft: return pt ? "coluna para a esquerda" : "move column left"
    case .moveColumnRight: return pt ? "coluna para a direita" : "move column right"
    case .filter: return pt ? "filtrar (texto, :aguardando, :optout)" : "filter (text, :aguardando, :optout)"
    case .clearFilter: return pt ? "limpar filtro" : "clear filter"
    case .applyFilter: return pt ? "aplicar o filtro" : "apply the filter"
    case .followUp: return pt ? "follow-up da coluna 🤖" : "column follow-up 🤖"
    case .boards: return pt ? "quadros: trocar, criar, renomear, excluir" : "boards: switch, create, rename, delete"
    case .back: return pt ? "voltar ao quadro" : "back to the board"
    case .writeAgent: return pt ? "responder ao cliente: envia pelo WhatsApp como a empresa" : "reply to the customer: sends on WhatsApp as the company"
    case .writeCustomer: return pt ? "registrar resposta do cliente" : "record a customer reply"
    case .toggleOptOut: return pt ? "marcar/liberar: o contato não quer receber mensagens" : "mark/clear: the contact wants no messages"
    case .toggleTicket: return pt ? "finalizar/reabrir chamado" : "close/reopen ticket"
    case .scrollUp: return pt ? "rolar para cima" : "scroll up"
    case .scrollDown: return pt ? "rolar para baixo" : "scroll down"
    case .why: return pt ? "por que o follow-up envia ou não (cada regra)" : "why the follow-up sends or not (every rule)"
    case .closeWhy: return pt ? "fechar o por quê" : "close the why"
    case .monitor: return pt ? "mostrar/focar o monitor de envios" : "show/focus the send monitor"
    case .unassigned: return pt ? "conversas de números sem negociação" : "conversations from numbers with no deal"
    case .monitorFull: return pt ? "monitor em tela cheia" : "full-screen monitor"
    case .brake: return pt ? "pausar/retomar todos os envios" : "pause/resume all sending"
    case .monitorText: return pt ? "mostrar o texto da mensagem" : "show the message text"
    case .filterColumn: return pt ? "filtrar por coluna (alterna)" : "filter by column (cycles)"
    case .filterOutcome: return pt ? "filtrar por resultado (alterna)" : "filter by outcome (cycles)"
    case .search: return pt ? "buscar no monitor" : "search the monitor"
    case .clearFilters: return pt ? "limpar filtros" : "clear filters"
    case .resend: return pt ? "reenviar envio incerto" : "resend an uncertain send"
    case .markDone: return pt ? "marcar incerto como concluído" : "mark an uncertain send as done"
    case .retryFailed: return pt ? "tentar de novo um envio que falhou" : "retry a failed send"
    case .leaveMonitor: return pt ? "voltar ao quadro" : "back to the board"
    case .hideMonitor: return pt ? "fechar o monitor" : "close the monitor"
    case .applySearch: return pt ? "terminar a busca" : "finish the search"
    case .clearSearch: return pt ? "limpar a busca" : "clear the search"
    case .nextField: return pt ? "próximo campo" : "next field"
    case .previousField: return pt ? "campo anterior" : "previous field"
    case .toggle: return pt ? "marcar/desmarcar" : "toggle"
    case .activate: return pt ? "marcar/desmarcar, apertar o botão" : "toggle, press the button"
    case .optionPrevious: return pt ? "opção anterior" : "previous option"
    case .optionNext: return pt ? "próxima opção" : "next option"
    case .examples: return pt ? "exemplos para o campo" : "examples for the field"
    case .preview: return pt ? "prévia da mensagem, sem enviar" : "preview the message, without sending"
    case .save: return pt ? "salvar" : "save"
    case .cancel: return pt ? "cancelar" : "cancel"
    case .pickExample: return pt ? "inserir o exemplo de número…" : "insert the example numbered…"
    case .insertExample: return pt ? "inserir o exemplo" : "insert the example"
    case .closeExamples: return pt ? "fechar os exemplos" : "close the examples"
    case .confirm: return pt ? "confirmar" : "confirm"
    case .yes: return pt ? "sim, confirmar" : "yes, confirm"
    case .no: return pt ? "não, voltar" : "no, go back"
    case .seedDemo: return pt ? "criar o quadro de demonstração" : "create the demo board"
    case .emptyBoard: return pt ? "começar com um quadro vazio" : "start with an empty board"
    case .assign: return pt ? "dar a conversa à negociação em foco no quadro" : "give the conversation to the deal focused on the board"
    case .assignOwner:
        return pt ? "definir o responsável pela negociação (você, por padrão; vazio remove)"
                  : "set the deal's owner (yourself by default; empty removes it)"
    case .openBoard: return pt ? "abrir o quadro" : "open the board"
    case .newBoard: return pt ? "novo quadro" : "new board"
    case .renameBoard: return pt ? "renomear o quadro" : "rename the board"
    case .deleteBoard: return pt ? "excluir o quadro (pergunta antes)" : "delete the board (asks first)"
    case .results: return pt ? "resultados do follow-up por coluna" : "follow-up results per column"
    case .cyclePeriod: return pt ? "período: 7, 30 ou 90 dias (alterna)" : "period: 7, 30 or 90 days (cycles)"
    case .review: return pt ? "revisar rascunhos antes de enviar" : "review drafts before sending"
    case .approveDraft: return pt ? "aprovar: o motor envia, conferindo cada regra de novo" : "approve: the engine sends it, every rule checked again"
    case .editDraft: return pt ? "editar o texto e enviar" : "edit the text, then send"
    case .rewriteDraft: return pt ? "escrever o rascunho de novo" : "write the draft again"
    case .skipDraft: return pt ? "pular este follow-up" : "skip this follow-up"
    case .skipColumnToday: return pt ? "pular tudo desta coluna hoje (pergunta antes)" : "skip everything in this column today (asks first)"
    }
}

extension Lang {
    public func t(_ s: S) -> String { s.text(self) }
}

/// Phone problems in words.
func describe(_ p: Phone.Problem, _ lang: Lang) -> String {
    let pt = lang == .pt
    switch p {
    case .empty: return pt ? "informe o WhatsApp" : "enter the WhatsApp number"
    case let .invalidCharacters(c): return pt ? "caractere inválido “\(c)” no telefone" : "invalid character “\(c)” in the phone"
    case let .wrongLength(d): return pt ? "telefone com \(d) dígitos não é válido" : "a phone with \(d) digits is not valid"
    case let .badBrazilianAreaCode(ddd): return pt ? "DDD \(ddd) não existe" : "area code \(ddd) does not exist"
    case let .badBrazilianLocalNumber(n):
        return pt ? "número \(n) inválido: celular tem 9 dígitos começando por 9; fixo tem 8 dígitos"
                  : "number \(n) is not valid: mobiles have 9 digits starting with 9; landlines have 8 digits"
    }
}

/// "5 min", "3 h", "2 d" — the age of the last message on a card, or the time to the next follow-up;
/// nil under a minute (the caller says "agora" or "em instantes"). `compact` drops the space ("3h").
func shortAge(from then: Date, to now: Date, _ lang: Lang, compact: Bool = false) -> String? {
    let interval = now.timeIntervalSince(then)
    // A NaN or an instant beyond Int's range must not trap: clamp before converting.
    let s = interval.isFinite ? Int(min(max(0, interval), 1e15)) : 0
    if s < 60 { return nil }
    let gap = compact ? "" : " "
    if s < 3600 { return "\(s / 60)\(gap)min" }
    if s < 86_400 { return "\(s / 3600)\(gap)h" }
    if s < 86_400 * 60 { return "\(s / 86_400)\(gap)d" }
    let months = s / (86_400 * 30)
    if compact { return lang == .pt ? "\(months)mes" : "\(months)mo" }
    return lang == .pt ? "\(months) meses" : "\(months) mo"
}
