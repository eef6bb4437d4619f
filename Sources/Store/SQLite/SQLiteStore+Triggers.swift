import Foundation
import GRDB

extension SQLiteStore {
    public func saveTriggerState(_ state: TriggerState) async throws {
        try await write { db in try Self.upsertTriggerState(db, state) }
    }

    public func armedTriggers() async throws -> [TriggerState] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: Self.armedTriggersSQL
            ).map(Self.triggerState)
        }
    }

    public func triggerStates(workflowID: String) async throws -> [TriggerState] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM trigger_states WHERE workflow_id = ? ORDER BY trigger_id",
                arguments: [workflowID]
            ).map(Self.triggerState)
        }
    }

    public func recordFire(_ fire: TriggerFire, state: TriggerState?) async throws {
        let row = FireRow(fire)
        try await write { db in
            try Self.insertFire(db, row)
            if let state { try Self.upsertTriggerState(db, state) }
        }
    }

    public func recentFires(workflowID: String, triggerID: String, since: Date) async throws -> [TriggerFire] {
        let time = StoreCoding.millis(since)
        return try await read { db in
            try Row.fetchAll(
                db,
                sql: Self.recentFiresSQL,
                arguments: [workflowID, triggerID, time]
            ).map(Self.triggerFire)
        }
    }

    static func upsertTriggerState(_ db: Database, _ state: TriggerState) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO trigger_states (workflow_id, trigger_id, armed, next_fire_at, last_fire_at,
                    last_scheduled_at, missed_count)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            state.workflowID, state.triggerID, state.armed, StoreCoding.millisIfAny(state.nextFireAt),
            StoreCoding.millisIfAny(state.lastFireAt), StoreCoding.millisIfAny(state.lastScheduledAt),
            state.missedCount,
        ])
    }

    private static func triggerState(_ row: Row) -> TriggerState {
        TriggerState(
            workflowID: row["workflow_id"], triggerID: row["trigger_id"], armed: row["armed"],
            nextFireAt: StoreCoding.dateIfAny(row["next_fire_at"] as Int64?),
            lastFireAt: StoreCoding.dateIfAny(row["last_fire_at"] as Int64?),
            lastScheduledAt: StoreCoding.dateIfAny(row["last_scheduled_at"] as Int64?), missedCount: row["missed_count"]
        )
    }

    /// Armed triggers (the partial index on armed ones), soonest first.
    static let armedTriggersSQL = """
        SELECT * FROM trigger_states WHERE armed = 1
        ORDER BY next_fire_at IS NULL, next_fire_at, workflow_id, trigger_id
        """

    /// One trigger's fires since a time (the per-trigger index), oldest first.
    static let recentFiresSQL = """
        SELECT * FROM fires WHERE workflow_id = ? AND trigger_id = ? AND fired_at >= ?
        ORDER BY fired_at, id
        """
}
