import Foundation
import GRDB
import Workflow

/// Fires written with the executions they start, in batches, and listed per workflow.
extension SQLiteStore {
    public func publishedTriggers(kind: TriggerKind) async throws -> [WorkflowTrigger] {
        let rows = try await read { db in
            try Row.fetchAll(db, sql: Self.publishedTriggersSQL, arguments: ["$." + kind.rawValue]).map {
                ($0["id"] as String, $0["created_at"] as Int64, $0["trigger"] as String)
            }
        }
        // Decoded here, in the caller's task, not on the reader's queue.
        return try rows.map { id, created, text in
            WorkflowTrigger(
                workflowID: id, createdAt: StoreCoding.date(created),
                trigger: try StoreCoding.decode(Trigger.self, text))
        }
    }

    /// Each published, live workflow's trigger of one kind, found with SQLite's JSON functions.
    static let publishedTriggersSQL = """
        SELECT w.id, w.created_at, t.value AS trigger
        FROM workflows w, json_each(w.definition, '$.spec.triggers') t
        WHERE w.deleted_at IS NULL AND json_extract(w.definition, '$.published') = 1 AND json_type(t.value, ?) = 'object'
        ORDER BY w.created_at, w.id
        """

    public func saveTriggerStates(_ states: [TriggerState]) async throws {
        guard !states.isEmpty else { return }
        try await write { db in
            for state in states { try Self.upsertTriggerState(db, state) }
        }
    }

    public func recordFires(
        _ fires: [TriggerFire], executions: [Execution], state: TriggerState?, idempotencyKey: String?,
        requestFingerprint: String?, actor: String
    ) async throws -> String? {
        precondition(idempotencyKey == nil || executions.count <= 1, "an idempotency key names one execution")
        // JSON is encoded here, in the caller's task, so the one writer thread spends its time in SQLite.
        let fingerprint = idempotencyKey == nil ? nil : requestFingerprint
        let records = try executions.map {
            ($0, try ExecutionRecord($0, idempotencyKey: idempotencyKey, requestFingerprint: fingerprint))
        }
        let rows = fires.map(FireRow.init)
        return try await write { db in
            for (execution, record) in records {
                // The key check comes before any insert, so returning here leaves nothing of this call written.
                if let existing = try Self.insertNewExecution(
                    db, execution, record, idempotencyKey: idempotencyKey, requestFingerprint: fingerprint,
                    actor: actor)
                {
                    return existing
                }
            }
            for row in rows { try Self.insertFire(db, row) }
            if let state { try Self.upsertTriggerState(db, state) }
            return nil
        }
    }

    public func fires(workflowID: String, offset: Int, limit: Int) async throws -> FirePage {
        try await read { db in
            let total = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM fires WHERE workflow_id = ?", arguments: [workflowID])
            let rows = try Row.fetchAll(
                db, sql: Self.firesPageSQL, arguments: [workflowID, max(0, limit), max(0, offset)])
            return FirePage(fires: rows.map { StoredFire(id: $0["id"], fire: Self.triggerFire($0)) }, total: total ?? 0)
        }
    }

    /// A fire's columns, computed before the write reaches the writer.
    struct FireRow: Sendable {
        let arguments: StatementArguments

        init(_ fire: TriggerFire) {
            let (executionID, reason): (String?, String?) =
                switch fire.outcome {
                case .started(let executionID): (executionID, nil)
                case .skipped(let reason): (nil, reason)
                }
            arguments = [
                fire.workflowID, fire.triggerID, StoreCoding.millisIfAny(fire.scheduledAt),
                StoreCoding.millis(fire.firedAt), executionID, reason,
            ]
        }
    }

    static func insertFire(_ db: Database, _ row: FireRow) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO fires (workflow_id, trigger_id, scheduled_at, fired_at, execution_id, skip_reason)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: row.arguments)
    }

    static func triggerFire(_ row: Row) -> TriggerFire {
        let executionID: String? = row["execution_id"]
        return TriggerFire(
            workflowID: row["workflow_id"], triggerID: row["trigger_id"],
            scheduledAt: StoreCoding.dateIfAny(row["scheduled_at"] as Int64?),
            firedAt: StoreCoding.date(row["fired_at"] as Int64),
            outcome: executionID.map { .started(executionID: $0) } ?? .skipped(reason: row["skip_reason"]))
    }

    /// A workflow's fires, newest first (the `fires_by_workflow` index; row ids order a millisecond's fires).
    static let firesPageSQL = """
        SELECT * FROM fires WHERE workflow_id = ? ORDER BY fired_at DESC, id DESC LIMIT ? OFFSET ?
        """
}
