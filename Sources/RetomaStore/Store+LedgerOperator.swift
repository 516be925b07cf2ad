import Foundation
import RetomaCore

/// The operator's explicit choices about attempts the engine will not touch again by itself.
extension Store {
    /// Sends an uncertain attempt again, as a new attempt on the same anchor with the same text. It goes
    /// through the same checks as any send (a customer reply since then still cancels it).
    @discardableResult
    public func resendUncertain(attemptID: Int64, at instant: Date) throws(StoreError) -> Attempt {
        try successor(of: attemptID, expecting: .uncertain, resolution: .resent, at: instant)
    }

    /// Retries a failed attempt once its cause is fixed: a new attempt on the same anchor, written anew.
    /// One that reached the provider before failing may have been delivered: without `confirmed` it is
    /// refused with `retryMayDuplicate`, so the operator is told and asked first.
    @discardableResult
    public func retryFailed(attemptID: Int64, confirmed: Bool = false, at instant: Date) throws(StoreError) -> Attempt {
        if !confirmed, try attempt(id: attemptID).mayHaveBeenDelivered {
            throw .invalid(.retryMayDuplicate(id: attemptID))
        }
        return try successor(of: attemptID, expecting: .failed, resolution: .retried, at: instant)
    }

    /// The operator confirms an uncertain attempt reached the customer: it counts as sent and its text
    /// joins the conversation at the time sending started.
    @discardableResult
    public func markUncertainDone(attemptID: Int64, at instant: Date) throws(StoreError) -> Attempt {
        let now = UnixTime.seconds(instant)
        return try write { db in
            let attempt = try Ledger.require(db, attemptID)
            guard attempt.state == .uncertain, attempt.resolution == nil else {
                throw StoreError.invalid(.attemptState(id: attemptID, state: Self.describe(attempt)))
            }
            var messageID: Int64?
            if let text = attempt.text,
               try db.fetchOne(Bool.self, sql: "SELECT 1 FROM deal WHERE id = ?", arguments: [attempt.dealID]) == true {
                let sentAt = attempt.sendingAt.map(UnixTime.seconds) ?? now
                messageID = try db.insertMessage(dealID: attempt.dealID, author: .followup, text: text, at: sentAt,
                                                 now: now, sent: SentFollowUp(model: attempt.model, channelMessageID: nil,
                                                                              deliveryStatus: nil, attemptID: attemptID,
                                                                              slot: try Ledger.messageSlot(db, attemptID: attemptID)))
            }
            try db.execute(sql: """
                UPDATE followup_attempt SET resolution = 'confirmed_sent', message_id = ?, updated_at = ? WHERE id = ?
                """, arguments: [messageID, now, attemptID])
            try Schedule.refresh(db, dealID: attempt.dealID, now: now)
            return try Ledger.require(db, attemptID)
        }
    }

    private func successor(of attemptID: Int64, expecting state: AttemptState, resolution: AttemptResolution,
                           at instant: Date) throws(StoreError) -> Attempt {
        let now = UnixTime.seconds(instant)
        return try write { db in
            let old = try Ledger.require(db, attemptID)
            guard old.state == state, old.resolution == nil else {
                throw StoreError.invalid(.attemptState(id: attemptID, state: Self.describe(old)))
            }
            let deal = try db.requireDeal(old.dealID)
            if try Ledger.inFlight(db, dealID: old.dealID) != nil {
                throw StoreError.invalid(.followUpInFlight(dealID: old.dealID))
            }
            try db.execute(sql: "UPDATE followup_attempt SET resolution = ?, updated_at = ? WHERE id = ?",
                           arguments: [resolution.rawValue, now, attemptID])
            // An uncertain text is resent as it was; a failed attempt is written again for today's conversation.
            let resend = resolution == .resent && old.text != nil
            let key = AttemptKey(dealID: old.dealID, anchorMessageID: old.key.anchorMessageID,
                                 attemptNumber: try Ledger.nextAttemptNumber(db, dealID: old.dealID,
                                                                             anchorMessageID: old.key.anchorMessageID))
            let id = try Ledger.insert(db, key: key, sequence: old.sequenceNumber, columnID: deal.columnID,
                                       contactName: old.contactName, phone: old.phone,
                                       state: resend ? .ready : .planned, text: resend ? old.text : nil,
                                       model: resend ? old.model : nil, dueAt: now, holderID: nil, now: now)
            try Schedule.refresh(db, dealID: old.dealID, now: now)
            return try Ledger.require(db, id)
        }
    }

    private static func describe(_ attempt: Attempt) -> String {
        attempt.resolution.map { "\(attempt.state.rawValue), \($0.rawValue)" } ?? attempt.state.rawValue
    }
}
