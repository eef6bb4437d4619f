import Foundation
import GRDB
import Workflow

/// An execution's columns, encoded in the caller's task before the write reaches the writer, so the one writer
/// thread spends its time on SQLite rather than on JSON.
struct ExecutionRecord: Sendable {
    let id: String
    /// In the order of the upsert's columns.
    let columns: StatementArguments
    let steps: [StepRecord]

    init(_ execution: Execution, idempotencyKey: String? = nil, requestFingerprint: String? = nil) throws {
        guard let created = execution.createdAt ?? execution.startedAt else {
            throw StoreError(
                code: "store.invalid", message: "execution '\(execution.id)' has neither createdAt nor startedAt")
        }
        id = execution.id
        columns = [
            execution.id, execution.workflowID, execution.workflowName, execution.status.rawValue,
            execution.priority, execution.trigger?.rawValue, try StoreCoding.json(execution.input),
            try StoreCoding.json(execution.properties), try StoreCoding.json(execution.outputs),
            StoreCoding.json(execution.statistics), try StoreCoding.json(execution.error),
            execution.callback, execution.logLevel.rawValue, try StoreCoding.json(execution.logs), idempotencyKey,
            StoreCoding.millis(created), StoreCoding.millisIfAny(execution.startedAt),
            StoreCoding.millisIfAny(execution.finishedAt), try StoreCoding.json(execution.triggerData),
            requestFingerprint,
        ]
        steps = try execution.steps.map(StepRecord.init)
    }
}

/// A step's columns after its execution id, name and position.
struct StepRecord: Sendable {
    let name: String
    let columns: StatementArguments
    let attempts: [AttemptRecord]

    init(_ step: StepRun) throws {
        name = step.name
        columns = [
            step.actionId, step.status.rawValue, try StoreCoding.json(step.output), step.branch,
            try StoreCoding.json(step.error), try StoreCoding.json(step.fallbackStepNames),
            StoreCoding.millisIfAny(step.startedAt), StoreCoding.millisIfAny(step.finishedAt),
            try StoreCoding.json(step.logs),
        ]
        attempts = try step.attempts.map(AttemptRecord.init)
    }
}

/// An attempt's columns after its execution id and step name.
struct AttemptRecord: Sendable {
    let columns: StatementArguments

    init(_ attempt: StepAttempt) throws {
        columns = [
            attempt.number, attempt.outcome.rawValue, StoreCoding.millis(attempt.startedAt),
            StoreCoding.millis(attempt.finishedAt), try StoreCoding.json(attempt.output), attempt.branch,
            try StoreCoding.json(attempt.error), try StoreCoding.json(attempt.input),
        ]
    }
}
