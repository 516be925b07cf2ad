import Foundation
import RetomaCore

/// What the last look before the channel call found.
public enum SendStartCheck: Sendable, Equatable {
    /// Still ours, still `sending`, just marked: call the channel now.
    case go
    /// Nothing left this machine and it must not now: too long passed since the `sending` mark (the process was
    /// stopped or the machine paused), the lease changed hands, or another engine or the operator settled the
    /// attempt meanwhile. The attempt as it now stands (back to `ready` for a full re-check, or settled).
    case abandoned(Attempt, why: String)
}

extension Store {
    /// The last look before a send leaves, outside the transaction that marked it `sending`: a process
    /// stopped between the two (Ctrl-Z, SIGSTOP, a VM pause longer than the lease) must not send hours late,
    /// past replies, the brake and business hours, or after another engine marked the attempt uncertain.
    ///
    /// When the attempt is still ours but stale, it goes back to `ready` (its send start leaves the governor's
    /// history) so the next pass re-checks everything. When another engine already called it uncertain and
    /// nobody settled it yet, it is cancelled as `not_sent`: this process is the one that would have sent it,
    /// and it did not, so the deal may be planned again.
    public func confirmSendStart(attemptID: Int64, holderID: String, at instant: Date,
                                 maxAge: TimeInterval) throws(StoreError) -> SendStartCheck {
        let now = UnixTime.seconds(instant)
        // The usual answer, go, writes nothing: a read says it, so the call never waits behind another engine's
        // write (the governor spaced the `sending` marks; the calls follow them as closely as they can).
        if try read({ db in
            let attempt = try Ledger.require(db, attemptID)
            return try SendStartLook.refusal(db, ours: attempt.state == .sending && attempt.holderID == holderID,
                                             what: "", holderID: holderID, sendingAt: attempt.sendingAt,
                                             at: instant, maxAge: maxAge) == nil
        }) { return .go }
        return try write { db in
            let attempt = try Ledger.require(db, attemptID)
            let ours = attempt.state == .sending && attempt.holderID == holderID
            guard let why = try SendStartLook.refusal(db, ours: ours, what: "the attempt is \(attempt.state.rawValue) now",
                                                      holderID: holderID, sendingAt: attempt.sendingAt,
                                                      at: instant, maxAge: maxAge) else { return .go }
            if ours {
                try db.execute(sql: """
                    UPDATE followup_attempt SET state = 'ready', retry_at = NULL, sending_at = NULL, updated_at = ?,
                           error = ? WHERE id = ?
                    """, arguments: [now, "not sent: " + why, attemptID])
                try db.execute(sql: "DELETE FROM send_log WHERE attempt_id = ?", arguments: [attemptID])
            } else if attempt.state == .uncertain, attempt.resolution == nil, attempt.holderID == holderID {
                try db.execute(sql: """
                    UPDATE followup_attempt SET state = 'cancelled', reason = ?, error = ?, updated_at = ?
                    WHERE id = ?
                    """, arguments: [CancelReason.notSent, "not sent: " + why, now, attemptID])
                try db.execute(sql: "DELETE FROM send_log WHERE attempt_id = ?", arguments: [attemptID])
                try Schedule.refresh(db, dealID: attempt.dealID, now: now)
            }
            return .abandoned(try Ledger.require(db, attemptID), why: why)
        }
    }

    /// Attempts this holder left in `sending`. Between two passes of one engine nothing of its own is being
    /// sent, so any such row is one whose outcome could not be recorded (the database refused the write).
    public func sendingAttempts(holderID: String) throws(StoreError) -> [Attempt] {
        try read { db in
            try db.fetchAll(sql: Ledger.select + " WHERE state = 'sending' AND holder_id = ? ORDER BY id",
                             arguments: [holderID]).map(Ledger.attempt)
        }
    }
}

/// The last look's verdict, shared by follow-ups and agent sends.
enum SendStartLook {
    /// Why a send marked `sending` must not leave now, or nil when it may: still ours (`ours`; else `what` says
    /// what it is now), the lease held, and marked at most `maxAge` seconds ago.
    static func refusal(_ db: any SQLConnection, ours: Bool, what: String, holderID: String, sendingAt: Date?,
                        at instant: Date, maxAge: TimeInterval) throws -> String? {
        let leased = try LeaseCheck.holds(db, holderID: holderID, now: UnixTime.seconds(instant))
        let age = sendingAt.map { instant.timeIntervalSince($0) } ?? .infinity
        if ours && leased && age <= maxAge + 1 { return nil }   // + 1: sending_at is kept to the second
        return !ours ? what
            : !leased ? "this process no longer holds the engine lease"
            : "\(Int(min(age, 1e9))) s passed since it was marked sending (the process was stopped)"
    }
}
