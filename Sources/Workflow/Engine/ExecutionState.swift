import Foundation

/// The execution being built during a run, and the template context steps see.
struct ExecutionState: Sendable {
    let graph: StepGraph
    let clock: any EngineClock
    var execution: Execution
    let outputParameters: [OutputParameter]
    var context = TemplateContext()

    init(request: ExecutionRequest, graph: StepGraph, clock: any EngineClock) {
        self.graph = graph
        self.clock = clock
        outputParameters = request.workflow.spec.outputSchema?.parameters ?? []
        execution = Execution(
            id: request.id, workflowID: request.workflowID, workflowName: request.workflow.name, status: .running,
            trigger: request.trigger, input: request.input, properties: request.properties,
            priority: request.priority, callback: request.callback, logLevel: request.logLevel,
            steps: graph.steps.map { StepRun(name: $0.name, actionId: $0.actionId) }, createdAt: request.createdAt)
        execution.triggerData = request.triggerData
        execution.startedAt = clock.now()
        log(.info, "execution started by \(request.trigger?.rawValue ?? "a manual or API run")")
    }

    /// Fills the template context once the input is resolved.
    mutating func prepareContext(request: ExecutionRequest) {
        var trigger = request.triggerData
        trigger["kind"] = .string(request.trigger?.rawValue ?? "manual")
        if trigger["payload"] == nil { trigger["payload"] = execution.input }
        var workflow: [String: JSONValue] = ["id": .string(request.workflowID), "name": .string(request.workflow.name)]
        if let handle = request.workflow.spec.handle { workflow["handle"] = .string(handle) }
        context = TemplateContext(
            trigger: .object(trigger), workflow: .object(workflow),
            execution: ["id": .string(request.id), "priority": .int(Int64(request.priority))],
            properties: request.properties, secrets: request.secrets)
    }

    mutating func log(_ level: LogLevel, _ message: String) {
        guard level >= execution.logLevel else { return }
        execution.logs.append(ExecutionLogLine(time: clock.now(), level: level, message: message))
    }

    mutating func markRunning(_ index: Int) {
        execution.steps[index].status = .running
        execution.statistics = ExecutionStatistics(steps: execution.steps)
    }

    /// Stores a finished step and makes it visible to later templates as `Steps.<name>`.
    mutating func record(_ outcome: StepOutcome) {
        execution.steps[outcome.index] = outcome.run
        execution.statistics = ExecutionStatistics(steps: execution.steps)
        var visible: [String: JSONValue] = ["status": .string(outcome.run.status.rawValue)]
        switch outcome.result {
        case .succeeded(let branch, let output):
            visible["output"] = output
            visible["branch"] = .string(branch)
        case .failed(let error):
            visible["output"] = error.output ?? .null
            visible["error"] = ["code": .string(error.code), "message": .string(error.message)]
        case .stopped:
            return
        }
        context.steps[outcome.run.name] = .object(visible)
    }

    mutating func noteFallbacks(of index: Int, graph: StepGraph) {
        let names = (graph.steps[index].errorHandlers ?? []).map(\.fallbackStepName)
        execution.steps[index].fallbackStepNames = names
        log(
            .warning,
            "step \"\(graph.steps[index].name)\" failed; running its fallback \(names.joined(separator: ", "))")
    }

    /// Marks steps that never started as skipped.
    mutating func skipNotStarted(_ indices: [Int]) {
        for index in indices where execution.steps[index].status == .pending {
            execution.steps[index].status = .skipped
        }
        execution.statistics = ExecutionStatistics(steps: execution.steps)
    }

    /// The values of `spec.outputSchema`: each parameter's rendered `value`, else its `defaultValue`.
    func renderOutputs() throws(TemplateError) -> [String: JSONValue] {
        var outputs: [String: JSONValue] = [:]
        for parameter in outputParameters {
            if let value = parameter.value {
                do {
                    outputs[parameter.name] = try Template.render(value, in: context)
                } catch {
                    guard let fallback = parameter.defaultValue else { throw error }
                    outputs[parameter.name] = fallback
                }
            } else if let fallback = parameter.defaultValue {
                outputs[parameter.name] = fallback
            }
        }
        return outputs
    }
}
