import Foundation

@testable import Workflow

/// Runs workflows written as JSON on the engine with fake actions, a manual clock and virtual time.
struct EngineHarness {
    let clock = ManualClock()
    let observer = RecordingObserver()
    var actions: [any Action]
    var jitter: Double = 0

    init(_ actions: [any Action]) {
        self.actions = actions
    }

    var engine: WorkflowEngine {
        let sample = jitter
        return WorkflowEngine(actions: actions, clock: clock, jitter: { sample })
    }

    func request(
        _ json: String, trigger: TriggerKind? = nil, input: JSONValue = [:],
        configure: (inout ExecutionRequest) -> Void = { _ in }
    ) throws -> ExecutionRequest {
        var request = ExecutionRequest(
            id: "ex-1", workflowID: "wf-1", workflow: try Fixtures.workflow(json),
            trigger: trigger, input: input)
        configure(&request)
        return request
    }

    /// Runs the workflow to its end in virtual time.
    func run(
        _ json: String, trigger: TriggerKind? = nil, input: JSONValue = [:],
        configure: (inout ExecutionRequest) -> Void = { _ in }
    ) async throws -> Execution {
        let request = try request(json, trigger: trigger, input: input, configure: configure)
        let engine = self.engine
        let observer = self.observer
        return await withVirtualTime(clock) { await engine.run(request, observer: observer) }
    }
}

/// A spec's JSON with a manual trigger around `steps` (a JSON array text), starting at `start` or the roots.
func spec(_ steps: String, start: [String]? = nil, extra: String = "") -> String {
    let names = start.map { #", "startStepNames": [\#($0.map { "\"\($0)\"" }.joined(separator: ", "))]"# } ?? ""
    return #"{"name": "test", "spec": {"triggers": [{"workflowTrigger": {}\#(names)}], "steps": \#(steps)\#(extra)}}"#
}
