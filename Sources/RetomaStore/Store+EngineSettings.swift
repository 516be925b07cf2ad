import Foundation
import RetomaCore

extension Store {
    public func engineSettings() throws(StoreError) -> EngineSettings {
        try read { db in try Self.settings(db) }
    }

    /// Pauses all sending (nothing new starts; a send already under way finishes and is recorded).
    /// Survives restarts. `detail` is shown to the operator, so it never carries a secret.
    public func pauseSending(reason: PauseReason, detail: String?, at instant: Date) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                UPDATE engine_settings SET paused = 1, pause_reason = ?, pause_detail = ?, paused_at = ? WHERE id = 1
                """, arguments: [reason.rawValue, detail, UnixTime.seconds(instant)])
        }
    }

    public func resumeSending() throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                UPDATE engine_settings SET paused = 0, pause_reason = NULL, pause_detail = NULL, paused_at = NULL
                WHERE id = 1
                """)
        }
    }

    /// Which holidays close the business-hours window; every deal is rescheduled in the same transaction.
    public func setHolidayRules(honorHolidays: Bool, skipPontosFacultativos: Bool) throws(StoreError) {
        let stamp = UnixTime.seconds(self.now())
        try write { db in
            try db.execute(sql: "UPDATE engine_settings SET honor_holidays = ?, skip_pontos_facultativos = ? WHERE id = 1",
                           arguments: [honorHolidays, skipPontosFacultativos])
            try Schedule.refreshAll(db, now: stamp)
        }
    }

    static func settings(_ db: any SQLConnection) throws -> EngineSettings {
        guard let row = try db.fetchOne(sql: """
            SELECT paused, pause_reason, pause_detail, paused_at, honor_holidays, skip_pontos_facultativos
            FROM engine_settings WHERE id = 1
            """) else {
            return EngineSettings(paused: false, pauseReason: nil, pauseDetail: nil, pausedAt: nil,
                                  honorHolidays: true, skipPontosFacultativos: false)
        }
        let reason: String? = row[1]
        return EngineSettings(paused: row[0], pauseReason: reason.flatMap(PauseReason.init(rawValue:)),
                              pauseDetail: row[2], pausedAt: (row[3] as Int64?).map(UnixTime.date),
                              honorHolidays: row[4], skipPontosFacultativos: row[5])
    }
}
