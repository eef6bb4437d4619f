import Foundation

/// Replaces every occurrence of a run's secret values by `[secret]` in what the run stores and shows: attempt
/// inputs and outputs, errors, log lines, step outputs and the workflow's outputs; attempt inputs also have their
/// literal credentials hidden (`CredentialRedaction`).
///
/// Attempt inputs are already rendered with `[secret]` in place of each `{{ Secrets.… }}`; this catches a value
/// that came back some other way (a command that prints its environment, a server that echoes a header).
public struct SecretRedactor: Sendable {
    /// What a secret value is replaced with.
    public static let mask = "[secret]"

    /// The values to hide, longest first so a value containing another is replaced whole.
    public let values: [String]

    /// - Parameter values: the run's secret values; empty ones are ignored.
    public init(values: some Sequence<String>) {
        self.values = Set(values.filter { !$0.isEmpty }).sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    /// Whether there is nothing to hide.
    public var isEmpty: Bool { values.isEmpty }

    /// `text` with every secret value replaced.
    public func redact(_ text: String) -> String {
        var result = text
        for value in values where result.contains(value) {
            result = result.replacingOccurrences(of: value, with: Self.mask)
        }
        return result
    }

    /// `value` with every string (and object key) redacted.
    public func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(redact(text))
        case .array(let elements): return .array(elements.map(redact))
        case .object(let members):
            var redacted: [String: JSONValue] = [:]
            for (key, member) in members { redacted[redact(key)] = redact(member) }
            return .object(redacted)
        default: return value
        }
    }

    public func redact(_ error: StepError) -> StepError {
        var error = error
        error.message = redact(error.message)
        error.output = error.output.map(redact)
        return error
    }

    public func redact(_ line: ExecutionLogLine) -> ExecutionLogLine {
        var line = line
        line.message = redact(line.message)
        return line
    }

    public func redact(_ attempt: StepAttempt) -> StepAttempt {
        var attempt = attempt
        // The input also has literal credentials hidden (an `Authorization` header written into the workflow).
        attempt.input = attempt.input.map { redact(CredentialRedaction.value($0)) }
        attempt.output = attempt.output.map(redact)
        attempt.error = attempt.error.map(redact)
        return attempt
    }

    public func redact(_ step: StepRun) -> StepRun {
        var step = step
        step.attempts = step.attempts.map(redact)
        step.output = step.output.map(redact)
        step.error = step.error.map(redact)
        step.logs = step.logs.map(redact)
        return step
    }

    public func redact(_ execution: Execution) -> Execution {
        var execution = execution
        execution.steps = execution.steps.map(redact)
        execution.outputs = execution.outputs.mapValues(redact)
        execution.error = execution.error.map(redact)
        execution.logs = execution.logs.map(redact)
        return execution
    }

    public func redact(_ event: ExecutionEvent) -> ExecutionEvent {
        switch event {
        case .executionStarted(let execution): return .executionStarted(redact(execution))
        case .stepStarted: return event
        case .attemptFinished(let id, let name, let attempt):
            return .attemptFinished(executionID: id, stepName: name, attempt: redact(attempt))
        case .stepFinished(let id, let step): return .stepFinished(executionID: id, step: redact(step))
        case .outputs(let id, let outputs): return .outputs(executionID: id, outputs.mapValues(redact))
        case .executionFinished(let execution): return .executionFinished(redact(execution))
        }
    }
}

/// An observer that hands every event to another with the run's secret values redacted, so nothing the store
/// keeps or the API shows holds one.
public struct SecretRedactingObserver: ExecutionObserver {
    public let redactor: SecretRedactor
    public let inner: any ExecutionObserver

    public init(redactor: SecretRedactor, inner: any ExecutionObserver) {
        self.redactor = redactor
        self.inner = inner
    }

    public func observe(_ event: ExecutionEvent) async {
        await inner.observe(redactor.redact(event))
    }
}
