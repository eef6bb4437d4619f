import Foundation
import Store
import Workflow

/// What the agent does on start with the executions its last run left unfinished.
///
/// A `Running` execution resumes or fails per its workflow's `spec.onAgentRestart` (`resume` when absent): resuming
/// queues it to run on from its stored state (the steps that were in flight run again: at least once per step), and
/// marks it in `recovered` so a worker accepts it; it fails instead, with a reason saying so, when its workflow is
/// gone or its step names changed. `Pending` executions are queued again. The queue orders all of them by priority,
/// then creation order.
public struct Recovery: Sendable {
    /// What recovery did.
    public struct Outcome: Hashable, Sendable {
        /// `Pending` executions queued again.
        public var requeued = 0
        /// `Running` executions queued to resume.
        public var resumed = 0
        /// `Running` executions ended `Failed`.
        public var failed = 0

        public init() {}
    }

    public var runtime: AgentRuntime
    public var recovered: RecoveredExecutions

    public init(runtime: AgentRuntime, recovered: RecoveredExecutions = RecoveredExecutions()) {
        self.runtime = runtime
        self.recovered = recovered
    }

    /// Queues, resumes and fails what needs it; returns how many of each.
    /// - Throws: a `StoreError` when the store cannot be read or written.
    public func run() async throws -> Outcome {
        var outcome = Outcome()
        var failures: [ExecutionEvent] = []
        var workflows: [String: StoredWorkflow?] = [:]
        for execution in try await unfinished() {
            if execution.status == .running {
                if workflows[execution.workflowID] == nil {
                    workflows[execution.workflowID] = .some(try await runtime.store.workflow(id: execution.workflowID))
                }
                if let error = Self.refusal(execution, workflow: workflows[execution.workflowID] ?? nil) {
                    failures.append(.executionFinished(Self.failed(execution, error, at: runtime.now())))
                    continue
                }
                recovered.add(execution.id)
                outcome.resumed += 1
            } else {
                outcome.requeued += 1
            }
            runtime.dispatcher.enqueue(
                executionID: execution.id, workflowID: execution.workflowID, priority: execution.priority,
                fireTime: AgentRuntime.millis(execution.createdAt ?? .distantPast))
        }
        if !failures.isEmpty { try await runtime.store.record(failures) }
        outcome.failed = failures.count
        return outcome
    }

    /// `Pending` and `Running` executions, oldest first (so executions created in the same millisecond queue in
    /// creation order).
    private func unfinished() async throws -> [Execution] {
        var newestFirst: [Execution] = []
        let pageSize = 500
        while true {
            let page = try await runtime.store.executions(
                ExecutionQuery(statuses: [.pending, .running], offset: newestFirst.count, limit: pageSize))
            newestFirst += page.executions
            if page.executions.count < pageSize { break }
        }
        return newestFirst.reversed()
    }

    /// Why the `Running` execution cannot resume with `workflow` (its current definition); `nil` when it can.
    static func refusal(_ execution: Execution, workflow: StoredWorkflow?) -> StepError? {
        guard let workflow else {
            return StepError(
                code: "workflow.missing", message: "the agent stopped while it ran, and its workflow no longer exists")
        }
        let spec = workflow.definition.spec
        if spec.onAgentRestart == .fail {
            return StepError(code: "agent.stopped", message: "the agent stopped while it ran")
        }
        return changedSteps(execution, definition: workflow.definition)
    }

    /// A reason when `definition`'s step names are not those of `execution`: a run cannot continue against steps it
    /// did not start with.
    static func changedSteps(_ execution: Execution, definition: WorkflowDefinition) -> StepError? {
        let now = (definition.spec.steps ?? []).map(\.name)
        let then = execution.steps.map(\.name)
        guard Set(now) != Set(then) || now.count != then.count else { return nil }
        return StepError(
            code: "workflow.changed",
            message:
                "the agent stopped while it ran and it cannot resume: the workflow changed since it started "
                + "(steps then: \(then.joined(separator: ", ")); now: \(now.joined(separator: ", "))); run it again")
    }

    /// `execution` ended `Failed` with `error` at `now`: the steps that were running are `Stopped`, those that had
    /// not started `Skipped`, and the reason is in its log.
    static func failed(_ execution: Execution, _ error: StepError, at now: Date) -> Execution {
        var failed = execution
        failed.status = .failed
        failed.error = error
        failed.finishedAt = now
        for index in failed.steps.indices {
            switch failed.steps[index].status {
            case .running: failed.steps[index].status = .stopped
            case .pending: failed.steps[index].status = .skipped
            default: break
            }
        }
        failed.statistics = ExecutionStatistics(steps: failed.steps)
        if failed.logLevel <= .error {
            failed.logs.append(
                ExecutionLogLine(time: now, level: .error, message: "execution failed: \(error.message)"))
        }
        return failed
    }
}
