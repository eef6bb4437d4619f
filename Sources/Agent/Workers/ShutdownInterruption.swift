import Foundation
import Workflow

/// What a graceful shutdown does with an execution still running when the grace period ends: the engine stopped it
/// as if it were cancelled, and this turns that end into what a crash would have left (so the next start resumes
/// it), or into a failure that says why when the workflow asks for `onAgentRestart: fail`.
///
/// Pure: it takes the engine's final (`Cancelled`) state and returns what to store.
struct ShutdownInterruption: Sendable {
    /// The grace period that ended, for the messages.
    var grace: Duration?

    /// Whether the workflow's executions resume after a restart (`resume`, the default) or fail.
    static func resumes(_ definition: WorkflowDefinition) -> Bool {
        definition.spec.onAgentRestart != .fail
    }

    /// The error an interrupted step's attempt and a failed execution carry.
    var error: StepError {
        StepError(code: "agent.shutdown", message: "the agent shut down \(graceText)while it ran")
    }

    private var graceText: String {
        guard let grace else { return "" }
        return "(its shutdown grace period of \(grace.components.seconds) s ended) "
    }

    /// `finished` left `Running` to resume at the next start: the steps the shutdown stopped are `Running` again,
    /// their stopped attempt says `agent.shutdown`, the steps that had not started are `Pending`, and the log says
    /// which steps run again.
    func interrupted(_ finished: Execution, at now: Date) -> Execution {
        var execution = finished
        execution.status = .running
        execution.error = nil
        execution.finishedAt = nil
        execution.outputs = [:]
        var interrupted: [String] = []
        for index in execution.steps.indices {
            switch execution.steps[index].status {
            case .stopped:
                execution.steps[index].status = .running
                execution.steps[index].finishedAt = nil
                if let last = execution.steps[index].attempts.indices.last,
                    execution.steps[index].attempts[last].outcome == .stopped
                {
                    execution.steps[index].attempts[last].error = error
                }
                interrupted.append("\"\(execution.steps[index].name)\"")
            case .skipped:
                // Skipped by the end of the run, not by the graph: the resumed run decides again.
                execution.steps[index].status = .pending
            default:
                break
            }
        }
        execution.statistics = ExecutionStatistics(steps: execution.steps)
        execution.logs = Self.withoutEngineEnd(execution.logs)
        let steps =
            interrupted.isEmpty ? "no step was in flight" : "interrupted: \(interrupted.joined(separator: ", "))"
        if execution.logLevel <= .warning {
            execution.logs.append(
                ExecutionLogLine(
                    time: now, level: .warning,
                    message: "\(error.message); \(steps); it resumes when the agent starts again"))
        }
        return execution
    }

    /// `finished` ended `Failed` because the agent shut down and its workflow says `onAgentRestart: fail`: the
    /// steps the shutdown stopped stay `Stopped`, and the reason is its error and in its log.
    func failed(_ finished: Execution, at now: Date) -> Execution {
        var execution = finished
        var failure = error
        failure.message += " and its workflow's onAgentRestart is fail"
        execution.status = .failed
        execution.error = failure
        execution.logs = Self.withoutEngineEnd(execution.logs)
        if execution.logLevel <= .error {
            execution.logs.append(
                ExecutionLogLine(time: now, level: .error, message: "execution failed: \(failure.message)"))
        }
        return execution
    }

    /// The logs without the engine's closing "execution finished: Cancelled", which the shutdown replaces.
    private static func withoutEngineEnd(_ logs: [ExecutionLogLine]) -> [ExecutionLogLine] {
        var logs = logs
        if let last = logs.last, last.stepName == nil,
            last.message == "execution finished: \(ExecutionStatus.cancelled.rawValue)"
        {
            logs.removeLast()
        }
        return logs
    }
}
