import Foundation
import Workflow

/// An execution as the JSON value its `Codable` encoding gives with millisecond dates (what `StoreCoding.json`
/// writes), built directly: the callback payload is written for every finished run with a callback, and
/// `JSONEncoder` made it most of the cost of the run's last write. A test holds the two to the same text, so a new
/// member cannot be forgotten here.
enum ExecutionJSON {
    static func value(_ execution: Execution) -> JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(execution.id), "workflowID": .string(execution.workflowID),
            "workflowName": .string(execution.workflowName), "status": .string(execution.status.rawValue),
            "input": execution.input, "triggerData": .object(execution.triggerData),
            "properties": .object(execution.properties), "priority": .int(Int64(execution.priority)),
            "logLevel": .string(execution.logLevel.rawValue), "steps": .array(execution.steps.map(value)),
            "outputs": .object(execution.outputs), "statistics": value(execution.statistics),
            "logs": .array(execution.logs.map(value)),
        ]
        members["trigger"] = execution.trigger.map { .string($0.rawValue) }
        // The receiver is told where it was called, without the URL's password.
        members["callback"] = execution.callback.map { .string(CredentialRedaction.url($0)) }
        members["error"] = execution.error.map(value)
        members["createdAt"] = execution.createdAt.map(millis)
        members["startedAt"] = execution.startedAt.map(millis)
        members["finishedAt"] = execution.finishedAt.map(millis)
        return .object(members)
    }

    static func value(_ step: StepRun) -> JSONValue {
        var members: [String: JSONValue] = [
            "name": .string(step.name), "actionId": .string(step.actionId), "status": .string(step.status.rawValue),
            "attempts": .array(step.attempts.map(value)), "logs": .array(step.logs.map(value)),
        ]
        members["output"] = step.output
        members["branch"] = step.branch.map(JSONValue.string)
        members["error"] = step.error.map(value)
        members["fallbackStepNames"] = step.fallbackStepNames.map { .array($0.map(JSONValue.string)) }
        members["startedAt"] = step.startedAt.map(millis)
        members["finishedAt"] = step.finishedAt.map(millis)
        return .object(members)
    }

    static func value(_ attempt: StepAttempt) -> JSONValue {
        var members: [String: JSONValue] = [
            "number": .int(Int64(attempt.number)), "outcome": .string(attempt.outcome.rawValue),
            "startedAt": millis(attempt.startedAt), "finishedAt": millis(attempt.finishedAt),
        ]
        members["input"] = attempt.input
        members["output"] = attempt.output
        members["branch"] = attempt.branch.map(JSONValue.string)
        members["error"] = attempt.error.map(value)
        return .object(members)
    }

    static func value(_ error: StepError) -> JSONValue {
        var members: [String: JSONValue] = ["code": .string(error.code), "message": .string(error.message)]
        members["stepName"] = error.stepName.map(JSONValue.string)
        members["output"] = error.output
        return .object(members)
    }

    static func value(_ line: ExecutionLogLine) -> JSONValue {
        var members: [String: JSONValue] = [
            "time": millis(line.time), "level": .string(line.level.rawValue), "message": .string(line.message),
        ]
        members["stepName"] = line.stepName.map(JSONValue.string)
        members["attempt"] = line.attempt.map { .int(Int64($0)) }
        return .object(members)
    }

    static func value(_ s: ExecutionStatistics) -> JSONValue {
        [
            "total": .int(Int64(s.total)), "succeeded": .int(Int64(s.succeeded)), "failed": .int(Int64(s.failed)),
            "stopped": .int(Int64(s.stopped)), "timedOut": .int(Int64(s.timedOut)), "running": .int(Int64(s.running)),
            "skipped": .int(Int64(s.skipped)), "pending": .int(Int64(s.pending)),
        ]
    }

    /// `JSONEncoder`'s `.millisecondsSince1970`: the milliseconds as a double.
    private static func millis(_ date: Date) -> JSONValue {
        .double(date.timeIntervalSince1970 * 1000)
    }
}
