import Foundation

/// What a channel allows outside WhatsApp's customer-service window. The Cloud API accepts free text only
/// within 24 hours of the customer's latest message (our own messages do not reopen it); after that only an
/// approved template may go out (integrations.md §1). Evolution API and the sandbox have no such rule.
public enum MessagingWindow: Sendable, Equatable {
    /// Free text at any time.
    case unrestricted
    /// Free text within the 24-hour window; outside it the template when one is configured, else nothing.
    case customerService(templateConfigured: Bool)
}

/// The 24-hour customer-service window rule, pure: the caller gives the customer's latest message time.
public enum CustomerServiceWindow {
    public static let length: TimeInterval = 24 * 3600

    /// How a follow-up may go out now.
    public enum Route: String, Sendable, Equatable, CaseIterable, Codable {
        /// As the AI's free text.
        case freeText = "free_text"
        /// As the configured approved template, the AI's text as its body parameter.
        case template
        /// Not at all: `outside_24h_window`.
        case skip
    }

    /// True while the window the customer's latest message opened is still open at `now`.
    public static func isOpen(lastCustomerMessageAt: Date?, at now: Date) -> Bool {
        guard let last = lastCustomerMessageAt else { return false }
        return now < last.addingTimeInterval(length)
    }

    /// The instant the window closes (nil when the customer never wrote).
    public static func closesAt(lastCustomerMessageAt: Date?) -> Date? {
        lastCustomerMessageAt.map { $0.addingTimeInterval(length) }
    }

    public static func route(window: MessagingWindow, lastCustomerMessageAt: Date?, at now: Date) -> Route {
        switch window {
        case .unrestricted:
            return .freeText
        case .customerService(let templateConfigured):
            if isOpen(lastCustomerMessageAt: lastCustomerMessageAt, at: now) { return .freeText }
            return templateConfigured ? .template : .skip
        }
    }
}

extension Decision {
    /// The same decision under the channel's window rule: a deal the rules would send now is skipped with
    /// `outside_24h_window` when the channel allows neither free text nor a template. The check is added to
    /// the explanation whenever the channel has a window, so `deal why` says which way it goes out.
    /// Decisions that are not `send` are returned unchanged.
    public func limited(by window: MessagingWindow, lastCustomerMessageAt: Date?, at now: Date) -> Decision {
        guard action == .send, case .customerService = window else { return self }
        let route = CustomerServiceWindow.route(window: window, lastCustomerMessageAt: lastCustomerMessageAt, at: now)
        let check = Check.customerServiceWindow(lastCustomerMessageAt: lastCustomerMessageAt, route: route)
        guard route == .skip else {
            return Decision(dealID: dealID, columnID: columnID, action: action, reason: reason, dueAt: dueAt,
                            checks: checks + [check])
        }
        return Decision(dealID: dealID, columnID: columnID, action: .skip, reason: .outside24hWindow, dueAt: nil,
                        checks: checks + [check])
    }
}

/// Why a message an agent asked to send cannot go out as asked; nothing is queued.
public enum AgentSendRefusal: Error, Sendable, Equatable {
    /// Free text on a channel with the 24-hour rule, more than 24 hours after the customer's latest message
    /// (or before the customer ever wrote): only an approved template may go out.
    case outsideWindow(lastCustomerMessageAt: Date?, templates: [MessageTemplate])
    /// A template on a channel that has none (sandbox, Evolution API).
    case templatesUnsupported(channel: String)
    /// A template that is not among the configured ones.
    case unknownTemplate(MessageTemplate, configured: [MessageTemplate])
}

extension CustomerServiceWindow {
    /// The one check made before an agent's message is queued (the engine, `message send` and the deal screen
    /// all ask it, and the store asks it again in the transaction that queues): free text needs an open
    /// window on a channel with the 24-hour rule; a template needs a channel that sends templates and one of
    /// the configured ones. An agent's free text is never turned into a template.
    public static func checkAgentSend(window: MessagingWindow, channel: String, templates: [MessageTemplate],
                                      template: MessageTemplate?, lastCustomerMessageAt: Date?,
                                      at now: Date) -> AgentSendRefusal? {
        if let template {
            guard case .customerService = window else { return .templatesUnsupported(channel: channel) }
            return templates.contains(template) ? nil : .unknownTemplate(template, configured: templates)
        }
        guard case .customerService = window else { return nil }
        return isOpen(lastCustomerMessageAt: lastCustomerMessageAt, at: now)
            ? nil : .outsideWindow(lastCustomerMessageAt: lastCustomerMessageAt, templates: templates)
    }
}

extension AgentSendRefusal {
    /// One line in each language (the CLI's message and the deal screen's status line).
    public func message(_ lang: Lang) -> String {
        let pt = lang == .pt
        switch self {
        case .outsideWindow(let last, let templates):
            let since = last.map { pt ? "o cliente escreveu por último em \(BrazilTime.display($0, lang))"
                                      : "the customer last wrote at \(BrazilTime.display($0, lang))" }
                ?? (pt ? "o cliente nunca escreveu" : "the customer never wrote")
            let names = templates.map(\.text).joined(separator: ", ")
            let way = templates.isEmpty
                ? (pt ? "nenhum modelo aprovado está configurado (RETOMA_CLOUD_TEMPLATE)"
                      : "no approved template is configured (RETOMA_CLOUD_TEMPLATE)")
                : (pt ? "envie um modelo aprovado: \(names)" : "send an approved template instead: \(names)")
            return pt ? "fora da janela de 24 horas do WhatsApp (\(since)): texto livre não pode ser enviado; nada foi enviado; \(way)"
                      : "outside WhatsApp's 24-hour window (\(since)): free text cannot be sent; nothing was sent; \(way)"
        case .templatesUnsupported(let channel):
            return pt ? "o canal \(channel) não envia modelos do WhatsApp; envie o texto sem modelo"
                      : "the \(channel) channel sends no WhatsApp templates; send the text without one"
        case .unknownTemplate(let template, let configured):
            let names = configured.isEmpty ? "—" : configured.map(\.text).joined(separator: ", ")
            return pt ? "o modelo \(template.text) não está configurado (configurados: \(names))"
                      : "the template \(template.text) is not configured (configured: \(names))"
        }
    }
}
