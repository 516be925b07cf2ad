/// One field of a follow-up configuration that differs between two saved versions (`retoma column history`).
public struct FollowUpChange: Sendable, Equatable, Codable {
    /// The field as `followup show --json` names it ("every", "maxAttempts"…).
    public var field: String
    public var old: String
    public var new: String
    public init(field: String, old: String, new: String) { self.field = field; self.old = old; self.new = new }
}

extension FollowUpConfig {
    /// Every field of the dialog with its value written as `followup set` takes it, in the dialog's order.
    public var fieldValues: [(field: String, value: String)] {
        let onMaxText: String
        switch onMax {
        case .none: onMaxText = "none"
        case .moveTo(let id): onMaxText = "move:\(id)"
        }
        return [("enabled", String(enabled)), ("every", interval.short), ("businessHours", String(businessHoursOnly)),
                ("afterClose", String(sendAfterClose)), ("review", String(review)), ("instructions", instructions),
                ("extra", extraInfo), ("maxAttempts", String(maxAttempts)), ("onMax", onMaxText),
                ("maxPerDay", String(maxPerDay)), ("paused", String(paused))]
    }

    /// The fields whose value differs from `previous`, old → new, in the dialog's order.
    public func changes(since previous: FollowUpConfig) -> [FollowUpChange] {
        zip(previous.fieldValues, fieldValues).compactMap { before, after in
            before.value == after.value ? nil : FollowUpChange(field: after.field, old: before.value, new: after.value)
        }
    }
}
