import RetomaCore
import TUIKit

/// Everything a key can do. The keymap table below is the single source for dispatch, footer hints and `?`.
public enum KeyAction: Sendable, Equatable, CaseIterable {
    case quit, help, closeHelp
    case left, right, up, down, top, bottom, pageUp, pageDown
    case moveCardLeft, moveCardRight, moveCardUp, moveCardDown
    case openDeal, newDeal, editDeal, deleteDeal
    case newColumn, renameColumn, deleteColumn, moveColumnLeft, moveColumnRight
    case filter, clearFilter, followUp
    case back, writeAgent, writeCustomer, toggleTicket, scrollUp, scrollDown, why
    case monitor, monitorFull, brake, unassigned
    case monitorText, filterColumn, filterOutcome, clearFilters, resend, markDone, retryFailed, leaveMonitor

    /// The few words shown in the footer, where room is short.
    func short(_ lang: Lang) -> String {
        let pt = lang == .pt
        switch self {
        case .openDeal: return pt ? "abrir" : "open"
        case .moveCardLeft: return pt ? "mover ←" : "move ←"
        case .moveCardRight: return pt ? "mover →" : "move →"
        case .newDeal: return pt ? "nova" : "new"
        case .filter: return pt ? "filtrar" : "filter"
        case .followUp: return "follow-up"
        case .back: return pt ? "voltar" : "back"
        case .writeAgent: return pt ? "escrever" : "write"
        case .writeCustomer: return pt ? "resposta do cliente" : "customer reply"
        case .toggleTicket: return pt ? "finalizar/reabrir" : "close/reopen"
        case .why: return pt ? "por quê" : "why"
        case .closeHelp: return pt ? "fechar" : "close"
        case .monitor: return pt ? "monitor" : "monitor"
        case .brake: return pt ? "pausar/retomar envios" : "pause/resume sending"
        case .monitorText: return pt ? "texto" : "text"
        case .filterColumn: return pt ? "coluna" : "column"
        case .filterOutcome: return pt ? "resultado" : "outcome"
        case .leaveMonitor: return pt ? "voltar ao quadro" : "back to the board"
        default: return describe(lang)
        }
    }

    func describe(_ lang: Lang) -> String {
        let pt = lang == .pt
        switch self {
        case .quit: return pt ? "sair" : "quit"
        case .help: return pt ? "ajuda" : "help"
        case .closeHelp: return pt ? "fechar ajuda" : "close help"
        case .left: return pt ? "coluna à esquerda" : "column to the left"
        case .right: return pt ? "coluna à direita" : "column to the right"
        case .up: return pt ? "negociação acima" : "deal above"
        case .down: return pt ? "negociação abaixo" : "deal below"
        case .top: return pt ? "primeira negociação" : "first deal"
        case .bottom: return pt ? "última negociação" : "last deal"
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
        case .filter: return pt ? "filtrar" : "filter"
        case .clearFilter: return pt ? "limpar filtro" : "clear filter"
        case .followUp: return pt ? "follow-up da coluna 🤖" : "column follow-up 🤖"
        case .back: return pt ? "voltar ao quadro" : "back to the board"
        case .writeAgent: return pt ? "escrever como empresa" : "write as the company"
        case .writeCustomer: return pt ? "registrar resposta do cliente" : "record a customer reply"
        case .toggleTicket: return pt ? "finalizar/reabrir chamado" : "close/reopen ticket"
        case .scrollUp: return pt ? "rolar conversa para cima" : "scroll conversation up"
        case .scrollDown: return pt ? "rolar conversa para baixo" : "scroll conversation down"
        case .why: return pt ? "por que o follow-up envia ou não (cada regra)" : "why the follow-up sends or not (every rule)"
        case .monitor: return pt ? "mostrar/focar o monitor de envios" : "show/focus the send monitor"
        case .unassigned: return pt ? "conversas de números sem negociação" : "conversations from numbers with no deal"
        case .monitorFull: return pt ? "monitor em tela cheia" : "full-screen monitor"
        case .brake: return pt ? "pausar/retomar todos os envios" : "pause/resume all sending"
        case .monitorText: return pt ? "mostrar o texto da mensagem" : "show the message text"
        case .filterColumn: return pt ? "filtrar por coluna (alterna)" : "filter by column (cycles)"
        case .filterOutcome: return pt ? "filtrar por resultado (alterna)" : "filter by outcome (cycles)"
        case .clearFilters: return pt ? "limpar filtros" : "clear filters"
        case .resend: return pt ? "reenviar envio incerto" : "resend an uncertain send"
        case .markDone: return pt ? "marcar incerto como concluído" : "mark an uncertain send as done"
        case .retryFailed: return pt ? "tentar de novo um envio que falhou" : "retry a failed send"
        case .leaveMonitor: return pt ? "voltar ao quadro" : "back to the board"
        }
    }
}

/// Where a binding applies.
public enum KeyContext: Sendable, Equatable, CaseIterable {
    case global, board, deal, monitor, help
}

public struct Binding: Sendable {
    public var keys: [Key]
    public var action: KeyAction
    public var context: KeyContext
    /// Shown in the footer of its context.
    public var inFooter: Bool
}

public enum Keymap {
    public static let table: [Binding] = [
        Binding(keys: [.char("?")], action: .help, context: .global, inFooter: true),
        Binding(keys: [.char("q"), .ctrl("c")], action: .quit, context: .global, inFooter: true),

        Binding(keys: [.char("h"), .left], action: .left, context: .board, inFooter: false),
        Binding(keys: [.char("l"), .right], action: .right, context: .board, inFooter: false),
        Binding(keys: [.char("k"), .up], action: .up, context: .board, inFooter: false),
        Binding(keys: [.char("j"), .down], action: .down, context: .board, inFooter: false),
        Binding(keys: [.char("g"), .home], action: .top, context: .board, inFooter: false),
        Binding(keys: [.char("G"), .end], action: .bottom, context: .board, inFooter: false),
        Binding(keys: [.pageUp], action: .pageUp, context: .board, inFooter: false),
        Binding(keys: [.pageDown], action: .pageDown, context: .board, inFooter: false),
        Binding(keys: [.enter], action: .openDeal, context: .board, inFooter: true),
        Binding(keys: [.char("H")], action: .moveCardLeft, context: .board, inFooter: true),
        Binding(keys: [.char("L")], action: .moveCardRight, context: .board, inFooter: true),
        Binding(keys: [.char("K")], action: .moveCardUp, context: .board, inFooter: false),
        Binding(keys: [.char("J")], action: .moveCardDown, context: .board, inFooter: false),
        Binding(keys: [.char("n")], action: .newDeal, context: .board, inFooter: true),
        Binding(keys: [.char("e")], action: .editDeal, context: .board, inFooter: false),
        Binding(keys: [.char("d")], action: .deleteDeal, context: .board, inFooter: false),
        Binding(keys: [.char("C")], action: .newColumn, context: .board, inFooter: false),
        Binding(keys: [.char("E")], action: .renameColumn, context: .board, inFooter: false),
        Binding(keys: [.char("D")], action: .deleteColumn, context: .board, inFooter: false),
        Binding(keys: [.char("<")], action: .moveColumnLeft, context: .board, inFooter: false),
        Binding(keys: [.char(">")], action: .moveColumnRight, context: .board, inFooter: false),
        Binding(keys: [.char("/")], action: .filter, context: .board, inFooter: true),
        Binding(keys: [.esc], action: .clearFilter, context: .board, inFooter: false),
        Binding(keys: [.char("r")], action: .followUp, context: .board, inFooter: true),
        Binding(keys: [.char("m")], action: .monitor, context: .board, inFooter: true),
        Binding(keys: [.char("M")], action: .monitorFull, context: .board, inFooter: false),
        Binding(keys: [.char("P")], action: .brake, context: .board, inFooter: true),
        Binding(keys: [.char("U")], action: .unassigned, context: .board, inFooter: false),

        Binding(keys: [.char("k"), .up], action: .up, context: .monitor, inFooter: false),
        Binding(keys: [.char("j"), .down], action: .down, context: .monitor, inFooter: false),
        Binding(keys: [.char("g"), .home], action: .top, context: .monitor, inFooter: false),
        Binding(keys: [.char("G"), .end], action: .bottom, context: .monitor, inFooter: false),
        Binding(keys: [.enter], action: .monitorText, context: .monitor, inFooter: true),
        Binding(keys: [.char("c")], action: .filterColumn, context: .monitor, inFooter: true),
        Binding(keys: [.char("o")], action: .filterOutcome, context: .monitor, inFooter: true),
        Binding(keys: [.char("/")], action: .filter, context: .monitor, inFooter: true),
        Binding(keys: [.char("x")], action: .clearFilters, context: .monitor, inFooter: false),
        Binding(keys: [.char("R")], action: .resend, context: .monitor, inFooter: false),
        Binding(keys: [.char("D")], action: .markDone, context: .monitor, inFooter: false),
        Binding(keys: [.char("T")], action: .retryFailed, context: .monitor, inFooter: false),
        Binding(keys: [.char("M")], action: .monitorFull, context: .monitor, inFooter: false),
        Binding(keys: [.char("P")], action: .brake, context: .monitor, inFooter: true),
        Binding(keys: [.esc, .char("m")], action: .leaveMonitor, context: .monitor, inFooter: true),

        Binding(keys: [.esc, .backspace], action: .back, context: .deal, inFooter: true),
        Binding(keys: [.char("a")], action: .writeAgent, context: .deal, inFooter: true),
        Binding(keys: [.char("c")], action: .writeCustomer, context: .deal, inFooter: true),
        Binding(keys: [.char("f")], action: .toggleTicket, context: .deal, inFooter: true),
        Binding(keys: [.char("w")], action: .why, context: .deal, inFooter: true),
        Binding(keys: [.char("k"), .up], action: .scrollUp, context: .deal, inFooter: false),
        Binding(keys: [.char("j"), .down], action: .scrollDown, context: .deal, inFooter: false),
        Binding(keys: [.pageUp], action: .pageUp, context: .deal, inFooter: false),
        Binding(keys: [.pageDown], action: .pageDown, context: .deal, inFooter: false),

        Binding(keys: [.esc, .char("?"), .char("q")], action: .closeHelp, context: .help, inFooter: true),
        Binding(keys: [.char("k"), .up], action: .scrollUp, context: .help, inFooter: false),
        Binding(keys: [.char("j"), .down], action: .scrollDown, context: .help, inFooter: false),
    ]

    /// The action for a key in a context; the context's own bindings win over global ones.
    public static func action(for key: Key, in context: KeyContext) -> KeyAction? {
        if let b = table.first(where: { $0.context == context && $0.keys.contains(key) }) { return b.action }
        if context == .help { return nil }
        return table.first(where: { $0.context == .global && $0.keys.contains(key) })?.action
    }

    public static func bindings(in context: KeyContext) -> [Binding] { table.filter { $0.context == context } }

    /// "←/h", "Enter", "Ctrl-C".
    public static func label(_ key: Key) -> String {
        switch key {
        case let .char(c): return c == " " ? "Espaço" : String(c)
        case let .ctrl(c): return "Ctrl-\(c.uppercased())"
        case .enter: return "Enter"
        case .esc: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case let .function(n): return "F\(n)"
        case .resize: return "resize"
        case .mouse: return "mouse"
        }
    }

    public static func label(_ b: Binding) -> String { b.keys.map(label).joined(separator: "/") }
}
