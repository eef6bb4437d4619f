import Foundation
import GRDB
import Workflow

/// Writing an execution, its steps and attempts as rows, and reading them back.
extension SQLiteStore {
    /// Inserts the execution or updates every column that can change (never its key, creation time or sequence).
    static func upsertExecution(_ db: Database, _ record: ExecutionRecord) throws {
        try db.cachedStatement(sql: upsertExecutionSQL).execute(arguments: record.columns)
        for (position, step) in record.steps.enumerated() {
            try upsertStep(db, executionID: record.id, position: position, step)
        }
    }

    /// Inserts or updates one step and its attempts; a new step goes after the ones already stored.
    static func upsertStep(_ db: Database, executionID: String, position: Int?, _ record: StepRecord) throws {
        let position =
            try position
            ?? Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) FROM steps WHERE execution_id = ?"), arguments: [executionID])
            ?? 0
        try db.cachedStatement(sql: upsertStepSQL).execute(
            arguments: [executionID, record.name, position] + record.columns)
        for attempt in record.attempts {
            try upsertAttempt(db, executionID: executionID, stepName: record.name, attempt)
        }
    }

    static func upsertAttempt(_ db: Database, executionID: String, stepName: String, _ record: AttemptRecord) throws {
        try db.cachedStatement(sql: upsertAttemptSQL).execute(arguments: [executionID, stepName] + record.columns)
    }

    // The statements are `package`, not private, so `sundial bench store`'s raw peer runs exactly these.

    /// Run properties are left alone on conflict: after creation only `mergeProperties` changes them, and an
    /// engine's copy of the execution, taken when it started, must not undo a merge made while it ran.
    package static let upsertExecutionSQL = """
        INSERT INTO executions (id, workflow_id, workflow_name, status, priority, trigger, input, properties,
            outputs, statistics, error, callback, log_level, logs, idempotency_key, created_at, started_at,
            finished_at, trigger_data, request_fingerprint)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET status = excluded.status, priority = excluded.priority,
            trigger = excluded.trigger, input = excluded.input,
            outputs = excluded.outputs, statistics = excluded.statistics, error = excluded.error,
            callback = excluded.callback, log_level = excluded.log_level, logs = excluded.logs,
            started_at = excluded.started_at, finished_at = excluded.finished_at
        """

    package static let upsertStepSQL = """
        INSERT INTO steps (execution_id, name, position, action_id, status, output, branch, error,
            fallback_steps, started_at, finished_at, logs)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (execution_id, name) DO UPDATE SET action_id = excluded.action_id,
            status = excluded.status, output = excluded.output, branch = excluded.branch,
            error = excluded.error, fallback_steps = excluded.fallback_steps,
            started_at = excluded.started_at, finished_at = excluded.finished_at, logs = excluded.logs
        """

    package static let upsertAttemptSQL = """
        INSERT OR REPLACE INTO step_attempts (execution_id, step_name, number, outcome, started_at, finished_at,
            output, branch, error, input)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// The execution with its steps and attempts, from its `executions` row.
    static func loadExecution(_ db: Database, _ row: Row) throws -> Execution {
        let id: String = row["id"]
        var execution = Execution(
            id: id, workflowID: row["workflow_id"], workflowName: row["workflow_name"],
            status: try enumValue(ExecutionStatus.self, row["status"]),
            trigger: try (row["trigger"] as String?).map { try enumValue(TriggerKind.self, $0) },
            input: try StoreCoding.decode(JSONValue.self, row["input"] as String),
            properties: try StoreCoding.decode([String: JSONValue].self, row["properties"] as String),
            priority: row["priority"], callback: row["callback"],
            logLevel: try enumValue(LogLevel.self, row["log_level"]),
            createdAt: StoreCoding.date(row["created_at"] as Int64))
        execution.outputs = try StoreCoding.decode([String: JSONValue].self, row["outputs"] as String)
        execution.error = try StoreCoding.decode(StepError.self, row["error"] as String?)
        execution.startedAt = StoreCoding.dateIfAny(row["started_at"] as Int64?)
        execution.finishedAt = StoreCoding.dateIfAny(row["finished_at"] as Int64?)
        execution.logs = try StoreCoding.decode([ExecutionLogLine].self, row["logs"] as String)
        execution.triggerData = try StoreCoding.decode([String: JSONValue].self, row["trigger_data"] as String)
        var attempts: [String: [StepAttempt]] = [:]
        // Cached statements: this runs for every execution a worker or the API reads.
        for row in try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM step_attempts WHERE execution_id = ? ORDER BY step_name, number"),
            arguments: [id])
        {
            attempts[row["step_name"], default: []].append(
                StepAttempt(
                    number: row["number"], outcome: try enumValue(StepAttempt.Outcome.self, row["outcome"]),
                    startedAt: StoreCoding.date(row["started_at"] as Int64),
                    finishedAt: StoreCoding.date(row["finished_at"] as Int64),
                    input: try StoreCoding.decode(JSONValue.self, row["input"] as String?),
                    output: try StoreCoding.decode(JSONValue.self, row["output"] as String?), branch: row["branch"],
                    error: try StoreCoding.decode(StepError.self, row["error"] as String?)))
        }
        execution.steps = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM steps WHERE execution_id = ? ORDER BY position"), arguments: [id]
        ).map { row in
            var step = StepRun(
                name: row["name"], actionId: row["action_id"], status: try enumValue(StepStatus.self, row["status"]))
            step.attempts = attempts[step.name] ?? []
            step.output = try StoreCoding.decode(JSONValue.self, row["output"] as String?)
            step.branch = row["branch"]
            step.error = try StoreCoding.decode(StepError.self, row["error"] as String?)
            step.fallbackStepNames = try StoreCoding.decode([String].self, row["fallback_steps"] as String?)
            step.startedAt = StoreCoding.dateIfAny(row["started_at"] as Int64?)
            step.finishedAt = StoreCoding.dateIfAny(row["finished_at"] as Int64?)
            step.logs = try StoreCoding.decode([ExecutionLogLine].self, row["logs"] as String)
            return step
        }
        // A running execution's counts move with every step; a finished one keeps the counts it ended with.
        execution.statistics =
            execution.status.isTerminal
            ? try StoreCoding.decode(ExecutionStatistics.self, row["statistics"] as String)
            : ExecutionStatistics(steps: execution.steps)
        return execution
    }

    private static func enumValue<T: RawRepresentable>(_ type: T.Type, _ raw: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: raw) else {
            throw StoreError(code: "store.corrupt", message: "unknown \(T.self) '\(raw)' in the database")
        }
        return value
    }
}
