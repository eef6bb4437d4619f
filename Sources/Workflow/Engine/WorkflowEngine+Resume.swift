import Foundation

/// Continuing an execution the agent was running when it stopped.
extension WorkflowEngine {
    /// The beginning of a resumed run: the stored state replayed through the graph, the in-flight steps to run
    /// again, and the time left of the timeout counted from the original start (a run whose time is used up ends
    /// `TimedOut` without running anything).
    func resume(_ prior: Execution, request: ExecutionRequest) -> Beginning {
        let graph = StepGraph(spec: request.workflow.spec)
        var state = ExecutionState(resuming: prior, request: request, graph: graph, clock: clock)
        var context = request
        context.input = state.execution.input
        state.prepareContext(request: context)
        let starts = graph.startStepNames(for: request.trigger, in: request.workflow.spec)
            .compactMap { graph.indexByName[$0] }
        var scheduler = StepScheduler(graph: graph)
        var replay = state.replay(&scheduler, starts: starts)
        let timeout = request.effectiveTimeout.map(state.remaining(of:))
        if replay.stop == nil, let timeout, timeout <= .zero {
            replay.stop = .timedOut
        }
        if replay.stop != nil {
            replay.launch = []
            replay.rerun = []
        }
        state.settleInFlight(relaunched: Set(replay.launch))
        state.log(.warning, Self.resumeMessage(replay, graph: graph))
        return Beginning(
            state: state, scheduler: scheduler, launch: replay.launch, stop: replay.stop, timeout: timeout)
    }

    /// The log line of a resumed execution: that it resumed, and which steps run again.
    private static func resumeMessage(_ replay: ExecutionState.Replay, graph: StepGraph) -> String {
        let names = replay.rerun.map { "\"\(graph.steps[$0].name)\"" }
        switch replay.stop {
        case .none:
            let again = names.isEmpty ? "no step was in flight" : "running again: \(names.joined(separator: ", "))"
            return "execution resumed after an agent restart; \(again)"
        case .failed(let error):
            return "execution resumed after an agent restart and ends: step \"\(error.stepName ?? "?")\" had failed"
        case .timedOut:
            return "execution resumed after an agent restart and ends: its timeout, counted from its start, has passed"
        case .cancelled:
            return "execution resumed after an agent restart and ends: it was being cancelled"
        }
    }
}
