import Foundation
import Workflow

extension RawExecutionRowsBench {
    /// The store's statements, as `SQLiteStore` writes them.
    struct Statements {
        let exists: OpaquePointer
        let execution: OpaquePointer
        let step: OpaquePointer
        let attempt: OpaquePointer
        let audit: OpaquePointer
        let outbox: OpaquePointer

        init(_ db: RawConnection) throws {
            exists = try db.prepare("SELECT 1 FROM executions WHERE id = ?")
            execution = try db.prepare(
                """
                INSERT INTO executions (id, workflow_id, workflow_name, status, priority, trigger, input, properties,
                    outputs, statistics, error, callback, log_level, logs, idempotency_key, created_at, started_at,
                    finished_at, trigger_data, request_fingerprint)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET status = excluded.status, priority = excluded.priority,
                    trigger = excluded.trigger, input = excluded.input,
                    outputs = excluded.outputs, statistics = excluded.statistics, error = excluded.error,
                    callback = excluded.callback, log_level = excluded.log_level, logs = excluded.logs,
                    started_at = excluded.started_at, finished_at = excluded.finished_at
                """)
            step = try db.prepare(
                """
                INSERT INTO steps (execution_id, name, position, action_id, status, output, branch, error,
                    fallback_steps, started_at, finished_at, logs)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (execution_id, name) DO UPDATE SET action_id = excluded.action_id,
                    status = excluded.status, output = excluded.output, branch = excluded.branch,
                    error = excluded.error, fallback_steps = excluded.fallback_steps,
                    started_at = excluded.started_at, finished_at = excluded.finished_at, logs = excluded.logs
                """)
            attempt = try db.prepare(
                """
                INSERT OR REPLACE INTO step_attempts (execution_id, step_name, number, outcome, started_at,
                    finished_at, output, branch, error, input)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            audit = try db.prepare(
                "INSERT INTO audit_log (at, actor, action, subject_kind, subject_id, detail) VALUES (?, ?, ?, ?, ?, ?)")
            outbox = try db.prepare(
                """
                INSERT INTO callback_outbox (execution_id, url, payload, created_at, next_attempt_at)
                SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM callback_outbox WHERE execution_id = ?)
                """)
        }
    }

    /// The JSON columns of the sample execution, encoded once as the store encodes them.
    struct Texts {
        let pendingStep: [RawValue]
        let finishedSteps: [[RawValue]]
        let attempts: [[RawValue]]
        let payload: String
        /// The template's `executions` columns created, started and finished.
        private let executions: [[RawValue]]

        init(_ sample: SampleExecution) throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .millisecondsSince1970
            func json(_ value: some Encodable) throws -> RawValue {
                .text(String(decoding: try encoder.encode(value), as: UTF8.self))
            }
            func optionalJSON(_ value: (some Encodable)?) throws -> RawValue {
                try value.map { try json($0) } ?? .null
            }
            func millis(_ date: Date?) -> RawValue {
                date.map { .int(Int64(($0.timeIntervalSince1970 * 1000).rounded())) } ?? .null
            }
            func stepColumns(_ step: StepRun) throws -> [RawValue] {
                [
                    .text(step.actionId), .text(step.status.rawValue), try optionalJSON(step.output),
                    step.branch.map { .text($0) } ?? .null, try optionalJSON(step.error),
                    try optionalJSON(step.fallbackStepNames), millis(step.startedAt), millis(step.finishedAt),
                    try json(step.logs),
                ]
            }
            pendingStep = try stepColumns(sample.created.steps[0])
            let finished = sample.finished
            finishedSteps = try finished.steps.map(stepColumns)
            attempts = try SampleExecution.stepNames.indices.map { index in
                let attempt = sample.attempt(index)
                return [
                    .int(Int64(attempt.number)), .text(attempt.outcome.rawValue), millis(attempt.startedAt),
                    millis(attempt.finishedAt), try optionalJSON(attempt.output),
                    attempt.branch.map { .text($0) } ?? .null, try optionalJSON(attempt.error),
                    try optionalJSON(attempt.input),
                ]
            }
            payload = String(decoding: try encoder.encode(finished), as: UTF8.self)
            executions = try [sample.created, sample.started, finished].map { execution in
                [
                    .text(execution.id), .text(execution.workflowID), .text(execution.workflowName),
                    .text(execution.status.rawValue), .int(Int64(execution.priority)),
                    execution.trigger.map { .text($0.rawValue) } ?? .null, try json(execution.input),
                    try json(execution.properties), try json(execution.outputs), try json(execution.statistics),
                    try optionalJSON(execution.error), execution.callback.map { .text($0) } ?? .null,
                    .text(execution.logLevel.rawValue), try json(execution.logs), .null, millis(execution.createdAt),
                    millis(execution.startedAt), millis(execution.finishedAt), try json(execution.triggerData), .null,
                ]
            }
        }

        /// The `executions` columns of `sample` in `state`, in the upsert's order: the template's, with this
        /// execution's id, workflow and name.
        func executionColumns(_ sample: SampleExecution, _ state: State) -> [RawValue] {
            var columns = executions[state.rawValue]
            columns[0] = .text(sample.id)
            columns[1] = .text(sample.workflowID)
            columns[2] = .text("Sample \(sample.workflowID)")
            return columns
        }

        enum State: Int {
            case created, started, finished
        }
    }
}
