import Foundation
import RetomaCore

/// One thing a webhook body reported.
public enum WebhookItem: Sendable, Equatable {
    case message(InboundMessage)
    /// What our side sent from the business's phone or app: recorded as ours, never as a customer's reply.
    case echo(EchoMessage)
    case delivery(DeliveryUpdate)
    /// Understood and deliberately not recorded (a group, a broadcast, another number…), with the reason
    /// for the log.
    case ignored(String)
}

/// Why a body was refused (400).
public struct PayloadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A JSON object, read leniently where providers differ (numbers as strings) and strictly where the shape
/// matters (required fields, their types).
struct JSONObject {
    let values: [String: Any]
    let path: String

    static func parse(_ body: Data) throws(PayloadError) -> JSONObject {
        guard !body.isEmpty else { throw PayloadError("empty body") }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: body, options: [])
        } catch {
            throw PayloadError("malformed JSON")
        }
        guard let object = parsed as? [String: Any] else { throw PayloadError("the body is not a JSON object") }
        return JSONObject(values: object, path: "")
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func has(_ key: String) -> Bool { values[key] != nil && !(values[key] is NSNull) }

    func string(_ key: String) throws(PayloadError) -> String {
        guard let s = values[key] as? String else { throw PayloadError("\(name(key)) must be a string") }
        return s
    }

    func optionalString(_ key: String) -> String? { values[key] as? String }

    func object(_ key: String) throws(PayloadError) -> JSONObject {
        guard let o = values[key] as? [String: Any] else { throw PayloadError("\(name(key)) must be an object") }
        return JSONObject(values: o, path: name(key))
    }

    func optionalObject(_ key: String) -> JSONObject? {
        (values[key] as? [String: Any]).map { JSONObject(values: $0, path: name(key)) }
    }

    /// A missing array is empty; anything else that is not an array of objects is refused.
    func objects(_ key: String) throws(PayloadError) -> [JSONObject] {
        guard let raw = values[key], !(raw is NSNull) else { return [] }
        guard let array = raw as? [Any] else { throw PayloadError("\(name(key)) must be an array") }
        var result: [JSONObject] = []
        for (i, element) in array.enumerated() {
            guard let o = element as? [String: Any] else { throw PayloadError("\(name(key))[\(i)] must be an object") }
            result.append(JSONObject(values: o, path: "\(name(key))[\(i)]"))
        }
        return result
    }

    func bool(_ key: String) -> Bool? { values[key] as? Bool }

    /// Unix seconds given as a number, a numeric string or (Evolution) a protobuf Long. A value that is a
    /// number but not a plausible time (negative, NaN, 1e19, far in the future: see `ProviderTime`) is
    /// replaced by the arrival time and noted for the log, so a customer's reply is never lost to it; a value
    /// that is not a number at all is a malformed body.
    func unixTime(_ key: String, _ arrival: Arrival) throws(PayloadError) -> Date {
        let seconds: Double
        let shown: String
        if let n = values[key] as? NSNumber {
            seconds = n.doubleValue; shown = "\(n)"
        } else if let s = values[key] as? String, let n = Double(s) {
            seconds = n; shown = "\"\(s)\""
        } else if let o = values[key] as? [String: Any], let low = Self.int32(o["low"]), let high = Self.int32(o["high"]) {
            // Evolution may send a protobuf Long as {"low": …, "high": …}; `low` holds the lower 32 bits, signed.
            seconds = Double(high) * 4_294_967_296 + Double(UInt32(bitPattern: low)); shown = "{low \(low), high \(high)}"
        } else {
            throw PayloadError("\(name(key)) must be a Unix time")
        }
        if let instant = ProviderTime.instant(seconds, now: arrival.now) { return instant }
        let short = shown.count > 42 ? "\(shown.prefix(40))…" : shown
        arrival.notes.append("\(name(key)) \(short) is not a plausible time; the arrival time is used")
        return arrival.now
    }

    /// An integral JSON number that fits in 32 bits (either sign convention), as a signed 32-bit value.
    private static func int32(_ value: Any?) -> Int32? {
        guard let n = value as? NSNumber else { return nil }
        let d = n.doubleValue
        guard d.rounded(.towardZero) == d, d >= -2_147_483_648, d <= 4_294_967_295 else { return nil }
        return d < 0 ? Int32(d) : Int32(bitPattern: UInt32(d))
    }

    func int(_ key: String) -> Int? {
        if let n = values[key] as? NSNumber { return n.intValue }
        if let s = values[key] as? String { return Int(s) }
        return nil
    }
}

/// Which provider time stamps are believed. A signed body can still carry any number ("9223372036854775807",
/// 1e19, -1, a time in milliseconds, a sender whose clock is wrong), and a time far in the future would sort a
/// message after later real ones and poison schedules: outside this range the arrival time is used instead.
public enum ProviderTime {
    /// 2009-01-01 00:00 UTC: WhatsApp did not exist before.
    public static let earliest: TimeInterval = 1_230_768_000
    /// How far ahead of this machine's clock a provider's time may be (clock skew); the store allows the same.
    public static let allowedSkew: TimeInterval = 300

    /// The instant `seconds` (Unix time; a fraction is dropped) stands for, or nil when it is not a plausible
    /// provider time as seen `now`: not finite, before `earliest`, or more than `allowedSkew` ahead of `now`.
    public static func instant(_ seconds: Double, now: Date) -> Date? {
        guard seconds.isFinite else { return nil }
        let whole = seconds.rounded(.down)
        guard whole >= earliest, whole <= now.timeIntervalSince1970 + allowedSkew else { return nil }
        return Date(timeIntervalSince1970: whole)
    }
}

/// The moment a body arrived, and the time stamps it carried that were replaced by it (for the log).
final class Arrival {
    let now: Date
    var notes: [String] = []
    init(now: Date) { self.now = now }
}

/// The Cloud API's webhook envelope (integrations.md §1): every entry and every change is read, since
/// deliveries can be batched.
public enum CloudWebhookPayload {
    /// `phoneNumberID`: changes for other numbers of the same business account are ignored. `receivedAt`
    /// replaces implausible time stamps (see `ProviderTime`); `note` is told of each replacement.
    public static func parse(_ body: Data, phoneNumberID: String, receivedAt: Date = Date(),
                             note: (String) -> Void = { _ in }) throws(PayloadError) -> [WebhookItem] {
        let arrival = Arrival(now: receivedAt)
        let items = try parse(body, phoneNumberID: phoneNumberID, arrival: arrival)
        arrival.notes.forEach(note)
        return items
    }

    static func parse(_ body: Data, phoneNumberID: String, arrival: Arrival) throws(PayloadError) -> [WebhookItem] {
        let root = try JSONObject.parse(body)
        guard try root.string("object") == "whatsapp_business_account" else {
            throw PayloadError("object must be \"whatsapp_business_account\"")
        }
        guard root.values["entry"] is [Any] else { throw PayloadError("entry must be an array") }
        var items: [WebhookItem] = []
        for entry in try root.objects("entry") {
            guard entry.values["changes"] is [Any] else { throw PayloadError("entry.changes must be an array") }
            for change in try entry.objects("changes") {
                let field = try change.string("field")
                let value = try change.object("value")
                guard field == "messages" || field == "smb_message_echoes" else {
                    items.append(.ignored("field \(field)"))
                    continue
                }
                if let metadata = value.optionalObject("metadata"), let id = metadata.optionalString("phone_number_id"),
                   id != phoneNumberID {
                    items.append(.ignored("a change for another phone number id"))
                    continue
                }
                if field == "smb_message_echoes" {
                    // What the business typed in the WhatsApp Business app on the same number (coexistence).
                    for echo in try value.objects("message_echoes") { items.append(try Self.echo(echo, arrival)) }
                    continue
                }
                var names: [String: String] = [:]
                for contact in try value.objects("contacts") {
                    if let waID = contact.optionalString("wa_id"), let name = contact.optionalObject("profile")?.optionalString("name") {
                        names[waID] = name
                    }
                }
                for message in try value.objects("messages") {
                    items.append(try Self.message(message, names: names, arrival))
                }
                for status in try value.objects("statuses") {
                    items.append(try Self.status(status, arrival))
                }
            }
        }
        return items
    }

    static func message(_ m: JSONObject, names: [String: String], _ arrival: Arrival) throws(PayloadError) -> WebhookItem {
        let fromID = try m.string("from")
        let id = try m.string("id")
        let at = try m.unixTime("timestamp", arrival)
        let type = try m.string("type")
        guard !id.isEmpty else { throw PayloadError("a message without an id") }
        guard let from = Phone.fromWhatsAppID(fromID) else { throw PayloadError("from \"\(fromID)\" is not a WhatsApp number") }
        if type == "system" { return .ignored("a system message") }
        let text = try Self.text(m, type: type)
        let replyTo = m.optionalObject("context")?.optionalString("id")
        return .message(InboundMessage(channel: "cloud", channelMessageID: id, from: from, profileName: names[fromID],
                                       text: text, sentAt: at, replyTo: replyTo))
    }

    /// One of `value.message_echoes[]`: `from` is the business's number, `to` the customer's wa_id.
    static func echo(_ m: JSONObject, _ arrival: Arrival) throws(PayloadError) -> WebhookItem {
        let toID = try m.string("to")
        let id = try m.string("id")
        let at = try m.unixTime("timestamp", arrival)
        let type = try m.string("type")
        guard !id.isEmpty else { throw PayloadError("an echo without an id") }
        guard let to = Phone.fromWhatsAppID(toID) else { throw PayloadError("to \"\(toID)\" is not a WhatsApp number") }
        if type == "system" { return .ignored("a system message") }
        return .echo(EchoMessage(channel: "cloud", channelMessageID: id, to: to, text: try Self.text(m, type: type), sentAt: at))
    }

    /// The text of a message, or a short description of what it carries.
    static func text(_ m: JSONObject, type: String) throws(PayloadError) -> String {
        func caption(_ label: String) -> String {
            let c = m.optionalObject(type)?.optionalString("caption")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return c.isEmpty ? label : "\(label) \(c)"
        }
        switch type {
        case "text":
            let body = try m.object("text").string("body")
            return body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "[mensagem vazia]" : body
        case "image": return caption("[imagem]")
        case "video": return caption("[vídeo]")
        case "document": return caption("[documento]")
        case "audio": return "[áudio]"
        case "sticker": return "[figurinha]"
        case "location": return "[localização]"
        case "contacts": return "[contato]"
        case "reaction":
            let emoji = m.optionalObject("reaction")?.optionalString("emoji") ?? ""
            return emoji.isEmpty ? "[reação removida]" : "[reação \(emoji)]"
        case "button":
            return m.optionalObject("button")?.optionalString("text") ?? "[botão]"
        case "interactive":
            let i = m.optionalObject("interactive")
            return i?.optionalObject("button_reply")?.optionalString("title")
                ?? i?.optionalObject("list_reply")?.optionalString("title") ?? "[resposta interativa]"
        default:
            return "[mensagem do tipo \(type)]"
        }
    }

    static func status(_ s: JSONObject, _ arrival: Arrival) throws(PayloadError) -> WebhookItem {
        let id = try s.string("id")
        let raw = try s.string("status")
        let at = try s.unixTime("timestamp", arrival)
        guard let status = DeliveryStatus(rawValue: raw) else { return .ignored("status \(raw)") }
        var error: String?
        if status == .failed {
            let described = try s.objects("errors").map { e -> String in
                let code = e.int("code").map(String.init) ?? "?"
                let words = e.optionalString("title") ?? e.optionalString("message") ?? ""
                return words.isEmpty ? code : "\(code) \(words)"
            }
            error = described.isEmpty ? "failed" : described.joined(separator: "; ")
        }
        return .delivery(DeliveryUpdate(channelMessageID: id, status: status, at: at, error: error))
    }
}

/// Evolution API's `messages.upsert` webhook (integrations.md §2).
public enum EvolutionWebhookPayload {
    /// `receivedAt` replaces implausible time stamps (see `ProviderTime`) and missing ones; `note` is told of
    /// each replacement.
    public static func parse(_ body: Data, instance: String, receivedAt: Date = Date(),
                             note: (String) -> Void = { _ in }) throws(PayloadError) -> [WebhookItem] {
        let arrival = Arrival(now: receivedAt)
        let items = try parse(body, instance: instance, arrival: arrival)
        arrival.notes.forEach(note)
        return items
    }

    static func parse(_ body: Data, instance: String, arrival: Arrival) throws(PayloadError) -> [WebhookItem] {
        let root = try JSONObject.parse(body)
        let event = try root.string("event")
        let normalized = event.lowercased().replacingOccurrences(of: "_", with: ".")
        guard normalized == "messages.upsert" else { return [.ignored("event \(event)")] }
        if let from = root.optionalString("instance"), from != instance {
            return [.ignored("an event of another instance")]
        }
        // Usually one message object; some versions batch them in an array.
        if root.values["data"] is [Any] {
            var items: [WebhookItem] = []
            for data in try root.objects("data") { items.append(try message(data, arrival)) }
            return items
        }
        return [try message(try root.object("data"), arrival)]
    }

    static func message(_ data: JSONObject, _ arrival: Arrival) throws(PayloadError) -> WebhookItem {
        let key = try data.object("key")
        let remoteJid = try key.string("remoteJid")
        let id = try key.string("id")
        guard !id.isEmpty else { throw PayloadError("data.key.id is empty") }
        // fromMe: typed on the linked phone (the API's own sends come back as send.message, not here). The
        // chat is still the customer's: remoteJid (or remoteJidAlt) is whom the business wrote to.
        let fromMe = key.bool("fromMe") == true
        if remoteJid.hasSuffix("@g.us") { return .ignored("a group message") }
        if remoteJid == "status@broadcast" || remoteJid.hasSuffix("@broadcast") || remoteJid.hasSuffix("@newsletter") {
            return .ignored("a broadcast or status message")
        }
        var jid = remoteJid
        if key.optionalString("addressingMode") == "lid" || remoteJid.hasSuffix("@lid") {
            guard let alt = key.optionalString("remoteJidAlt") else { return .ignored("a lid-addressed message without remoteJidAlt") }
            jid = alt
        }
        guard let from = Phone.fromWhatsAppID(jid) else { return .ignored("remoteJid \(jid) is not a phone number") }
        let at = data.has("messageTimestamp") ? try data.unixTime("messageTimestamp", arrival) : arrival.now
        let message = data.optionalObject("message")
        let type = data.optionalString("messageType") ?? ""
        if fromMe {
            return .echo(EchoMessage(channel: "evolution", channelMessageID: id, to: from, text: text(message, type: type),
                                     sentAt: at))
        }
        return .message(InboundMessage(channel: "evolution", channelMessageID: id, from: from,
                                       profileName: data.optionalString("pushName"), text: text(message, type: type),
                                       sentAt: at, replyTo: nil))
    }

    static func text(_ message: JSONObject?, type: String) -> String {
        guard let message else { return "[mensagem do tipo \(type.isEmpty ? "desconhecido" : type)]" }
        if let text = message.optionalString("conversation"), !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return text
        }
        if let text = message.optionalObject("extendedTextMessage")?.optionalString("text"),
           !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return text
        }
        func caption(_ field: String, _ label: String) -> String? {
            guard let media = message.optionalObject(field) else { return nil }
            let c = media.optionalString("caption")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return c.isEmpty ? label : "\(label) \(c)"
        }
        if let s = caption("imageMessage", "[imagem]") ?? caption("videoMessage", "[vídeo]")
            ?? caption("documentMessage", "[documento]") { return s }
        if message.has("audioMessage") { return "[áudio]" }
        if message.has("stickerMessage") { return "[figurinha]" }
        if message.has("locationMessage") { return "[localização]" }
        if message.has("contactMessage") { return "[contato]" }
        if let reaction = message.optionalObject("reactionMessage") {
            let emoji = reaction.optionalString("text") ?? ""
            return emoji.isEmpty ? "[reação removida]" : "[reação \(emoji)]"
        }
        return "[mensagem do tipo \(type.isEmpty ? "desconhecido" : type)]"
    }
}
