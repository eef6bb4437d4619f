import Foundation

/// Runs executions of workflows: follows the step graph from the trigger's start steps, runs steps concurrently
/// where the graph allows, applies gates, retries, error handlers and timeouts, and reports every event to an
/// observer. It keeps no state between runs and reads time only through its `EngineClock`.
///
/// ```swift
/// let engine = WorkflowEngine(actions: builtins, clock: SystemEngineClock())
/// let execution = await engine.run(request, observer: store)
/// ```
///
/// Cancelling the task that calls `run` cancels the execution: every running action is cancelled (a shell
/// action stops its process), and the execution ends `Cancelled`. A step that fails with no error handler fails
/// the execution and stops the other running steps.
public struct WorkflowEngine: Sendable {
    public var actions: [String: any Action]
    public var clock: any EngineClock
    /// Returns a number in `0..<1` that places each exponential retry delay within its jitter range.
    public var jitter: @Sendable () -> Double
    /// What every action output is checked against as it enters the engine; one past them fails its step.
    public var outputLimits: OutputLimits

    public init(
        actions: [any Action], clock: any EngineClock = SystemEngineClock(),
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        outputLimits: OutputLimits = OutputLimits()
    ) {
        self.actions = Dictionary(actions.map { ($0.descriptor.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.clock = clock
        self.jitter = jitter
        self.outputLimits = outputLimits
    }

    /// Why a run ended before its graph was done.
    enum StopReason: Sendable {
        case failed(StepError)
        case timedOut
        case cancelled
    }

    /// What the task group's children report.
    private enum GroupEvent: Sendable {
        case step(StepOutcome)
        case executionTimeout
        case timerCancelled
    }

    /// Where a run begins: its state, the graph's scheduler, the steps to launch first, a stop already decided, and
    /// the time it has left.
    struct Beginning: Sendable {
        var state: ExecutionState
        var scheduler: StepScheduler
        var launch: [Int]
        var stop: StopReason?
        var timeout: Duration?
    }

    /// Runs `request` to a terminal status and returns the final execution. Never throws: failures, timeouts
    /// and cancellation are statuses.
    ///
    /// With `request.resuming` set, the run continues that stored execution (after an agent restart): it keeps its
    /// id, `startedAt` and logs; steps that finished keep their results, are not run again, and lead on through
    /// the graph as if they had just finished; steps that were `Running` run again, so such a step runs at least
    /// once more (its earlier attempts stay, and its retry strategy starts over). The timeout counts from the
    /// original start. `executionStarted` then carries the finished steps with their results.
    public func run(_ request: ExecutionRequest, observer: any ExecutionObserver = IgnoringObserver()) async
        -> Execution
    {
        let beginning: Beginning
        if let prior = request.resuming {
            beginning = resume(prior, request: request)
            await observer.observe(.executionStarted(beginning.state.execution))
        } else {
            var state = ExecutionState(request: request, graph: StepGraph(spec: request.workflow.spec), clock: clock)
            await observer.observe(.executionStarted(state.execution))
            guard let fresh = begin(&state, request: request) else {
                return await finish(&state, stop: .failed(Self.invalidInput(state)), observer: observer)
            }
            beginning = fresh
        }
        var state = beginning.state
        var scheduler = beginning.scheduler
        if let stop = beginning.stop {
            state.skipNotStarted(Array(state.execution.steps.indices))
            return await finish(&state, stop: stop, observer: observer)
        }
        let stop = await drive(
            &state, &scheduler, launching: beginning.launch, timeout: beginning.timeout, request: request,
            observer: observer)
        state.skipNotStarted(scheduler.notStarted)
        return await finish(&state, stop: stop, observer: observer)
    }

    /// A fresh run's beginning: the input checked and given defaults, the context filled, the trigger's start steps;
    /// `nil` when the input does not match the input schema (logged, every step skipped).
    private func begin(_ state: inout ExecutionState, request: ExecutionRequest) -> Beginning? {
        let spec = request.workflow.spec
        let graph = state.graph
        do throws(ValidationError) {
            state.execution.input = try spec.resolveInput(request.input)
        } catch {
            state.log(.error, "the input does not match the workflow's inputSchema: \(error.description)")
            state.execution.error = StepError(code: "input.invalid", message: error.description)
            state.skipNotStarted(Array(graph.steps.indices))
            return nil
        }
        state.prepareContext(request: request)
        let starts = graph.startStepNames(for: request.trigger, in: spec).compactMap { graph.indexByName[$0] }
        var scheduler = StepScheduler(graph: graph)
        let launch = scheduler.start(starts)
        return Beginning(
            state: state, scheduler: scheduler, launch: launch, stop: nil, timeout: request.effectiveTimeout)
    }

    private static func invalidInput(_ state: ExecutionState) -> StepError {
        state.execution.error ?? StepError(code: "input.invalid", message: "the input is not valid")
    }

    /// Runs the graph from `launching` until every started step has finished, the execution times out, a step
    /// fails without a fallback, or the task is cancelled.
    private func drive(
        _ state: inout ExecutionState, _ scheduler: inout StepScheduler, launching first: [Int], timeout: Duration?,
        request: ExecutionRequest, observer: any ExecutionObserver
    ) async -> StopReason? {
        let graph = state.graph
        let clock = self.clock
        return await withTaskGroup(of: GroupEvent.self) { group in
            if let timeout {
                group.addTask {
                    do {
                        try await clock.sleep(for: timeout)
                        return .executionTimeout
                    } catch {
                        return .timerCancelled
                    }
                }
            }
            var running = 0
            var stop: StopReason?
            func launch(_ indices: [Int]) {
                for index in indices {
                    let prior = state.execution.steps[index].attempts
                    state.markRunning(index)
                    var runner = makeRunner(index: index, state: state, request: request, observer: observer)
                    runner.priorAttempts = prior
                    group.addTask { .step(await runner.run()) }
                    running += 1
                }
            }
            await Self.refreshProperties(&state, request, before: first)
            launch(first)
            while running > 0, let event = await group.next() {
                switch event {
                case .timerCancelled:
                    continue
                case .executionTimeout:
                    if stop == nil {
                        stop = .timedOut
                        group.cancelAll()
                    }
                case .step(let outcome):
                    running -= 1
                    state.record(outcome)
                    await observer.observe(.stepFinished(executionID: request.id, step: outcome.run))
                    switch outcome.result {
                    case .succeeded(let branch, _):
                        if stop == nil {
                            let next = scheduler.finish(outcome.index, .succeeded(branch: branch))
                            await Self.refreshProperties(&state, request, before: next)
                            launch(next)
                        }
                    case .failed(let error):
                        let hasFallback = !(graph.steps[outcome.index].errorHandlers ?? []).isEmpty
                        if stop == nil, hasFallback {
                            state.noteFallbacks(of: outcome.index, graph: graph)
                            let next = scheduler.finish(outcome.index, .failedWithFallback)
                            await Self.refreshProperties(&state, request, before: next)
                            launch(next)
                        } else if stop == nil {
                            var failure = error
                            failure.stepName = outcome.run.name
                            stop = .failed(failure)
                            group.cancelAll()
                        }
                    case .stopped:
                        if stop == nil {
                            stop = .cancelled
                            group.cancelAll()
                        }
                    }
                }
            }
            group.cancelAll()
            return stop ?? (Task.isCancelled ? .cancelled : nil)
        }
    }

    /// Before `indices` start: the run's properties from `request.propertiesSource`, for their templates.
    private static func refreshProperties(_ state: inout ExecutionState, _ request: ExecutionRequest, before indices: [Int])
        async
    {
        guard !indices.isEmpty, let source = request.propertiesSource, let current = await source() else { return }
        state.context.properties = current
        state.execution.properties = current
    }

    private func makeRunner(
        index: Int, state: ExecutionState, request: ExecutionRequest,
        observer: any ExecutionObserver
    ) -> StepRunner {
        let step = state.graph.steps[index]
        return StepRunner(
            index: index, step: step, action: actions[step.actionId], context: state.context,
            executionID: request.id, workflowID: request.workflowID, clock: clock, jitter: jitter,
            logLevel: request.logLevel, observer: observer, outputLimits: outputLimits)
    }

    /// Sets the terminal status, computes outputs on success, and reports the end.
    private func finish(_ state: inout ExecutionState, stop: StopReason?, observer: any ExecutionObserver) async
        -> Execution
    {
        switch stop {
        case .none:
            do throws(TemplateError) {
                let outputs = try state.renderOutputs()
                state.execution.outputs = outputs
                state.execution.status = .successful
                await observer.observe(.outputs(executionID: state.execution.id, outputs))
            } catch {
                state.execution.status = .failed
                state.execution.error = StepError(
                    code: error.code, message: "an output could not be computed: \(error.description)")
            }
        case .failed(let error):
            state.execution.status = .failed
            state.execution.error = error
        case .timedOut:
            state.execution.status = .timedOut
            state.execution.error = StepError(
                code: "execution.timeout",
                message:
                    "the execution did not finish within its timeout; raise spec.timeout or the run's timeout")
        case .cancelled:
            state.execution.status = .cancelled
            state.execution.error = StepError(code: "execution.cancelled", message: "the execution was cancelled")
        }
        state.log(
            state.execution.status == .successful ? .info : .error,
            "execution finished: \(state.execution.status.rawValue)")
        state.execution.finishedAt = clock.now()
        state.execution.statistics = ExecutionStatistics(steps: state.execution.steps)
        await observer.observe(.executionFinished(state.execution))
        return state.execution
    }
}
