import Foundation
import Store
import Workflow

/// What the agent does on start with the executions its last run left unfinished.
///
/// `Pending` executions are queued again (priority, then creation order). `Running` ones are marked `Failed` with
/// the reason "the agent stopped while it ran": resuming them at the step in flight is not done yet.
public struct Recovery: Sendable {
    public var runtime: AgentRuntime

    public init(runtime: AgentRuntime) {
        self.runtime = runtime
    }

    /// Queues and fails what needs it; returns how many of each.
    public func run() async throws -> (requeued: Int, failed: Int) {
        var unfinished: [Execution] = []
        let pageSize = 500
        while true {
            let page = try await runtime.store.executions(
                ExecutionQuery(statuses: [.pending, .running], offset: unfinished.count, limit: pageSize))
            unfinished += page.executions
            if page.executions.count < pageSize { break }
        }
        var failures: [ExecutionEvent] = []
        var requeued = 0
        for execution in unfinished {
            switch execution.status {
            case .pending:
                runtime.dispatcher.enqueue(
                    executionID: execution.id, workflowID: execution.workflowID, priority: execution.priority,
                    fireTime: AgentRuntime.millis(execution.createdAt ?? .distantPast))
                requeued += 1
            default:
                var failed = execution
                failed.status = .failed
                failed.error = StepError(code: "agent.stopped", message: "the agent stopped while it ran")
                failed.finishedAt = runtime.now()
                for index in failed.steps.indices where !Self.isFinal(failed.steps[index].status) {
                    failed.steps[index].status = failed.steps[index].status == .running ? .stopped : .skipped
                }
                failed.statistics = ExecutionStatistics(steps: failed.steps)
                failures.append(.executionFinished(failed))
            }
        }
        if !failures.isEmpty { try await runtime.store.record(failures) }
        return (requeued, failures.count)
    }

    private static func isFinal(_ status: StepStatus) -> Bool {
        status != .pending && status != .running
    }
}
