import Foundation

/// Continuing an execution from its stored state after an agent restart.
extension ExecutionState {
    /// What the stored steps of an interrupted execution mean for the resumed run.
    struct Replay: Sendable {
        /// Steps to launch: those in flight at the restart, and those the finished steps made ready but that had
        /// not started yet.
        var launch: [Int] = []
        /// Of `launch`, the steps that were in flight (they run again).
        var rerun: [Int] = []
        /// Set when the stored steps already decide the end: a step failed without a fallback, or steps were
        /// stopped because the execution was being cancelled.
        var stop: WorkflowEngine.StopReason?
    }

    /// The state of `prior` as it continues: its id, start time, logs and finished steps are kept; steps are
    /// matched to the graph by name (a step the stored execution lacks starts `Pending`).
    init(resuming prior: Execution, request: ExecutionRequest, graph: StepGraph, clock: any EngineClock) {
        self.graph = graph
        self.clock = clock
        outputParameters = request.workflow.spec.outputSchema?.parameters ?? []
        var execution = prior
        execution.status = .running
        execution.error = nil
        execution.finishedAt = nil
        execution.outputs = [:]
        execution.startedAt = prior.startedAt ?? clock.now()
        execution.steps = graph.steps.map { step in
            prior.step(step.name) ?? StepRun(name: step.name, actionId: step.actionId)
        }
        execution.statistics = ExecutionStatistics(steps: execution.steps)
        self.execution = execution
    }

    /// Walks the step graph from `starts` through the steps that finished before the restart, as if each had just
    /// finished: their results enter the template context and their branches, fallbacks and the readiness gates
    /// decide what starts next. Steps the walk reaches that had not finished are returned to launch. The walk
    /// changes no step's status; `settleInFlight(relaunched:)` does once the caller has decided what runs.
    mutating func replay(_ scheduler: inout StepScheduler, starts: [Int]) -> Replay {
        var replay = Replay()
        var queue = scheduler.start(starts)
        var sawStopped = false
        while !queue.isEmpty, replay.stop == nil {
            let index = queue.removeFirst()
            let run = execution.steps[index]
            switch run.status {
            case .successful:
                let branch = run.branch ?? ActionResult().branch
                let result = StepOutcome.Result.succeeded(branch: branch, output: run.output ?? .null)
                record(StepOutcome(index: index, run: run, result: result))
                queue += scheduler.finish(index, .succeeded(branch: branch))
            case .failed, .timedOut:
                let error = run.error ?? StepError(code: "step.failed", message: "the step failed")
                record(StepOutcome(index: index, run: run, result: .failed(error)))
                if (graph.steps[index].errorHandlers ?? []).isEmpty {
                    var failure = error
                    failure.stepName = run.name
                    replay.stop = .failed(failure)
                } else {
                    queue += scheduler.finish(index, .failedWithFallback)
                }
            case .stopped:
                sawStopped = true
            case .running:
                replay.launch.append(index)
                replay.rerun.append(index)
            case .pending, .skipped:
                replay.launch.append(index)
            }
        }
        if replay.stop == nil, sawStopped {
            replay.stop = .cancelled
        }
        return replay
    }

    /// Steps that were in flight and run again go back to `Pending` (keeping their attempts, which later attempts
    /// follow); those that do not run again (the run is ending, or the graph no longer reaches them) are `Stopped`.
    mutating func settleInFlight(relaunched: Set<Int>) {
        for index in execution.steps.indices where execution.steps[index].status == .running {
            execution.steps[index].status = relaunched.contains(index) ? .pending : .stopped
        }
        execution.statistics = ExecutionStatistics(steps: execution.steps)
    }

    /// The time `timeout` leaves since the execution first started (zero or less when it is used up).
    func remaining(of timeout: Duration) -> Duration {
        timeout - .seconds(clock.now().timeIntervalSince(execution.startedAt ?? clock.now()))
    }
}
