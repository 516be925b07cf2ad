import Foundation
import RetomaCore

/// The engines running on this database. Each holds its own lease row and renews it every couple of seconds;
/// a row not renewed within `ttl` seconds is a stopped engine, whose work the next engine to look takes over
/// (`takeOverLapsedEngines`). Engines of one sending number share the work (claims, the governor in the send
/// transaction); one configured for another number stands by while they run, so a laptop's sandbox never takes
/// a deal from the company's number. Times are whole seconds of the engines' clock, which is the database
/// server's on PostgreSQL (`Store.serverTime`).
extension Store {
    /// Takes our lease, or renews it when we hold it already. `.heldByOther` while a live engine of another
    /// sending number holds one.
    public func acquireLease(holderID: String, pid: Int32, host: String, sender: String = "", at instant: Date,
                             ttl: TimeInterval) throws(StoreError) -> LeaseClaim {
        let now = UnixTime.seconds(instant)
        let expires = now + Int64(max(1, ttl.rounded(.up)))
        return try write { db in
            let all = try Self.leases(db)
            let live = all.filter { UnixTime.seconds($0.expiresAt) >= now }
            if let mine = all.first(where: { $0.holderID == holderID }) {
                try db.execute(sql: "UPDATE engine_lease SET renewed_at = ?, expires_at = ?, sender = ? WHERE holder_id = ?",
                               arguments: [now, expires, sender, holderID])
                return .renewed(try Self.lease(db, holderID) ?? mine)
            }
            if let other = live.first(where: { $0.sender != sender }) { return .heldByOther(other) }
            try db.execute(sql: """
                INSERT INTO engine_lease (holder_id, sender, pid, host, acquired_at, renewed_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [holderID, sender, pid, host, now, now, expires])
            guard let mine = try Self.lease(db, holderID) else { throw StoreError.io("the engine lease vanished while taken") }
            return .acquired(mine, previous: all.filter { UnixTime.seconds($0.expiresAt) < now }.max { $0.expiresAt < $1.expiresAt })
        }
    }

    /// Extends our lease; false when it is no longer ours (it ran out and another engine took over its work).
    /// Only our own row changes, so it takes that row's lock and not the write lock: the renewal every couple of
    /// seconds notifies nobody (no board re-reads for it) and never waits behind a long write.
    public func renewLease(holderID: String, at instant: Date, ttl: TimeInterval) throws(StoreError) -> Bool {
        let now = UnixTime.seconds(instant)
        let expires = now + Int64(max(1, ttl.rounded(.up)))
        return try claim { db in
            try db.execute(sql: "UPDATE engine_lease SET renewed_at = ?, expires_at = ? WHERE holder_id = ?",
                           arguments: [now, expires, holderID]) > 0
        }
    }

    /// Gives our lease up at once (a clean stop), so nothing waits for it to run out: it lapses now, and the next
    /// engine to look takes over what this one left open (a draft waiting for review, above all).
    public func releaseLease(holderID: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE engine_lease SET expires_at = 0 WHERE holder_id = ?", arguments: [holderID])
        }
    }

    /// An engine running on this database at `instant` (the longest running), or nil when none runs.
    public func leaseHolder(at instant: Date) throws(StoreError) -> LeaseHolder? {
        try runningEngines(at: instant).first
    }

    /// Every engine running on this database at `instant`, longest running first.
    public func runningEngines(at instant: Date) throws(StoreError) -> [LeaseHolder] {
        let now = UnixTime.seconds(instant)
        return try read { db in try Self.leases(db).filter { UnixTime.seconds($0.expiresAt) >= now } }
    }

    /// True while `holderID`'s lease is live at `instant`.
    public func holdsLease(holderID: String, at instant: Date) throws(StoreError) -> Bool {
        try read { db in try LeaseCheck.holds(db, holderID: holderID, now: UnixTime.seconds(instant)) }
    }

    /// True when an engine's lease ran out without being given up: its work waits for `takeOverLapsedEngines`.
    public func hasLapsedEngines(at instant: Date) throws(StoreError) -> Bool {
        try read { db in
            try db.fetchOne(Bool.self, sql: "SELECT 1 FROM engine_lease WHERE expires_at < ? LIMIT 1",
                            arguments: [UnixTime.seconds(instant)]) ?? false
        }
    }

    static func leases(_ db: any SQLConnection) throws -> [LeaseHolder] {
        try db.fetchAll(sql: leaseSelect + " ORDER BY acquired_at, holder_id").map(leaseHolder)
    }

    static func lease(_ db: any SQLConnection, _ holderID: String) throws -> LeaseHolder? {
        try db.fetchOne(sql: leaseSelect + " WHERE holder_id = ?", arguments: [holderID]).map(leaseHolder)
    }

    private static let leaseSelect = "SELECT holder_id, pid, host, sender, acquired_at, renewed_at, expires_at FROM engine_lease"

    private static func leaseHolder(_ row: SQLRow) -> LeaseHolder {
        LeaseHolder(holderID: row[0], pid: row[1], host: row[2], sender: row[3], acquiredAt: UnixTime.date(row[4]),
                    renewedAt: UnixTime.date(row[5]), expiresAt: UnixTime.date(row[6]))
    }
}
