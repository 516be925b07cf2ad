import ArgumentParser
import Foundation
import RetomaAI
import RetomaChannels
import RetomaCore
import RetomaEngine
import RetomaStore
import TUIKit

/// `retoma message send`: the agent's message goes out through the configured channel, as `a` in the deal
/// screen does, through the engine's agent ledger (one key, re-checked, never sent twice).
struct MessageSendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Send a message to the deal's customer as the agent, through the WhatsApp channel.",
        discussion: """
            The message joins the conversation at once and is sent ahead of any follow-up, within the sending \
            limits. When another process runs the engine it sends it and this command waits for the outcome \
            (--wait seconds, then reports it as queued); otherwise this command sends it itself. On the Cloud API, \
            free text more than 24 hours after the customer's last message is refused (exit status 4) and nothing \
            is written: send an approved template with --template NAME:LANG (one of RETOMA_CLOUD_TEMPLATE).
            """)

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Deal id.") var deal: Int64
    @Option(name: .long, help: "The message text (a template's body parameter with --template).") var text: String
    @Option(name: .long, help: ArgumentHelp("An approved Cloud API template, e.g. followup_1:pt_BR.", valueName: "name:lang"))
    var template: String?
    @Option(name: .long, help: "Seconds to wait for another process's engine to send it (default 30).") var wait: Int = 30
    @Flag(name: .long, help: "Print the stored message as one JSON document.") var json = false

    /// Outside the window: a refusal of its own, so scripts can tell it from an error.
    static let outsideWindowStatus: Int32 = 4

    func validate() throws {
        if let template, MessageTemplate.parse(template) == nil {
            throw ValidationError("--template must be name:language of an approved template, such as followup_1:pt_BR")
        }
        guard (0...3600).contains(wait) else { throw ValidationError("--wait must be 0 to 3600 seconds") }
    }

    func run() throws {
        let output = Output(lang: global.language)
        do {
            try send(output)
        } catch let exit as ExitCode {
            throw exit
        } catch let refusal as any CommandRefusal {
            refusal.write(output.lang)
            throw ExitCode(refusal.exitStatus)
        } catch {
            output.fail(error)
            throw ExitCode.failure
        }
    }

    private func send(_ output: Output) throws {
        let env = ProcessInfo.processInfo.environment
        let store = try global.openStore(operatorName: try global.operatorName())
        output.warnIfExposed(store)
        defer { try? store.close() }
        let channel = try ChannelSetup.make(environment: env)
        let configuration = EngineConfiguration(governor: try GovernorSetup.make(environment: env, channelKind: channel.kind))
        let lang = output.lang
        let engine = Engine(store: store, writer: NoFollowUpWriter(), channel: channel, configuration: configuration,
                            events: { event in
                                guard case .agent = event else { return }
                                FileHandle.standardError.write(Data((TerminalText.line(event.logLine(lang)) + "\n").utf8))
                            })
        let named = template.flatMap(MessageTemplate.parse)
        let send: AgentSend
        switch try engine.sendAsAgent(dealID: deal, text: text, template: named) {
        case .refused(let refusal):
            if case .outsideWindow = refusal {
                throw AgentSendRefused(exitStatus: Self.outsideWindowStatus, refusal: refusal)
            }
            throw AgentSendRefused(exitStatus: 1, refusal: refusal)
        case .queued(let queued, _):
            send = queued
        }
        // Nobody runs the engine: hold the lease for this send only, as `engine --once` does, until it is
        // settled or --wait runs out (the governor's next slot, a retry). Otherwise the holder sends it (it
        // notices the write within a second): wait for its outcome.
        let deadline = Date().addingTimeInterval(TimeInterval(wait))
        var standing = try store.agentSend(id: send.id)
        var ownLease = false
        defer { if ownLease { try? engine.releaseLease() } }
        while standing.state.isPending {
            var pause: TimeInterval = 0.05
            let free = try ownLease || store.leaseHolder(at: Date()) == nil
            if free, case .some(let next) = engine.runAgentSends() {
                ownLease = true
                pause = min(max(0.05, next.map { $0.timeIntervalSinceNow } ?? 1), 1)
            }
            standing = try store.agentSend(id: send.id)
            guard standing.state.isPending, Date().addingTimeInterval(pause) < deadline else { break }
            Thread.sleep(forTimeInterval: pause)
            standing = try store.agentSend(id: send.id)
        }
        let message = try standing.messageID.map { id throws(StoreError) in try store.message(id: id) }
        if json, let message { try output.json(MessageJSON(message)) }
        switch standing.state {
        case .sent:
            if !json {
                output.say(pt: "Mensagem \(message?.id ?? 0) enviada na negociação \(deal) (\(standing.channelMessageID ?? "—")).",
                           en: "Sent message \(message?.id ?? 0) on deal \(deal) (\(standing.channelMessageID ?? "—")).")
            }
        case .queued, .sending:
            if !json {
                output.say(pt: "Mensagem \(message?.id ?? 0) na fila (\(standing.state.rawValue)): o motor que está rodando a envia assim que os limites permitirem.",
                           en: "Message \(message?.id ?? 0) is queued (\(standing.state.rawValue)): the running engine sends it as soon as the limits allow.")
            }
        case .failed, .cancelled:
            let why = [standing.reason, standing.error].compactMap { $0 }.joined(separator: ": ")
            throw CommandLineRefusal(pt: "a mensagem não foi enviada: \(why)", en: "the message was not sent: \(why)")
        case .uncertain:
            throw CommandLineRefusal(
                pt: "envio incerto (pode ter chegado ao cliente; não será reenviado): \(standing.error ?? "")",
                en: "send uncertain (it may have reached the customer; it is not resent): \(standing.error ?? "")")
        }
    }
}

/// The channel's rules refused the message before anything was written.
struct AgentSendRefused: CommandRefusal {
    let exitStatus: Int32
    let refusal: AgentSendRefusal

    func write(_ lang: Lang) {
        FileHandle.standardError.write(Data("retoma: \(TerminalText.line(refusal.message(lang)))\n".utf8))
    }
}

/// `message send` sends the agent's own words and never writes a follow-up: the engine it builds is only
/// asked for agent sends (`runAgentSends`), so no model is started for it.
struct NoFollowUpWriter: FollowUpWriting {
    func write(_ context: FollowUpContext, earlierFollowUps: [String]) throws -> WrittenFollowUp {
        throw AIError.permanent("retoma message send writes no follow-ups")
    }
}
