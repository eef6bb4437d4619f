import Foundation
import Store
import Workflow

extension RawExecutionRowsBench {
    /// The store's own statements (its `package` SQL), prepared on the raw connection.
    struct Statements {
        let exists: OpaquePointer
        let execution: OpaquePointer
        let step: OpaquePointer
        let attempt: OpaquePointer
        let audit: OpaquePointer
        let outbox: OpaquePointer

        init(_ db: RawConnection) throws {
            exists = try db.prepare("SELECT 1 FROM executions WHERE id = ?")
            execution = try db.prepare(SQLiteStore.upsertExecutionSQL)
            step = try db.prepare(SQLiteStore.upsertStepSQL)
            attempt = try db.prepare(SQLiteStore.upsertAttemptSQL)
            audit = try db.prepare(SQLiteStore.insertAuditSQL)
            outbox = try db.prepare(SQLiteStore.enqueueCallbackSQL)
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
