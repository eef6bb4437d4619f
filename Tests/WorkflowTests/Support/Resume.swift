import Foundation

@testable import Workflow

/// Stored states of interrupted executions, and resuming them on an `EngineHarness`.
enum Resume {
    /// The stored state of `request`'s execution when the agent stopped: started `elapsed` before the harness clock's
    /// now, with one log line, and `steps` as stored (the others `Pending`).
    static func interrupted(
        _ request: ExecutionRequest, harness: EngineHarness, elapsed: Duration = .seconds(10), steps: [StepRun]
    ) -> Execution {
        let startedAt = harness.clock.now().addingTimeInterval(-Double(elapsed.components.seconds))
        var execution = Execution(
            id: request.id, workflowID: request.workflowID, workflowName: request.workflow.name, status: .running,
            input: request.input,
            steps: (request.workflow.spec.steps ?? []).map { step in
                steps.first { $0.name == step.name } ?? StepRun(name: step.name, actionId: step.actionId)
            })
        execution.startedAt = startedAt
        execution.logs = [ExecutionLogLine(time: startedAt, level: .info, message: "execution started by a manual run")]
        return execution
    }

    static func succeeded(_ name: String, _ actionId: String, output: JSONValue = [:], branch: String = "main")
        -> StepRun
    {
        var run = StepRun(name: name, actionId: actionId, status: .successful)
        run.output = output
        run.branch = branch
        run.attempts = [
            StepAttempt(
                number: 1, outcome: .succeeded, startedAt: Date(timeIntervalSince1970: 0),
                finishedAt: Date(timeIntervalSince1970: 0), output: output, branch: branch)
        ]
        return run
    }

    static func failed(_ name: String, _ actionId: String, fallbacks: [String]? = nil) -> StepRun {
        var run = StepRun(name: name, actionId: actionId, status: .failed)
        run.error = StepError(code: "fake.failed", message: "it failed before the restart")
        run.fallbackStepNames = fallbacks
        return run
    }

    static func running(_ name: String, _ actionId: String, attempts: Int = 0) -> StepRun {
        var run = StepRun(name: name, actionId: actionId, status: .running)
        run.attempts = (0..<attempts).map { index in
            StepAttempt(
                number: index + 1, outcome: .failed, startedAt: Date(timeIntervalSince1970: 0),
                finishedAt: Date(timeIntervalSince1970: 0), error: StepError(code: "fake.failed", message: "no"))
        }
        return run
    }

    /// Resumes `json`'s execution from `steps` on the harness, in virtual time.
    static func run(
        _ json: String, _ harness: EngineHarness, elapsed: Duration = .seconds(10), steps: [StepRun]
    ) async throws -> Execution {
        var request = try harness.request(json)
        request.resuming = Self.interrupted(request, harness: harness, elapsed: elapsed, steps: steps)
        let engine = harness.engine
        let observer = harness.observer
        let resumed = request
        return await withVirtualTime(harness.clock) { await engine.run(resumed, observer: observer) }
    }
}
