import Foundation
import Workflow

/// An execution as the JSON value its `Codable` encoding gives, built directly (`JSONEncoder` made the callback
/// payload most of the cost of a run's last write). Dates are milliseconds (`.millis`, what `StoreCoding.json` writes
/// for stored log lines and errors) or RFC 3339 text (`.rfc3339`, what the API shows). Tests hold both to
/// `JSONEncoder`'s text with the matching date strategy, so a new member cannot be forgotten here.
enum ExecutionJSON {
    /// How dates are written.
    enum Dates {
        /// Milliseconds since the epoch as a double (`JSONEncoder`'s `.millisecondsSince1970`).
        case millis
        /// `2025-03-30T09:30:00.123Z`.
        case rfc3339
    }

    static func value(_ execution: Execution, dates: Dates = .millis) -> JSONValue {
        let time = { (date: Date) in Self.date(date, dates) }
        let value = { (step: StepRun) in Self.value(step, dates: dates) }
        let line = { (line: ExecutionLogLine) in Self.value(line, dates: dates) }
        var members: [String: JSONValue] = [
            "id": .string(execution.id), "workflowId": .string(execution.workflowID),
            "workflowName": .string(execution.workflowName), "status": .string(execution.status.rawValue),
            "input": execution.input, "triggerData": .object(execution.triggerData),
            "properties": .object(execution.properties), "priority": .int(Int64(execution.priority)),
            "logLevel": .string(execution.logLevel.rawValue), "steps": .array(execution.steps.map(value)),
            "outputs": .object(execution.outputs), "statistics": Self.value(execution.statistics),
            "logs": .array(execution.logs.map(line)),
        ]
        members["trigger"] = execution.trigger.map { .string($0.rawValue) }
        members["callback"] = execution.callback.map(JSONValue.string)
        members["error"] = execution.error.map { Self.value($0) }
        members["createdAt"] = execution.createdAt.map(time)
        members["startedAt"] = execution.startedAt.map(time)
        members["finishedAt"] = execution.finishedAt.map(time)
        return .object(members)
    }

    static func value(_ step: StepRun, dates: Dates = .millis) -> JSONValue {
        let time = { (date: Date) in Self.date(date, dates) }
        let value = { (attempt: StepAttempt) in Self.value(attempt, dates: dates) }
        let line = { (line: ExecutionLogLine) in Self.value(line, dates: dates) }
        var members: [String: JSONValue] = [
            "name": .string(step.name), "actionId": .string(step.actionId), "status": .string(step.status.rawValue),
            "attempts": .array(step.attempts.map(value)), "logs": .array(step.logs.map(line)),
        ]
        members["output"] = step.output
        members["branch"] = step.branch.map(JSONValue.string)
        members["error"] = step.error.map { Self.value($0) }
        members["fallbackStepNames"] = step.fallbackStepNames.map { .array($0.map(JSONValue.string)) }
        members["startedAt"] = step.startedAt.map(time)
        members["finishedAt"] = step.finishedAt.map(time)
        return .object(members)
    }

    static func value(_ attempt: StepAttempt, dates: Dates = .millis) -> JSONValue {
        let time = { (date: Date) in Self.date(date, dates) }
        var members: [String: JSONValue] = [
            "number": .int(Int64(attempt.number)), "outcome": .string(attempt.outcome.rawValue),
            "startedAt": time(attempt.startedAt), "finishedAt": time(attempt.finishedAt),
        ]
        members["input"] = attempt.input
        members["output"] = attempt.output
        members["branch"] = attempt.branch.map(JSONValue.string)
        members["error"] = attempt.error.map { Self.value($0) }
        return .object(members)
    }

    static func value(_ error: StepError) -> JSONValue {
        var members: [String: JSONValue] = ["code": .string(error.code), "message": .string(error.message)]
        members["stepName"] = error.stepName.map(JSONValue.string)
        members["output"] = error.output
        return .object(members)
    }

    static func value(_ line: ExecutionLogLine, dates: Dates = .millis) -> JSONValue {
        let time = { (date: Date) in Self.date(date, dates) }
        var members: [String: JSONValue] = [
            "time": time(line.time), "level": .string(line.level.rawValue), "message": .string(line.message),
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

    /// `date` as `dates` says.
    private static func date(_ date: Date, _ dates: Dates) -> JSONValue {
        switch dates {
        case .millis: .double(date.timeIntervalSince1970 * 1000)
        case .rfc3339: .string(Timestamp.rfc3339(date))
        }
    }
}

/// An execution as the API shows it, the one shape every reader gets: `GET …/instances/{id}`, the callback body and the
/// event stream write these bytes.
public enum InstanceJSON {
    /// `{"data": {"attributes": <execution>, "id", "type": "workflow_instances"}}`, dates in RFC 3339, the callback
    /// URL's credentials (if it has any) shown as `[secret]`: the receiver is told where it was called, not how.
    public static func document(_ execution: Execution) -> JSONValue {
        var attributes = ExecutionJSON.value(execution, dates: .rfc3339)
        if let callback = execution.callback, case .object(var members) = attributes {
            members["callback"] = .string(CredentialRedaction.url(callback))
            attributes = .object(members)
        }
        return ["data": ["id": .string(execution.id), "type": "workflow_instances", "attributes": attributes]]
    }

    /// One step as the document shows it (RFC 3339 times).
    public static func step(_ step: StepRun) -> JSONValue {
        ExecutionJSON.value(step, dates: .rfc3339)
    }

    /// One attempt as the document shows it (RFC 3339 times).
    public static func attempt(_ attempt: StepAttempt) -> JSONValue {
        ExecutionJSON.value(attempt, dates: .rfc3339)
    }

    /// The document's JSON text (sorted keys, slashes unescaped: `JSONEncoder`'s bytes).
    public static func text(_ execution: Execution) throws -> String {
        try document(execution).jsonText()
    }
}
