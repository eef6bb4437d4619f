import Foundation
import GRDB
import Workflow

/// Writing an execution, its steps and attempts as rows, and reading them back.
extension SQLiteStore {
    /// Inserts the execution or updates every column that can change (never its key, creation time or sequence).
    static func upsertExecution(_ db: Database, _ execution: Execution, idempotencyKey: String? = nil) throws {
        guard let created = execution.createdAt ?? execution.startedAt else {
            throw StoreError(
                code: "store.invalid", message: "execution '\(execution.id)' has neither createdAt nor startedAt")
        }
        try db.execute(
            sql: """
                INSERT INTO executions (id, workflow_id, workflow_name, status, priority, trigger, input, properties,
                    outputs, statistics, error, callback, log_level, logs, idempotency_key, created_at, started_at,
                    finished_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET status = excluded.status, priority = excluded.priority,
                    trigger = excluded.trigger, input = excluded.input, properties = excluded.properties,
                    outputs = excluded.outputs, statistics = excluded.statistics, error = excluded.error,
                    callback = excluded.callback, log_level = excluded.log_level, logs = excluded.logs,
                    started_at = excluded.started_at, finished_at = excluded.finished_at
                """,
            arguments: [
                execution.id, execution.workflowID, execution.workflowName, execution.status.rawValue,
                execution.priority, execution.trigger?.rawValue, try StoreCoding.json(execution.input),
                try StoreCoding.json(execution.properties), try StoreCoding.json(execution.outputs),
                try StoreCoding.json(execution.statistics), try StoreCoding.json(execution.error),
                execution.callback, execution.logLevel.rawValue, try StoreCoding.json(execution.logs), idempotencyKey,
                StoreCoding.millis(created), StoreCoding.millisIfAny(execution.startedAt),
                StoreCoding.millisIfAny(execution.finishedAt),
            ])
        for (position, step) in execution.steps.enumerated() {
            try upsertStep(db, executionID: execution.id, position: position, step)
        }
    }

    /// Inserts or updates one step and its attempts; a new step goes after the ones already stored.
    static func upsertStep(_ db: Database, executionID: String, position: Int?, _ step: StepRun) throws {
        let position =
            try position
            ?? Int.fetchOne(db, sql: "SELECT count(*) FROM steps WHERE execution_id = ?", arguments: [executionID])
            ?? 0
        try db.execute(
            sql: """
                INSERT INTO steps (execution_id, name, position, action_id, status, output, branch, error,
                    fallback_steps, started_at, finished_at, logs)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (execution_id, name) DO UPDATE SET action_id = excluded.action_id,
                    status = excluded.status, output = excluded.output, branch = excluded.branch,
                    error = excluded.error, fallback_steps = excluded.fallback_steps,
                    started_at = excluded.started_at, finished_at = excluded.finished_at, logs = excluded.logs
                """,
            arguments: [
                executionID, step.name, position, step.actionId, step.status.rawValue,
                try StoreCoding.json(step.output),
                step.branch, try StoreCoding.json(step.error), try StoreCoding.json(step.fallbackStepNames),
                StoreCoding.millisIfAny(step.startedAt), StoreCoding.millisIfAny(step.finishedAt),
                try StoreCoding.json(step.logs),
            ])
        for attempt in step.attempts {
            try upsertAttempt(db, executionID: executionID, stepName: step.name, attempt)
        }
    }

    static func upsertAttempt(_ db: Database, executionID: String, stepName: String, _ attempt: StepAttempt) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO step_attempts (execution_id, step_name, number, outcome, started_at, finished_at,
                    output, branch, error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                executionID, stepName, attempt.number, attempt.outcome.rawValue, StoreCoding.millis(attempt.startedAt),
                StoreCoding.millis(attempt.finishedAt), try StoreCoding.json(attempt.output), attempt.branch,
                try StoreCoding.json(attempt.error),
            ])
    }

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
        var attempts: [String: [StepAttempt]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT * FROM step_attempts WHERE execution_id = ? ORDER BY step_name, number", arguments: [id])
        {
            attempts[row["step_name"], default: []].append(
                StepAttempt(
                    number: row["number"], outcome: try enumValue(StepAttempt.Outcome.self, row["outcome"]),
                    startedAt: StoreCoding.date(row["started_at"] as Int64),
                    finishedAt: StoreCoding.date(row["finished_at"] as Int64),
                    output: try StoreCoding.decode(JSONValue.self, row["output"] as String?), branch: row["branch"],
                    error: try StoreCoding.decode(StepError.self, row["error"] as String?)))
        }
        execution.steps = try Row.fetchAll(
            db, sql: "SELECT * FROM steps WHERE execution_id = ? ORDER BY position", arguments: [id]
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
