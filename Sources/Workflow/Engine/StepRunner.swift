import Foundation

/// How a step ended.
struct StepOutcome: Sendable {
    enum Result: Sendable {
        case succeeded(branch: String, output: JSONValue)
        case failed(StepError)
        case stopped
    }

    var index: Int
    var run: StepRun
    var result: Result
}

/// Runs one step to its end: renders its parameters, calls its action once per attempt under the step timeout,
/// checks the completion gate, and retries per the gate's and the first error handler's strategies.
///
/// A failed or timed-out attempt is retried per the first error handler's strategy; a result the completion
/// condition rejects is retried per the gate's own strategy. Template errors and a missing action are not
/// retried: another attempt would fail the same way.
struct StepRunner: Sendable {
    var index: Int
    var step: Step
    var action: (any Action)?
    var context: TemplateContext
    var executionID: String
    var workflowID: String
    var clock: any EngineClock
    var jitter: @Sendable () -> Double
    var logLevel: LogLevel
    var observer: any ExecutionObserver
    /// Attempts made before an agent restart interrupted the step: kept in its record, and numbered before the new
    /// ones. The retry strategies count only the new attempts, so the step runs again from its first retry.
    var priorAttempts: [StepAttempt] = []
    /// What the action's output (or a failure's partial output) must be within to enter the engine.
    var outputLimits = OutputLimits()

    /// What one call of the action produced.
    enum AttemptResult: Sendable {
        case success(ActionResult)
        case failure(StepError)
        case timedOut
        case stopped
    }

    func run() async -> StepOutcome {
        var record = StepRun(name: step.name, actionId: step.actionId, status: .running)
        record.attempts = priorAttempts
        let startedAt = clock.now()
        record.startedAt = startedAt
        await observer.observe(.stepStarted(executionID: executionID, stepName: step.name, at: startedAt))
        let sink = LogSink(level: logLevel, clock: clock, stepName: step.name)
        let errorStrategy = step.errorHandlers?.first?.retryStrategy
        let timeout = step.timeout.flatMap(IntervalText.seconds).map { Duration.seconds($0) }
        var errorRetries = 0, gateRetries = 0
        var final: StepOutcome.Result
        attempts: while true {
            let number = record.attempts.count + 1
            let started = clock.now()
            var attempt = StepAttempt(
                number: number, outcome: .failed, startedAt: started, finishedAt: started,
                input: recordedParameters())
            var retryDelay: Duration?
            switch await attemptOnce(number: number, timeout: timeout, sink: sink) {
            case .stopped:
                attempt.outcome = .stopped
                final = .stopped
            case .success(let result):
                attempt.output = result.output
                attempt.branch = result.branch
                switch gateVerdict(for: result) {
                case .failure(let error):
                    attempt.error = error
                    final = .failed(error)
                case .met:
                    attempt.outcome = .succeeded
                    final = .succeeded(branch: result.branch, output: result.output)
                case .unmet(let gate):
                    attempt.outcome = .conditionUnmet
                    gateRetries += 1
                    retryDelay = gate.retryStrategy.delay(beforeRetry: gateRetries, jitterSample: jitter())
                    let error = StepError(
                        code: "completionGate.unmet",
                        message:
                            "the completion condition (\(gate.completionCondition.operator.rawValue)) did not hold after \(number) attempt(s)",
                        output: result.output)
                    attempt.error = error
                    final = .failed(error)
                }
            case .failure(let error):
                attempt.error = error
                final = .failed(error)
                if let errorStrategy, error.code != "action.unknown", !error.code.hasPrefix("template.") {
                    errorRetries += 1
                    retryDelay = errorStrategy.delay(beforeRetry: errorRetries, jitterSample: jitter())
                }
            case .timedOut:
                attempt.outcome = .timedOut
                let error = StepError(
                    code: "step.timeout",
                    message:
                        "the attempt did not finish within the step timeout of \(step.timeout ?? "")")
                attempt.error = error
                final = .failed(error)
                if let errorStrategy {
                    errorRetries += 1
                    retryDelay = errorStrategy.delay(beforeRetry: errorRetries, jitterSample: jitter())
                }
            }
            attempt.finishedAt = clock.now()
            record.attempts.append(attempt)
            if let error = attempt.error {
                sink.log(.error, attempt: number, "attempt \(number) failed: \(error)")
            }
            await observer.observe(.attemptFinished(executionID: executionID, stepName: step.name, attempt: attempt))
            guard let delay = retryDelay else { break attempts }
            sink.log(.info, attempt: number, "retrying in \(delay)")
            do {
                try await clock.sleep(for: delay)
            } catch {
                final = .stopped
                break attempts
            }
        }
        record.finishedAt = clock.now()
        record.logs = sink.collected
        switch final {
        case .succeeded(let branch, let output):
            record.status = .successful
            record.output = output
            record.branch = branch
        case .failed(let error):
            record.status = record.attempts.last?.outcome == .timedOut ? .timedOut : .failed
            record.error = error
        case .stopped:
            record.status = .stopped
        }
        return StepOutcome(index: index, run: record, result: final)
    }
}
