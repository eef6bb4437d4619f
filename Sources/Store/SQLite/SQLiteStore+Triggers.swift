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
        let (executionID, reason): (String?, String?) =
            switch fire.outcome {
            case .started(let executionID): (executionID, nil)
            case .skipped(let reason): (nil, reason)
            }
        let scheduled = StoreCoding.millisIfAny(fire.scheduledAt)
        let fired = StoreCoding.millis(fire.firedAt)
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO fires (workflow_id, trigger_id, scheduled_at, fired_at, execution_id, skip_reason)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [fire.workflowID, fire.triggerID, scheduled, fired, executionID, reason])
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
            ).map { row in
                let executionID: String? = row["execution_id"]
                return TriggerFire(
                    workflowID: row["workflow_id"], triggerID: row["trigger_id"],
                    scheduledAt: StoreCoding.dateIfAny(row["scheduled_at"] as Int64?),
                    firedAt: StoreCoding.date(row["fired_at"] as Int64),
                    outcome: executionID.map { .started(executionID: $0) } ?? .skipped(reason: row["skip_reason"]))
            }
        }
    }

    private static func upsertTriggerState(_ db: Database, _ state: TriggerState) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO trigger_states (workflow_id, trigger_id, armed, next_fire_at, last_fire_at,
                    last_scheduled_at, missed_count)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
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
