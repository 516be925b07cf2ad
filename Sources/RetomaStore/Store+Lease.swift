import Foundation
import RetomaCore

/// Exactly one engine per database. The lease is one row: whoever holds it unexpired runs the engine; a
/// holder renews it every couple of seconds, so a dead one loses it within `ttl` seconds.
/// Times are whole seconds of the wall clock, which every process on one machine shares.
extension Store {
    /// Takes the lease when it is free or expired, renews it when it is already ours.
    public func acquireLease(holderID: String, pid: Int32, host: String, at instant: Date,
                             ttl: TimeInterval) throws(StoreError) -> LeaseClaim {
        let now = UnixTime.seconds(instant)
        let expires = now + Int64(max(1, ttl.rounded(.up)))
        return try write { db in
            let current = try Self.lease(db)
            if let current, current.holderID == holderID {
                try db.execute(sql: "UPDATE engine_lease SET renewed_at = ?, expires_at = ? WHERE id = 1",
                               arguments: [now, expires])
                return .renewed(try Self.lease(db) ?? current)
            }
            if let current, UnixTime.seconds(current.expiresAt) >= now { return .heldByOther(current) }
            try db.execute(sql: """
                INSERT INTO engine_lease (id, holder_id, pid, host, acquired_at, renewed_at, expires_at)
                VALUES (1, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET holder_id = excluded.holder_id, pid = excluded.pid, host = excluded.host,
                    acquired_at = excluded.acquired_at, renewed_at = excluded.renewed_at, expires_at = excluded.expires_at
                """, arguments: [holderID, pid, host, now, now, expires])
            guard let mine = try Self.lease(db) else { throw StoreError.io("the engine lease vanished while taken") }
            return .acquired(mine, previous: current)
        }
    }

    /// Extends our lease; false when it is no longer ours (it expired and another process took it).
    public func renewLease(holderID: String, at instant: Date, ttl: TimeInterval) throws(StoreError) -> Bool {
        let now = UnixTime.seconds(instant)
        let expires = now + Int64(max(1, ttl.rounded(.up)))
        return try write { db in
            try db.execute(sql: "UPDATE engine_lease SET renewed_at = ?, expires_at = ? WHERE id = 1 AND holder_id = ?",
                           arguments: [now, expires, holderID]) > 0
        }
    }

    /// Gives the lease up at once (a clean stop), so another process can start without waiting.
    public func releaseLease(holderID: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "DELETE FROM engine_lease WHERE id = 1 AND holder_id = ?", arguments: [holderID])
        }
    }

    /// The process running the engine on this database at `instant`, or nil when nobody holds the lease.
    public func leaseHolder(at instant: Date) throws(StoreError) -> LeaseHolder? {
        try read { db in
            guard let lease = try Self.lease(db), lease.expiresAt >= UnixTime.date(UnixTime.seconds(instant)) else {
                return nil
            }
            return lease
        }
    }

    static func lease(_ db: any SQLConnection) throws -> LeaseHolder? {
        guard let row = try db.fetchOne(sql: """
            SELECT holder_id, pid, host, acquired_at, renewed_at, expires_at FROM engine_lease WHERE id = 1
            """) else { return nil }
        return LeaseHolder(holderID: row[0], pid: row[1], host: row[2], acquiredAt: UnixTime.date(row[3]),
                           renewedAt: UnixTime.date(row[4]), expiresAt: UnixTime.date(row[5]))
    }
}
